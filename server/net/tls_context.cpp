#include "server/net/tls_context.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>

namespace kl::net {

namespace {

template <class T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, decltype([](T* p) { Free(p); })>;

void check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("certificate generation failed: ") + what);
}

void add_extension(X509* certificate, int nid, const char* value) {
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    Owned<X509_EXTENSION, X509_EXTENSION_free> extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
    check(extension && X509_add_ext(certificate, extension.get(), -1) == 1, "extension");
}

// Writes with fopen on a descriptor created 0600, so the key is never readable by others.
void write_private_file(const std::string& path, const std::function<bool(FILE*)>& write) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    check(fd >= 0, "cannot create key file");
    FILE* file = ::fdopen(fd, "w");
    check(file != nullptr, "fdopen");
    bool ok = write(file);
    ok = std::fclose(file) == 0 && ok;
    check(ok, "write");
}

}  // namespace

CertificatePaths ensure_self_signed_certificate(const std::string& data_dir) {
    CertificatePaths paths{data_dir + "/cert.pem", data_dir + "/key.pem"};
    if (std::filesystem::exists(paths.cert_file) && std::filesystem::exists(paths.key_file)) return paths;

    Owned<EVP_PKEY, EVP_PKEY_free> key(EVP_EC_gen("P-256"));
    check(key != nullptr, "key");
    Owned<X509, X509_free> certificate(X509_new());
    check(certificate && X509_set_version(certificate.get(), 2) == 1, "version");
    unsigned char serial_bytes[16];
    check(RAND_bytes(serial_bytes, sizeof serial_bytes) == 1, "serial");
    serial_bytes[0] &= 0x7f;  // positive
    Owned<BIGNUM, BN_free> serial(BN_bin2bn(serial_bytes, sizeof serial_bytes, nullptr));
    check(serial && BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate.get())), "serial");
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -60 * 60);
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 365L * 24 * 60 * 60);
    check(X509_set_pubkey(certificate.get(), key.get()) == 1, "public key");
    X509_NAME* name = X509_get_subject_name(certificate.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Kennislab (development)"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    check(X509_set_issuer_name(certificate.get(), name) == 1, "issuer");
    add_extension(certificate.get(), NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1");
    add_extension(certificate.get(), NID_basic_constraints, "critical,CA:FALSE");
    add_extension(certificate.get(), NID_key_usage, "critical,digitalSignature");
    add_extension(certificate.get(), NID_ext_key_usage, "serverAuth");
    check(X509_sign(certificate.get(), key.get(), EVP_sha256()) > 0, "sign");

    std::filesystem::create_directories(data_dir);
    write_private_file(paths.key_file, [&](FILE* f) {
        return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
    });
    write_private_file(paths.cert_file, [&](FILE* f) { return PEM_write_X509(f, certificate.get()) == 1; });
    return paths;
}

boost::asio::ssl::context make_server_context(const CertificatePaths& paths) {
    namespace ssl = boost::asio::ssl;
    ssl::context context(ssl::context::tls_server);
    context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                        ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use |
                        SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION);
    SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_2_VERSION);
    // A connection with nothing to read or write gives its record buffers (about 34 KB)
    // back: most WebSocket connections are idle most of the time.
    SSL_CTX_set_mode(context.native_handle(), SSL_MODE_RELEASE_BUFFERS);
    // Mozilla's "intermediate" TLS 1.2 list: forward secrecy and AEAD only.
    SSL_CTX_set_cipher_list(context.native_handle(),
                            "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                            "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                            "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305");
    context.use_certificate_chain_file(paths.cert_file);
    context.use_private_key_file(paths.key_file, ssl::context::pem);
    return context;
}

}  // namespace kl::net
