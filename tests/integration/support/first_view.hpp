#pragma once
// Reads the first view's data (server/net/first_view.hpp) out of a shell, and shapes a
// WebSocket answer for comparing with the one in it.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace kl::test {

inline constexpr const char* first_view_open = "<script type=\"application/json\" id=\"kl-first-view\">";

// The text of the first view's block in html, or nullopt when it has none.
inline std::optional<std::string> first_view_text(const std::string& html) {
    auto at = html.find(first_view_open);
    if (at == std::string::npos) return std::nullopt;
    at += std::string(first_view_open).size();
    auto end = html.find("</script>", at);
    if (end == std::string::npos) return std::nullopt;
    return html.substr(at, end - at);
}

// The answer to the request type (with params) in the first view of html, without its
// "re" (each answer names its own request); null when there is none.
inline nlohmann::json first_view_answer(const std::string& html, const std::string& type, const nlohmann::json& params) {
    auto text = first_view_text(html);
    if (!text) return nullptr;
    auto data = nlohmann::json::parse(*text);
    for (const auto& entry : data["answers"]) {
        if (entry["type"] == type && entry["params"] == params) {
            auto answer = entry["answer"];
            answer.erase("re");
            return answer;
        }
    }
    return nullptr;
}

// answer without its "re", to compare with first_view_answer.
inline nlohmann::json without_re(nlohmann::json answer) {
    answer.erase("re");
    return answer;
}

}  // namespace kl::test
