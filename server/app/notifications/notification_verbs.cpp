#include "server/app/notifications/notification_verbs.hpp"

#include "protocol/fields.hpp"
#include "protocol/paging.hpp"
#include "protocol/vocabulary.hpp"
#include "server/app/access/caller.hpp"
#include "server/app/access/notification_access.hpp"
#include "server/app/notifications/notification_json.hpp"
#include "storage/connection.hpp"
#include "storage/notifications.hpp"

#include <nlohmann/json.hpp>

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

constexpr int default_limit = 30;
constexpr int max_limit = 100;
constexpr std::size_t max_ids = 100;

}  // namespace

NotificationVerbs::NotificationVerbs(Services& services) : services_(services) {}

void NotificationVerbs::list(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    const auto& params = request.params;
    const auto paging = protocol::page_params(params, default_limit, max_limit);
    const auto before = paging.before;
    const auto limit = paging.limit;
    bool unread_only = protocol::optional_bool(params, "unread_only").value_or(false);
    run_read(
        services_.pool,
        [this, id = client->user_id(), before, limit, unread_only](storage::Connection& c) -> nlohmann::json {
            require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            // Read in pages until limit + 1 visible ones are found: the stored ones are
            // bounded per user, so this ends, and what the gate hides is skipped.
            auto page = nlohmann::json::array();
            bool has_more = false;
            std::optional<std::int64_t> cursor = before;
            while (!has_more) {
                auto batch = storage::notifications_of(c, id, cursor, max_limit, unread_only);
                for (const auto& n : batch) {
                    auto subject = visible_subject(c, n, now);
                    if (!subject) continue;
                    if (static_cast<int>(page.size()) == limit) {
                        has_more = true;
                        break;
                    }
                    page.push_back(notification_json(n, *subject));
                }
                if (static_cast<int>(batch.size()) < max_limit) break;
                cursor = batch.back().id;
            }
            return {{"notifications", page}, {"unread", visible_unread_count(c, id, now)}, {"has_more", has_more}};
        },
        std::move(finish));
}

void NotificationVerbs::read(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    const auto& params = request.params;
    bool all = protocol::optional_bool(params, "all").value_or(false);
    auto ids = protocol::optional_id_list(params, "ids", max_ids);
    if (all == !ids.empty())
        throw ProtocolError(ErrorCode::bad_request, "Geef de ids van de meldingen, of all: true.");
    run_write(
        services_.writer,
        [this, id = client->user_id(), all, ids](storage::Connection& c) -> nlohmann::json {
            require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            // Only the caller's own: ids of someone else's notifications change nothing.
            if (all)
                storage::mark_all_notifications_read(c, id, now);
            else
                storage::mark_notifications_read(c, id, ids, now);
            return {{"unread", visible_unread_count(c, id, now)}};
        },
        std::move(finish));
}

void NotificationVerbs::settings(const std::shared_ptr<Client>& client, const protocol::Request& request,
                                 Finish finish) {
    auto email = protocol::optional_enum(request.params, "email", protocol::notification_email_choices);
    run_write(
        services_.writer,
        [this, id = client->user_id(), email](storage::Connection& c) -> nlohmann::json {
            require_caller(c, id, GlobalAction::hello);
            if (email) storage::set_notification_email(c, id, *email, services_.now());
            return {{"email", storage::notification_email(c, id)}};
        },
        std::move(finish));
}

}  // namespace kl::app
