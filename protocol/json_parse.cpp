#include "protocol/json_parse.hpp"

#include "protocol/errors.hpp"
#include "protocol/utf8.hpp"

#include <nlohmann/json.hpp>

#include <vector>

namespace kl::protocol {

namespace {

using nlohmann::json;

// A SAX handler that builds the document like nlohmann's own DOM parser but stops at
// the first value nested deeper than max_depth or the first duplicate member name.
// nlohmann's SAX driver keeps its state on the heap, so nothing here recurses.
class Builder {
public:
    explicit Builder(int max_depth) : max_depth_(max_depth) {}

    json take() { return std::move(root_); }
    const std::string& error() const { return error_; }

    bool null() { return add(nullptr) != nullptr; }
    bool boolean(bool v) { return add(v) != nullptr; }
    bool number_integer(json::number_integer_t v) { return add(v) != nullptr; }
    bool number_unsigned(json::number_unsigned_t v) { return add(v) != nullptr; }
    bool number_float(json::number_float_t v, const json::string_t&) { return add(v) != nullptr; }
    bool string(json::string_t& v) { return add(std::move(v)) != nullptr; }
    bool binary(json::binary_t&) { return fail("Binaire gegevens zijn niet toegestaan"); }

    bool start_object(std::size_t) { return open(json::value_t::object); }
    bool start_array(std::size_t) { return open(json::value_t::array); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(json::string_t& name) {
        if (stack_.back()->contains(name)) return fail("Veld '" + name + "' komt meer dan eens voor");
        key_ = std::move(name);
        return true;
    }

    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) {
        return fail("Het bericht is geen geldige JSON (positie " + std::to_string(position) + ")");
    }

private:
    // Places value in the current container (or as the root); returns where it went.
    json* add(json value) {
        if (stack_.empty()) {
            root_ = std::move(value);
            return &root_;
        }
        json& parent = *stack_.back();
        if (parent.is_array()) {
            parent.push_back(std::move(value));
            return &parent.back();
        }
        json& slot = parent[key_];
        slot = std::move(value);
        return &slot;
    }

    bool open(json::value_t type) {
        if (static_cast<int>(stack_.size()) >= max_depth_)
            return fail("Het bericht is te diep genest (max " + std::to_string(max_depth_) + " niveaus)");
        // Pointers stay valid: a container only grows while it is the top of the stack.
        stack_.push_back(add(json(type)));
        return true;
    }

    bool close() {
        stack_.pop_back();
        return true;
    }

    bool fail(std::string message) {
        if (error_.empty()) error_ = std::move(message);
        return false;
    }

    int max_depth_;
    json root_;
    std::vector<json*> stack_;
    std::string key_;
    std::string error_;
};

[[noreturn]] void bad_request(std::string message) {
    throw ProtocolError(ErrorCode::bad_request, std::move(message));
}

}  // namespace

nlohmann::json parse_object(std::string_view text, const Limits& limits) {
    if (text.size() > limits.max_frame_bytes) {
        throw ProtocolError(ErrorCode::too_large,
                            "Het bericht is te groot (max " + std::to_string(limits.max_frame_bytes / 1024) + " KiB)");
    }
    if (!is_valid_utf8(text)) bad_request("Het bericht bevat ongeldige UTF-8");

    Builder builder(limits.max_depth);
    bool ok = false;
    try {
        ok = json::sax_parse(text.begin(), text.end(), &builder);
    } catch (const json::exception&) {
        ok = false;
    }
    if (!ok) bad_request(builder.error().empty() ? "Het bericht is geen geldige JSON" : builder.error());

    json doc = builder.take();
    if (!doc.is_object()) bad_request("Het bericht moet een JSON-object zijn");
    return doc;
}

std::string dump(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace kl::protocol
