// Fault: under a steady write load, kill the server with SIGKILL, start it again on
// the same data folder, and check that nothing acknowledged was lost.
//
// Writers post one at a time, each post with its own client_msg_id and a body that
// names it. When the server dies the post in flight has no answer: after the restart
// the writer sends it again with the same client_msg_id, which must not make a second
// post. A subscriber follows the session throughout and resumes with the last seq it
// saw. Checked afterwards: every acknowledged post is in thread.posts, no post is
// there twice, and the subscriber saw every acknowledged post exactly once with no
// gap in the sequence.
#include "bench.hpp"
#include "frames.hpp"

#include <csignal>
#include <iostream>
#include <map>
#include <set>
#include <stdexcept>

namespace kl::bench {

namespace {

constexpr std::size_t writer_count = 20;

struct Writer {
    std::unique_ptr<KlClient> client;
    std::optional<std::string> pending;  // the name of the post without an answer yet
    std::uint64_t next = 0;
};

struct Outcome {
    std::size_t acked_before_kill = 0;
    std::size_t in_flight_at_kill = 0;
    std::size_t acked = 0;
    std::size_t found = 0;  // acknowledged posts found in thread.posts
    std::size_t duplicate_posts = 0;
    std::size_t errors = 0;
    std::size_t subscriber_missing = 0;
    std::uint64_t subscriber_gaps = 0;
    std::uint64_t subscriber_duplicates = 0;
    double restart_ms = 0;
};

// The post's name in a frame: "fault r<run> w<writer> n<number>".
std::optional<std::string> post_name(std::string_view text) {
    auto at = text.find("fault r");
    if (at == std::string_view::npos) return std::nullopt;
    auto end = text.find('"', at);
    return std::string(text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at));
}

class FaultRun {
public:
    FaultRun(Bench& bench, KennislabServer& server, const People& people, int run)
        : bench_(bench), server_(server), people_(people), run_(run) {}

    Outcome execute() {
        auto seconds = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(bench_.config.fault_seconds));
        {
            KlClient admin(bench_.loop, client_options(server_, people_.admin, 0));
            open_blocking(bench_.loop, admin);
            room_ = create_room(bench_.loop, admin, people_, "Storing " + std::to_string(run_));
            last_seq_ = call(bench_.loop, admin, "session.state", {{"session", room_.session}})["head_seq"].get<std::int64_t>();
            admin.abort();
        }
        writers_.resize(writer_count);
        connect_all();

        // Steady load, then the crash.
        bool killed = false;
        bench_.loop.at(Clock::now() + seconds, [&] {
            server_.stop(SIGKILL);
            killed = true;
            outcome_.acked_before_kill = acked_.size();
            for (const auto& writer : writers_) outcome_.in_flight_at_kill += writer.pending ? 1 : 0;
        });
        bench_.loop.run_until([&] { return killed && all_closed(); }, seconds + std::chrono::seconds(30));

        outcome_.restart_ms = std::chrono::duration<double, std::milli>(server_.start()).count();
        // Resume: in-flight posts are sent again with their client_msg_id, the
        // subscriber asks for everything after the last seq it saw.
        connect_all();
        stop_at_ = Clock::now() + seconds;
        bench_.loop.run_until([&] { return Clock::now() >= stop_at_ && nothing_pending(); }, seconds + std::chrono::seconds(30));
        // Every acknowledged post must reach the subscriber; wait for it (or give up).
        bench_.loop.run_until([&] { return seen_all_acked(); }, std::chrono::seconds(20));
        verify();
        for (auto& writer : writers_) writer.client->abort();
        subscriber_->abort();
        return outcome_;
    }

private:
    void connect_all() {
        std::size_t opened = 0, expected = writers_.size() + 1;
        auto on_open = [&](const std::string& error) {
            if (!error.empty()) throw std::runtime_error("fault: reconnect failed: " + error);
            ++opened;
        };
        for (std::size_t i = 0; i < writers_.size(); ++i) {
            writers_[i].client = std::make_unique<KlClient>(
                bench_.loop, client_options(server_, people_.members[i % people_.members.size()], i));
            writers_[i].client->open([this, i, on_open](const std::string& error) {
                on_open(error);
                write_next(i);
            });
        }
        subscriber_ = std::make_unique<KlClient>(bench_.loop, client_options(server_, people_.members[0], writers_.size()));
        subscriber_->on_other([this](std::string_view frame) { on_event(frame); });
        bool subscribed = false;
        subscriber_->open([&](const std::string& error) {
            on_open(error);
            subscriber_->request("session.subscribe", {{"session", room_.session}, {"after_seq", last_seq_}},
                                 [&](std::string_view answer) {
                                     if (!answer_ok(answer)) throw std::runtime_error("fault: subscribe failed");
                                     subscribed = true;
                                 });
        });
        if (!bench_.loop.run_until([&] { return opened == expected && subscribed; }, std::chrono::seconds(60)))
            throw std::runtime_error("fault: clients did not connect");
    }

