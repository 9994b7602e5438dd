#pragma once
// Asks the dispatcher, on behalf of a signed-in user without a WebSocket, the requests
// a page would send first over its WebSocket, and hands back the answer frames exactly
// as the WebSocket would have carried them: the same dispatcher, rate limits, second
// factor hold and verbs, so the same visibility gate (access/reader.hpp) decides what
// is in them. The network edge puts them into the page (net/first_view.cpp), which
// then needs no round trip for its first view.
#include "protocol/envelope.hpp"
#include "server/app/realtime/dispatcher.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace kl::app {

// Called exactly once, possibly on another thread: the answer frames, in the order of
// the requests ("re" is each request's id).
using PageAnswers = std::function<void(std::vector<std::string>)>;

// Sends requests as user_id through dispatcher; done gets one answer frame per request.
void answers_for_page(Dispatcher& dispatcher, std::int64_t user_id, std::vector<protocol::Request> requests,
                      PageAnswers done);

}  // namespace kl::app
