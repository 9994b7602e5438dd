#include "server/app/webauthn/cbor_reader.hpp"

#include <limits>
#include <vector>

namespace kl::app::webauthn {

namespace {

// What the streaming decoder saw in one header: the pre-scan below reads headers only,
// so a declared length is checked before libcbor allocates anything for it.
struct Header {
    enum class Kind { leaf, container, refused } kind = Kind::refused;
    std::uint64_t entries = 0;   // for a container: its declared array items or map pairs
    std::uint64_t children = 0;  // for a container: items that follow (two per map pair)
};

Header& header_of(void* context) { return *static_cast<Header*>(context); }
void leaf(void* context) { header_of(context).kind = Header::Kind::leaf; }
void refused(void* context) { header_of(context).kind = Header::Kind::refused; }

const cbor_callbacks& scan_callbacks() {
    static const cbor_callbacks callbacks = [] {
        cbor_callbacks c = cbor_empty_callbacks;
        c.uint8 = [](void* ctx, std::uint8_t) { leaf(ctx); };
        c.uint16 = [](void* ctx, std::uint16_t) { leaf(ctx); };
        c.uint32 = [](void* ctx, std::uint32_t) { leaf(ctx); };
        c.uint64 = [](void* ctx, std::uint64_t) { leaf(ctx); };
        c.negint8 = [](void* ctx, std::uint8_t) { leaf(ctx); };
        c.negint16 = [](void* ctx, std::uint16_t) { leaf(ctx); };
        c.negint32 = [](void* ctx, std::uint32_t) { leaf(ctx); };
        c.negint64 = [](void* ctx, std::uint64_t) { leaf(ctx); };
        c.byte_string = [](void* ctx, cbor_data, std::size_t) { leaf(ctx); };
        c.string = [](void* ctx, cbor_data, std::size_t) { leaf(ctx); };
        c.boolean = [](void* ctx, bool) { leaf(ctx); };
        c.null = leaf;
        c.array_start = [](void* ctx, std::size_t size) { header_of(ctx) = {Header::Kind::container, size, size}; };
        c.map_start = [](void* ctx, std::size_t size) {
            // Two items per pair; a size that would overflow is refused by the limits anyway.
            std::uint64_t children = size > std::numeric_limits<std::uint64_t>::max() / 2
                                         ? std::numeric_limits<std::uint64_t>::max()
                                         : std::uint64_t{size} * 2;
            header_of(ctx) = {Header::Kind::container, size, children};
        };
        // Indefinite lengths, tags, floats and undefined: nothing WebAuthn sends uses them.
        c.byte_string_start = refused;
        c.string_start = refused;
        c.indef_array_start = refused;
        c.indef_map_start = refused;
        c.indef_break = refused;
        c.tag = [](void* ctx, std::uint64_t) { refused(ctx); };
        c.float2 = [](void* ctx, float) { refused(ctx); };
        c.float4 = [](void* ctx, float) { refused(ctx); };
        c.float8 = [](void* ctx, double) { refused(ctx); };
        c.undefined = refused;
        return c;
    }();
    return callbacks;
}

// Walks the headers of the first item and answers how many bytes it spans, or nullopt
// if it breaks a rule or the limits. Every container's items must fit in what is left
// of the input (each takes at least one byte), which bounds what libcbor allocates.
std::optional<std::size_t> scan_first_item(std::string_view bytes, const CborLimits& limits) {
    const auto* data = reinterpret_cast<cbor_data>(bytes.data());
    std::size_t offset = 0;
    std::vector<std::uint64_t> open;  // items still to come in each open container
    do {
        Header header;
        auto result = cbor_stream_decode(data + offset, bytes.size() - offset, &scan_callbacks(), &header);
        if (result.status != CBOR_DECODER_FINISHED || result.read == 0) return std::nullopt;
        if (header.kind == Header::Kind::refused) return std::nullopt;
        offset += result.read;
        if (!open.empty()) --open.back();
        if (header.kind == Header::Kind::container) {
            if (header.entries > limits.max_items || header.children > bytes.size() - offset) return std::nullopt;
            if (open.size() + 1 > limits.max_depth) return std::nullopt;
            if (header.children > 0) open.push_back(header.children);
        }
        while (!open.empty() && open.back() == 0) open.pop_back();
    } while (!open.empty());
    return offset;
}

}  // namespace

std::optional<CborLoaded> cbor_read_first(std::string_view bytes, const CborLimits& limits) {
    auto length = scan_first_item(bytes, limits);
    if (!length) return std::nullopt;
    cbor_load_result result{};
    CborItem item(cbor_load(reinterpret_cast<cbor_data>(bytes.data()), *length, &result));
    if (!item || result.error.code != CBOR_ERR_NONE || result.read != *length) return std::nullopt;
    return CborLoaded{std::move(item), *length};
}

CborItem cbor_read_exactly(std::string_view bytes, const CborLimits& limits) {
    auto loaded = cbor_read_first(bytes, limits);
    if (!loaded || loaded->length != bytes.size()) return nullptr;
    return std::move(loaded->item);
}

std::optional<std::int64_t> cbor_integer(const cbor_item_t* item) {
    if (!item || !cbor_is_int(item)) return std::nullopt;
    std::uint64_t magnitude = cbor_get_int(item);
    if (magnitude > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    auto value = static_cast<std::int64_t>(magnitude);
    // Major type 1 encodes -1 - n.
    return cbor_isa_negint(item) ? -1 - value : value;
}

std::optional<std::string> cbor_bytes(const cbor_item_t* item) {
    if (!item || !cbor_isa_bytestring(item) || !cbor_bytestring_is_definite(item)) return std::nullopt;
    return std::string(reinterpret_cast<const char*>(cbor_bytestring_handle(item)), cbor_bytestring_length(item));
}

std::optional<std::string> cbor_text(const cbor_item_t* item) {
    if (!item || !cbor_isa_string(item) || !cbor_string_is_definite(item)) return std::nullopt;
    return std::string(reinterpret_cast<const char*>(cbor_string_handle(item)), cbor_string_length(item));
}

namespace {
template <typename Matches>
CborLookup find_in_map(const cbor_item_t* map, Matches matches) {
    CborLookup found;
    if (!map || !cbor_isa_map(map) || !cbor_map_is_definite(map)) return found;
    const cbor_pair* pairs = cbor_map_handle(map);
    for (std::size_t i = 0; i < cbor_map_size(map); ++i) {
        if (!matches(pairs[i].key)) continue;
        if (found.value) found.duplicate = true;
        found.value = pairs[i].value;
    }
    return found;
}
}  // namespace

CborLookup cbor_map_get(const cbor_item_t* map, std::int64_t key) {
    return find_in_map(map, [key](const cbor_item_t* k) { return cbor_integer(k) == key; });
}

CborLookup cbor_map_get(const cbor_item_t* map, std::string_view key) {
    return find_in_map(map, [key](const cbor_item_t* k) { return cbor_text(k) == key; });
}

}  // namespace kl::app::webauthn
