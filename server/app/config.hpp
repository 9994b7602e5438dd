#pragma once
// What `kennislab serve` was started with.
#include <cstdint>
#include <string>

namespace kl::app {

struct ServerConfig {
    std::string listen_host = "127.0.0.1";
    std::uint16_t listen_port = 8443;
    std::string data_dir = "data";
    std::string origin;          // empty: https://localhost:<actual port> (http:// with insecure_http)
    std::string cert_file;       // empty: a self-signed certificate in data_dir
    std::string key_file;
    std::string web_root;
    unsigned io_threads = 2;
    unsigned worker_threads = 2;
    bool demo = false;  // load the fictional demo kennislab into an empty database
    bool insecure_http = false;  // plain HTTP and WebSocket: only behind a TLS-terminating proxy

    std::string database_path() const { return data_dir + "/kennislab.db"; }
};

}  // namespace kl::app
