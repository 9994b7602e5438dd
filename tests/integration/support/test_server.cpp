#include "test_server.hpp"

#include <unistd.h>

namespace kl::test {

TestServer::TestServer(const app::Clock* clock, const std::function<void(app::ServerConfig&)>& adjust) {
    std::string pattern = (std::filesystem::temp_directory_path() / "kl-it-XXXXXX").string();
    dir_ = ::mkdtemp(pattern.data());
    app::ServerConfig config;
    config.listen_host = "127.0.0.1";
    config.listen_port = 0;
    config.data_dir = (dir_ / "data").string();
    config.web_root = KL_SOURCE_DIR "/web";
    // The server runs inside the test binary; its PDF inspector is the built executable.
    config.pdf_inspector = KL_BINARY_DIR "/server/kennislab";
    config.worker_threads = 2;
    // The tests are one machine opening hundreds of short connections; the limit on
    // new connections per address has its own test, which turns it on.
    config.max_new_connections_per_address = 0;
    if (adjust) adjust(config);
    server_ = std::make_unique<net::Server>(config, clock);
    thread_ = std::thread([this] { server_->run(); });
}

TestServer::~TestServer() {
    stop();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
}

std::string TestServer::setup_token() const {
    auto link = server_->setup_link();
    return link.substr(link.find("token=") + 6);
}

void TestServer::stop() {
    if (stopped_) return;
    stopped_ = true;
    server_->stop();
    thread_.join();
}

}  // namespace kl::test
