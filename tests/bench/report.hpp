#pragma once
// The results: one row per scenario, server and load, printed as a table per scenario
// (Kennislab and the Node ws peer next to each other) and written as JSON.
#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace kl::bench {

class Histogram;

struct Row {
    std::string scenario;
    std::string server;  // "kennislab" or "ws-peer"
    std::string load;    // what was offered, in words
    std::vector<std::pair<std::string, nlohmann::json>> values;  // column → value, in print order

    Row& set(const std::string& column, nlohmann::json value);
    // p50, p95, p99, p99.9 and max of h in milliseconds, under prefix (e.g. "ack ").
    Row& latencies(const Histogram& h, const std::string& prefix = "");
};

class Report {
public:
    void add(Row row);
    void note(const std::string& scenario, const std::string& text);
    void print(std::ostream& out) const;
    // Prints only the rows of scenario (as it finishes, so a long run shows progress).
    void print_scenario(std::ostream& out, const std::string& scenario) const;
    void write_json(const std::string& path, const nlohmann::json& settings) const;

private:
    std::vector<Row> rows_;
    std::vector<std::pair<std::string, std::string>> notes_;
};

}  // namespace kl::bench
