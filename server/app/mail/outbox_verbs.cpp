#include "server/app/mail/outbox_verbs.hpp"

#include "protocol/fields.hpp"
#include "protocol/paging.hpp"
#include "protocol/time.hpp"
#include "server/app/access/caller.hpp"
#include "storage/connection.hpp"
#include "storage/mail_outbox.hpp"

namespace kl::app::mail {

namespace {

nlohmann::json optional_time(const std::optional<std::int64_t>& at) {
    return at ? nlohmann::json(protocol::time_json(*at)) : nlohmann::json(nullptr);
}

// The wire form of one row: everything but the bodies (the listing never reads them).
nlohmann::json mail_json(const storage::OutboxMail& m) {
    return {{"id", std::to_string(m.id)},
            {"to", m.recipient},
            {"kind", m.kind},
            {"subject", m.subject},
            {"status", m.status},
            {"attempts", m.attempts},
            {"next_attempt_at", optional_time(m.next_attempt_at)},
            {"last_error", m.last_error ? nlohmann::json(*m.last_error) : nlohmann::json(nullptr)},
            {"created_at", protocol::time_json(m.created_at)},
            {"sent_at", optional_time(m.sent_at)}};
}

}  // namespace

void OutboxVerbs::list(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    const auto paging = protocol::page_params(request.params, default_limit, max_limit);
    const auto before = paging.before;
    const auto limit = paging.limit;
    bool configured = services_.mailer != nullptr;
    run_read(
        services_.pool,
        [id = client->user_id(), before, limit, configured](storage::Connection& c) -> nlohmann::json {
            require_caller(c, id, GlobalAction::mail_outbox);
            auto rows = storage::outbox_page(c, before, limit + 1);
            bool has_more = protocol::take_page(rows, limit);
            auto mails = nlohmann::json::array();
            for (const auto& row : rows) mails.push_back(mail_json(row));
            return {{"configured", configured}, {"mails", mails}, {"has_more", has_more}};
        },
        std::move(finish));
}

}  // namespace kl::app::mail
