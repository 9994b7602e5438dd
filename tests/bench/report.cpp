#include "report.hpp"

#include "histogram.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace kl::bench {

Row& Row::set(const std::string& column, nlohmann::json value) {
    values.emplace_back(column, std::move(value));
    return *this;
}

Row& Row::latencies(const Histogram& h, const std::string& prefix) {
    auto ms = [](std::int64_t ns) { return static_cast<double>(ns) / 1e6; };
    set(prefix + "p50 ms", ms(h.quantile(0.50)));
    set(prefix + "p95 ms", ms(h.quantile(0.95)));
    set(prefix + "p99 ms", ms(h.quantile(0.99)));
    set(prefix + "p99.9 ms", ms(h.quantile(0.999)));
    set(prefix + "max ms", ms(h.max()));
    return *this;
}

void Report::add(Row row) { rows_.push_back(std::move(row)); }

void Report::note(const std::string& scenario, const std::string& text) { notes_.emplace_back(scenario, text); }

namespace {

std::string format(const nlohmann::json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
    if (value.is_number_float()) {
        double v = value.get<double>();
        char text[32];
        if (v == 0) return "0";
        std::snprintf(text, sizeof text, std::abs(v) >= 100 ? "%.0f" : std::abs(v) >= 10 ? "%.1f" : "%.2f", v);
        return text;
    }
    if (value.is_boolean()) return value.get<bool>() ? "yes" : "no";
    return value.dump();
}

}  // namespace

void Report::print_scenario(std::ostream& out, const std::string& scenario) const {
    std::vector<const Row*> rows;
    for (const auto& row : rows_)
        if (row.scenario == scenario) rows.push_back(&row);
    if (rows.empty()) {
        for (const auto& [name, text] : notes_)
            if (name == scenario) out << "\n## " << scenario << "\n  note: " << text << "\n";
        return;
    }
    std::vector<std::string> columns = {"server", "load"};
    for (const auto* row : rows)
        for (const auto& [column, value] : row->values)
            if (std::find(columns.begin(), columns.end(), column) == columns.end()) columns.push_back(column);
    std::vector<std::vector<std::string>> cells;
    for (const auto* row : rows) {
        std::vector<std::string> line = {row->server, row->load};
        for (std::size_t c = 2; c < columns.size(); ++c) {
            auto found = std::find_if(row->values.begin(), row->values.end(),
                                      [&](const auto& entry) { return entry.first == columns[c]; });
            line.push_back(found == row->values.end() ? "-" : format(found->second));
        }
        cells.push_back(std::move(line));
    }
    std::vector<std::size_t> widths;
    for (std::size_t c = 0; c < columns.size(); ++c) {
        std::size_t width = columns[c].size();
        for (const auto& line : cells) width = std::max(width, line[c].size());
        widths.push_back(width);
    }
    out << "\n## " << scenario << "\n";
    auto print_line = [&](const std::vector<std::string>& line) {
        for (std::size_t c = 0; c < line.size(); ++c) {
            if (c < 2)
                out << std::left << std::setw(static_cast<int>(widths[c])) << line[c] << "  ";
            else
                out << std::right << std::setw(static_cast<int>(widths[c])) << line[c] << "  ";
        }
        out << "\n";
    };
    print_line(columns);
    for (const auto& line : cells) print_line(line);
    for (const auto& [name, text] : notes_)
        if (name == scenario) out << "  note: " << text << "\n";
    out.flush();
}

void Report::print(std::ostream& out) const {
    std::vector<std::string> scenarios;
    for (const auto& row : rows_)
        if (std::find(scenarios.begin(), scenarios.end(), row.scenario) == scenarios.end()) scenarios.push_back(row.scenario);
    for (const auto& [scenario, text] : notes_)
        if (std::find(scenarios.begin(), scenarios.end(), scenario) == scenarios.end()) scenarios.push_back(scenario);
    for (const auto& scenario : scenarios) print_scenario(out, scenario);
}

void Report::write_json(const std::string& path, const nlohmann::json& settings) const {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : rows_) {
        nlohmann::json values = nlohmann::json::object();
        for (const auto& [column, value] : row.values) values[column] = value;
        rows.push_back({{"scenario", row.scenario}, {"server", row.server}, {"load", row.load}, {"values", values}});
    }
    nlohmann::json notes = nlohmann::json::array();
    for (const auto& [scenario, text] : notes_) notes.push_back({{"scenario", scenario}, {"note", text}});
    std::ofstream(path) << nlohmann::json{{"settings", settings}, {"rows", rows}, {"notes", notes}}.dump(2) << "\n";
}

}  // namespace kl::bench
