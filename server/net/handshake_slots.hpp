#pragma once
// A cap on TLS handshakes in progress at once. An SSL object in its handshake holds
// about 45 KB (its record and message buffers); after the handshake it releases them
// (SSL_MODE_RELEASE_BUFFERS). Without this cap, clients that send the first bytes of a
// hello and then stall would hold that much on every connection the limits allow until
// the handshake deadline. With it, what handshakes hold is at most max × 45 KB, and a
// connection whose hello arrives while every slot is taken is closed (the client may
// try again; browsers do).
//
// Thread-safety: take and give_back may be called from any thread.
#include <atomic>
#include <cstddef>

namespace kl::net {

class HandshakeSlots {
public:
    // max 0: no cap.
    explicit HandshakeSlots(std::size_t max) : max_(max) {}

    // True when a slot was free and is now the caller's.
    bool take() {
        auto now = in_progress_.load();
        do {
            if (max_ != 0 && now >= max_) {
                ++refused_;
                return false;
            }
        } while (!in_progress_.compare_exchange_weak(now, now + 1));
        return true;
    }
    void give_back() { --in_progress_; }

    std::size_t in_progress() const { return in_progress_.load(); }
    std::size_t refused() const { return refused_.load(); }
    std::size_t max() const { return max_; }

private:
    const std::size_t max_;
    std::atomic<std::size_t> in_progress_{0};
    std::atomic<std::size_t> refused_{0};
};

}  // namespace kl::net
