#pragma once
// A hub client that records what it is sent, for the unit tests of the hub and of the
// visibility gate's live and replay ways out.
#include "server/app/realtime/client.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace kl::test {

class RecordingClient final : public app::Client {
public:
    explicit RecordingClient(std::int64_t user) : user_(user) {}
    void send(std::shared_ptr<const std::string> frame) override { record(*frame); }
    // Frames queued with queue_live are recorded when wake_all takes them, as the
    // network edge sends them only then.
    bool queue_live(std::shared_ptr<const std::string> frame) override {
        std::lock_guard lock(mutex_);
        unwoken_.push_back(std::move(frame));
        return unwoken_.size() == 1;
    }
    void wake_all(std::vector<std::shared_ptr<app::Client>> clients) override {
        ++wake_calls_;
        {
            std::lock_guard lock(mutex_);
            if (holding_wakes_) {  // as a network thread that has not run the hop yet
                held_wakes_.push_back(std::move(clients));
                return;
            }
        }
        for (const auto& client : clients) static_cast<RecordingClient&>(*client).take_unwoken();
    }
    // From now on wake_all keeps its lists until release_wakes runs them.
    void hold_wakes() {
        std::lock_guard lock(mutex_);
        holding_wakes_ = true;
    }
    void release_wakes() {
        std::vector<std::vector<std::shared_ptr<app::Client>>> held;
        {
            std::lock_guard lock(mutex_);
            holding_wakes_ = false;
            held.swap(held_wakes_);
        }
        for (const auto& clients : held)
            for (const auto& client : clients) static_cast<RecordingClient&>(*client).take_unwoken();
    }
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
    // Frames queued with queue_live that no wake_all has taken yet.
    std::size_t unwoken() const {
        std::lock_guard lock(mutex_);
        return unwoken_.size();
    }
    // How often this client was the one asked to wake a list (once per publish).
    int wake_calls() const { return wake_calls_.load(); }
    void clear() {
        std::lock_guard lock(mutex_);
        frames_.clear();
    }

private:
    void take_unwoken() {
        std::vector<std::shared_ptr<const std::string>> taken;
        {
            std::lock_guard lock(mutex_);
            taken.swap(unwoken_);
        }
        for (const auto& frame : taken) record(*frame);
    }
    void record(const std::string& frame) {
        auto json = nlohmann::json::parse(frame);
        std::lock_guard lock(mutex_);
        frames_.push_back(std::move(json));
    }
    std::int64_t user_;
    mutable std::mutex mutex_;
    std::vector<nlohmann::json> frames_;
    std::optional<app::CloseReason> closed_;
    std::vector<std::shared_ptr<const std::string>> unwoken_;
    std::atomic<int> wake_calls_{0};
    bool holding_wakes_ = false;
    std::vector<std::vector<std::shared_ptr<app::Client>>> held_wakes_;
};

}  // namespace kl::test
