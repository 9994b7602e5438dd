#include "server/app/my_data/my_data_feature.hpp"

#include "protocol/fields.hpp"
#include "server/app/access/permissions.hpp"
#include "server/app/accounts/accounts.hpp"
#include "server/app/audit/audit_trail.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/http/http_responses.hpp"
#include "server/app/my_data/personal_export.hpp"
#include "storage/connection.hpp"

#include <spdlog/spdlog.h>

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

// Finds who asks and whose data (themselves, or for an administrator anyone), and
// writes the audit entry before a byte goes out; then makes the ZIP on the read pool.
void export_data(Services& services, const HttpRequest& request, std::optional<std::string> target, Respond respond) {
    std::optional<std::int64_t> target_id;
    if (target) target_id = protocol::id_value(*target);
    run_write(
        services.writer,
        [&services, token = request.cookie_token, address = request.address, target_id](storage::Connection& c)
            -> nlohmann::json {
            auto now = services.now();
            auto caller = user_for_login_token(c, token, now);
            if (!caller) throw ProtocolError(ErrorCode::unauthenticated, "Je bent niet ingelogd.");
            auto whose = target_id.value_or(caller->id);
            if (whose != caller->id) {
                if (!may(*caller, GlobalAction::user_export))
                    throw ProtocolError(ErrorCode::forbidden, "Alleen beheerders downloaden de gegevens van een ander.");
                if (!storage::find_user(c, whose)) throw ProtocolError(ErrorCode::not_found, "Deze gebruiker bestaat niet.");
            }
            audit_user_action(c, now, caller->id, "user.export", whose, {std::nullopt, address});
            return {{"user", whose}};
        },
        [&services, respond = std::move(respond)](Outcome outcome) mutable {
            if (failed(outcome)) return respond(error_response(error(outcome)));
            auto whose = result(outcome)["user"].get<std::int64_t>();
            // Off the writer and the socket threads: a large export takes a read thread a while.
            services.pool.post([&services, whose, respond = std::move(respond)](storage::Connection& c) {
                try {
                    auto user = storage::find_user(c, whose);
                    if (!user) return respond(error_response(ErrorCode::not_found, "Deze gebruiker bestaat niet."));
                    HttpResponse response;
                    response.content_type = "application/zip";
                    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"mijn-gegevens.zip\"");
                    response.headers.emplace_back("Cache-Control", "no-store");
                    response.body = personal_data_zip(c, *user, services.config.data_dir);
                    respond(std::move(response));
                } catch (const ProtocolError& e) {
                    respond(error_response(e));
                } catch (const std::exception& e) {
                    spdlog::error("personal data export failed: {}", e.what());
                    respond(error_response(ErrorCode::internal, "Er ging iets mis op de server."));
                }
            });
        });
}

}  // namespace

void register_my_data(Features& features) {
    auto& services = features.services;
    features.routes.add("GET", "/api/me/export", [&services](const HttpRequest& request, const std::string&, Respond respond) {
        export_data(services, request, std::nullopt, std::move(respond));
    });
    features.routes.add("GET", "/api/users/{}/export",
                        [&services](const HttpRequest& request, const std::string& id, Respond respond) {
                            export_data(services, request, id, std::move(respond));
                        });
}

}  // namespace kl::app
