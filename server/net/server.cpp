#include "server/net/server.hpp"

#include "server/app/accounts/setup_token.hpp"
#include "server/app/core/blocking_pool.hpp"
#include "server/app/demo/demo_data.hpp"
#include "server/app/http/client_address.hpp"
#include "server/app/wiring/application.hpp"
#include "server/net/alpn.hpp"
#include "server/net/connection_limits.hpp"
#include "server/net/edge.hpp"
#include "server/net/http_session.hpp"
#include "server/net/tls_context.hpp"
#include "storage/backup.hpp"
#include "storage/connection.hpp"
#include "storage/users.hpp"
#include "storage/writer.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <filesystem>
#include <thread>
#include <unordered_set>
#include <vector>

namespace kl::net {

namespace asio = boost::asio;
using asio::ip::tcp;

// Member order matters for destruction: the io_context goes before the application
// parts, because connections still queued in it at shutdown (a client that never
// finished its close handshake) tell the dispatcher and registry they are gone as
// the io_context destroys them.
struct Server::Impl {
    app::ServerConfig config;
    std::optional<asio::ssl::context> tls;  // none with --insecure-http
    storage::Writer writer;
    app::BlockingPool pool;
    app::SystemClock system_clock;
    const app::Clock& clock;
    app::ConnectionRegistry registry;
    app::Services services;
    app::SetupToken setup_token;
    std::string setup_link;
    app::Application application;
    StaticFiles static_files;
    asio::io_context io{static_cast<int>(config.io_threads)};
    tcp::acceptor acceptor;
    std::optional<Edge> edge;
    asio::signal_set signals{io, SIGINT, SIGTERM};
    asio::steady_timer shutdown_timer{io};
    asio::steady_timer housekeeping_timer{io};
    asio::steady_timer accept_timer{io};
    ConnectionLimits connection_limits;
    HandshakeSlots handshake_slots;
    std::chrono::milliseconds accept_pause{0};  // non-zero while accept backs off
    std::chrono::steady_clock::time_point refusal_logged_at;
    bool stopping = false;
    std::chrono::steady_clock::time_point shutdown_deadline;

    Impl(app::ServerConfig c, const app::Clock* test_clock)
        : config(prepare(std::move(c))),
          tls(tls_for(config)),
          writer(config.database_path()),
          pool(config.database_path(), config.worker_threads),
          clock(test_clock ? *test_clock : system_clock),
          services{config, "", writer, pool, clock, registry, {}, nullptr},
          application(services, setup_token),
          static_files(config.web_root),
          acceptor(asio::make_strand(io)),
          connection_limits({config.max_connections, config.max_connections_per_address, proxies_of(config),
                             config.max_new_connections_per_address},
                            clock),
          handshake_slots(config.max_tls_handshakes) {
        // OpenSSL writes to the sockets itself (tls_socket.hpp) with write(), which
        // raises SIGPIPE on a connection the peer has closed; the error code is enough.
        std::signal(SIGPIPE, SIG_IGN);
        if (config.max_database_mb > 0)
            writer.post([bytes = std::int64_t{config.max_database_mb} * 1024 * 1024](
                            storage::Connection& c) { storage::limit_database_size(c, bytes); },
                        [](std::exception_ptr) {});  // first in the writer's queue
        auto address = asio::ip::make_address(config.listen_host);
        tcp::endpoint endpoint(address, config.listen_port);
        acceptor.open(endpoint.protocol());
        acceptor.set_option(asio::socket_base::reuse_address(true));
        acceptor.bind(endpoint);
        acceptor.listen(asio::socket_base::max_listen_connections);
        auto port = acceptor.local_endpoint().port();
        auto scheme = config.insecure_http ? "http://" : "https://";
        services.origin = config.origin.empty() ? scheme + std::string("localhost:") + std::to_string(port) : config.origin;
        edge.emplace(Edge{tls ? tls->native_handle() : nullptr, services.origin, application.api(), application.accounts(),
                          application.dispatcher(), registry, static_files, {}, {},
                          {.keep_alive = std::chrono::seconds(config.keep_alive_seconds)}, &handshake_slots});
        if (config.demo) load_demo_kennislab();
        open_setup_if_needed();
    }

    void load_demo_kennislab() {
        auto connection = storage::open_database(config.database_path(), storage::OpenMode::read_write);
        if (app::load_demo(connection, services.now()))
            spdlog::info("demo kennislab loaded (fictional people and cases; the first administrator moderates it)");
        else
            spdlog::info("demo not loaded: the database already has sessions");
    }

    static app::ServerConfig prepare(app::ServerConfig c) {
        std::filesystem::create_directories(c.data_dir);
        std::filesystem::permissions(c.data_dir, std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::replace);
        return c;
    }

    static std::optional<asio::ssl::context> tls_for(const app::ServerConfig& c) {
        if (c.insecure_http) return std::nullopt;
        auto context = make_server_context(certificates(c));
        offer_http2(context.native_handle());
        return std::optional<asio::ssl::context>(std::move(context));
    }

    static CertificatePaths certificates(const app::ServerConfig& c) {
        if (!c.cert_file.empty()) return {c.cert_file, c.key_file};
        return ensure_self_signed_certificate(c.data_dir);
    }

    void open_setup_if_needed() {
        auto connection = storage::open_database(config.database_path(), storage::OpenMode::read_only);
        if (storage::count_administrators(connection) == 0)
            setup_link = services.origin + "/setup?token=" + setup_token.issue();
    }

