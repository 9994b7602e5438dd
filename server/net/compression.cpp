#include "server/net/compression.hpp"

#include <brotli/encode.h>
#include <zlib.h>

namespace kl::net {

std::optional<std::string> gzip_compress(std::string_view bytes) {
    z_stream stream{};
    // 15 window bits + 16: a gzip header and trailer instead of zlib's.
    if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return std::nullopt;
    std::string out(deflateBound(&stream, bytes.size()), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    stream.avail_in = static_cast<uInt>(bytes.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    // deflateBound leaves room for everything, so one call with Z_FINISH ends the stream.
    int result = deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    if (result != Z_STREAM_END) return std::nullopt;
    return out;
}

std::optional<std::string> brotli_compress(std::string_view bytes) {
    std::size_t size = BrotliEncoderMaxCompressedSize(bytes.size());
    if (size == 0) return std::nullopt;
    std::string out(size, '\0');
    // The window fitted to the input: the encoder's tables grow with the window, and
    // at the default (4 MiB) each small file took some 30 ms. Quality 9 compresses the
    // whole client in about 0.1 s; 11 (the best) would take 2.5 s for 8 % less.
    int window = BROTLI_MIN_WINDOW_BITS;
    while (window < BROTLI_MAX_WINDOW_BITS && (std::size_t(1) << window) < bytes.size()) ++window;
    if (!BrotliEncoderCompress(9, window, BROTLI_MODE_TEXT, bytes.size(),
                               reinterpret_cast<const std::uint8_t*>(bytes.data()), &size,
                               reinterpret_cast<std::uint8_t*>(out.data())))
        return std::nullopt;
    out.resize(size);
    return out;
}

}  // namespace kl::net
