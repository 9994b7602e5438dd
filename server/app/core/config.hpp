#pragma once
// What `kennislab serve` was started with.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kl::app {

// What one session may hold (the rules that apply them: access/session_limits.hpp).
struct SessionLimits {
    std::int64_t max_threads = 1000;
    std::int64_t max_cards = 500;
    std::int64_t max_board_text_chars = 1'000'000;  // titles and bodies of all cards together
    std::int64_t max_waiting_items = 1000;          // pending posts and open flags together
    // Documents not redacted or deleted, and their bytes together. 500 handreikingen of
    // 25 MiB would be 12 GiB: 2 GiB per session keeps one session from filling a disk
    // shared by hundreds, and is still far more than a kennislab's reading list.
    std::int64_t max_documents = 500;
    std::int64_t max_document_bytes = std::int64_t{2} * 1024 * 1024 * 1024;
};

struct ServerConfig {
    std::string listen_host = "127.0.0.1";
    std::uint16_t listen_port = 8443;
    std::string data_dir = "data";
    std::string origin;          // empty: https://localhost:<actual port> (http:// with insecure_http)
    std::string cert_file;       // empty: a self-signed certificate in data_dir
    std::string key_file;
    std::string web_root;
    unsigned io_threads = 2;
    unsigned worker_threads = 2;
    bool demo = false;  // load the fictional demo kennislab into an empty database
    bool insecure_http = false;  // plain HTTP and WebSocket: only behind a TLS-terminating proxy
    // WebSocket requests per connection (every input is bounded, rates too): a burst of
    // request_burst, then request_rate a second. A browser sends a handful at once
    // (opening a session: state, subscribe, queue, invitations) and a few a minute
    // after; a test client (ours or an outside acceptance suite) that posts a thousand
    // times in a row on one connection must not notice. 200/s with a burst of 2,000
    // leaves both far below the limit while one connection can no longer flood the
    // writer. The benchmark drives thousands of posts a second over
    // a few connections (one fan-out sender, 16 to 200 closed-loop writers), so it
    // starts the server with --request-rate 0: no limit.
    unsigned request_rate = 200;
    unsigned request_burst = 2000;
    // Searches per connection, within that: a burst of search_burst, then search_rate a
    // second (0: no limit of their own). One search reads four full-text indexes and
    // snippets up to a few hundred candidates, far more than any other read, so the
    // request rate alone would let one connection keep the read pool busy. The browser
    // searches after a pause in typing (350 ms) or on Enter: a person stays below 2 a
    // second, and the burst covers a few quick corrections.
    unsigned search_rate = 2;
    unsigned search_burst = 5;
    // Bytes of answers per account, over all its connections (realtime/answer_volume):
    // a burst of answer_volume_burst_mb MiB, then answer_volume_mb_per_second a second
    // (0: no limit). A full session's state is about 1 MB (SessionLimits), so a person
    // opens it many times over in a row and twice a second after that; what it stops is
    // one account keeping the read pool busy with large answers from many connections.
    unsigned answer_volume_mb_per_second = 2;
    unsigned answer_volume_burst_mb = 16;
    // Argon2id runs on a pool of its own (hashing_threads, at most hashing_queue waiting),
    // never on the read pool, so reads, WebSocket upgrade checks and /api/me never wait
    // behind a login. Sized for two cores: one hash takes one core for about 50 ms and
    // 19 MiB, so one thread leaves the other core to the network and read threads
    // whatever the login load, and still checks some 20 passwords a second, far more
    // than a closed lab logs in. 16 waiting is under a second of work; a login beyond
    // that is answered 429 at once instead of queueing without end.
    unsigned hashing_threads = 1;
    std::size_t hashing_queue = 16;
    // Peers (TLS-terminating proxies) whose X-Forwarded-For names the client: only for
    // connections from these addresses is the client address taken from that header.
    std::vector<std::string> trusted_proxies;

