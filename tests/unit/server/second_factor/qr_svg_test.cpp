// The QR code of an otpauth URL as an SVG data URL: its viewBox is the symbol's width
// for the version libqrencode chose, plus the quiet zone.
#include "server/app/second_factor/qr_svg.hpp"

#include "server/app/core/crypto.hpp"

#include <gtest/gtest.h>
#include <qrencode.h>

namespace kl::app {
namespace {

const std::string url =
    "otpauth://totp/Kennislab:an%40gemeente.example?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Kennislab"
    "&algorithm=SHA1&digits=6&period=30";

TEST(QrSvg, DataUrlHoldsAnSvgWhoseSizeMatchesTheVersion) {
    auto data_url = qr_data_url(url);
    const std::string prefix = "data:image/svg+xml;base64,";
    ASSERT_EQ(data_url.rfind(prefix, 0), 0u);
    auto svg = base64_decode(data_url.substr(prefix.size()));
    ASSERT_TRUE(svg);
    EXPECT_EQ(*svg, qr_svg(url));

    QRcode* code = QRcode_encodeString(url.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    ASSERT_NE(code, nullptr);
    int width = code->width;
    EXPECT_EQ(width, 17 + 4 * code->version);
    QRcode_free(code);
    auto side = std::to_string(width + 2 * qr_quiet_zone);
    EXPECT_NE(svg->find("viewBox=\"0 0 " + side + " " + side + "\""), std::string::npos) << *svg;
    EXPECT_NE(svg->find("shape-rendering=\"crispEdges\""), std::string::npos);
    EXPECT_EQ(svg->rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
    // The finder pattern's corner module is dark, just inside the quiet zone.
    EXPECT_NE(svg->find("M4 4h1v1h-1z"), std::string::npos);
    EXPECT_EQ(svg->find("M3 "), std::string::npos);  // nothing drawn in the quiet zone
}

TEST(QrSvg, ALongerTextNeedsALargerSymbol) {
    auto small = qr_svg("otpauth://totp/x");
    auto large = qr_svg(url + "&" + std::string(200, 'a'));
    auto side = [](const std::string& svg) {
        auto at = svg.find("viewBox=\"0 0 ") + 13;
        return std::stoi(svg.substr(at));
    };
    EXPECT_LT(side(small), side(large));
    EXPECT_EQ((side(small) - 2 * qr_quiet_zone - 17) % 4, 0);
}

}  // namespace
}  // namespace kl::app
