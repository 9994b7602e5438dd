#include "server/app/my_data/personal_export.hpp"

#include "protocol/errors.hpp"
#include "protocol/time.hpp"
#include "server/app/core/html_text.hpp"
#include "server/app/my_data/zip_file.hpp"
#include "storage/connection.hpp"
#include "storage/personal_data.hpp"

namespace kl::app {

namespace {

nlohmann::json optional_time(const std::optional<std::int64_t>& at) {
    return at ? nlohmann::json(protocol::time_json(*at)) : nlohmann::json(nullptr);
}

std::string text_of(const nlohmann::json& value) {
    return value.is_string() ? value.get<std::string>() : value.is_null() ? "" : value.dump();
}

// One table: a heading, column titles, and one row per item with the given keys.
void table(std::string& html, const std::string& heading, const nlohmann::json& items,
           const std::vector<std::pair<std::string, std::string>>& columns) {
    html += "<h2>" + escape_html(heading) + "</h2>\n";
    if (items.empty()) {
        html += "<p>Niets opgeslagen.</p>\n";
        return;
    }
    html += "<table><thead><tr>";
    for (const auto& column : columns) html += "<th>" + escape_html(column.second) + "</th>";
    html += "</tr></thead><tbody>\n";
    for (const auto& item : items) {
        html += "<tr>";
        for (const auto& column : columns) html += "<td>" + escape_html(text_of(item.value(column.first, nlohmann::json()))) + "</td>";
        html += "</tr>\n";
    }
    html += "</tbody></table>\n";
}

}  // namespace

nlohmann::json personal_data_json(storage::Connection& connection, const storage::User& user) {
    auto data = storage::personal_data(connection, user.id, max_export_rows);
    auto memberships = nlohmann::json::array();
    for (const auto& m : data.memberships)
        memberships.push_back({{"session", std::to_string(m.session_id)},
                               {"session_title", m.session_title},
                               {"role", m.role},
                               {"joined_at", protocol::time_json(m.joined_at)},
                               {"access_until", optional_time(m.access_until)}});
    auto posts = nlohmann::json::array();
    for (const auto& p : data.posts) {
        nlohmann::json post = {{"id", std::to_string(p.id)},
                               {"session", std::to_string(p.session_id)},
                               {"thread", std::to_string(p.thread_id)},
                               {"thread_title", p.thread_title},
                               {"body", p.body},
                               {"state", p.state},
                               {"created_at", protocol::time_json(p.created_at)},
                               {"edited_at", optional_time(p.edited_at)}};
        // Someone else's post is not theirs to receive: only that there was one.
        if (p.reply_to_own) post["reply_to"] = std::to_string(*p.reply_to_own);
        else if (p.reply_to_other) post["reply_to"] = "reactie op een bericht";
        posts.push_back(std::move(post));
    }
    auto texts = nlohmann::json::array();
    for (const auto& t : data.texts)
        texts.push_back({{"id", std::to_string(t.id)},
                         {"session", std::to_string(t.session_id)},
                         {"kind", t.kind},
                         {"title", t.title},
                         {"text", t.text},
                         {"created_at", protocol::time_json(t.created_at)}});
    auto records = [](const std::vector<storage::OwnRecord>& rows) {
        auto out = nlohmann::json::array();
        for (const auto& r : rows)
            out.push_back({{"kind", r.kind},
                           {"session", r.session_id ? nlohmann::json(std::to_string(*r.session_id)) : nlohmann::json(nullptr)},
                           {"at", protocol::time_json(r.at)},
                           {"target", r.target}});
        return out;
    };
    return {{"account",
             {{"id", std::to_string(user.id)},
              {"email", user.email},
              {"display_name", user.display_name},
              {"organisation", {{"type", user.organisation_type}, {"name", user.organisation_name}}},
              {"global_role", user.global_role},
              {"status", user.status()},
              {"created_at", protocol::time_json(user.created_at)}}},
            {"memberships", memberships},
            {"posts", posts},
            {"cards_and_notes", texts},
            {"notifications", records(data.notifications)},
            {"audit", records(data.audit)},
            {"truncated", data.truncated}};
}

std::string personal_data_html(const nlohmann::json& data) {
    const auto& account = data["account"];
    std::string html =
        "<!doctype html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>Mijn gegevens in de kennislab</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;line-height:1.5}"
        "table{border-collapse:collapse;width:100%;display:block;overflow-x:auto}"
        "th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}</style></head><body>\n"
        "<h1>Mijn gegevens in de kennislab</h1>\n<p>Alles wat de kennislab over " +
        escape_html(account["display_name"].get<std::string>()) +
        " bewaart. Hetzelfde staat in <code>data.json</code>, leesbaar voor een computer.</p>\n";
    html += "<h2>Account</h2>\n<dl>";
    html += "<dt>Naam</dt><dd>" + escape_html(account["display_name"].get<std::string>()) + "</dd>";
    html += "<dt>E-mailadres</dt><dd>" + escape_html(account["email"].get<std::string>()) + "</dd>";
    html += "<dt>Organisatie</dt><dd>" + escape_html(account["organisation"]["name"].get<std::string>()) + "</dd>";
    html += "<dt>Aangemaakt</dt><dd>" + escape_html(account["created_at"].get<std::string>()) + "</dd></dl>\n";
    table(html, "Sessies", data["memberships"], {{"session_title", "Sessie"}, {"role", "Rol"}, {"joined_at", "Lid sinds"}});
    table(html, "Berichten", data["posts"],
          {{"created_at", "Geplaatst"}, {"thread_title", "Gesprek"}, {"body", "Tekst"}, {"state", "Status"},
           {"reply_to", "Reactie op"}});
    table(html, "Kaarten en aantekeningen", data["cards_and_notes"],
          {{"created_at", "Gemaakt"}, {"kind", "Soort"}, {"title", "Titel"}, {"text", "Tekst"}});
    table(html, "Meldingen", data["notifications"], {{"at", "Tijd"}, {"kind", "Soort"}});
    table(html, "Logboek", data["audit"], {{"at", "Tijd"}, {"kind", "Handeling"}, {"target", "Over"}});
    if (data["truncated"].get<bool>()) html += "<p>Deze kopie is ingekort: vraag de beheerder om de rest.</p>\n";
    html += "</body></html>\n";
    return html;
}

std::string personal_data_zip(storage::Connection& connection, const storage::User& user, const std::string& dir) {
    auto data = storage::in_read_transaction(connection, [&] { return personal_data_json(connection, user); });
    auto json = data.dump(2);
    auto html = personal_data_html(data);
    if (json.size() + html.size() > max_export_bytes)
        throw protocol::ProtocolError(protocol::ErrorCode::too_large,
                                      "Er is te veel opgeslagen voor één download. Vraag de beheerder om een kopie.");
    return make_zip(dir, {{"data.json", json}, {"index.html", html}});
}

}  // namespace kl::app
