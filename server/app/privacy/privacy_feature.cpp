#include "server/app/privacy/privacy_feature.hpp"

#include "server/app/http/http_responses.hpp"

#include <nlohmann/json.hpp>

namespace kl::app {

namespace {

nlohmann::json optional_text(const std::string& text) { return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text); }

}  // namespace

void register_privacy(Features& features) {
    // From the configuration only, the same for everyone: no storage, no cookie, so no
    // second factor either. The figures are the server's defaults (a session's own
    // term is its moderators' choice).
    const auto& config = features.services.config;
    nlohmann::json body = {
        {"contact", optional_text(config.privacy_contact)},
        {"organisation", optional_text(config.privacy_organisation)},
        {"default_retention_days",
         config.default_retention_days ? nlohmann::json(*config.default_retention_days) : nlohmann::json(nullptr)},
        {"audit_retention_days", config.audit_retention_days},
    };
    features.routes.add("GET", "/api/privacy", [body](const HttpRequest&, const std::string&, Respond respond) {
        respond(json_response(200, body));
    }, SecondFactorCheck::exempt);
}

}  // namespace kl::app