    void write_next(std::size_t i) {
        auto& writer = writers_[i];
        if (!writer.client->is_open()) return;
        if (!writer.pending) {
            if (Clock::now() >= stop_at_) return;
            writer.pending = "fault r" + std::to_string(run_) + " w" + std::to_string(i) + " n" + std::to_string(writer.next++);
        }
        auto name = *writer.pending;
        writer.client->request("post.create",
                               {{"thread", room_.thread}, {"body", name}, {"client_msg_id", name.substr(6)}},
                               [this, i, name](std::string_view answer) {
                                   if (answer_ok(answer))
                                       acked_.insert(name);
                                   else if (++outcome_.errors == 1)
                                       std::cerr << "fault: post.create failed: " << answer.substr(0, 300) << "\n";
                                   writers_[i].pending.reset();
                                   write_next(i);
                               });
    }

    void on_event(std::string_view frame) {
        auto seq = int_field(frame, "seq");
        if (!seq) return;  // presence
        if (*seq <= last_seq_)
            ++outcome_.subscriber_duplicates;
        else if (*seq > last_seq_ + 1)
            outcome_.subscriber_gaps += static_cast<std::uint64_t>(*seq - last_seq_ - 1);
        last_seq_ = std::max(last_seq_, *seq);
        if (auto name = post_name(frame))
            if (++seen_[*name] > 1) ++outcome_.subscriber_duplicates;
    }

    bool all_closed() const {
        for (const auto& writer : writers_)
            if (writer.client->is_open()) return false;
        return !subscriber_->is_open();
    }

    bool nothing_pending() const {
        for (const auto& writer : writers_)
            if (writer.pending) return false;
        return true;
    }

    bool seen_all_acked() const {
        for (const auto& name : acked_)
            if (!seen_.contains(name)) return false;
        return true;
    }

    // Reads the whole thread back, page by page, and compares.
    void verify() {
        KlClient reader(bench_.loop, client_options(server_, people_.admin, 0));
        open_blocking(bench_.loop, reader);
        std::map<std::string, int> stored;
        std::optional<std::string> before;
        for (;;) {
            nlohmann::json params = {{"thread", room_.thread}, {"limit", 100}};
            if (before) params["before"] = *before;
            auto page = call(bench_.loop, reader, "thread.posts", params);
            for (const auto& post : page["posts"]) {
                if (auto name = post_name(post.value("body", ""))) ++stored[*name];
                before = post["id"].get<std::string>();
            }
            if (!page.value("has_more", false) || page["posts"].empty()) break;
        }
        reader.abort();
        outcome_.acked = acked_.size();
        for (const auto& name : acked_) {
            if (stored.contains(name)) ++outcome_.found;
            if (!seen_.contains(name)) ++outcome_.subscriber_missing;
        }
        for (const auto& [name, count] : stored)
            if (count > 1) outcome_.duplicate_posts += static_cast<std::size_t>(count - 1);
    }

    Bench& bench_;
    KennislabServer& server_;
    const People& people_;
    int run_;
    Room room_;
    std::vector<Writer> writers_;
    std::unique_ptr<KlClient> subscriber_;
    std::int64_t last_seq_ = 0;
    Clock::time_point stop_at_ = Clock::time_point::max();
    std::set<std::string> acked_;
    std::map<std::string, int> seen_;
    Outcome outcome_;
};

}  // namespace

void run_fault(Bench& bench) {
    auto server = bench.own_server("fault");
    auto people = create_people(bench.loop, *server, 10);
    for (int run = 1; run <= bench.config.fault_runs; ++run) {
        auto outcome = FaultRun(bench, *server, people, run).execute();
        Row row;
        row.scenario = "fault (SIGKILL + restart)";
        row.server = "kennislab";
        row.load = "run " + std::to_string(run) + ", " + std::to_string(writer_count) + " writers";
        row.set("acked before kill", outcome.acked_before_kill)
            .set("in flight at kill", outcome.in_flight_at_kill)
            .set("acked total", outcome.acked)
            .set("found", outcome.found)
            .set("lost", outcome.acked - outcome.found)
            .set("dup posts", outcome.duplicate_posts)
            .set("sub missing", outcome.subscriber_missing)
            .set("sub gaps", outcome.subscriber_gaps)
            .set("sub dups", outcome.subscriber_duplicates)
            .set("errors", outcome.errors)
            .set("restart ms", outcome.restart_ms);
        bench.report.add(row);
    }
    server->stop(SIGTERM);
    bench.report.print_scenario(std::cout, "fault (SIGKILL + restart)");
}

}  // namespace kl::bench
