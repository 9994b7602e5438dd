#include "server/app/realtime/answers_for_page.hpp"

#include <nlohmann/json.hpp>

#include <unordered_map>
#include <memory>
#include <mutex>

namespace kl::app {

namespace {

// A connection that is only ever asked these requests: it keeps the answers and
// ignores live frames (it subscribes to nothing). The dispatcher holds its clients
// weakly, so it holds itself until the last answer is in.
class PageClient final : public Client, public std::enable_shared_from_this<PageClient> {
public:
    PageClient(Dispatcher& dispatcher, std::int64_t user_id, std::size_t count, PageAnswers done)
        : dispatcher_(dispatcher), user_id_(user_id), answers_(count), done_(std::move(done)) {}

    void start(std::vector<protocol::Request> requests) {
        self_ = shared_from_this();
        for (std::size_t i = 0; i < requests.size(); ++i) {
            index_of_[requests[i].id] = i;
        }
        for (const auto& request : requests) dispatcher_.handle(self_, request);
    }

    // Live events are not part of a page: the page subscribes after it is shown.
    void send(std::shared_ptr<const std::string>) override {}
    bool queue_live(std::shared_ptr<const std::string>) override { return false; }
    void wake_all(std::vector<std::shared_ptr<Client>>) override {}
    void send_answer(std::shared_ptr<const std::string> frame) override { keep(*frame); }
    void send_burst(std::vector<std::shared_ptr<const std::string>> frames) override {
        if (!frames.empty()) keep(*frames.front());
    }
    bool burst_pending() const override { return false; }
    void close(CloseReason) override {}
    std::int64_t user_id() const override { return user_id_; }

private:
    // The answers come in any order, on any thread; each names its request ("re").
    void keep(const std::string& frame) {
        std::shared_ptr<PageClient> last;
        std::vector<std::string> answers;
        {
            std::lock_guard lock(mutex_);
            std::size_t at = next_unanswered();
            try {
                auto re = nlohmann::json::parse(frame).value("re", nlohmann::json());
                if (re.is_string() && index_of_.count(re.get<std::string>())) at = index_of_[re.get<std::string>()];
            } catch (const nlohmann::json::exception&) {
            }
            if (at >= answers_.size() || !answers_[at].empty()) return;
            answers_[at] = frame;
            if (++answered_ < answers_.size()) return;
            answers = std::move(answers_);
            last = std::move(self_);
        }
        // Its rate limits are forgotten as a closed connection's are.
        dispatcher_.disconnected(this);
        done_(std::move(answers));
    }

    std::size_t next_unanswered() const {
        for (std::size_t i = 0; i < answers_.size(); ++i)
            if (answers_[i].empty()) return i;
        return answers_.size();
    }

    Dispatcher& dispatcher_;
    const std::int64_t user_id_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::size_t> index_of_;  // request id -> position
    std::vector<std::string> answers_;
    std::size_t answered_ = 0;
    PageAnswers done_;
    std::shared_ptr<PageClient> self_;  // until the last answer
};

}  // namespace

void answers_for_page(Dispatcher& dispatcher, std::int64_t user_id, std::vector<protocol::Request> requests,
                      PageAnswers done) {
    if (requests.empty()) return done({});
    auto client = std::make_shared<PageClient>(dispatcher, user_id, requests.size(), std::move(done));
    client->start(std::move(requests));
}

}  // namespace kl::app
