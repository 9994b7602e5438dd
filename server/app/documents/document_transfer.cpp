#include "server/app/documents/document_transfer.hpp"

#include "protocol/errors.hpp"
#include "protocol/fields.hpp"
#include "protocol/utf8.hpp"
#include "protocol/vocabulary.hpp"
#include "server/app/access/posting_rules.hpp"
#include "server/app/access/session_access.hpp"
#include "server/app/access/session_limits.hpp"
#include "server/app/accounts/accounts.hpp"
#include "server/app/audit/audit_trail.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/core/spool_file.hpp"
#include "server/app/core/session_change.hpp"
#include "server/app/documents/document_events.hpp"
#include "server/app/documents/document_json.hpp"
#include "server/app/documents/document_type.hpp"
#include "server/app/http/http_responses.hpp"
#include "storage/connection.hpp"
#include "storage/documents.hpp"
#include "storage/threads.hpp"

#include <openssl/evp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <istream>

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

constexpr std::size_t max_name_bytes = 255;
// Uploads waiting for the document pool at once; more are answered 429.
constexpr std::size_t max_waiting_transfers = 8;

int hex_digit(char ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

// The spool file as an istream, read in the pieces storage writes as blob chunks.
class SpoolStreambuf : public std::streambuf {
public:
    explicit SpoolStreambuf(SpoolFile& spool) : spool_(spool) { spool_.rewind(); }

protected:
    int_type underflow() override {
        piece_ = spool_.read(storage::document_chunk_bytes);
        if (piece_.empty()) return traits_type::eof();
        setg(piece_.data(), piece_.data(), piece_.data() + piece_.size());
        return traits_type::to_int_type(piece_[0]);
    }

private:
    SpoolFile& spool_;
    std::string piece_;
};

// Lower-case hex SHA-256 of the spooled bytes, read in chunks.
std::string sha256_hex(SpoolFile& spool) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 unavailable");
    spool.rewind();
    for (auto piece = spool.read(storage::document_chunk_bytes); !piece.empty();
         piece = spool.read(storage::document_chunk_bytes))
        EVP_DigestUpdate(context.get(), piece.data(), piece.size());
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(context.get(), digest, &length);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0xf];
    }
    return out;
}

// A file name as given: UTF-8, 1 to 255 bytes, no path and no control characters.
std::string valid_name(const std::optional<std::string>& name) {
    if (!name || name->empty() || name->size() > max_name_bytes || !protocol::is_valid_utf8(*name))
        throw ProtocolError(ErrorCode::bad_request, "Geef het bestand een naam van hoogstens 255 tekens.");
    for (unsigned char ch : *name)
        if (ch < 0x20 || ch == 0x7f || ch == '/' || ch == '\\')
            throw ProtocolError(ErrorCode::bad_request, "De bestandsnaam bevat een teken dat niet mag.");
    return *name;
}

std::optional<std::int64_t> optional_id(const std::optional<std::string>& text) {
    if (!text || text->empty()) return std::nullopt;
    return protocol::id_value(*text);
}

std::string valid_attribution(const std::optional<std::string>& text) {
    if (!text || text->empty()) return "named";
    for (auto allowed : protocol::attributions)
        if (*text == allowed) return *text;
    throw ProtocolError(ErrorCode::bad_request, "Onbekende naamsvermelding.");
}

HttpResponse unsupported_type() {
    auto response = error_response(ErrorCode::bad_request,
                                   "Dit soort bestand kan niet worden toegevoegd: alleen PDF, Word, Excel, PowerPoint, "
                                   "OpenDocument, PNG, JPEG, tekst en CSV, met een naam die bij de inhoud past.");
    response.status = 415;
    return response;
}

