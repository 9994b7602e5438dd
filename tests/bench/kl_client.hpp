#pragma once
// A Kennislab protocol client on top of WsConnection: numbered requests with their
// answers routed back to a callback, everything else (events, presence) to one
// handler. Used for provisioning (through call(), which waits) and by the scenarios
// (asynchronously, many clients on one loop).
#include "net.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace kl::bench {

class KlClient {
public:
    using OnAnswer = std::function<void(std::string_view answer)>;
    using OnOther = std::function<void(std::string_view frame)>;

    KlClient(EventLoop& loop, WsOptions options);

    void open(WsConnection::OnOpen on_open);
    // Sends {"id":…,"type":type,…params}; on_answer gets the raw answer frame.
    void request(const std::string& type, nlohmann::json params, OnAnswer on_answer);
    // Frames that are not answers: events and presence.
    void on_other(OnOther handler) { on_other_ = std::move(handler); }
    void on_close(WsConnection::OnClose handler) { connection_->on_close(std::move(handler)); }
    bool is_open() const { return connection_->is_open(); }
    void pause_reading() { connection_->pause_reading(); }
    void resume_reading() { connection_->resume_reading(); }
    void abort() { connection_->abort(); }
    TlsSessionPtr tls_session() const { return connection_->tls_session(); }
    bool resumed() const { return connection_->resumed(); }
    std::size_t pending() const { return answers_.size(); }

private:
    void dispatch(std::string_view frame);

    std::shared_ptr<WsConnection> connection_;
    std::unordered_map<std::string, OnAnswer> answers_;
    OnOther on_other_;
    std::uint64_t next_id_ = 1;
};

// True when the answer says "ok":true.
bool answer_ok(std::string_view answer);

// Sends one request and runs the loop until its answer arrives; the parsed answer.
// Throws when it does not come within the timeout or is not ok.
nlohmann::json call(EventLoop& loop, KlClient& client, const std::string& type, nlohmann::json params,
                    Clock::duration timeout = std::chrono::seconds(30));
// Opens client, running the loop until it is open; throws on failure.
void open_blocking(EventLoop& loop, KlClient& client, Clock::duration timeout = std::chrono::seconds(30));

}  // namespace kl::bench
