#pragma once
// Small PDFs written by hand for the documents tests, so that no test file is
// committed: a one-page PDF whose text holds a given word (its content stream
// compressed or not), a FlateDecode bomb (a small file whose page decompresses to
// gigabytes of text operations) and a file cut off after its header.
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace kl::test {

namespace pdf_detail {

// pattern repeated repeats times, as a zlib stream, without ever holding it whole:
// one block of about a MiB is deflated once (a full flush makes it stand alone) and
// its compressed form repeated, followed by an empty final block and the checksum.
inline std::string deflated(const std::string& pattern, std::size_t repeats) {
    std::string block;
    std::size_t per_block = std::max<std::size_t>(1, (1 << 20) / pattern.size());
    if (repeats < per_block) per_block = repeats;
    for (std::size_t i = 0; i < per_block; ++i) block += pattern;
    std::size_t blocks = (repeats + per_block - 1) / per_block;

    z_stream z{};
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2");
    std::string packed(deflateBound(&z, block.size()) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(block.data());
    z.avail_in = static_cast<uInt>(block.size());
    z.next_out = reinterpret_cast<Bytef*>(packed.data());
    z.avail_out = static_cast<uInt>(packed.size());
    if (deflate(&z, Z_FULL_FLUSH) != Z_OK || z.avail_in != 0) throw std::runtime_error("deflate");
    packed.resize(packed.size() - z.avail_out);
    deflateEnd(&z);

    auto one = adler32(1, reinterpret_cast<const Bytef*>(block.data()), static_cast<uInt>(block.size()));
    uLong checksum = 1;
    std::string out = "\x78\xda";  // zlib header: deflate, 32 KiB window, best compression
    out.reserve(2 + packed.size() * blocks + 6);
    for (std::size_t i = 0; i < blocks; ++i) {
        out += packed;
        checksum = adler32_combine(checksum, one, static_cast<z_off_t>(block.size()));
    }
    out += std::string("\x03\x00", 2);  // an empty final block (fixed Huffman)
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((checksum >> shift) & 0xff);
    return out;
}

// A one-page PDF with content as its page's content stream (filter: "/FlateDecode"
// when content is compressed), with a correct cross-reference table.
inline std::string pdf_with_content(const std::string& content, const std::string& filter) {
    std::vector<std::string> objects = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        "<< /Length " + std::to_string(content.size()) + (filter.empty() ? "" : " /Filter " + filter) +
            " >>\nstream\n" + content + "\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    };
    std::string pdf = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    auto xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (auto offset : offsets) {
        char line[32];
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
        pdf += line;
    }
    pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
           std::to_string(xref) + "\n%%EOF\n";
    return pdf;
}

}  // namespace pdf_detail

// A one-page PDF showing word (ASCII letters) in Helvetica; compressed: the content
// stream deflated, so that the word is in no byte of the file, only in its text.
inline std::string pdf_with_word(const std::string& word, bool compressed = false) {
    std::string content = "BT /F1 24 Tf 20 100 Td (" + word + ") Tj ET";
    if (!compressed) return pdf_detail::pdf_with_content(content, "");
    return pdf_detail::pdf_with_content(pdf_detail::deflated(content, 1), "/FlateDecode");
}

// A PDF of under 3 MB whose one page decompresses to a gigabyte of text
// operations: a parser that reads it all spends minutes and the text grows without end.
inline std::string flate_bomb_pdf(std::size_t decompressed_bytes = std::size_t{1} << 30) {
    const std::string pattern = "BT /F1 1 Tf (kennislab) Tj ET\n";
    return pdf_detail::pdf_with_content(pdf_detail::deflated(pattern, decompressed_bytes / pattern.size()),
                                        "/FlateDecode");
}

// A PDF cut off inside its first object: a header, no pages.
inline std::string truncated_pdf() { return pdf_with_word("afgebroken").substr(0, 40); }

}  // namespace kl::test
