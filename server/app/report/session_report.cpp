#include "server/app/report/session_report.hpp"

#include "protocol/vocabulary.hpp"
#include "server/app/access/thread_access.hpp"
#include "server/app/report/dutch_time.hpp"
#include "server/app/threads/post_json.hpp"
#include "storage/board.hpp"
#include "storage/documents.hpp"
#include "storage/notes.hpp"
#include "storage/posts.hpp"
#include "storage/threads.hpp"

#include <set>

namespace kl::app {

namespace {

std::string thread_kind_label(const std::string& kind) {
    if (kind == "casus") return "Casus";
    if (kind == "vraag") return "Vraag";
    return "Algemeen";
}

std::string thread_status_label(const std::string& status) {
    if (status == "locked") return "gesloten";
    if (status == "resolved") return "afgerond";
    return "open";
}

std::string organisation_label(const storage::User& user) {
    if (!user.organisation_name.empty()) return user.organisation_name;
    return std::string(protocol::organisation_type_label(user.organisation_type));
}

ReportHeader header_of(storage::Connection& c, const storage::Session& session, const storage::User& reader_user,
                       std::int64_t now) {
    ReportHeader header;
    header.title = session.title;
    header.description = session.description;
    if (session.starts_at && session.ends_at)
        header.period = dutch_date(*session.starts_at) + " – " + dutch_date(*session.ends_at);
    else if (session.starts_at)
        header.period = "vanaf " + dutch_date(*session.starts_at);
    else if (session.ends_at)
        header.period = "tot " + dutch_date(*session.ends_at);
    header.archived = session.archived_at.has_value();
    std::set<std::string> organisations;
    for (const auto& member : storage::list_members(c, session.id))
        if (auto user = storage::find_user(c, member.user_id)) organisations.insert(organisation_label(*user));
    header.organisations.assign(organisations.begin(), organisations.end());
    header.made_for = reader_user.display_name;
    header.made_at = dutch_date_time(now);
    return header;
}

// How the reader sees the author: the attribution's label, and for moderators the
// person behind it as well.
std::string author_for(storage::Connection& c, const storage::Post& post, const Reader& reader) {
    auto author = storage::find_user(c, post.author_id).value_or(storage::User{});
    auto label = author_label(post, author);
    if (!reader.moderator || post.attribution == "named") return label;
    return author.display_name + " (getoond als " + label + ")";
}

void write_notes(storage::Connection& c, std::int64_t session_id, const Reader& reader, ReportWriter& writer) {
    std::vector<storage::NoteBlock> blocks;
    for (auto& block : storage::list_blocks(c, session_id, !reader.moderator))
        if (reader.may_read(block)) blocks.push_back(std::move(block));
    writer.notes_begin(blocks.size());
    for (const auto& block : blocks) {
        ReportNote note{std::string(protocol::note_kind_label(block.kind)), block.text, block.owner, std::nullopt,
                        !block.published()};
        if (block.due) note.due = dutch_calendar_date(*block.due);
        writer.note(note);
    }
}

void write_board(storage::Connection& c, std::int64_t session_id, const Reader& reader, ReportWriter& writer) {
    auto columns = storage::list_columns(c, session_id);
    std::vector<storage::Card> cards;
    for (auto& card : storage::list_cards(c, session_id))
        if (reader.may_read(card, storage::card_source(c, card))) cards.push_back(std::move(card));
    writer.board_begin(cards.size());
    if (cards.empty()) return;
    for (const auto& column : columns) {
        std::vector<const storage::Card*> in_column;
        for (const auto& card : cards)
            if (card.column_id == column.id) in_column.push_back(&card);
        writer.column(column.title, in_column.size());
        for (const auto* card : in_column) {
            ReportCard entry{card->title, card->body, ""};
            if (card->source_post)
                if (auto post = storage::find_post(c, *card->source_post); post && reader.may_read(*post))
                    if (auto thread = storage::find_thread(c, post->thread_id))
                        entry.source = "Uit het gesprek \"" + thread->title + "\" — " + author_for(c, *post, reader);
            writer.card(entry);
        }
    }
}

void write_threads(storage::Connection& c, std::int64_t session_id, const Reader& reader, ReportWriter& writer) {
    std::vector<storage::Thread> threads;
    for (auto& thread : storage::list_threads(c, session_id))
        if (reader.may_read(thread)) threads.push_back(std::move(thread));
    writer.threads_begin(threads.size());
    for (const auto& thread : threads) {
        writer.thread_begin({thread.title, thread_kind_label(thread.kind), thread_status_label(thread.status)});
        std::size_t written = 0;
        storage::for_each_post(c, thread.id, [&](const storage::Post& post) {
            if (!reader.may_read(post)) return;
            writer.post({author_for(c, post, reader), dutch_date_time(post.created_at), post.body, post.whisper,
                         post.edited_at.has_value()});
            ++written;
        });
        writer.thread_end(written);
    }
}

std::string type_label(const std::string& type) {
    if (type == "application/pdf") return "PDF";
    if (type == "image/png") return "PNG";
    if (type == "image/jpeg") return "JPEG";
    if (type == "text/plain") return "Tekst";
    if (type == "text/csv") return "CSV";
    if (type.find("word") != std::string::npos || type.find("opendocument.text") != std::string::npos) return "Tekstdocument";
    if (type.find("sheet") != std::string::npos || type.find("excel") != std::string::npos) return "Rekenblad";
    if (type.find("presentation") != std::string::npos || type.find("powerpoint") != std::string::npos)
        return "Presentatie";
    return "Bestand";
}

// "812 bytes", "48 kB", "1,2 MB": sizes as a Dutch reader writes them.
std::string size_label(std::int64_t bytes) {
    if (bytes < 1000) return std::to_string(bytes) + " bytes";
    if (bytes < 1000 * 1000) return std::to_string((bytes + 500) / 1000) + " kB";
    auto tenths = (bytes + 50'000) / 100'000;
    return std::to_string(tenths / 10) + "," + std::to_string(tenths % 10) + " MB";
}

void write_documents(storage::Connection& c, std::int64_t session_id, const Reader& reader, const std::string& origin,
                     ReportWriter& writer) {
    std::vector<ReportDocument> documents;
    storage::DocumentFilter filter{reader.sees_as_moderator(), reader.user_id, reader.history_from};
    // Page by page, as document.list; a session holds a bounded number of documents.
    std::optional<std::int64_t> before;
    for (;;) {
        auto page = storage::page_documents(c, session_id, before, 100, filter);
        for (const auto& document : page) {
            if (!reader.may_see(document)) continue;
            auto uploader = storage::find_user(c, document.uploaded_by).value_or(storage::User{});
            auto label = attribution_label(document.attribution, uploader);
            if (reader.moderator && document.attribution != "named")
                label = uploader.display_name + " (getoond als " + label + ")";
            std::string thread;
            if (document.thread_id)
                if (auto found = storage::find_thread(c, *document.thread_id); found && reader.may_see(*found))
                    thread = found->title;
            documents.push_back({document.name, type_label(document.type), size_label(document.size), label,
                                 dutch_date_time(document.at), thread,
                                 origin + "/api/documents/" + std::to_string(document.id)});
        }
        if (page.size() < 100) break;
        before = page.back().id;
    }
    writer.documents(documents);
}

}  // namespace

void write_session_report(storage::Connection& connection, const storage::Session& session,
                          const storage::User& reader_user, const Reader& reader, std::int64_t now,
                          const std::string& origin, ReportWriter& writer) {
    writer.begin(header_of(connection, session, reader_user, now));
    write_notes(connection, session.id, reader, writer);
    write_board(connection, session.id, reader, writer);
    write_threads(connection, session.id, reader, writer);
    write_documents(connection, session.id, reader, origin, writer);
    writer.end();
}

}  // namespace kl::app
