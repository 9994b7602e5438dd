#include "server/pdf/inspect_pdf.hpp"

#include "server/pdf/png_writer.hpp"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

namespace kl::pdf {

namespace {

constexpr double thumbnail_width = 240;
constexpr double thumbnail_height = 480;

void limit(int resource, rlim_t value) {
    rlimit limit{value, value};
    setrlimit(resource, &limit);
}

// Address-space limits and AddressSanitizer's shadow memory (terabytes reserved at
// start) do not go together: a sanitised test build keeps the CPU and wall-clock limits.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool limit_address_space = false;
#else
constexpr bool limit_address_space = true;
#endif

bool write_all(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        auto n = ::write(STDOUT_FILENO, bytes.data() + done, bytes.size() - done);
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

// text cut to at most max bytes, not inside a UTF-8 sequence.
void cut_utf8(std::string& text, std::size_t max) {
    if (text.size() <= max) return;
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;
    text.resize(end);
}

std::string thumbnail_png(const poppler::page& page) {
    auto rect = page.page_rect();
    if (rect.width() <= 0 || rect.height() <= 0) return {};
    double scale = std::min(thumbnail_width / rect.width(), thumbnail_height / rect.height());
    poppler::page_renderer renderer;
    renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
    renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
    auto image = renderer.render_page(&page, 72.0 * scale, 72.0 * scale);
    if (!image.is_valid() || image.format() != poppler::image::format_argb32) return {};
    auto width = static_cast<std::uint32_t>(std::min<int>(image.width(), static_cast<int>(thumbnail_width)));
    auto height = static_cast<std::uint32_t>(std::min<int>(image.height(), static_cast<int>(thumbnail_height)));
    if (width == 0 || height == 0) return {};
    std::string rgb;
    rgb.reserve(static_cast<std::size_t>(width) * height * 3);
    for (std::uint32_t y = 0; y < height; ++y) {
        const auto* row = reinterpret_cast<const unsigned char*>(image.const_data() + y * image.bytes_per_row());
        for (std::uint32_t x = 0; x < width; ++x) {
            std::uint32_t argb;
            std::memcpy(&argb, row + x * 4, 4);  // native-endian 0xAARRGGBB
            rgb += static_cast<char>((argb >> 16) & 0xff);
            rgb += static_cast<char>((argb >> 8) & 0xff);
            rgb += static_cast<char>(argb & 0xff);
        }
    }
    return encode_png(rgb, width, height);
}

void quiet(const std::string&, void*) {}  // poppler's complaints about a broken file

}  // namespace

int inspect_pdf_command(int argc, char** argv) {
    unsigned long cpu_seconds = 10, memory_mb = 512, max_bytes = 0, max_text_bytes = 0;
    for (int i = 2; i + 1 < argc; i += 2) {
        std::string name = argv[i];
        unsigned long value = std::strtoul(argv[i + 1], nullptr, 10);
        if (name == "--cpu-seconds") cpu_seconds = value;
        else if (name == "--memory-mb") memory_mb = value;
        else if (name == "--max-bytes") max_bytes = value;
        else if (name == "--max-text-bytes") max_text_bytes = value;
        else return 3;
    }
    if (cpu_seconds == 0 || max_bytes == 0) return 3;
    // Before reading any byte of the file.
    limit(RLIMIT_CPU, cpu_seconds);
    if (limit_address_space) limit(RLIMIT_AS, static_cast<rlim_t>(memory_mb) * 1024 * 1024);
    // It writes no files; its answer goes to a pipe, and bounded even to a file.
    limit(RLIMIT_FSIZE, static_cast<rlim_t>(max_text_bytes) + 1024 * 1024);
    limit(RLIMIT_CORE, 0);
    poppler::set_debug_error_function(quiet, nullptr);

    std::string bytes;
    char buffer[64 * 1024];
    for (;;) {
        auto n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n < 0) return 4;
        if (n == 0) break;
        bytes.append(buffer, static_cast<std::size_t>(n));
        if (bytes.size() > max_bytes) return 4;
    }
    std::unique_ptr<poppler::document> document(poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
    if (!document || document->is_locked()) return 2;
    int pages = document->pages();
    if (pages <= 0) return 2;  // nothing a reader could open
    std::string text, png;
    for (int i = 0; i < pages && text.size() < max_text_bytes; ++i) {
        std::unique_ptr<poppler::page> page(document->create_page(i));
        if (!page) continue;
        auto utf8 = page->text().to_utf8();
        text.append(utf8.data(), utf8.size());
        text += '\n';
        if (i == 0) png = thumbnail_png(*page);
    }
    if (pages > 0 && png.empty()) {
        std::unique_ptr<poppler::page> first(document->create_page(0));
        if (first) png = thumbnail_png(*first);
    }
    cut_utf8(text, max_text_bytes);
    std::string head = "{\"pages\":" + std::to_string(pages) + ",\"text_bytes\":" + std::to_string(text.size()) +
                       ",\"png_bytes\":" + std::to_string(png.size()) + "}\n";
    return write_all(head) && write_all(text) && write_all(png) ? 0 : 5;
}

}  // namespace kl::pdf
