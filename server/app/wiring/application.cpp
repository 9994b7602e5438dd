#include "server/app/wiring/application.hpp"

#include "server/app/accounts/accounts_feature.hpp"
#include "server/app/audit/audit_feature.hpp"
#include "server/app/board/board_feature.hpp"
#include "server/app/documents/documents_feature.hpp"
#include "server/app/invitations/invitations_feature.hpp"
#include "server/app/mail/mail_feature.hpp"
#include "server/app/my_data/my_data_feature.hpp"
#include "server/app/notes/notes_feature.hpp"
#include "server/app/notifications/notifications_feature.hpp"
#include "server/app/privacy/privacy_feature.hpp"
#include "server/app/report/report_feature.hpp"
#include "server/app/retention/retention_feature.hpp"
#include "server/app/search/search_feature.hpp"
#include "server/app/second_factor/second_factor_feature.hpp"
#include "server/app/sessions/sessions_feature.hpp"
#include "server/app/threads/threads_feature.hpp"
#include "server/app/user_erasure/user_erasure_feature.hpp"

namespace kl::app {

namespace {

// Every feature registers itself here, once; a new feature adds one line.
Accounts& register_features(Features& features, SetupToken& setup_token) {
    register_mail(features);  // first: the features below queue mail through Services::mailer
    auto& accounts = register_accounts(features, setup_token);
    auto& boards = register_sessions(features);
    register_invitations(features);
    register_threads(features);
    register_board(features);
    register_notes(features);
    register_search(features);
    register_audit(features);
    register_report(features);
    register_documents(features);
    register_second_factor(features);
    register_notifications(features);
    register_retention(features);
    register_my_data(features);
    register_user_erasure(features, boards);
    register_privacy(features);
    return accounts;
}

}  // namespace

Application::Application(Services& services, SetupToken& setup_token)
    : hashing_pool_(services.config.database_path(), services.config.hashing_threads, services.config.hashing_queue,
                    BlockingPool::Priority::background),
      features_(services, hub_, hashing_pool_, second_factor_gate_),
      accounts_(register_features(features_, setup_token)),
      dispatcher_(services, hub_, features_.verbs, second_factor_gate_),
      api_(services, features_.routes, second_factor_gate_) {
    // Who is online goes out at most once a second per session (hub.hpp says why).
    features_.every_second([this] { hub_.announce_presence_changes(); });
}

Application::~Application() { hashing_pool_.stop(); }

void Application::shutdown() {
    features_.run_shutdown();
    hashing_pool_.stop();
}

}  // namespace kl::app
