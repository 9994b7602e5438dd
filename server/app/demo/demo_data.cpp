#include "server/app/demo/demo_data.hpp"

#include "protocol/time.hpp"
#include "server/app/access/posting_rules.hpp"
#include "server/app/board/board_verbs.hpp"
#include "storage/board.hpp"
#include "storage/connection.hpp"
#include "storage/notes.hpp"
#include "storage/posts.hpp"
#include "storage/sessions.hpp"
#include "storage/threads.hpp"
#include "storage/users.hpp"

#include <string>
#include <vector>

namespace kl::app {

namespace {

struct DemoPerson {
    const char* email;
    const char* name;
    const char* organisation_type;
    const char* organisation_name;
    const char* role;  // in the demo session
};

// Every name, place and organisation below is invented.
constexpr DemoPerson people[] = {
    {"f.elamrani@ess.example.org", "Fatima El Amrani", "ess", "Expertise-unit Sociale Stabiliteit", "moderator"},
    {"j.devries@noordstad.example.org", "Joost de Vries", "gemeente", "Gemeente Noordstad", "participant"},
    {"l.bakker@zuiderveen.example.org", "Lotte Bakker", "gemeente", "Gemeente Zuiderveen", "participant"},
    {"m.kaya@szw.example.org", "Murat Kaya", "si", "Directie Samenleving en Integratie", "participant"},
    {"s.visser@hogeschool.example.org", "dr. Sanne Visser", "expert", "Hogeschool Lindeveld", "expert"},
    {"p.jansen@nctv.example.org", "Pieter Jansen", "nctv", "NCTV", "observer"},
};

std::int64_t add_post(storage::Connection& c, const storage::Thread& thread, std::int64_t author, const std::string& body,
                      const std::string& attribution, const std::string& state, std::int64_t at) {
    storage::Post post;
    post.thread_id = thread.id;
    post.session_id = thread.session_id;
    post.author_id = author;
    post.body = body;
    post.attribution = attribution;
    post.state = state;
    post.personal_data = personal_data_marks(body);
    post.created_at = at;
    post.approved_once = state == "visible";
    return storage::create_post(c, post).id;
}

}  // namespace

bool load_demo(storage::Connection& c, std::int64_t now) {
    if (!storage::list_sessions(c, 0, true, now).empty()) return false;
    return storage::in_transaction(c, [&] {
        std::vector<std::int64_t> ids;
        for (const auto& person : people) {
            auto existing = storage::find_user_by_email(c, person.email);
            if (existing) {
                ids.push_back(existing->id);
                continue;
            }
            storage::NewUser user;
            user.email = person.email;
            user.display_name = person.name;
            user.organisation_type = person.organisation_type;
            user.organisation_name = person.organisation_name;
            user.global_role = std::string(person.role) == "moderator" ? "staff" : "member";
            user.created_at = now;
            ids.push_back(storage::create_user(c, user).id);
        }
        const auto day = std::int64_t{24 * 3600};
        storage::Session session;
        session.title = "Demo-kennislab: onrust rond een buurtgroep";
        session.description =
            "Fictieve oefensessie. Gemeenten, ESS, SI en NCTV bespreken hoe zij samen reageren op zorgen over "
            "extreemrechtse uitingen in een wijk, en wat het sociaal domein en het veiligheidsdomein daarin "
            "van elkaar nodig hebben.";
        session.starts_at = now - day;
        session.ends_at = now + 14 * day;
        session.premoderation = true;
        session.created_at = now - 2 * day;
        session.created_by = ids[0];
        session = storage::create_session(c, session);
        for (std::size_t i = 0; i < std::size(people); ++i) {
            storage::Member member;
            member.session_id = session.id;
            member.user_id = ids[i];
            member.role = people[i].role;
            member.joined_at = now - 2 * day;
            member.added_by = ids[0];
            if (member.role == "expert") {
                member.access_until = *session.ends_at;
                member.invited_by = ids[0];
            }
            storage::add_member(c, member);
        }
        add_default_columns(c, session.id);

        auto t = now - day;
        storage::Thread casus;
        casus.session_id = session.id;
        casus.title = "Stickers van een actiegroep bij een basisschool";
        casus.kind = "casus";
        casus.created_at = t;
        casus.created_by = ids[1];
        casus = storage::create_thread(c, casus);
        auto first = add_post(c, casus, ids[1],
                              "In de wijk Oosterhof zijn de afgelopen weken stickers geplakt van een actiegroep die "
                              "zich tegen de komst van een opvanglocatie keert. Ouders maken zich **zorgen**; de school "
                              "vraagt wat zij kan doen.\n\nWat wij al gedaan hebben:\n- wijkagent en jongerenwerk "
                              "geïnformeerd\n- stickers laten verwijderen\n\nWie heeft ervaring met een gesprek met "
                              "ouders in zo'n situatie?",
                              "organisation", "visible", t);
        add_post(c, casus, ids[2],
                 "Bij ons hielp een avond met school, wijkteam en een sleutelfiguur uit de buurt. Niet alleen "
                 "informeren, maar vooral *luisteren* naar wat ouders bezighoudt.",
                 "organisation_type", "visible", t + 3600);
        add_post(c, casus, ids[3],
                 "Vanuit SI: de handreiking over het voeren van moeilijke gesprekken is hier bruikbaar. Belangrijk is "
                 "dat de gemeente één aanspreekpunt heeft voor de school.",
                 "named", "visible", t + 7200);
        add_post(c, casus, ids[4],
                 "Uit onderzoek weten we dat snelle, zichtbare reactie van de gemeente het gevoel van veiligheid "
                 "versterkt, zonder de groep extra aandacht te geven.",
                 "named", "pending", t + 9000);

        storage::Thread vraag;
        vraag.session_id = session.id;
        vraag.title = "Wanneer schakel je het Zorg- en Veiligheidshuis in?";
        vraag.kind = "vraag";
        vraag.created_at = t + 600;
        vraag.created_by = ids[2];
        vraag = storage::create_thread(c, vraag);
        add_post(c, vraag, ids[2],
                 "Bij ons is het onduidelijk op welk moment een zorg over een jongere in het Zorg- en Veiligheidshuis "
                 "thuishoort. Hoe maken jullie die afweging?",
                 "named", "visible", t + 600);
        add_post(c, vraag, ids[0],
                 "Goede vraag voor de volgende bijeenkomst; ik zet hem op de agenda.", "named", "visible", t + 4000);

        auto columns = storage::list_columns(c, session.id);
        auto add_card = [&](std::size_t column, const std::string& title, const std::string& body,
                            std::optional<std::int64_t> source, std::int64_t author) {
            storage::Card card;
            card.session_id = session.id;
            card.column_id = columns.at(column).id;
            card.title = title;
            card.body = body;
            card.source_post = source;
            card.created_by = card.updated_by = author;
            card.created_at = card.updated_at = t + 10000;
            storage::add_card(c, card, std::nullopt);
        };
        add_card(1, "Eén aanspreekpunt voor de school", "De gemeente wijst één contactpersoon aan die school en ouders "
                 "op de hoogte houdt.", std::nullopt, ids[0]);
        add_card(2, "Ouderavond met wijkteam", "", first, ids[0]);
        add_card(4, "Rol van het Zorg- en Veiligheidshuis", "Wanneer wel, wanneer niet?", std::nullopt, ids[2]);

        // Notes of the first meeting: published, and one draft the moderator still keeps.
        auto add_note = [&](const std::string& kind, const std::string& text, std::optional<std::string> owner,
                            std::optional<std::string> due) {
            storage::NoteBlock block;
            block.session_id = session.id;
            block.kind = kind;
            block.text = text;
            block.owner = std::move(owner);
            block.due = std::move(due);
            block.created_by = block.updated_by = ids[0];
            block.created_at = block.updated_at = t + 11000;
            storage::add_block(c, block, std::nullopt);
        };
        add_note("summary", "Twee gemeenten brachten een casus in over stickers van een actiegroep bij een school. "
                 "Ouders maken zich zorgen; de school zoekt houvast.", std::nullopt, std::nullopt);
        add_note("decision", "Gemeenten wijzen bij zulke signalen één aanspreekpunt aan voor school en ouders.",
                 std::nullopt, std::nullopt);
        add_note("action", "Handreiking over moeilijke gesprekken met ouders delen in het kennislab.",
                 "Directie Samenleving en Integratie",
                 protocol::format_unix_time(now + 14 * day).substr(0, 10));
        storage::publish_drafts(c, session.id, t + 11000);
        add_note("insight", "Luisteren naar ouders werkte beter dan alleen informeren (concept, nog vast te stellen).",
                 std::nullopt, std::nullopt);
        return true;
    });
}

void adopt_sessions_made_before_setup(storage::Connection& c, std::int64_t user_id, std::int64_t now) {
    for (const auto& session : storage::list_sessions(c, 0, true, now)) {
        if (storage::find_member(c, session.id, user_id)) continue;
        storage::Member member;
        member.session_id = session.id;
        member.user_id = user_id;
        member.role = "moderator";
        member.joined_at = now;
        storage::add_member(c, member);
    }
}

}  // namespace kl::app
