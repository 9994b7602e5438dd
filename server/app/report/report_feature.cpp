#include "server/app/report/report_feature.hpp"

#include "server/app/report/session_export.hpp"

namespace kl::app {

void register_report(Features& features) {
    auto& exports = features.keep<SessionExport>(features.services);
    features.routes.add("GET", "/api/sessions/{}/export",
                        [&exports](const HttpRequest& request, const std::string& session_id, Respond respond) {
                            exports.handle(request, session_id, std::move(respond));
                        });
    features.at_shutdown([&exports] { exports.stop(); });
}

}  // namespace kl::app
