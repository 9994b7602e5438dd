#pragma once
// ALPN: the TLS handshake offers HTTP/2 ("h2") and HTTP/1.1, preferring HTTP/2; a
// client that names neither (or no ALPN at all) speaks HTTP/1.1.
#include <openssl/ssl.h>

namespace kl::net {

// Makes context's handshakes choose a protocol by ALPN.
void offer_http2(SSL_CTX* context);

// True when ssl's finished handshake chose "h2". False for null (plain TCP).
bool chose_http2(SSL* ssl);

}  // namespace kl::net
