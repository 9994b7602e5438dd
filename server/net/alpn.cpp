#include "server/net/alpn.hpp"

#include <cstring>

namespace kl::net {

namespace {

// Ours in order of preference, in ALPN's wire format (length-prefixed names).
constexpr unsigned char protocols[] = "\x02h2\x08http/1.1";

int select_protocol(SSL*, const unsigned char** out, unsigned char* out_length, const unsigned char* offered,
                    unsigned int offered_length, void*) {
    unsigned char* chosen = nullptr;
    // The first of ours (the server's order) that the client offers.
    if (SSL_select_next_proto(&chosen, out_length, protocols, sizeof protocols - 1, offered, offered_length) !=
        OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_NOACK;  // none in common: go on without ALPN, as HTTP/1.1
    *out = chosen;
    return SSL_TLSEXT_ERR_OK;
}

}  // namespace

void offer_http2(SSL_CTX* context) { SSL_CTX_set_alpn_select_cb(context, select_protocol, nullptr); }

bool chose_http2(SSL* ssl) {
    if (!ssl) return false;
    const unsigned char* name = nullptr;
    unsigned int length = 0;
    SSL_get0_alpn_selected(ssl, &name, &length);
    return length == 2 && std::memcmp(name, "h2", 2) == 0;
}

}  // namespace kl::net
