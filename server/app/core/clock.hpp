#pragma once
// The application's notion of "now". Production uses the system clock; tests use a
// ManualClock so that expiry (tokens, mutes, guest access) is tested without sleeping.
#include <atomic>
#include <chrono>
#include <string>

namespace kl::app {

using TimePoint = std::chrono::sys_seconds;

class Clock {
public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
public:
    TimePoint now() const override {
        return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    }
};

// A clock that only moves when a test moves it. Thread-safe.
class ManualClock final : public Clock {
public:
    explicit ManualClock(TimePoint start) : now_(start.time_since_epoch().count()) {}
    TimePoint now() const override { return TimePoint(std::chrono::seconds(now_.load())); }
    void advance(std::chrono::seconds by) { now_ += by.count(); }
    void set(TimePoint to) { now_ = to.time_since_epoch().count(); }

private:
    std::atomic<long long> now_;
};

}  // namespace kl::app
