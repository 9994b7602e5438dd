// The client's files as the server loads them: versioned URLs, import map and
// modulepreloads in the shell (with the import map's hash in its CSP), caching,
// ETags and 304, and the compressed encodings.
#include "server/app/core/crypto.hpp"
#include "server/net/static_files.hpp"

#include <brotli/decode.h>
#include <nlohmann/json.hpp>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

namespace {

namespace fs = std::filesystem;
using kl::net::StaticFiles;

const std::string index_html = R"(<!doctype html>
<html lang="nl">
<head>
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/css/app.css">
  <script type="module" src="/js/main.js"></script>
</head>
<body><a href="#main">Naar de inhoud</a></body>
</html>)";

class WebRoot : public ::testing::Test {
protected:
    fs::path root = fs::temp_directory_path() / ("kl-static-test-" + std::to_string(::getpid()));

    void SetUp() override {
        fs::remove_all(root);
        write("index.html", index_html);
        write("favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>");
        write("css/app.css", std::string(2000, ' ') + "body { color: black; }");
        write("js/main.js", "import { a } from './core/a.js';\nimport './pages/p.js';\n" + std::string(500, '/'));
        write("js/core/a.js", "export const a = 1;\nimport('../lazy.js');");
        write("js/pages/p.js", "import { a } from '../core/a.js';");
        write("js/lazy.js", "export {};");
        write("js/unused.js", "export {};");
        write("img/x.png", std::string("\x89PNG\r\n\x1a\n", 8) + std::string(300, 'x'));
    }
    void TearDown() override { fs::remove_all(root); }

    void write(const std::string& relative, const std::string& text) {
        fs::create_directories((root / relative).parent_path());
        std::ofstream(root / relative, std::ios::binary) << text;
    }
};