    // Connections held at once: in total (0: the descriptor limit less a reserve, see
    // server/net/connection_limits.hpp) and per client address (0: no limit). A browser
    // holds a few (one WebSocket, some HTTP keep-alives); 256 leaves room for a whole
    // office behind one address while one machine cannot take the server's descriptors.
    unsigned max_connections = 0;
    unsigned max_connections_per_address = 256;
    // New connections one address may open in 10 s (0: no limit). Browsers keep their
    // connections alive, so a person opens a handful per page; 200 lets an office of
    // dozens behind one address arrive at once, while a flood of fresh TLS handshakes
    // (each a millisecond of CPU) from one machine is closed before the handshake.
    unsigned max_new_connections_per_address = 200;
    // TLS handshakes in progress at once (0: no limit); see server/net/handshake_slots.hpp.
    // Each holds about 45 KB until it ends; a handshake takes a few milliseconds, so 1,024
    // at once is far more than even a reconnect storm of thousands keeps in flight, and
    // caps what stalled hellos can hold at about 45 MB.
    unsigned max_tls_handshakes = 1024;

    // Seconds a kept-alive HTTP connection may wait for (and take to send) its next
    // request before it is closed (server/net/edge.hpp, HttpTimeouts).
    unsigned keep_alive_seconds = 20;

    // The database file's largest size in MiB (0: as large as the disk allows).
    unsigned max_database_mb = 0;

    // The largest document upload in MiB (--max-upload-mb), enforced while the body is
    // read: a larger one is answered 413 as soon as its size or its bytes pass it.
    unsigned max_upload_mb = 25;
    std::uint64_t max_upload_bytes() const { return std::uint64_t{max_upload_mb} * 1024 * 1024; }
    // PDFs are inspected (page count, first-page thumbnail, text) by a child process of
    // this executable (`kennislab inspect-pdf`, documents/pdf_inspection.hpp) within these
    // limits; empty pdf_inspector: this executable itself (tests name the built binary).
    std::string pdf_inspector;
    struct PdfLimits {
        unsigned cpu_seconds = 10;        // RLIMIT_CPU of the child
        unsigned memory_mb = 512;         // RLIMIT_AS of the child
        unsigned wall_seconds = 20;       // then the parent kills it
        std::size_t max_text_bytes = 2 * 1024 * 1024;  // the text kept for search
    } pdf_limits;

    // Mail (server/app/mail/README.md). Without smtp_url nothing is mailed. The password
    // comes from --smtp-password-file, never from the command line, and is never logged.
    std::string smtp_url;         // smtp://host:port (STARTTLS when offered) or smtps://host:port
    std::string mail_from;        // the sender address
    std::string smtp_user;        // empty: no AUTH
    std::string smtp_password;
    std::string smtp_ca_file;     // empty: the system's trust store (tests name their own CA)
    // The first retry waits this long, each next one twice as long up to an hour; a mail
    // not sent a day after it was queued has failed. Tests shorten the first wait.
    unsigned mail_retry_first_seconds = 60;

    // The retention_days a new session starts with (--default-retention-days; nullopt:
    // none, kept until a moderator sets a term). See storage/retention.hpp.
    std::optional<std::int64_t> default_retention_days;
    // Audit entries older than this many days are erased by the retention runner
    // (--audit-retention-days; 0: kept for ever). At least min_audit_retention_days when set.
    std::int64_t audit_retention_days = 0;
    static constexpr std::int64_t min_audit_retention_days = 30;
    // Who answers questions about privacy, shown on /privacy (--privacy-contact an e-mail
    // address, --privacy-organisation the organisation responsible); empty: not given.
    std::string privacy_contact;
    std::string privacy_organisation;

    // What one session may hold (access/session_limits.hpp); tests lower them.
    SessionLimits session_limits;

    std::string database_path() const { return data_dir + "/kennislab.db"; }
};

}  // namespace kl::app
