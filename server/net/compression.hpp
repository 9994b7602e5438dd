#pragma once
// Compressing the browser client's text files, once when the server loads web/:
// gzip with zlib and brotli with libbrotli (both Debian packages), never our own code.
// Only static files go through here: API answers are never compressed (BREACH, see
// static_files.hpp).
#include <optional>
#include <string>
#include <string_view>

namespace kl::net {

// The gzip stream (RFC 1952) of bytes at zlib's best compression, or nullopt on failure.
std::optional<std::string> gzip_compress(std::string_view bytes);
// The brotli stream (RFC 7932) of bytes at a high quality, or nullopt on failure.
std::optional<std::string> brotli_compress(std::string_view bytes);

}  // namespace kl::net