std::string gunzip(const std::string& bytes) {
    z_stream stream{};
    EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
    std::string out(1 << 20, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    stream.avail_in = static_cast<uInt>(bytes.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
    out.resize(stream.total_out);
    inflateEnd(&stream);
    return out;
}

std::string unbrotli(const std::string& bytes) {
    std::string out(1 << 20, '\0');
    std::size_t size = out.size();
    EXPECT_EQ(BrotliDecoderDecompress(bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()), &size,
                                      reinterpret_cast<std::uint8_t*>(out.data())),
              BROTLI_DECODER_RESULT_SUCCESS);
    out.resize(size);
    return out;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_F(WebRoot, TheShellNamesEveryFileByItsVersionAndPreloadsTheGraph) {
    StaticFiles files(root.string());
    const auto& shell = files.find("/")->identity.body;
    auto main = files.versioned_url("/js/main.js");
    EXPECT_NE(main, "/js/main.js");
    EXPECT_TRUE(contains(shell, "<script type=\"module\" src=\"" + main + "\">")) << shell;
    EXPECT_TRUE(contains(shell, "href=\"" + files.versioned_url("/css/app.css") + "\""));
    EXPECT_TRUE(contains(shell, "href=\"" + files.versioned_url("/favicon.svg") + "\""));
    EXPECT_TRUE(contains(shell, "href=\"#main\"")) << "other links stay as they are";
    // Every module statically reached, breadth first, the entry itself loaded by its script tag.
    auto a = shell.find("<link rel=\"modulepreload\" href=\"" + files.versioned_url("/js/core/a.js") + "\">");
    auto p = shell.find("<link rel=\"modulepreload\" href=\"" + files.versioned_url("/js/pages/p.js") + "\">");
    auto lazy = shell.find("<link rel=\"modulepreload\" href=\"" + files.versioned_url("/js/lazy.js") + "\">");
    ASSERT_NE(a, std::string::npos) << shell;
    ASSERT_NE(p, std::string::npos);
    EXPECT_EQ(lazy, std::string::npos) << "import('…') loads when the code runs, not with the page";
    EXPECT_LT(a, p);
    EXPECT_FALSE(contains(shell, "rel=\"modulepreload\" href=\"" + main));
    EXPECT_FALSE(contains(shell, "modulepreload\" href=\"/js/unused.js"));
    // The import map maps every module's plain path (what a relative import resolves
    // to) to its versioned URL, and comes before the first script.
    auto map_start = shell.find("<script type=\"importmap\">");
    ASSERT_NE(map_start, std::string::npos);
    EXPECT_LT(map_start, shell.find("<script type=\"module\""));
    map_start += std::string("<script type=\"importmap\">").size();
    auto import_map = nlohmann::json::parse(shell.substr(map_start, shell.find("</script>", map_start) - map_start));
    EXPECT_EQ(import_map["imports"]["/js/core/a.js"], files.versioned_url("/js/core/a.js"));
    EXPECT_EQ(import_map["imports"]["/js/unused.js"], files.versioned_url("/js/unused.js"));
    EXPECT_FALSE(import_map["imports"].contains("/css/app.css"));
    // The CSP allows exactly that inline script, and still nothing else inline.
    auto hash = kl::app::base64_encode(kl::app::sha256(import_map.dump()));
    EXPECT_TRUE(contains(files.shell_policy(), "script-src 'self' 'sha256-" + hash + "'")) << files.shell_policy();
    EXPECT_FALSE(contains(files.shell_policy(), "unsafe-inline"));
}

TEST_F(WebRoot, VersionedUrlsAreImmutableEverythingElseRevalidates) {
    StaticFiles files(root.string());
    auto version = files.find("/js/core/a.js")->version;
    EXPECT_EQ(files.answer("/js/core/a.js", "v=" + version, "", "").cache_control, "public, max-age=31536000, immutable");
    EXPECT_EQ(files.answer("/js/core/a.js", "", "", "").cache_control, "no-cache");
    EXPECT_EQ(files.answer("/js/core/a.js", "v=old", "", "").cache_control, "no-cache") << "an old version's URL";
    for (const auto* path : {"/", "/index.html", "/sessions/12"}) {
        auto shell = files.answer(path, "v=" + files.find("/")->version, "", "");
        EXPECT_EQ(shell.status, 200) << path;
        EXPECT_TRUE(shell.file->shell) << path;
        EXPECT_EQ(shell.cache_control, "no-cache") << path;
    }
    EXPECT_EQ(files.answer("/js/nope.js", "", "", "").status, 404);
}

TEST_F(WebRoot, StrongEtagsPerEncodingAnswer304) {
    StaticFiles files(root.string());
    const auto* file = files.find("/js/main.js");
    auto plain = files.answer("/js/main.js", "", "", "");
    auto br = files.answer("/js/main.js", "", "gzip, deflate, br", "");
    auto gz = files.answer("/js/main.js", "", "gzip", "");
    EXPECT_EQ(plain.representation->etag, "\"" + file->version + "\"");
    EXPECT_EQ(br.representation->etag, "\"" + file->version + "-br\"");
    EXPECT_EQ(gz.representation->etag, "\"" + file->version + "-gz\"");
    EXPECT_EQ(br.content_encoding, "br");
    EXPECT_EQ(gz.content_encoding, "gzip");
    EXPECT_EQ(plain.content_encoding, "");
    EXPECT_TRUE(plain.vary);
    EXPECT_EQ(files.answer("/js/main.js", "", "br", br.representation->etag).status, 304);
    EXPECT_EQ(files.answer("/js/main.js", "", "br", "\"other\", " + br.representation->etag).status, 304);
    EXPECT_EQ(files.answer("/js/main.js", "", "gzip", br.representation->etag).status, 200)
        << "the brotli tag does not name the gzip representation";
    EXPECT_EQ(files.answer("/js/main.js", "", "", "\"stale\"").status, 200);
    // The shell has its own tag, and a client route revalidates against it too.
    auto shell = files.answer("/sessions/3", "", "br", "");
    EXPECT_EQ(files.answer("/", "", "br", shell.representation->etag).status, 304);
}

TEST_F(WebRoot, TextIsCompressedOnceBinaryIsNot) {
    StaticFiles files(root.string());
    for (const auto* path : {"/index.html", "/js/main.js", "/css/app.css"}) {
        const auto* file = files.find(path);
        ASSERT_TRUE(file->gzip && file->brotli) << path;
        EXPECT_LT(file->brotli->body.size(), file->identity.body.size()) << path;
        EXPECT_EQ(gunzip(file->gzip->body), file->identity.body) << path;
        EXPECT_EQ(unbrotli(file->brotli->body), file->identity.body) << path;
    }
    const auto* png = files.find("/img/x.png");
    EXPECT_FALSE(png->gzip || png->brotli);
    auto answer = files.answer("/img/x.png", "", "br, gzip", "");
    EXPECT_EQ(answer.content_encoding, "");
    EXPECT_FALSE(answer.vary);
    // A tiny file whose compressed form is not smaller stays as it is.
    EXPECT_FALSE(files.find("/js/lazy.js")->brotli && files.find("/js/lazy.js")->gzip);
}

// web/routes.json: one shell per page, announcing the entry's modules and that page's,
// and no other page's; the table itself goes into the shell for main.js.
TEST_F(WebRoot, EachRouteGetsAShellThatPreloadsOnlyItsOwnPage) {
    write("js/main.js", "import { a } from './core/a.js';\nconst load = (page) => import(page);");
    write("js/pages/q.js", "import '../pages/q-part.js';");
    write("js/pages/q-part.js", "export {};");
    write("js/pages/missing.js", "export {};");
    write("routes.json", R"({"about": "test", "routes": [
        {"name": "p", "path": "^/p/([^/]+)/?$", "page": "/js/pages/p.js", "auth": true, "params": ["id"]},
        {"name": "q", "path": "^/q/?$", "page": "/js/pages/q.js"}],
      "notFound": {"name": "missing", "page": "/js/pages/missing.js"}})");
    StaticFiles files(root.string());
    auto preloads = [&](const std::string& path, const std::string& module) {
        const auto* shell = files.find(path);
        EXPECT_TRUE(shell && shell->shell) << path;
        return shell && contains(shell->identity.body, "rel=\"modulepreload\" href=\"" + files.versioned_url(module) + "\"");
    };
    EXPECT_TRUE(preloads("/p/12", "/js/pages/p.js"));
    EXPECT_TRUE(preloads("/p/12", "/js/core/a.js")) << "what main.js imports, for every page";
    EXPECT_FALSE(preloads("/p/12", "/js/pages/q.js"));
    EXPECT_TRUE(preloads("/q", "/js/pages/q.js"));
    EXPECT_TRUE(preloads("/q", "/js/pages/q-part.js")) << "and what the page imports";
    EXPECT_FALSE(preloads("/q", "/js/pages/p.js"));
    EXPECT_TRUE(preloads("/elders", "/js/pages/missing.js")) << "no route: the not-found page";
    EXPECT_FALSE(preloads("/elders", "/js/pages/p.js"));
    EXPECT_TRUE(preloads("/index.html", "/js/pages/missing.js"));
    EXPECT_NE(files.find("/p/1")->identity.etag, files.find("/q")->identity.etag) << "each shell its own validator";
    EXPECT_EQ(files.find("/p/1"), files.find("/p/2/")) << "one shell per page, made once";

    const auto& shell = files.find("/q")->identity.body;
    auto start = shell.find("<script type=\"application/json\" id=\"kl-routes\">");
    ASSERT_NE(start, std::string::npos) << shell;
    EXPECT_LT(start, shell.find("<script type=\"module\""));
    start = shell.find('>', start) + 1;
    auto table = nlohmann::json::parse(shell.substr(start, shell.find("</script>", start) - start));
    EXPECT_EQ(table["routes"][0]["path"], "^/p/([^/]+)/?$");
    EXPECT_EQ(table["notFound"]["page"], "/js/pages/missing.js");
    EXPECT_FALSE(table.contains("about"));
}

