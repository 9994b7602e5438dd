#include "protocol/errors.hpp"

namespace kl::protocol {

std::string_view to_string(ErrorCode code) {
    switch (code) {
    case ErrorCode::bad_request: return "bad_request";
    case ErrorCode::unauthenticated: return "unauthenticated";
    case ErrorCode::forbidden: return "forbidden";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::conflict: return "conflict";
    case ErrorCode::gone: return "gone";
    case ErrorCode::locked: return "locked";
    case ErrorCode::muted: return "muted";
    case ErrorCode::rate_limited: return "rate_limited";
    case ErrorCode::too_large: return "too_large";
    case ErrorCode::resync_required: return "resync_required";
    case ErrorCode::internal: return "internal";
    case ErrorCode::unavailable: return "unavailable";
    case ErrorCode::second_factor_required: return "second_factor_required";
    case ErrorCode::bad_code: return "bad_code";
    }
    return "internal";
}

int http_status(ErrorCode code) {
    switch (code) {
    case ErrorCode::bad_request: return 400;
    case ErrorCode::unauthenticated: return 401;
    case ErrorCode::forbidden: return 403;
    case ErrorCode::not_found: return 404;
    case ErrorCode::conflict: return 409;
    case ErrorCode::gone: return 410;
    case ErrorCode::locked: return 423;
    case ErrorCode::muted: return 403;
    case ErrorCode::rate_limited: return 429;
    case ErrorCode::too_large: return 413;
    case ErrorCode::resync_required: return 409;
    case ErrorCode::internal: return 500;
    case ErrorCode::unavailable: return 503;
    case ErrorCode::second_factor_required: return 403;
    case ErrorCode::bad_code: return 401;
    }
    return 500;
}

std::string_view default_message(ErrorCode code) {
    switch (code) {
    case ErrorCode::bad_request: return "Ongeldig verzoek";
    case ErrorCode::unauthenticated: return "Je bent niet ingelogd";
    case ErrorCode::forbidden: return "Je hebt hiervoor geen toestemming";
    case ErrorCode::not_found: return "Niet gevonden";
    case ErrorCode::conflict: return "Iemand anders heeft dit intussen gewijzigd";
    case ErrorCode::gone: return "Dit is niet meer beschikbaar";
    case ErrorCode::locked: return "Dit is vergrendeld en kan niet meer worden gewijzigd";
    case ErrorCode::muted: return "Je kunt op dit moment geen berichten plaatsen";
    case ErrorCode::rate_limited: return "Te veel pogingen; probeer het later opnieuw";
    case ErrorCode::too_large: return "Het bericht is te groot";
    case ErrorCode::resync_required: return "De gegevens moeten opnieuw worden geladen";
    case ErrorCode::internal: return "Er ging iets mis op de server";
    case ErrorCode::unavailable: return "De server kan nu niets opslaan.";
    case ErrorCode::second_factor_required: return "Stel eerst een tweede factor in op de pagina Beveiliging.";
    case ErrorCode::bad_code: return "Deze code klopt niet. Probeer het opnieuw.";
    }
    return "Er ging iets mis op de server";
}

ProtocolError::ProtocolError(ErrorCode code, std::string message, nlohmann::json extra)
    : std::runtime_error(message.empty() ? std::string(default_message(code)) : std::move(message)),
      code_(code),
      extra_(std::move(extra)) {}

}  // namespace kl::protocol
