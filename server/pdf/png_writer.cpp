#include "server/pdf/png_writer.hpp"

#include <zlib.h>

#include <stdexcept>

namespace kl::pdf {

namespace {

void put_u32(std::string& out, std::uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xff);
}

// One chunk: length, type, data, and the CRC of type and data.
void put_chunk(std::string& out, const char* type, const std::string& data) {
    put_u32(out, static_cast<std::uint32_t>(data.size()));
    std::string body = std::string(type, 4) + data;
    out += body;
    put_u32(out, static_cast<std::uint32_t>(
                     crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
}

}  // namespace

std::string encode_png(const std::string& rgb, std::uint32_t width, std::uint32_t height) {
    if (width == 0 || height == 0 || rgb.size() != static_cast<std::size_t>(width) * height * 3)
        throw std::invalid_argument("encode_png: the pixels do not match the size");
    // Each row starts with its filter type; 0 (none) keeps the encoder simple.
    std::string raw;
    raw.reserve(static_cast<std::size_t>(height) * (width * 3 + 1));
    for (std::uint32_t row = 0; row < height; ++row) {
        raw += '\0';
        raw.append(rgb, static_cast<std::size_t>(row) * width * 3, static_cast<std::size_t>(width) * 3);
    }
    uLongf packed_size = compressBound(static_cast<uLong>(raw.size()));
    std::string packed(packed_size, '\0');
    if (compress2(reinterpret_cast<Bytef*>(packed.data()), &packed_size, reinterpret_cast<const Bytef*>(raw.data()),
                  static_cast<uLong>(raw.size()), Z_BEST_COMPRESSION) != Z_OK)
        throw std::runtime_error("encode_png: compression failed");
    packed.resize(packed_size);

    std::string header;
    put_u32(header, width);
    put_u32(header, height);
    header += std::string("\x08\x02\x00\x00\x00", 5);  // 8 bits, RGB, deflate, filter 0, no interlace
    std::string png("\x89PNG\r\n\x1a\n", 8);
    put_chunk(png, "IHDR", header);
    put_chunk(png, "IDAT", packed);
    put_chunk(png, "IEND", "");
    return png;
}

}  // namespace kl::pdf
