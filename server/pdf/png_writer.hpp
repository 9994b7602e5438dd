#pragma once
// A minimal PNG encoder (8-bit RGB, no interlace) on zlib, for the thumbnail of a
// PDF's first page: zlib is already linked, and a thumbnail needs no more of PNG.
#include <cstdint>
#include <string>

namespace kl::pdf {

// rgb holds height rows of width pixels, three bytes (R, G, B) each, row after row.
std::string encode_png(const std::string& rgb, std::uint32_t width, std::uint32_t height);

}  // namespace kl::pdf
