// kennislab: the server and its administrative subcommands.
//
//   kennislab serve  [--listen HOST:PORT] [--data DIR] [--origin URL] [--cert FILE --key FILE] [--web DIR]
//                    [--insecure-http] [--trusted-proxy ADDR]… [--smtp URL --mail-from ADDRESS
//                    [--smtp-user NAME --smtp-password-file FILE]] …
//   kennislab backup --data DIR --to FILE
#include "server/app/backup/encrypted_backup.hpp"
#include "server/app/core/config.hpp"
#include "server/app/http/client_address.hpp"
#include "server/app/mail/mime_message.hpp"
#include "server/app/mail/smtp_sender.hpp"
#include "server/net/server.hpp"
#include "server/pdf/inspect_pdf.hpp"
#include "storage/backup.hpp"
#include "storage/retention.hpp"

#include <boost/program_options.hpp>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

namespace po = boost::program_options;

namespace {

void usage() {
    std::cout << "usage: kennislab serve [options] | kennislab backup --data DIR --to FILE [--encrypt-to AGE_KEY | --encrypt-to-file FILE]\n"
                 "       kennislab <command> --help\n";
}

// "127.0.0.1:8443" or "[::1]:8443" → host and port.
void parse_listen(const std::string& text, kl::app::ServerConfig& config) {
    auto colon = text.rfind(':');
    if (colon == std::string::npos) throw po::error("--listen needs HOST:PORT");
    auto host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    int port = std::stoi(text.substr(colon + 1));
    if (port < 0 || port > 65535) throw po::error("--listen: port out of range");
    config.listen_host = host;
    config.listen_port = static_cast<std::uint16_t>(port);
}

// --smtp and its companions, checked before anything starts. The password is read from
// its file (one line; a trailing newline is not part of it) and never printed.
void configure_mail(const std::string& password_file, kl::app::ServerConfig& config) {
    if (config.smtp_url.empty()) {
        if (!config.mail_from.empty() || !config.smtp_user.empty() || !password_file.empty())
            throw po::error("--mail-from, --smtp-user and --smtp-password-file need --smtp");
        return;
    }
    if (!kl::app::mail::is_smtp_url(config.smtp_url))
        throw po::error("--smtp needs smtp://HOST:PORT (STARTTLS when offered) or smtps://HOST:PORT");
    if (config.mail_from.empty()) throw po::error("--smtp needs --mail-from ADDRESS");
    if (!kl::app::mail::is_plain_address(config.mail_from))
        throw po::error("--mail-from needs one plain address like kennislab@example.org");
    if (config.smtp_user.empty() != password_file.empty())
        throw po::error("--smtp-user and --smtp-password-file go together");
    if (password_file.empty()) return;
    std::ifstream in(password_file);
    if (!in) throw po::error("--smtp-password-file: cannot read " + password_file);
    std::getline(in, config.smtp_password);
    if (!config.smtp_password.empty() && config.smtp_password.back() == '\r') config.smtp_password.pop_back();
    if (config.smtp_password.empty()) throw po::error("--smtp-password-file: the file's first line is empty");
}

int serve(int argc, char** argv) {
    kl::app::ServerConfig config;
    std::string listen, smtp_password_file;
    std::int64_t default_retention_days = -1;
    po::options_description options("kennislab serve");
    options.add_options()
        ("help", "show this help")
        ("listen", po::value(&listen)->default_value("127.0.0.1:8443"), "address and port to listen on (port 0: any free port)")
        ("data", po::value(&config.data_dir)->default_value("data"), "folder for the database and the generated certificate")
        ("origin", po::value(&config.origin), "public origin of the server (default https://localhost:PORT)")
        ("cert", po::value(&config.cert_file), "certificate chain (PEM) instead of the generated one")
        ("key", po::value(&config.key_file), "private key (PEM) belonging to --cert")
        ("web", po::value(&config.web_root)->default_value(KL_DEFAULT_WEB_ROOT), "folder with the browser client")
        ("threads", po::value(&config.io_threads)->default_value(2), "network threads")
        ("demo", po::bool_switch(&config.demo), "load a small fictional demo kennislab into an empty database")
        ("insecure-http", po::bool_switch(&config.insecure_http), "serve plain HTTP without TLS (only behind a TLS-terminating proxy)")
        ("request-rate", po::value(&config.request_rate)->default_value(config.request_rate),
         "WebSocket requests per second per connection after the burst (0: no limit, for benchmarks)")
        ("request-burst", po::value(&config.request_burst)->default_value(config.request_burst),
         "WebSocket requests a connection may send at once")
        ("search-rate", po::value(&config.search_rate)->default_value(config.search_rate),
         "searches per second per connection after the burst (0: no limit of their own)")
        ("search-burst", po::value(&config.search_burst)->default_value(config.search_burst),
         "searches a connection may send at once")
        ("answer-rate-mb", po::value(&config.answer_volume_mb_per_second)->default_value(config.answer_volume_mb_per_second),
         "MiB of answers per second per account after the burst (0: no limit, for benchmarks)")
        ("answer-burst-mb", po::value(&config.answer_volume_burst_mb)->default_value(config.answer_volume_burst_mb),
         "MiB of answers an account may ask for at once")
        ("max-connections", po::value(&config.max_connections)->default_value(config.max_connections),
         "connections held at once (0: the file descriptor limit less a reserve)")
        ("max-connections-per-address", po::value(&config.max_connections_per_address)->default_value(config.max_connections_per_address),
         "connections held at once from one client address (0: no limit, for benchmarks)")
        ("new-connections-per-address", po::value(&config.max_new_connections_per_address)->default_value(config.max_new_connections_per_address),
         "new connections one client address may open in 10 seconds (0: no limit, for benchmarks)")
        ("max-tls-handshakes", po::value(&config.max_tls_handshakes)->default_value(config.max_tls_handshakes),
         "TLS handshakes in progress at once; a connection whose hello arrives over it is closed (0: no limit)")
        ("max-upload-mb", po::value(&config.max_upload_mb)->default_value(config.max_upload_mb),
         "largest document upload in MiB, enforced while the body is read (413 beyond)")
        ("max-database-mb", po::value(&config.max_database_mb)->default_value(config.max_database_mb),
         "largest size of the database file in MiB; past it changes answer 'unavailable' (0: no limit)")
        ("trusted-proxy", po::value(&config.trusted_proxies)->composing(),
         "IP address of a proxy whose X-Forwarded-For names the client (repeatable)")
        ("smtp", po::value(&config.smtp_url),
         "mail server: smtp://HOST:PORT (STARTTLS when offered) or smtps://HOST:PORT; without it nothing is mailed")
        ("mail-from", po::value(&config.mail_from), "sender address of the mails (with --smtp)")
        ("smtp-user", po::value(&config.smtp_user), "user name for SMTP AUTH (with --smtp-password-file)")
        ("smtp-password-file", po::value(&smtp_password_file),
         "file whose first line is the SMTP password (never on the command line)")
        ("default-retention-days", po::value(&default_retention_days),
         "days after archiving until a new session's content is erased (0 to 3650; without it: kept until a moderator sets a term)")
        ("audit-retention-days", po::value(&config.audit_retention_days)->default_value(0),
         "days the audit log keeps an entry (30 to 3650; 0: for ever)")
        ("privacy-contact", po::value(&config.privacy_contact),
         "e-mail address for questions about privacy, shown on the privacy statement (/privacy)")
        ("privacy-organisation", po::value(&config.privacy_organisation),
         "the organisation responsible for the data, shown on the privacy statement");
    po::variables_map vm;
    po::store(po::parse_command_line(argc, argv, options), vm);
    po::notify(vm);
    if (vm.count("help")) {
        std::cout << options;
        return 0;
    }
    if (config.cert_file.empty() != config.key_file.empty()) throw po::error("--cert and --key go together");
    if (config.io_threads == 0) config.io_threads = 1;
    if (config.request_burst == 0) throw po::error("--request-burst must be at least 1");
    if (config.search_burst == 0) throw po::error("--search-burst must be at least 1");
    for (const auto& proxy : config.trusted_proxies)
        if (!kl::app::canonical_address(proxy)) throw po::error("--trusted-proxy needs an IP address, not '" + proxy + "'");
    if (vm.count("default-retention-days")) {
        if (default_retention_days < 0 || default_retention_days > kl::storage::max_retention_days)
            throw po::error("--default-retention-days must be 0 to " + std::to_string(kl::storage::max_retention_days));
        config.default_retention_days = default_retention_days;
    }
    if (config.audit_retention_days != 0 &&
        (config.audit_retention_days < kl::app::ServerConfig::min_audit_retention_days ||
         config.audit_retention_days > kl::storage::max_retention_days))
        throw po::error("--audit-retention-days must be 0 (for ever) or " +
                        std::to_string(kl::app::ServerConfig::min_audit_retention_days) + " to " +
                        std::to_string(kl::storage::max_retention_days));
    if (!config.privacy_contact.empty() &&
        (config.privacy_contact.size() > 254 || config.privacy_contact.find('@') == std::string::npos ||
         config.privacy_contact.find_first_of(" \t<>\"") != std::string::npos))
        throw po::error("--privacy-contact needs an e-mail address");
    if (config.privacy_organisation.size() > 200) throw po::error("--privacy-organisation: at most 200 characters");
    parse_listen(listen, config);
    configure_mail(smtp_password_file, config);

    kl::net::Server server(config);
    if (!config.smtp_url.empty())
        spdlog::info("mail goes out through {} from {}{}", config.smtp_url, config.mail_from,
                     config.smtp_user.empty() ? "" : " (with a user name and password)");
    if (config.insecure_http) spdlog::warn("TLS is off (--insecure-http): run this only behind a TLS-terminating proxy");
    spdlog::info("listening on {}://localhost:{}", config.insecure_http ? "http" : "https", server.port());
    if (auto link = server.setup_link(); !link.empty())
        spdlog::info("no administrator yet: open {} to create the first one", link);
    server.run();
    return 0;
}

int backup(int argc, char** argv) {
    std::string data_dir, target;
    kl::app::AgeRecipients recipients;
    po::options_description options("kennislab backup");
    options.add_options()
        ("help", "show this help")
        ("data", po::value(&data_dir)->default_value("data"), "the server's data folder")
        ("to", po::value(&target)->required(), "file to write the copy to")
        ("encrypt-to", po::value(&recipients.recipient),
         "encrypt the copy with age to this recipient (an age public key, age1…)")
        ("encrypt-to-file", po::value(&recipients.recipients_file),
         "encrypt the copy with age to the recipients in this file (age -R)");
    po::variables_map vm;
    po::store(po::parse_command_line(argc, argv, options), vm);
    if (vm.count("help")) {
        std::cout << options;
        return 0;
    }
    po::notify(vm);
    if (!recipients.recipient.empty() && !recipients.recipients_file.empty())
        throw po::error("--encrypt-to and --encrypt-to-file exclude each other");
    if (vm.count("encrypt-to") && recipients.recipient.empty()) throw po::error("--encrypt-to needs a recipient");
    if (vm.count("encrypt-to-file") && recipients.recipients_file.empty())
        throw po::error("--encrypt-to-file needs a file");
    if (!recipients.recipient.empty() || !recipients.recipients_file.empty()) {
        try {
            kl::app::encrypted_backup(data_dir + "/kennislab.db", target, recipients);
        } catch (const std::runtime_error& e) {
            std::cerr << "kennislab backup: " << e.what() << "\n";
            return 1;
        }
        spdlog::info("encrypted backup written to {}", target);
    } else {
        kl::storage::backup_database(data_dir + "/kennislab.db", target);
        std::filesystem::permissions(target, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                     std::filesystem::perm_options::replace);
        spdlog::info("backup written to {}", target);
    }
    // The key that seals the authenticator secrets stays out of the copy on purpose (README, "Backup and restore").
    spdlog::info("not in the copy: {}/second-factor.key; keep one copy of it apart from the backups", data_dir);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S%z %l %v");
    spdlog::flush_on(spdlog::level::info);
    if (argc < 2) {
        usage();
        return 2;
    }
    std::string command = argv[1];
    try {
        // The subcommand's own options follow it: shift argv by one.
        if (command == "serve") return serve(argc - 1, argv + 1);
        if (command == "backup") return backup(argc - 1, argv + 1);
        // Not for people: the child process the server starts per PDF (server/pdf/).
        if (command == "inspect-pdf") return kl::pdf::inspect_pdf_command(argc, argv);
        if (command == "--help" || command == "help") {
            usage();
            return 0;
        }
        std::cerr << "unknown command: " << command << "\n";
        usage();
        return 2;
    } catch (const po::error& e) {
        std::cerr << "kennislab " << command << ": " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        spdlog::critical("{}", e.what());
        return 1;
    }
}
