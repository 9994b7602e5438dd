#pragma once
// Small helpers of the tests that fetch the client's files: request options with extra
// headers, and the versioned URL the shell names for a file.
#include "test_client.hpp"

#include <regex>
#include <string>
#include <utility>
#include <vector>

namespace kl::test {

inline HttpOptions with(std::vector<std::pair<std::string, std::string>> headers, const std::string& cookie = "") {
    HttpOptions options;
    options.headers = std::move(headers);
    options.cookie = cookie;
    return options;
}

// The versioned URL the shell gives path ("/js/main.js?v=…"), or "".
inline std::string versioned(const std::string& shell, const std::string& path) {
    std::smatch match;
    std::regex pattern("\"(" + path + "\\?v=[A-Za-z0-9_-]+)\"");
    return std::regex_search(shell, match, pattern) ? match[1].str() : "";
}

}  // namespace kl::test
