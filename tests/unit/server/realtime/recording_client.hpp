#pragma once
// A hub client that records what it is sent, for the unit tests of the hub and of the
// visibility gate's live and replay ways out.
#include "server/app/realtime/client.hpp"

#include <nlohmann/json.hpp>

#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace kl::test {

class RecordingClient final : public app::Client {
public:
    explicit RecordingClient(std::int64_t user) : user_(user) {}
    void send(std::shared_ptr<const std::string> frame) override { record(*frame); }
    void send_answer(std::shared_ptr<const std::string> frame) override { record(*frame); }
    void send_burst(std::vector<std::shared_ptr<const std::string>> frames) override {
        for (const auto& frame : frames) record(*frame);
    }
    bool burst_pending() const override { return false; }  // written at once
    void close(app::CloseReason reason) override {
        std::lock_guard lock(mutex_);
        closed_ = reason;
    }
    std::int64_t user_id() const override { return user_; }

    // Every frame, parsed, in the order sent.
    std::vector<nlohmann::json> frames() const {
        std::lock_guard lock(mutex_);
        return frames_;
    }
    // The seq of every event frame, in the order sent.
    std::vector<std::int64_t> seqs() const {
        std::vector<std::int64_t> seqs;
        for (const auto& frame : frames())
            if (frame.value("type", "") == "event") seqs.push_back(frame["seq"].get<std::int64_t>());
        return seqs;
    }
    // The presence frames: for each, the number of users online.
    std::vector<std::size_t> presence_sizes() const {
        std::vector<std::size_t> sizes;
        for (const auto& frame : frames())
            if (frame.value("type", "") == "presence") sizes.push_back(frame["online"].size());
        return sizes;
    }
    std::optional<app::CloseReason> closed() const {
        std::lock_guard lock(mutex_);
        return closed_;
    }
    void clear() {
        std::lock_guard lock(mutex_);
        frames_.clear();
    }

private:
    void record(const std::string& frame) {
        auto json = nlohmann::json::parse(frame);
        std::lock_guard lock(mutex_);
        frames_.push_back(std::move(json));
    }
    std::int64_t user_;
    mutable std::mutex mutex_;
    std::vector<nlohmann::json> frames_;
    std::optional<app::CloseReason> closed_;
};

}  // namespace kl::test
