#pragma once
// What the server's data folder holds, read as bytes while the server runs or after it
// stopped: for tests that something erased for good is in no file (database, WAL,
// shared memory, anything else).
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace kl::test {

// Whether the bytes of one file contain needle.
inline bool file_contains(const std::filesystem::path& file, const std::string& needle) {
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return bytes.find(needle) != std::string::npos;
}

// The files under dir whose bytes contain needle.
inline std::vector<std::filesystem::path> files_containing(const std::filesystem::path& dir, const std::string& needle) {
    std::vector<std::filesystem::path> found;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file() && file_contains(entry.path(), needle)) found.push_back(entry.path());
    }
    return found;
}

inline bool any_file_contains(const std::filesystem::path& dir, const std::string& needle) {
    return !files_containing(dir, needle).empty();
}

// text in lower case (ASCII), as the full-text index keeps its words.
inline std::string ascii_lower(std::string text) {
    for (auto& ch : text)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return text;
}

// The file names as one line, for a failure message.
inline std::string names_of(const std::vector<std::filesystem::path>& files) {
    std::string names;
    for (const auto& file : files) names += (names.empty() ? "" : ", ") + file.filename().string();
    return names;
}

}  // namespace kl::test