    void accept() {
        acceptor.async_accept(asio::make_strand(io), [this](boost::system::error_code ec, tcp::socket socket) {
            if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
            if (out_of_resources(ec)) return pause_accepting(ec);
            if (accept_pause.count() > 0) {
                spdlog::info("accepting connections again");
                accept_pause = std::chrono::milliseconds(0);
            }
            if (ec)
                spdlog::warn("accept failed: {}", ec.message());  // the peer gave up meanwhile, say
            else
                admit(std::move(socket));
            accept();
        });
    }

    // No descriptor or memory for the next connection: retrying at once would spin at
    // full CPU. Waits, longer each time up to a second, and logs once per episode.
    static bool out_of_resources(const boost::system::error_code& ec) {
        return ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space || ec == asio::error::no_memory ||
               ec.value() == ENFILE;
    }
    void pause_accepting(const boost::system::error_code& ec) {
        if (accept_pause.count() == 0)
            spdlog::error("accept failed ({}): pausing new connections until resources free up", ec.message());
        accept_pause = std::clamp(accept_pause * 2, std::chrono::milliseconds(50), std::chrono::milliseconds(1000));
        accept_timer.expires_after(accept_pause);
        accept_timer.async_wait([this](boost::system::error_code wait) {
            if (!wait && !stopping) accept();
        });
    }

    // A trusted proxy carries many clients: no cap per address for it.
    static std::unordered_set<std::string> proxies_of(const app::ServerConfig& c) {
        std::unordered_set<std::string> proxies;
        for (const auto& proxy : c.trusted_proxies)
            if (auto canonical = app::canonical_address(proxy)) proxies.insert(*canonical);
        return proxies;
    }

    // Over a cap: closed before the TLS handshake costs anything.
    void admit(tcp::socket socket) {
        boost::system::error_code ec;
        auto peer = socket.remote_endpoint(ec);
        if (ec) return;  // already gone
        auto address = peer.address().to_string();
        auto slot = connection_limits.admit(app::canonical_address(address).value_or(address));
        if (!slot) {
            log_refusals();
            return;  // the socket closes here
        }
        // Events are small frames that must go out at once, not wait for Nagle.
        socket.set_option(tcp::no_delay(true), ec);
        start_http_session(std::move(socket), std::move(slot), *edge);
    }
    // At most one line a minute, however many are refused.
    void log_refusals() {
        auto now = std::chrono::steady_clock::now();
        if (now - refusal_logged_at < std::chrono::minutes(1)) return;
        refusal_logged_at = now;
        auto refused = connection_limits.refused();
        spdlog::warn(
            "connections over the limit refused: {} since the start ({} open, at most {} in all, {} per address, {} new "
            "per address in {} s)",
            refused, connection_limits.total(), connection_limits.max_total(), config.max_connections_per_address,
            config.max_new_connections_per_address, new_connection_window.count());
    }

    // Work that follows the clock rather than a request (guests whose access ran out).
    void housekeeping() {
        housekeeping_timer.expires_after(std::chrono::seconds(1));
        housekeeping_timer.async_wait([this](boost::system::error_code ec) {
            if (ec || stopping) return;
            application.housekeeping();
            housekeeping();
        });
    }

    void begin_shutdown() {
        if (stopping) return;
        stopping = true;
        spdlog::info("shutting down");
        boost::system::error_code ignored;
        acceptor.close(ignored);
        signals.cancel();
        housekeeping_timer.cancel();
        accept_timer.cancel();
        registry.close_all(app::CloseReason::shutdown);
        shutdown_deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);
        wait_for_websockets();
    }

    // Idle keep-alive HTTP connections would hold run() open until they time out, so
    // the loop is stopped explicitly: once every WebSocket has finished its close
    // handshake, or after a grace period for clients that do not answer.
    void wait_for_websockets() {
        if (registry.count() == 0 || std::chrono::steady_clock::now() >= shutdown_deadline) {
            // One more short turn lets in-flight HTTP answers go out.
            shutdown_timer.expires_after(std::chrono::milliseconds(50));
            shutdown_timer.async_wait([this](boost::system::error_code) { io.stop(); });
            return;
        }
        shutdown_timer.expires_after(std::chrono::milliseconds(20));
        shutdown_timer.async_wait([this](boost::system::error_code) { wait_for_websockets(); });
    }
};

Server::Server(app::ServerConfig config, const app::Clock* clock)
    : impl_(std::make_unique<Impl>(std::move(config), clock)) {}

Server::~Server() = default;

std::uint16_t Server::port() const { return impl_->acceptor.local_endpoint().port(); }
const std::string& Server::origin() const { return impl_->services.origin; }
std::string Server::setup_link() const { return impl_->setup_link; }
std::size_t Server::tls_handshakes_in_progress() const { return impl_->handshake_slots.in_progress(); }

void Server::run() {
    auto& impl = *impl_;
    impl.signals.async_wait([&impl](boost::system::error_code ec, int) {
        if (!ec) impl.begin_shutdown();
    });
    impl.accept();
    impl.housekeeping();
    std::vector<std::thread> threads;
    for (unsigned i = 1; i < impl.config.io_threads; ++i) threads.emplace_back([&impl] { impl.io.run(); });
    impl.io.run();
    for (auto& t : threads) t.join();
    impl.application.shutdown();
    // Everything acknowledged is committed; now finish what is queued and leave a
    // clean database file without a WAL full of old pages.
    impl.pool.stop();
    impl.writer.stop();
    auto connection = storage::open_database(impl.config.database_path(), storage::OpenMode::read_write);
    storage::checkpoint_truncate(connection);
    spdlog::info("stopped");
}

void Server::stop() {
    asio::post(impl_->io, [impl = impl_.get()] { impl->begin_shutdown(); });
}

}  // namespace kl::net
