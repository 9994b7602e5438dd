// Mail with a real SMTP server (tests/support/smtp_sink.py on a free loopback port):
// the activation and invitation mails, retries, permanent failures, STARTTLS, no mail
// without --smtp, mail.outbox for administrators only, and a SIGKILL of the real
// server binary between queueing and sending.
#include "support/fixture.hpp"
#include "support/smtp_sink.hpp"

#include "storage/connection.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <csignal>
#include <optional>
#include <cstdlib>

namespace kl::test {
namespace {


nlohmann::json create_user_params(const std::string& email) {
    return {{"email", email},
            {"display_name", "Anna de Vries"},
            {"organisation", {{"type", "gemeente"}, {"name", "Gemeente Voorbeeld"}}},
            {"global_role", "member"}};
}

// The outbox's rows as mail.outbox lists them.
nlohmann::json outbox(WsClient& admin) {
    auto answer = admin.request("mail.outbox");
    EXPECT_EQ(answer["ok"], true) << answer.dump();
    return answer;
}

bool outbox_has(WsClient& admin, const std::function<bool(const nlohmann::json&)>& row_test) {
    auto mails = outbox(admin)["mails"];
    return std::any_of(mails.begin(), mails.end(), row_test);
}


class MailTest : public SinkHolder, public ServerTest {
protected:
    MailTest() : ServerTest(nullptr, [this](app::ServerConfig& c) { configure_mail(c, sink.url()); }) {}
};

TEST_F(MailTest, ActivationMailArrivesWithItsHeadersBothPartsAndTheLink) {
    WsClient admin(server.port(), ws_options(setup_admin()));
    auto created = admin.request("user.create", create_user_params("anna@gemeente.example"));
    ASSERT_EQ(created["ok"], true) << created.dump();
    EXPECT_EQ(created["mail"], "queued");
    auto link = created["activation_url"].get<std::string>();  // still there to copy
    auto mails = sink.wait_for(1);
    ASSERT_EQ(mails.size(), 1u);
    const auto& m = mails[0];
    EXPECT_EQ(m.envelope["mail_from"], mail_from);
    EXPECT_EQ(m.envelope["rcpt_tos"], nlohmann::json::array({"anna@gemeente.example"}));
    EXPECT_EQ(m.header("From"), std::string("\"Kennislab\" <") + mail_from + ">");
    EXPECT_EQ(m.header("To"), "<anna@gemeente.example>");
    EXPECT_EQ(m.header("Subject"), "Je account bij Kennislab");
    EXPECT_EQ(m.header("MIME-Version"), "1.0");
    EXPECT_NE(m.header("Date").find(" +0000"), std::string::npos);
    EXPECT_NE(m.header("Message-ID").find("@ess.example>"), std::string::npos);
    EXPECT_EQ(m.header("List-Unsubscribe"), "<" + server.origin() + "/beveiliging#meldingen>");
    EXPECT_EQ(m.header("Content-Type").rfind("multipart/alternative;", 0), 0u) << m.header("Content-Type");
    auto text = m.part("text/plain");
    auto html = m.part("text/html");
    EXPECT_NE(text.find(link), std::string::npos) << text;
    EXPECT_NE(text.find("Anna de Vries"), std::string::npos);
    EXPECT_NE(text.find("Bea Beheer"), std::string::npos);
    EXPECT_NE(html.find("href=\"" + link + "\""), std::string::npos) << html;
    // The outbox shows it sent, without bodies, and the stored row holds no body any more.
    ASSERT_TRUE(eventually([&] { return outbox_has(admin, [](auto& r) { return r["status"] == "sent"; }); }));
    auto row = outbox(admin)["mails"][0];
    EXPECT_EQ(row["to"], "anna@gemeente.example");
    EXPECT_EQ(row["kind"], "activation");
    EXPECT_EQ(row["attempts"], 1);
    EXPECT_FALSE(row.contains("text_body") || row.contains("html_body") || row.contains("text") || row.contains("html"));
    auto c = storage::open_database(server.database_path(), storage::OpenMode::read_only);
    auto bodies = c.prepare("SELECT count(*) FROM mail_outbox WHERE text_body IS NOT NULL OR html_body IS NOT NULL");
    bodies.step();
    EXPECT_EQ(bodies.int64(0), 0);
}

TEST_F(MailTest, ANewActivationLinkIsMailedToo) {
    WsClient admin(server.port(), ws_options(setup_admin()));
    auto [user, cookie] = make_user(admin, "anna@gemeente.example");
    auto reset = admin.request("user.reset", {{"user", user["id"]}});
    ASSERT_EQ(reset["ok"], true) << reset.dump();
    EXPECT_EQ(reset["mail"], "queued");
    auto mails = sink.wait_for(2);
    ASSERT_EQ(mails.size(), 2u);
    EXPECT_EQ(mails[1].header("Subject"), "Nieuwe link voor je account bij Kennislab");
    EXPECT_NE(mails[1].part("text/plain").find(reset["activation_url"].get<std::string>()), std::string::npos);
}

TEST_F(MailTest, InvitationWithAnAddressIsMailedWithoutTheNote) {
    WsClient admin(server.port(), ws_options(setup_admin()));
    auto session = admin.request("session.create", {{"title", "Casus Noord"}});
    ASSERT_EQ(session["ok"], true);
    auto invited = admin.request("invite.create", {{"session", session["session"]["id"]},
                                                   {"role", "expert"},
                                                   {"email", "gast@universiteit.example"},
                                                   {"note", "vertrouwelijke notitie over de casus"},
                                                   {"expires_in_hours", 72}});
    ASSERT_EQ(invited["ok"], true) << invited.dump();
    EXPECT_EQ(invited["mail"], "queued");
    auto mails = sink.wait_for(1);
    ASSERT_EQ(mails.size(), 1u);
    EXPECT_EQ(mails[0].envelope["rcpt_tos"], nlohmann::json::array({"gast@universiteit.example"}));
    auto text = mails[0].part("text/plain");
    EXPECT_NE(text.find(invited["url"].get<std::string>()), std::string::npos) << text;
    EXPECT_NE(text.find("Casus Noord"), std::string::npos);
    EXPECT_NE(text.find("deskundige"), std::string::npos);
    EXPECT_NE(text.find("3 dagen"), std::string::npos);
    EXPECT_EQ(mails[0].raw.find("vertrouwelijke"), std::string::npos);
    EXPECT_EQ(text.find("vertrouwelijke"), std::string::npos);
    EXPECT_NE(text.find("persoonlijk bericht"), std::string::npos);  // only that there is one
    // The subject names the session: not ASCII (the quotes), so an encoded-word.
    EXPECT_EQ(mails[0].header("Subject").rfind("=?UTF-8?B?", 0), 0u);
    // Without an address nothing is mailed, and the answer says so.
    auto plain = admin.request("invite.create",
                               {{"session", session["session"]["id"]}, {"role", "participant"}, {"expires_in_hours", 24}});
    ASSERT_EQ(plain["ok"], true);
    EXPECT_TRUE(plain["mail"].is_null());
}

TEST_F(MailTest, OnlyAdministratorsReadTheOutbox) {
    WsClient admin(server.port(), ws_options(setup_admin()));
    auto [member, cookie] = make_user(admin, "deelnemer@gemeente.example");
    WsClient participant(server.port(), ws_options(cookie));
    auto refused = participant.request("mail.outbox");
    EXPECT_EQ(refused["ok"], false);
    EXPECT_EQ(refused["error"]["code"], "forbidden");
    auto allowed = admin.request("mail.outbox", {{"limit", 1}});
    ASSERT_EQ(allowed["ok"], true) << allowed.dump();
    EXPECT_EQ(allowed["configured"], true);
    EXPECT_EQ(allowed["mails"].size(), 1u);
    EXPECT_EQ(allowed["has_more"], false);
    auto bad = admin.request("mail.outbox", {{"limit", 1000}});
    EXPECT_EQ(bad["ok"], false);
}

// The SMTP server does not run at first: the mail waits and arrives once it does.
// (A base of its own, so that the port is known before the server is made.)
struct StoppedSinkHolder : SinkHolder {
    std::uint16_t port = sink.port();
    StoppedSinkHolder() { sink.stop(); }  // the port is now closed: connections are refused
};

class MailRetryTest : public StoppedSinkHolder, public ServerTest {
protected:
    MailRetryTest()
        : ServerTest(nullptr, [this](app::ServerConfig& c) { configure_mail(c, "smtp://127.0.0.1:" + std::to_string(port)); }) {}
};

TEST_F(MailRetryTest, AMailWaitsWhileTheServerIsDownAndArrivesOnceItIsUp) {
    WsClient admin(server.port(), ws_options(setup_admin()));
    auto created = admin.request("user.create", create_user_params("anna@gemeente.example"));
    ASSERT_EQ(created["mail"], "queued");
    ASSERT_TRUE(eventually([&] {
        return outbox_has(admin, [](auto& r) { return r["status"] == "queued" && r["attempts"] >= 1 && !r["last_error"].is_null(); });
    }));
    SmtpSink up(mails, port);
    auto received = up.wait_for(1);
    ASSERT_EQ(received.size(), 1u);
    ASSERT_TRUE(eventually([&] { return outbox_has(admin, [](auto& r) { return r["status"] == "sent"; }); }));
    EXPECT_EQ(up.received().size(), 1u);
}

TEST_F(MailRetryTest, AGracefulStopKeepsQueuedMailQueued) {
    WsClient admin(server.port(), ws_options(setup_admin()));
    ASSERT_EQ(admin.request("user.create", create_user_params("anna@gemeente.example"))["mail"], "queued");
    ASSERT_TRUE(eventually([&] { return outbox_has(admin, [](auto& r) { return r["attempts"] >= 1; }); }));
    server.stop();  // what SIGTERM does: the worker stops with the server
    auto c = storage::open_database(server.database_path(), storage::OpenMode::read_only);
    auto queued = c.prepare("SELECT count(*) FROM mail_outbox WHERE status = 'queued' AND text_body IS NOT NULL");
    queued.step();
    EXPECT_EQ(queued.int64(0), 1);
}

// An SMTP server that accepts the connection and then says nothing: the worker waits on
// it (up to its timeouts) while every request is answered as usual.
struct SilentSmtpServer {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor acceptor{io, {boost::asio::ip::address_v4::loopback(), 0}};
    std::optional<boost::asio::ip::tcp::socket> held;
    std::uint16_t port() const { return acceptor.local_endpoint().port(); }
    // Blocks until the worker has connected; keeps the connection open and silent.
    void accept_one() { held.emplace(acceptor.accept()); }
};

class MailSlowServerTest : public ServerTest {
protected:
    static inline SilentSmtpServer* silent = nullptr;
    MailSlowServerTest()
        : ServerTest(nullptr, [](app::ServerConfig& c) {
              configure_mail(c, "smtp://127.0.0.1:" + std::to_string(silent->port()));
          }) {}
    static void SetUpTestSuite() { silent = new SilentSmtpServer(); }
    static void TearDownTestSuite() {
        delete silent;
        silent = nullptr;
    }
};

TEST_F(MailSlowServerTest, ASilentMailServerSlowsNoRequestAndTheOutboxSaysWhy) {
    WsClient admin(server.port(), ws_options(setup_admin()));
    ASSERT_EQ(admin.request("user.create", create_user_params("anna@gemeente.example"))["mail"], "queued");
    silent->accept_one();  // the worker is now inside its SMTP conversation, waiting
    // Meanwhile requests, reads and writes alike, are answered as ever.
    auto started = std::chrono::steady_clock::now();
    auto second = admin.request("user.create", create_user_params("bram@gemeente.example"));
    EXPECT_EQ(second["mail"], "queued");
    EXPECT_EQ(admin.request("mail.outbox")["ok"], true);
    EXPECT_EQ(https(server.port(), "GET", "/healthz").status, 200);
    // A generous bound, far below the SMTP timeouts the worker is waiting out.
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
    // The mail server goes away without a word: the outbox tells why the mail waits.
    silent->held.reset();
    silent->acceptor.close();  // and stays away: a retry is refused at once
    ASSERT_TRUE(eventually([&] {
        return outbox_has(admin, [](auto& r) {
            return r["to"] == "anna@gemeente.example" && r["status"] == "queued" && r["attempts"] >= 1 &&
                   r["last_error"].is_string() && !r["last_error"].template get<std::string>().empty();
        });
    }));
}

// A mail that cannot be sent for a day has failed (the clock is moved, not waited for).
class MailGiveUpTest : public ClockHolder, public StoppedSinkHolder, public ServerTest {
protected:
    MailGiveUpTest()
        : ServerTest(&clock, [this](app::ServerConfig& c) { configure_mail(c, "smtp://127.0.0.1:" + std::to_string(port)); }) {}
};

TEST_F(MailGiveUpTest, AMailNotSentWithinADayFails) {
    WsClient admin(server.port(), ws_options(setup_admin()));
    ASSERT_EQ(admin.request("user.create", create_user_params("anna@gemeente.example"))["mail"], "queued");
    ASSERT_TRUE(eventually([&] { return outbox_has(admin, [](auto& r) { return r["attempts"] >= 1; }); }));
    EXPECT_EQ(outbox(admin)["mails"][0]["status"], "queued");
    clock.advance(std::chrono::hours(25));
    ASSERT_TRUE(eventually([&] { return outbox_has(admin, [](auto& r) { return r["status"] == "failed"; }); }));
    auto row = outbox(admin)["mails"][0];
    EXPECT_NE(row["last_error"].get<std::string>().find("gave up after a day"), std::string::npos) << row.dump();
    EXPECT_TRUE(row["next_attempt_at"].is_null());
}

class MailRejectedTest : public SinkHolder, public ServerTest {
protected:
    MailRejectedTest()
        : SinkHolder({"--reject-rcpt", "550"}),
          ServerTest(nullptr, [this](app::ServerConfig& c) { configure_mail(c, sink.url()); }) {}
};

TEST_F(MailRejectedTest, APermanentRefusalFailsAtOnce) {
    WsClient admin(server.port(), ws_options(setup_admin()));
    ASSERT_EQ(admin.request("user.create", create_user_params("niemand@gemeente.example"))["mail"], "queued");
    ASSERT_TRUE(eventually([&] { return outbox_has(admin, [](auto& r) { return r["status"] == "failed"; }); }));
    auto row = outbox(admin)["mails"][0];
    EXPECT_EQ(row["attempts"], 1);
    EXPECT_NE(row["last_error"].get<std::string>().find("550"), std::string::npos) << row.dump();
    EXPECT_TRUE(row["next_attempt_at"].is_null());
    EXPECT_TRUE(sink.received().empty());
}

// A throwaway certificate for 127.0.0.1, made with the openssl tool for this test.
struct StartTlsHolder {
    TempFolder keys;
    std::string cert = (keys.path() / "cert.pem").string();
    std::string key = (keys.path() / "key.pem").string();
    StartTlsHolder() {
        auto command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=127.0.0.1 "
                       "-addext subjectAltName=IP:127.0.0.1 -keyout " + key + " -out " + cert + " 2>/dev/null";
        if (std::system(command.c_str()) != 0) throw std::runtime_error("openssl could not make a certificate");
    }
};

// The SMTP server offers STARTTLS and AUTH (only after STARTTLS), with that password.
class MailStartTlsTest : public StartTlsHolder, public SinkHolder, public ServerTest {
protected:
    explicit MailStartTlsTest(const std::string& password = "smtp-geheim-1")
        : SinkHolder({"--starttls", cert, key, "--auth", "kennislab", "smtp-geheim-1"}),
          ServerTest(nullptr, [this, password](app::ServerConfig& c) {
              configure_mail(c, sink.url());
              c.smtp_ca_file = cert;
              c.smtp_user = "kennislab";
              c.smtp_password = password;
          }) {}
};

TEST_F(MailStartTlsTest, UsesStartTlsWhenOfferedVerifiesTheCertificateAndLogsIn) {
    WsClient admin(server.port(), ws_options(setup_admin()));
    ASSERT_EQ(admin.request("user.create", create_user_params("anna@gemeente.example"))["mail"], "queued");
    auto mails = sink.wait_for(1);
    ASSERT_EQ(mails.size(), 1u);
    EXPECT_EQ(mails[0].envelope["tls"], true);
}

class MailWrongPasswordTest : public MailStartTlsTest {
protected:
    MailWrongPasswordTest() : MailStartTlsTest("niet-het-wachtwoord") {}
};

TEST_F(MailWrongPasswordTest, ARefusedLoginIsRetriedAndTheErrorNamesNoPassword) {
    WsClient admin(server.port(), ws_options(setup_admin()));
    ASSERT_EQ(admin.request("user.create", create_user_params("anna@gemeente.example"))["mail"], "queued");
    ASSERT_TRUE(eventually([&] {
        return outbox_has(admin, [](auto& r) { return r["status"] == "queued" && !r["last_error"].is_null(); });
    }));
    auto row = outbox(admin)["mails"][0];
    EXPECT_EQ(row.dump().find("niet-het-wachtwoord"), std::string::npos) << row.dump();
    EXPECT_TRUE(sink.received().empty());
}

// Without --smtp: nothing is queued, the link is there to copy, the outbox says so.
class NoMailTest : public ServerTest {};

TEST_F(NoMailTest, NothingIsMailedAndTheLinkIsShown) {
    WsClient admin(server.port(), ws_options(setup_admin()));
    auto created = admin.request("user.create", create_user_params("anna@gemeente.example"));
    ASSERT_EQ(created["ok"], true);
    EXPECT_EQ(created["mail"], "not_configured");
    EXPECT_FALSE(created["activation_url"].get<std::string>().empty());
    auto listed = outbox(admin);
    EXPECT_EQ(listed["configured"], false);
    EXPECT_TRUE(listed["mails"].empty());
}

// The real binary, killed with SIGKILL while a mail is queued but not sent.
class ServerProcess {
public:
    ServerProcess(const std::filesystem::path& data, const std::string& smtp_url) {
        process_ = std::make_unique<bench::ChildProcess>(
            std::vector<std::string>{KL_BINARY_DIR "/server/kennislab", "serve", "--listen", "127.0.0.1:0", "--data",
                                     data.string(), "--web", KL_SOURCE_DIR "/web", "--smtp", smtp_url, "--mail-from",
                                     mail_from},
            "", (data.parent_path() / "server.log").string());
        auto line = process_->wait_for_line("listening on https://localhost:", std::chrono::seconds(30));
        if (!line) throw std::runtime_error("kennislab did not start");
        port_ = static_cast<std::uint16_t>(std::stoi(line->substr(line->rfind(':') + 1)));
        if (auto setup = process_->wait_for_line("setup?token=", std::chrono::milliseconds(500)))
            setup_token_ = setup->substr(setup->find("token=") + 6, 43);
    }
    std::uint16_t port() const { return port_; }
    std::string origin() const { return "https://localhost:" + std::to_string(port_); }
    const std::string& setup_token() const { return setup_token_; }
    void kill() { process_->stop(SIGKILL); }

private:
    std::unique_ptr<bench::ChildProcess> process_;
    std::uint16_t port_ = 0;
    std::string setup_token_;
};

TEST(MailCrash, AQueuedMailSurvivesSigkillAndIsSentExactlyOnce) {
    TempFolder folder;
    auto data = folder.path() / "data";
    auto mails = folder.path() / "mails";
    std::uint16_t closed_port;
    {
        SmtpSink probe(mails);
        closed_port = probe.port();
    }
    std::string cookie;
    {
        // No SMTP server listens yet: the mail is queued and cannot be sent.
        ServerProcess first(data, "smtp://127.0.0.1:" + std::to_string(closed_port));
        nlohmann::json body = {{"token", first.setup_token()},
                               {"email", "beheer@ess.example"},
                               {"display_name", "Bea Beheer"},
                               {"organisation", {{"type", "ess"}, {"name", "ESS"}}},
                               {"password", admin_password}};
        auto setup = https(first.port(), "POST", "/api/setup", body.dump(), {first.origin(), ""});
        ASSERT_EQ(setup.status, 201) << setup.body;
        WsClient admin(first.port(), {setup.login_cookie(), first.origin()});
        auto created = admin.request("user.create", create_user_params("anna@gemeente.example"));
        ASSERT_EQ(created["mail"], "queued");
        first.kill();
    }
    SmtpSink sink(mails);
    auto login = [](const ServerProcess& p) {
        auto result = https(p.port(), "POST", "/api/login",
                            nlohmann::json{{"email", "beheer@ess.example"}, {"password", admin_password}}.dump(),
                            {p.origin(), ""});
        EXPECT_EQ(result.status, 200) << result.body;
        return result.login_cookie();
    };
    {
        ServerProcess second(data, sink.url());
        auto received = sink.wait_for(1);
        ASSERT_EQ(received.size(), 1u);
        EXPECT_EQ(received[0].envelope["rcpt_tos"], nlohmann::json::array({"anna@gemeente.example"}));
        WsClient admin(second.port(), {login(second), second.origin()});
        ASSERT_TRUE(eventually([&] { return outbox_has(admin, [](auto& r) { return r["status"] == "sent"; }); }));
        second.kill();
    }
    // After another crash and start, the sent mail is not sent again: a new mail queued
    // now comes after every queued one, and it is the only other to arrive.
    ServerProcess third(data, sink.url());
    WsClient admin(third.port(), {login(third), third.origin()});
    ASSERT_EQ(admin.request("user.create", create_user_params("bram@gemeente.example"))["mail"], "queued");
    auto received = sink.wait_for(2);
    ASSERT_EQ(received.size(), 2u);
    EXPECT_EQ(received[1].envelope["rcpt_tos"], nlohmann::json::array({"bram@gemeente.example"}));
    ASSERT_TRUE(eventually([&] {
        auto rows = outbox(admin)["mails"];
        return rows.size() == 2 && rows[0]["status"] == "sent" && rows[1]["status"] == "sent";
    }));
    EXPECT_EQ(sink.received().size(), 2u);
}

}  // namespace
}  // namespace kl::test
