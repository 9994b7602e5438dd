// Uploads over HTTP/2 (server/net/http2_session.cpp): the body goes to the same spool
// file and the same route as over HTTP/1.1, under the same limit (by Content-Length,
// and while it streams), and the stored document downloads whole over HTTP/2.
#include "documents/documents_fixture.hpp"
#include "support/http2_client.hpp"

using namespace kl::test;

namespace {

HttpOptions upload_options(const std::string& origin, const std::string& cookie) {
    HttpOptions options;
    options.origin = origin;
    options.cookie = cookie;
    options.content_type = "application/octet-stream";
    return options;
}

TEST_F(DocumentsTest, AnUploadOverHttp2IsStoredAndDownloadsWhole) {
    Http2Client client(server.port());
    auto bytes = large_pdf(900 * 1024);  // many DATA frames, more than one stream window's worth of pieces
    auto uploaded = client.request("POST", "/api/sessions/" + session + "/documents?name=verslag.pdf", bytes,
                                   upload_options(server.origin(), participant_cookie));
    ASSERT_EQ(client.version(), 2);
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    auto document = uploaded.json()["document"];
    EXPECT_EQ(document["size"], bytes.size());
    EXPECT_EQ(document["sha256"], sha256_hex(bytes));
    auto fetched = client.request("GET", "/api/documents/" + document["id"].get<std::string>(), "",
                                  same_origin(expert_cookie));
    ASSERT_EQ(fetched.status, 200);
    EXPECT_EQ(fetched.body, bytes);
    EXPECT_EQ(fetched.header("content-security-policy"), "sandbox");
}

TEST_F(DocumentsTest, AnUploadOverHttp2OverTheLimitIsRefused) {
    Http2Client client(server.port());
    auto too_large = client.request("POST", "/api/sessions/" + session + "/documents?name=groot.pdf",
                                    large_pdf(1024 * 1024 + 1), upload_options(server.origin(), participant_cookie));
    ASSERT_EQ(client.version(), 2);
    EXPECT_EQ(too_large.status, 413);
    EXPECT_EQ(client.request("GET", "/healthz").status, 200) << "the connection goes on";
}

}  // namespace
