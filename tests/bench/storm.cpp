// Reconnect storm: many subscribers lose their connections at once (a network blip),
// miss some events, and all come back together, each resuming with session.subscribe
// and the after_seq it last saw. Each client was connected before the blip, so it
// offers the server the TLS session it got then (its ticket), as a browser does, and
// the server resumes it instead of a full handshake. Measured per client: the time to
// connect (TCP, TLS, upgrade), the time from its session.subscribe to the arrival of
// the last event it missed, and the two together; and how long the whole storm took.
// Every client checks that it got each missed event once, in order.
#include "frames.hpp"
#include "histogram.hpp"
#include "proc_stats.hpp"
#include "write_load.hpp"

#include <iostream>
#include <stdexcept>

namespace kl::bench {

namespace {

struct StormClient {
    std::shared_ptr<KlClient> client;
    TlsSessionPtr tls_session;  // from its connection before the blip
    std::int64_t last = 0;  // last seq seen
    Clock::time_point started, subscribed;
    bool done = false;
};

}  // namespace

void run_storm(Bench& bench) {
    auto& server = bench.lab();
    const auto& people = bench.people();
    const auto count = bench.config.storm_clients;
    const auto missed = static_cast<std::int64_t>(bench.config.storm_missed_events);

    KlClient admin(bench.loop, client_options(server, people.admin, 0));
    open_blocking(bench.loop, admin);
    auto room = create_room(bench.loop, admin, people, "Storm");
    auto head = call(bench.loop, admin, "session.state", {{"session", room.session}})["head_seq"].get<std::int64_t>();

    // Before the blip: every client connected once and kept the TLS session it got.
    std::vector<StormClient> clients(count);
    // At most this many connection attempts in flight (the server's accept queue is
    // finite), before the blip and in the storm.
    constexpr std::size_t parallel = 256;
    auto options_of = [&](std::size_t index) {
        return client_options(server, people.members[index % people.members.size()], index + 1);
    };
    {
        std::size_t next = 0, done = 0;
        std::function<void()> connect_next = [&] {
            if (next >= count) return;
            auto index = next++;
            clients[index].client = std::make_shared<KlClient>(bench.loop, options_of(index));
            clients[index].client->open([&, index](const std::string& error) {
                if (error.empty() && bench.config.storm_resume) clients[index].tls_session = clients[index].client->tls_session();
                clients[index].client->abort();  // the blip
                ++done;
                connect_next();
            });
        };
        for (std::size_t i = 0; i < std::min(parallel, count); ++i) connect_next();
        if (!bench.loop.run_until([&] { return done == count; }, std::chrono::minutes(5)))
            throw std::runtime_error("storm: the clients did not connect before the blip");
    }

    // The events the clients will have missed.
    for (std::int64_t i = 0; i < missed; ++i) {
        std::string id = "s";  // += : GCC 12 warns falsely (-Wrestrict) on "s" + string here
        id += std::to_string(i);
        call(bench.loop, admin, "post.create", {{"thread", room.thread}, {"body", "storm " + id}, {"client_msg_id", id}});
    }
    auto target = head + missed;
    if (call(bench.loop, admin, "session.state", {{"session", room.session}})["head_seq"].get<std::int64_t>() != target)
        throw std::runtime_error("storm: another writer changed the session");
    admin.abort();

    Histogram to_connect, subscribe_to_last, to_last;
    std::uint64_t gaps = 0, duplicates = 0, failed = 0, finished = 0, resumed = 0;
    std::size_t next = 0;
    // Everyone at once, as far as the client's own handshakes allow.
    auto storm_begin = Clock::now();
    auto server_cpu_begin = process_cpu_seconds(server.pid());
    auto client_cpu_begin = own_cpu_seconds();
    std::function<void()> start_next = [&] {
        if (next >= count) return;
        auto index = next++;
        auto& storm = clients[index];
        storm.last = head;
        storm.started = Clock::now();
        auto options = options_of(index);
        options.resume = storm.tls_session;
        storm.client = std::make_shared<KlClient>(bench.loop, options);
        storm.client->on_other([&, index](std::string_view frame) {
            auto& s = clients[index];
            auto seq = int_field(frame, "seq");
            if (!seq || s.done) return;  // presence
            if (*seq <= s.last)
                ++duplicates;
            else if (*seq > s.last + 1)
                gaps += static_cast<std::uint64_t>(*seq - s.last - 1);
            s.last = std::max(s.last, *seq);
            if (s.last >= target) {
                s.done = true;
                ++finished;
                auto now = Clock::now();
                subscribe_to_last.record(std::chrono::duration_cast<std::chrono::nanoseconds>(now - s.subscribed).count());
                to_last.record(std::chrono::duration_cast<std::chrono::nanoseconds>(now - s.started).count());
            }
        });
        storm.client->open([&, index](const std::string& error) {
            if (!error.empty()) {
                if (++failed == 1) std::cerr << "storm: connection failed: " << error << "\n";
                start_next();
                return;
            }
            auto& s = clients[index];
            s.subscribed = Clock::now();
            if (s.client->resumed()) ++resumed;
            to_connect.record(std::chrono::duration_cast<std::chrono::nanoseconds>(s.subscribed - s.started).count());
            s.client->request("session.subscribe", {{"session", room.session}, {"after_seq", head}},
                                           [&](std::string_view answer) {
                                               if (!answer_ok(answer) && ++failed == 1)
                                                   std::cerr << "storm: subscribe failed: " << answer << "\n";
                                           });
            start_next();
        });
    };
    for (std::size_t i = 0; i < std::min(parallel, count); ++i) start_next();
    bench.loop.run_until([&] { return finished + failed >= count; }, std::chrono::minutes(2));
    double storm_seconds = std::chrono::duration<double>(Clock::now() - storm_begin).count();
    double server_cpu = process_cpu_seconds(server.pid()) - server_cpu_begin;
    double client_cpu = own_cpu_seconds() - client_cpu_begin;
    for (auto& storm : clients)
        if (storm.client) storm.client->abort();

    Row row;
    row.scenario = "reconnect storm";
    row.server = "kennislab";
    row.load = std::to_string(count) + " clients, " + std::to_string(missed) + " missed each";
    auto ms = [](std::int64_t ns) { return static_cast<double>(ns) / 1e6; };
    row.set("storm s", storm_seconds);
    row.set("srv CPU s", server_cpu).set("srv ms/client", count ? server_cpu * 1e3 / static_cast<double>(count) : 0.0);
    row.set("client CPU s", client_cpu);
    row.set("connect p50 ms", ms(to_connect.quantile(0.5))).set("connect p99 ms", ms(to_connect.quantile(0.99)));
    row.set("subscribe to last p50 ms", ms(subscribe_to_last.quantile(0.5)));
    row.set("p99 ms", ms(subscribe_to_last.quantile(0.99)));
    row.set("reconnect to last p99 ms", ms(to_last.quantile(0.99)));
    row.set("resumed", finished).set("TLS resumed", resumed);
    row.set("failed", failed).set("gaps", gaps).set("dups", duplicates);
    bench.report.add(row);
    bench.report.print_scenario(std::cout, "reconnect storm");
}

}  // namespace kl::bench
