#include "kl_client.hpp"

#include "frames.hpp"

#include <stdexcept>

namespace kl::bench {

KlClient::KlClient(EventLoop& loop, WsOptions options) {
    options.subprotocol = "kennislab.v1";
    connection_ = WsConnection::create(loop, std::move(options));
    connection_->on_frame([this](std::string_view frame) { dispatch(frame); });
}

void KlClient::open(WsConnection::OnOpen on_open) { connection_->open(std::move(on_open)); }

void KlClient::request(const std::string& type, nlohmann::json params, OnAnswer on_answer) {
    auto id = std::to_string(next_id_++);
    params["id"] = id;
    params["type"] = type;
    answers_.emplace(id, std::move(on_answer));
    connection_->send(params.dump());
}

void KlClient::dispatch(std::string_view frame) {
    // The server writes keys sorted: events start with "event", presence with
    // "online"; only answers carry "re". Skipping the search keeps receivers cheap.
    bool answer = !frame.starts_with("{\"event\"") && !frame.starts_with("{\"online\"");
    if (auto re = answer ? string_field(frame, "re") : std::nullopt) {
        auto found = answers_.find(std::string(*re));
        if (found != answers_.end()) {
            auto callback = std::move(found->second);
            answers_.erase(found);
            if (callback) callback(frame);
            return;
        }
    }
    if (on_other_) on_other_(frame);
}

bool answer_ok(std::string_view answer) { return answer.find("\"ok\":true") != std::string_view::npos; }

nlohmann::json call(EventLoop& loop, KlClient& client, const std::string& type, nlohmann::json params,
                    Clock::duration timeout) {
    std::optional<nlohmann::json> answer;
    client.request(type, std::move(params), [&](std::string_view frame) { answer = nlohmann::json::parse(frame); });
    if (!loop.run_until([&] { return answer.has_value() || !client.is_open(); }, timeout) || !answer)
        throw std::runtime_error(type + ": no answer");
    if (!answer->value("ok", false)) throw std::runtime_error(type + " failed: " + answer->dump());
    return *answer;
}

void open_blocking(EventLoop& loop, KlClient& client, Clock::duration timeout) {
    std::optional<std::string> error;
    client.open([&](const std::string& e) { error = e; });
    if (!loop.run_until([&] { return error.has_value(); }, timeout)) throw std::runtime_error("websocket: open timed out");
    if (!error->empty()) throw std::runtime_error("websocket: " + *error);
}

}  // namespace kl::bench
