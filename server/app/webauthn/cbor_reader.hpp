#pragma once
// Strict reading of CBOR with libcbor, for the few structures WebAuthn sends: the
// attestation object, the COSE public key and the extensions map. Anything outside
// the small subset those use is refused before libcbor builds a tree from it.
#include <cbor.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace kl::app::webauthn {

// Owns one reference to a libcbor item and gives it back with cbor_decref.
struct CborDecref {
    void operator()(cbor_item_t* item) const {
        if (item) cbor_decref(&item);
    }
};
using CborItem = std::unique_ptr<cbor_item_t, CborDecref>;

// The bounds a decoded item must stay within.
struct CborLimits {
    std::size_t max_depth = 8;   // nesting of arrays and maps
    std::size_t max_items = 64;  // entries of one array or pairs of one map
};

struct CborLoaded {
    CborItem item;
    std::size_t length;  // bytes of the input the item spans
};

// Decodes the one CBOR item at the start of `bytes` (what follows is left to the
// caller). Refuses, with nullopt: truncated or ill-formed input, indefinite lengths,
// tags, floating-point and undefined values, and anything deeper or wider than the
// limits. The declared sizes are checked against the input before libcbor allocates.
std::optional<CborLoaded> cbor_read_first(std::string_view bytes, const CborLimits& limits = {});

// As cbor_read_first, for input that must be exactly one item with nothing after it.
CborItem cbor_read_exactly(std::string_view bytes, const CborLimits& limits = {});

// The value of a major type 0 or 1 integer, or nullopt for another item or one that
// does not fit in int64.
std::optional<std::int64_t> cbor_integer(const cbor_item_t* item);

// The bytes of a definite byte string or text string, or nullopt for another item.
std::optional<std::string> cbor_bytes(const cbor_item_t* item);
std::optional<std::string> cbor_text(const cbor_item_t* item);

// The value of a map's entry under an integer or a text key (borrowed from the map).
// `duplicate` is set when the key occurs more than once: callers refuse such maps.
struct CborLookup {
    const cbor_item_t* value = nullptr;
    bool duplicate = false;
};
CborLookup cbor_map_get(const cbor_item_t* map, std::int64_t key);
CborLookup cbor_map_get(const cbor_item_t* map, std::string_view key);

}  // namespace kl::app::webauthn
