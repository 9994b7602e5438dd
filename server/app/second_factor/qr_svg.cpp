#include "server/app/second_factor/qr_svg.hpp"

#include "server/app/core/crypto.hpp"

#include <qrencode.h>

#include <memory>
#include <stdexcept>

namespace kl::app {

std::string qr_svg(std::string_view text) {
    std::string input(text);
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString(input.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
    if (!code) throw std::runtime_error("QR encoding failed");
    const int width = code->width;
    const int size = width + 2 * qr_quiet_zone;
    std::string path;
    for (int y = 0; y < width; ++y)
        for (int x = 0; x < width; ++x)
            if (code->data[y * width + x] & 1)  // bit 0: dark module
                path += "M" + std::to_string(x + qr_quiet_zone) + " " + std::to_string(y + qr_quiet_zone) + "h1v1h-1z";
    auto side = std::to_string(size);
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + side + " " + side + "\" width=\"" +
           std::to_string(size * 4) + "\" height=\"" + std::to_string(size * 4) +
           "\" shape-rendering=\"crispEdges\"><rect width=\"" + side + "\" height=\"" + side +
           "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
}

std::string qr_data_url(std::string_view text) { return "data:image/svg+xml;base64," + base64_encode(qr_svg(text)); }

}  // namespace kl::app