// Content-Disposition for name: an ASCII fallback (anything else as '_') and the
// exact name in RFC 5987 encoding.
std::string attachment_disposition(const std::string& name) {
    std::string fallback, encoded;
    static constexpr char hex[] = "0123456789ABCDEF";
    for (unsigned char ch : name) {
        fallback += (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\' && ch != '%') ? static_cast<char>(ch) : '_';
        if (std::isalnum(ch) || ch == '.' || ch == '-' || ch == '_') {
            encoded += static_cast<char>(ch);
        } else {
            encoded += '%';
            encoded += hex[ch >> 4];
            encoded += hex[ch & 0xf];
        }
    }
    return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
}

// The bytes of a download, one chunk per short read on the document pool: no read
// transaction stays open between chunks, and a slow client slows only its own reads.
class DocumentBody : public BodyStream, public std::enable_shared_from_this<DocumentBody> {
public:
    DocumentBody(BlockingPool& pool, std::int64_t id, std::int64_t size) : pool_(pool), id_(id), size_(size) {}

    void next(Ready ready) override {
        if (offset_ >= size_) return ready(std::string());
        pool_.post([self = shared_from_this(), ready = std::move(ready)](storage::Connection& c) {
            if (self->cancelled_) return ready(std::nullopt);
            try {
                auto chunk = storage::read_document_chunk(c, self->id_, self->offset_, storage::document_chunk_bytes);
                // Empty before the end: erased meanwhile. The download ends incomplete.
                if (chunk.empty()) return ready(std::nullopt);
                self->offset_ += static_cast<std::int64_t>(chunk.size());
                ready(std::move(chunk));
            } catch (const std::exception& e) {
                spdlog::error("reading document {} failed: {}", self->id_, e.what());
                ready(std::nullopt);
            }
        });
    }
    void cancel() override { cancelled_ = true; }

private:
    BlockingPool& pool_;
    const std::int64_t id_;
    const std::int64_t size_;
    std::int64_t offset_ = 0;  // one next() at a time: the edge asks after each write
    std::atomic<bool> cancelled_{false};
};

// The document as the gate lets the request's user see it, and that user: not_found
// for no document, for a non-member and for one the gate keeps from them (the same
// answer for each), unauthenticated without a login.
std::pair<storage::Document, std::int64_t> document_for(storage::Connection& c, const HttpRequest& request,
                                                        std::int64_t document_id, std::int64_t now) {
    auto user = user_for_login_token(c, request.cookie_token, now);
    if (!user) throw ProtocolError(ErrorCode::unauthenticated, "Je bent niet ingelogd.");
    auto document = storage::find_document(c, document_id);
    ProtocolError missing(ErrorCode::not_found, "Dit document bestaat niet.");
    if (!document) throw missing;
    SessionAccess access;
    try {
        access = require_session(c, *user, document->session_id, SessionAction::read, now);
    } catch (const ProtocolError&) {
        throw missing;
    }
    if (!access.reader().may_see(*document)) throw missing;
    return {*document, user->id};
}

std::int64_t document_param_id(const std::string& param) {
    try {
        return protocol::id_value(param);
    } catch (const ProtocolError&) {
        throw ProtocolError(ErrorCode::not_found, "Dit document bestaat niet.");
    }
}

}  // namespace

std::optional<std::string> query_value(std::string_view query, std::string_view key) {
    for (std::size_t start = 0; start <= query.size();) {
        auto end = query.find('&', start);
        if (end == std::string_view::npos) end = query.size();
        auto pair = query.substr(start, end - start);
        auto equals = pair.find('=');
        if (pair.substr(0, equals) == key) {
            std::string value;
            auto raw = equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1);
            for (std::size_t i = 0; i < raw.size(); ++i) {
                if (raw[i] == '+') {
                    value += ' ';
                } else if (raw[i] == '%' && i + 2 < raw.size() + 0 && hex_digit(raw[i + 1]) >= 0 &&
                           hex_digit(raw[i + 2]) >= 0) {
                    value += static_cast<char>(hex_digit(raw[i + 1]) * 16 + hex_digit(raw[i + 2]));
                    i += 2;
                } else {
                    value += raw[i];
                }
            }
            return value;
        }
        start = end + 1;
    }
    return std::nullopt;
}

DocumentTransfer::DocumentTransfer(Services& services, Hub& hub, DocumentProcessing& processing)
    : services_(services), hub_(hub), processing_(processing), pool_(services.config.database_path(), 1, max_waiting_transfers) {}

