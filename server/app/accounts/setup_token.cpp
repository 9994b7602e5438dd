#include "server/app/accounts/setup_token.hpp"

#include "server/app/core/crypto.hpp"

namespace kl::app {

std::string SetupToken::issue() {
    auto token = random_token();
    std::lock_guard lock(mutex_);
    hash_ = token_hash(token);
    return token;
}

bool SetupToken::matches(const std::string& token) const {
    auto candidate = token_hash(token);
    std::lock_guard lock(mutex_);
    return hash_ && constant_time_equal(*hash_, candidate);
}

bool SetupToken::open() const {
    std::lock_guard lock(mutex_);
    return hash_.has_value();
}

void SetupToken::close() {
    std::lock_guard lock(mutex_);
    hash_.reset();
}

}  // namespace kl::app
