#pragma once
// The closed word lists of the wire contract. The arrays work directly with
// required_enum/optional_enum (span overloads) and with range algorithms.
#include <array>
#include <string_view>

namespace kl::protocol {

inline constexpr int protocol_version = 1;
inline constexpr std::string_view subprotocol = "kennislab.v1";

inline constexpr std::array<std::string_view, 6> organisation_types = {"gemeente", "ess", "si", "nctv", "expert", "other"};
inline constexpr std::array<std::string_view, 3> global_roles = {"admin", "staff", "member"};
inline constexpr std::array<std::string_view, 3> second_factor_policies = {"none", "staff_and_moderators", "everyone"};
// How mail reaches a person (notifications.settings, 1.1).
inline constexpr std::array<std::string_view, 4> notification_email_choices = {"direct", "daily", "weekly", "off"};
inline constexpr std::array<std::string_view, 4> session_roles = {"moderator", "participant", "expert", "observer"};
inline constexpr std::array<std::string_view, 3> thread_kinds = {"casus", "vraag", "algemeen"};
inline constexpr std::array<std::string_view, 3> attributions = {"named", "organisation", "organisation_type"};
inline constexpr std::array<std::string_view, 4> note_kinds = {"summary", "decision", "action", "insight"};
// invite.create's history parameter.
inline constexpr std::array<std::string_view, 2> invite_histories = {"full", "from_join"};

// How an organisation type reads in Dutch when only the type is shown ("een gemeente").
// Unknown types read as "een andere organisatie".
constexpr std::string_view organisation_type_label(std::string_view type) {
    if (type == "gemeente") return "een gemeente";
    if (type == "ess") return "ESS";
    if (type == "si") return "SI";
    if (type == "nctv") return "NCTV";
    if (type == "expert") return "een externe deskundige";
    return "een andere organisatie";
}

// The Dutch name of a note block kind, as the client and the report show it.
constexpr std::string_view note_kind_label(std::string_view kind) {
    if (kind == "summary") return "Samenvatting";
    if (kind == "decision") return "Afspraak";
    if (kind == "action") return "Actiepunt";
    if (kind == "insight") return "Inzicht";
    return "Aantekening";
}

}  // namespace kl::protocol