void DocumentTransfer::upload(const HttpRequest& request, const std::string& session_param, Respond respond) {
    std::int64_t session_id = 0;
    try {
        session_id = protocol::id_value(session_param);
    } catch (const ProtocolError&) {
        return respond(error_response(ErrorCode::not_found, "Deze sessie bestaat niet."));
    }
    auto name = valid_name(query_value(request.query, "name"));
    auto thread_id = optional_id(query_value(request.query, "thread"));
    auto attribution = valid_attribution(query_value(request.query, "attribution"));
    auto spool = request.upload;
    if (!spool) throw ProtocolError(ErrorCode::bad_request, "Het bestand ontbreekt.");
    bool queued = pool_.try_post([this, request, session_id, name, thread_id, attribution, spool,
                                  respond](storage::Connection& c) {
        try {
            auto now = services_.now();
            auto user = user_for_login_token(c, request.cookie_token, now);
            if (!user) throw ProtocolError(ErrorCode::unauthenticated, "Je bent niet ingelogd.");
            auto access = require_session(c, *user, session_id, SessionAction::post, now);
            if (thread_id) {
                auto thread = storage::find_thread(c, *thread_id);
                if (!thread || thread->session_id != session_id || !access.reader().may_see(*thread))
                    throw ProtocolError(ErrorCode::not_found, "Dit gesprek bestaat niet.");
                check_may_post(*thread, *access.member, now, std::nullopt);
            }
            spool->rewind();
            auto type = allowed_document_type(name, spool->read(document_type_head_bytes));
            if (!type) return respond(unsupported_type());
            storage::Document document;
            document.session_id = session_id;
            document.thread_id = thread_id;
            document.name = name;
            document.type = *type;
            document.size = static_cast<std::int64_t>(spool->size());
            document.sha256 = sha256_hex(*spool);
            document.state = is_premoderated(access.session, access.member->role) ? "pending" : "visible";
            document.uploaded_by = user->id;
            document.attribution = attribution;
            document.at = now;
            auto user_id = user->id;
            auto address = request.address;
            run_change(
                services_, hub_,
                [this, document, spool, user_id, address, user = *user](storage::Connection& w,
                                                                        Change& change) -> nlohmann::json {
                    // Again inside the transaction: membership or the session may have changed.
                    require_session(w, user, document.session_id, SessionAction::post, document.at);
                    require_room_for_document(w, services_.config.session_limits, document.session_id, document.size);
                    SpoolStreambuf buffer(*spool);
                    std::istream bytes(&buffer);
                    auto stored = storage::create_document(w, document, bytes);
                    audit_action(w, document.at, user_id, "document.upload", AuditTarget{"document", stored.id},
                                 {document.session_id, address, {{"type", stored.type}, {"size", stored.size}}});
                    record_document_event(w, change, stored, user, document.at,
                                          stored.state == "pending" ? "document.pending" : "document.added", true,
                                          document_audience(stored));
                    return {{"document", document_json(w, stored, user_id, false)}};
                },
                [this, respond, pdf = *type == "application/pdf"](Outcome outcome) {
                    if (failed(outcome)) return respond(error_response(error(outcome)));
                    auto id = protocol::id_value(result(outcome)["document"]["id"].get<std::string>());
                    respond(json_response(201, result(outcome)));
                    if (pdf) processing_.queue(id);
                });
        } catch (const ProtocolError& e) {
            respond(error_response(e));
        } catch (const std::exception& e) {
            spdlog::error("an upload failed: {}", e.what());
            respond(error_response(ErrorCode::internal, "Het bestand kon niet worden opgeslagen."));
        }
    });
    if (!queued)
        respond(rate_limited_response("Er worden al veel bestanden verwerkt; probeer het zo opnieuw.", std::chrono::seconds(5)));
}

void DocumentTransfer::download(const HttpRequest& request, const std::string& document_param, Respond respond) {
    auto document_id = document_param_id(document_param);
    services_.pool.post([this, request, document_id, respond](storage::Connection& c) {
        try {
            auto now = services_.now();
            auto found = document_for(c, request, document_id, now);
            auto doc = found.first;
            auto user_id = found.second;
            auto address = request.address;
            // On record before any byte leaves the server.
            run_write(
                services_.writer,
                [doc, user_id, address, now](storage::Connection& w) -> nlohmann::json {
                    audit_action(w, now, user_id, "document.download", AuditTarget{"document", doc.id},
                                 {doc.session_id, address, nlohmann::json::object()});
                    return nlohmann::json::object();
                },
                [this, doc, respond](Outcome outcome) {
                    if (failed(outcome)) return respond(error_response(error(outcome)));
                    HttpResponse response;
                    response.content_type = doc.type;
                    response.headers.emplace_back("Content-Disposition", attachment_disposition(doc.name));
                    response.headers.emplace_back("X-Content-Type-Options", "nosniff");
                    response.headers.emplace_back("Content-Security-Policy", "sandbox");
                    response.stream = std::make_shared<DocumentBody>(pool_, doc.id, doc.size);
                    respond(std::move(response));
                });
        } catch (const ProtocolError& e) {
            respond(error_response(e));
        }
    });
}

void DocumentTransfer::thumbnail(const HttpRequest& request, const std::string& document_param, Respond respond) {
    auto document_id = document_param_id(document_param);
    services_.pool.post([this, request, document_id, respond](storage::Connection& c) {
        try {
            // Not audited: the download is; the thumbnail is part of the list's view.
            auto document = document_for(c, request, document_id, services_.now()).first;
            auto png = storage::document_thumbnail(c, document.id);
            if (!png) throw ProtocolError(ErrorCode::not_found, "Dit document heeft geen voorbeeld.");
            HttpResponse response;
            response.content_type = "image/png";
            response.body = std::move(*png);
            response.headers.emplace_back("X-Content-Type-Options", "nosniff");
            response.headers.emplace_back("Content-Security-Policy", "sandbox");
            response.headers.emplace_back("Cache-Control", "private, max-age=300");
            respond(std::move(response));
        } catch (const ProtocolError& e) {
            respond(error_response(e));
        }
    });
}

}  // namespace kl::app