TEST_F(WebRoot, ARouteTableThatNamesNoFileOrIsBrokenStopsTheServerFromStarting) {
    write("routes.json", R"({"routes": [{"name": "x", "path": "^/x$", "page": "/js/pages/gone.js"}],
                             "notFound": {"name": "p", "page": "/js/pages/p.js"}})");
    EXPECT_THROW(StaticFiles{root.string()}, std::runtime_error);
    write("routes.json", R"({"routes": [{"name": "x", "path": "^/(x$", "page": "/js/pages/p.js"}],
                             "notFound": {"name": "p", "page": "/js/pages/p.js"}})");
    EXPECT_THROW(StaticFiles{root.string()}, std::runtime_error);
    write("routes.json", R"({"routes": []})");
    EXPECT_THROW(StaticFiles{root.string()}, std::runtime_error);
    write("routes.json", "not json");
    EXPECT_THROW(StaticFiles{root.string()}, std::runtime_error);
}

TEST_F(WebRoot, AChangedFileGetsANewUrlInANewShell) {
    StaticFiles before(root.string());
    write("js/core/a.js", "export const a = 2;");
    StaticFiles after(root.string());
    EXPECT_NE(before.versioned_url("/js/core/a.js"), after.versioned_url("/js/core/a.js"));
    EXPECT_EQ(before.versioned_url("/js/pages/p.js"), after.versioned_url("/js/pages/p.js")) << "the others stay cached";
    EXPECT_NE(before.find("/")->identity.etag, after.find("/")->identity.etag);
    EXPECT_TRUE(contains(after.find("/")->identity.body, after.versioned_url("/js/core/a.js")));
}

}  // namespace
