#include "server/net/connection_limits.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>

namespace kl::net {

std::size_t total_from_descriptor_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024 - reserved_descriptors;
    if (limit.rlim_cur < limit.rlim_max) {
        // The soft limit is often 1,024 while the hard one allows far more.
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    auto available = static_cast<std::size_t>(std::min<rlim_t>(limit.rlim_cur, 1u << 20));
    return std::max<std::size_t>(16, available > reserved_descriptors ? available - reserved_descriptors : 0);
}

ConnectionLimits::ConnectionLimits(ConnectionLimitSettings settings, const app::Clock& clock)
    : max_total_(settings.max_total ? settings.max_total : total_from_descriptor_limit()),
      max_per_address_(settings.max_per_address),
      exempt_(std::move(settings.exempt_addresses)),
      arrivals_(clock, static_cast<int>(std::max<std::size_t>(1, settings.max_new_per_address)), new_connection_window),
      count_arrivals_(settings.max_new_per_address > 0) {}

std::shared_ptr<void> ConnectionLimits::admit(const std::string& address) {
    std::lock_guard lock(mutex_);
    bool exempt = exempt_.contains(address);
    bool limited = max_per_address_ > 0 && !exempt;
    // An arrival refused by a cap below still used up its place in the window: it cost
    // an accept, and an address that keeps knocking should not win a freed place.
    bool too_fast = count_arrivals_ && !exempt && !arrivals_.try_acquire(address).admitted;
    if (too_fast || total_ >= max_total_ || (limited && per_address_[address] >= max_per_address_)) {
        ++refused_;
        if (limited && per_address_[address] == 0) per_address_.erase(address);
        return nullptr;
    }
    ++total_;
    if (limited) ++per_address_[address];
    return std::make_shared<Slot>(*this, limited ? address : std::string());
}

ConnectionLimits::Slot::~Slot() { limits.release(address); }

void ConnectionLimits::release(const std::string& address) {
    std::lock_guard lock(mutex_);
    --total_;
    if (address.empty()) return;
    auto found = per_address_.find(address);
    if (found != per_address_.end() && --found->second == 0) per_address_.erase(found);
}

std::size_t ConnectionLimits::total() const {
    std::lock_guard lock(mutex_);
    return total_;
}

std::size_t ConnectionLimits::refused() const {
    std::lock_guard lock(mutex_);
    return refused_;
}

}  // namespace kl::net
