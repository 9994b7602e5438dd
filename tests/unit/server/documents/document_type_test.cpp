// Recognising an upload's type by its content (documents/document_type.hpp): each
// allowed type with its own extension is accepted, the same content under another
// type's extension is refused, and so are types outside the list, a polyglot (HTML
// after a PDF header), a name without an extension and an empty file.
#include "server/app/documents/document_type.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

using kl::app::allowed_document_type;

std::string le16(unsigned v) { return {static_cast<char>(v & 0xff), static_cast<char>((v >> 8) & 0xff)}; }
std::string le32(std::uint32_t v) { return le16(v & 0xffff) + le16(v >> 16); }

// A zip of stored (uncompressed) entries, local headers only: what libmagic reads to
// tell OOXML and OpenDocument files apart (the entry names and the first one's bytes).
std::string stored_zip(const std::vector<std::pair<std::string, std::string>>& entries) {
    std::string zip;
    for (const auto& [name, data] : entries) {
        zip += "PK\x03\x04";
        zip += le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0);
        zip += le32(static_cast<std::uint32_t>(data.size())) + le32(static_cast<std::uint32_t>(data.size()));
        zip += le16(static_cast<unsigned>(name.size())) + le16(0) + name + data;
    }
    return zip;
}

std::string ooxml(const std::string& part) {
    return stored_zip({{"[Content_Types].xml", "<Types/>"}, {"_rels/.rels", "<Relationships/>"}, {part, "<x/>"}});
}
std::string opendocument(const std::string& mime) { return stored_zip({{"mimetype", mime}, {"content.xml", "<x/>"}}); }

const std::string pdf = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
const std::string png = std::string("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0\x90\x91\x68\x36", 33);
const std::string jpeg = std::string("\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 20);
const std::string text = "Afspraken uit het kennislab\n\nDe gemeente neemt contact op met de wijkagent.\n";
const std::string csv = "gemeente,aantal,datum\nUtrecht,3,2026-02-01\nZwolle,5,2026-02-02\nDelft,1,2026-02-03\n";

TEST(DocumentType, EachAllowedTypeWithItsOwnExtension) {
    EXPECT_EQ(allowed_document_type("handreiking.pdf", pdf), "application/pdf");
    EXPECT_EQ(allowed_document_type("Handreiking.PDF", pdf), "application/pdf") << "extensions in any case";
    EXPECT_EQ(allowed_document_type("kaart.png", png), "image/png");
    EXPECT_EQ(allowed_document_type("foto.jpg", jpeg), "image/jpeg");
    EXPECT_EQ(allowed_document_type("foto.jpeg", jpeg), "image/jpeg");
    EXPECT_EQ(allowed_document_type("notities.txt", text), "text/plain");
    EXPECT_EQ(allowed_document_type("cijfers.csv", csv), "text/csv");
    EXPECT_EQ(allowed_document_type("lijst.csv", "een regel\n"), "text/csv") << "CSV that libmagic calls text";
    EXPECT_EQ(allowed_document_type("aanpak.docx", ooxml("word/document.xml")),
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    EXPECT_EQ(allowed_document_type("cijfers.xlsx", ooxml("xl/workbook.xml")),
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_EQ(allowed_document_type("dia.pptx", ooxml("ppt/presentation.xml")),
              "application/vnd.openxmlformats-officedocument.presentationml.presentation");
    EXPECT_EQ(allowed_document_type("aanpak.odt", opendocument("application/vnd.oasis.opendocument.text")),
              "application/vnd.oasis.opendocument.text");
    EXPECT_EQ(allowed_document_type("cijfers.ods", opendocument("application/vnd.oasis.opendocument.spreadsheet")),
              "application/vnd.oasis.opendocument.spreadsheet");
    EXPECT_EQ(allowed_document_type("dia.odp", opendocument("application/vnd.oasis.opendocument.presentation")),
              "application/vnd.oasis.opendocument.presentation");
}

TEST(DocumentType, ContentThatDoesNotMatchTheNameIsRefused) {
    EXPECT_FALSE(allowed_document_type("handreiking.pdf", png)) << "a PNG named .pdf";
    EXPECT_FALSE(allowed_document_type("kaart.png", pdf));
    EXPECT_FALSE(allowed_document_type("notities.pdf", text)) << "text named .pdf";
    EXPECT_FALSE(allowed_document_type("aanpak.odt", ooxml("word/document.xml")));
    EXPECT_FALSE(allowed_document_type("aanpak.docx", opendocument("application/vnd.oasis.opendocument.text")));
    EXPECT_FALSE(allowed_document_type("foto.jpg.exe", jpeg)) << "the last extension counts";
}

TEST(DocumentType, TypesOutsideTheListAreRefused) {
    EXPECT_FALSE(allowed_document_type("pagina.html", "<!DOCTYPE html><html><body>hoi</body></html>"));
    EXPECT_FALSE(allowed_document_type("pagina.txt", "<html><script>alert(1)</script></html>"))
        << "HTML named as text";
    EXPECT_FALSE(allowed_document_type("archief.zip", stored_zip({{"a.txt", "x"}})));
    EXPECT_FALSE(allowed_document_type("archief.docx", stored_zip({{"a.txt", "x"}}))) << "a plain zip named .docx";
    EXPECT_FALSE(allowed_document_type("beeld.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>"));
    EXPECT_FALSE(allowed_document_type("programma.txt", std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16)));
    EXPECT_FALSE(allowed_document_type("gz.pdf", std::string("\x1f\x8b\x08\0\0\0\0\0\0\x03", 10)))
        << "compressed content is not opened";
}

TEST(DocumentType, APolyglotIsRefused) {
    // libmagic calls this a PDF; a browser sniffing it would see a page.
    auto polyglot = "%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n";
    EXPECT_FALSE(allowed_document_type("handreiking.pdf", polyglot));
    EXPECT_TRUE(kl::app::looks_like_html(polyglot));
    EXPECT_FALSE(kl::app::looks_like_html(pdf));
    EXPECT_TRUE(kl::app::looks_like_html("<HTML>")) << "in any case";
}

TEST(DocumentType, NoExtensionOrNoContentIsRefused) {
    EXPECT_FALSE(allowed_document_type("handreiking", pdf));
    EXPECT_FALSE(allowed_document_type("handreiking.", pdf));
    EXPECT_FALSE(allowed_document_type("leeg.txt", ""));
}

TEST(DocumentType, EachThreadHasItsOwnHandle) {
    std::vector<std::thread> threads;
    std::vector<int> accepted(4, 0);
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i) accepted[static_cast<std::size_t>(t)] += allowed_document_type("a.pdf", pdf) ? 1 : 0;
        });
    for (auto& thread : threads) thread.join();
    for (int count : accepted) EXPECT_EQ(count, 50);
}

}  // namespace
