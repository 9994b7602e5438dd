#pragma once
// A QR code (libqrencode, error correction level M) drawn as SVG: one path of unit
// squares for the dark modules, a quiet zone of four modules, a viewBox in modules and
// shape-rendering crispEdges, so that it stays sharp at any size. The browser shows it
// as an <img> from a data: URL, which the Content-Security-Policy allows for images.
#include <string>
#include <string_view>

namespace kl::app {

inline constexpr int qr_quiet_zone = 4;

// The SVG document of text's QR code; throws std::runtime_error when libqrencode fails
// (text too long for any version).
std::string qr_svg(std::string_view text);
// data:image/svg+xml;base64,… of qr_svg(text).
std::string qr_data_url(std::string_view text);

}  // namespace kl::app
