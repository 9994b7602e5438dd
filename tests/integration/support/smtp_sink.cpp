#include "smtp_sink.hpp"

#include "server/app/core/crypto.hpp"

#include <algorithm>
#include <csignal>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <thread>

#include <unistd.h>

namespace kl::test {

namespace {

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

std::string ReceivedMail::header(const std::string& name) const {
    auto head = raw.substr(0, raw.find("\r\n\r\n"));
    std::size_t at = 0;
    while (at < head.size()) {
        auto end = head.find("\r\n", at);
        if (end == std::string::npos) end = head.size();
        if (head.compare(at, name.size() + 1, name + ":") == 0) {
            std::string value = head.substr(at + name.size() + 1, end - at - name.size() - 1);
            // Continuation lines start with whitespace.
            while (end + 2 < head.size() && (head[end + 2] == ' ' || head[end + 2] == '\t')) {
                auto next = head.find("\r\n", end + 2);
                if (next == std::string::npos) next = head.size();
                value += head.substr(end + 2, next - end - 2);
                end = next;
            }
            value.erase(0, value.find_first_not_of(" \t"));
            return value;
        }
        at = end + 2;
    }
    return "";
}

std::string ReceivedMail::decoded_header(const std::string& name) const {
    // Words are =?UTF-8?B?<base64>?=, separated by folding white space, which goes.
    auto value = header(name);
    std::string out;
    std::size_t at = 0;
    const std::string open = "=?UTF-8?B?";
    bool after_word = false;
    while (at < value.size()) {
        auto begin = value.find(open, at);
        if (begin == std::string::npos) {
            out += value.substr(at);
            break;
        }
        auto between = value.substr(at, begin - at);
        if (!(after_word && between.find_first_not_of(" \t") == std::string::npos)) out += between;
        auto end = value.find("?=", begin + open.size());
        if (end == std::string::npos) return value;
        out += app::base64_decode(value.substr(begin + open.size(), end - begin - open.size())).value_or("?");
        at = end + 2;
        after_word = true;
    }
    return out;
}

std::string ReceivedMail::part(const std::string& type) const {
    auto at = raw.find("Content-Type: " + type);
    if (at == std::string::npos) return "";
    auto start = raw.find("\r\n\r\n", at);
    if (start == std::string::npos) return "";
    start += 4;
    auto end = raw.find("\r\n--", start);
    std::string encoded;
    for (char ch : raw.substr(start, end - start))
        if (ch != '\r' && ch != '\n') encoded += ch;
    return app::base64_decode(encoded).value_or("(not base64)");
}

SmtpSink::SmtpSink(std::filesystem::path dir, std::uint16_t port, std::vector<std::string> extra)
    : dir_(std::move(dir)) {
    std::vector<std::string> argv = {"/usr/bin/python3", KL_SOURCE_DIR "/tests/support/smtp_sink.py", "--dir",
                                     dir_.string(), "--port", std::to_string(port)};
    argv.insert(argv.end(), extra.begin(), extra.end());
    process_ = std::make_unique<bench::ChildProcess>(argv, "", (dir_.parent_path() / "smtp-sink.log").string());
    auto line = process_->wait_for_line("port ", std::chrono::seconds(20));
    if (!line) throw std::runtime_error("smtp_sink.py did not start (is python3-aiosmtpd installed?)");
    port_ = static_cast<std::uint16_t>(std::stoi(line->substr(line->find("port ") + 5)));
}

SmtpSink::~SmtpSink() { stop(); }

void SmtpSink::stop() {
    if (process_ && process_->running()) process_->stop(SIGTERM);
}

std::vector<ReceivedMail> SmtpSink::received() const {
    std::vector<std::filesystem::path> names;
    if (std::filesystem::exists(dir_))
        for (const auto& entry : std::filesystem::directory_iterator(dir_))
            if (entry.path().extension() == ".eml") names.push_back(entry.path());
    std::sort(names.begin(), names.end());
    std::vector<ReceivedMail> mails;
    for (const auto& name : names) {
        auto meta = name;
        meta.replace_extension(".json");
        mails.push_back({read_file(name), nlohmann::json::parse(read_file(meta), nullptr, false)});
    }
    return mails;
}

std::vector<ReceivedMail> SmtpSink::wait_for(std::size_t n, std::chrono::seconds deadline) const {
    std::vector<ReceivedMail> mails;
    eventually([&] { return (mails = received()).size() >= n; }, deadline);
    return mails;
}

TempFolder::TempFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "kl-mail-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
}

TempFolder::~TempFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

bool eventually(const std::function<bool()>& done, std::chrono::seconds deadline) {
    auto until = std::chrono::steady_clock::now() + deadline;
    for (;;) {
        if (done()) return true;
        if (std::chrono::steady_clock::now() >= until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));  // polling a condition, with a deadline
    }
}

}  // namespace kl::test
