#pragma once
// The TLS configuration: TLS 1.2 and 1.3 only, modern AEAD ciphers, and a self-signed
// certificate for localhost made on first start when no certificate is configured.
#include <boost/asio/ssl/context.hpp>

#include <string>

namespace kl::net {

struct CertificatePaths {
    std::string cert_file;
    std::string key_file;
};

// Returns data_dir/cert.pem and data_dir/key.pem, creating them (EC P-256, valid one
// year, for localhost, 127.0.0.1 and ::1; the key file mode 0600) if missing.
// Throws std::runtime_error on failure.
CertificatePaths ensure_self_signed_certificate(const std::string& data_dir);

// A server context loaded with the certificate chain and key. Throws on failure.
boost::asio::ssl::context make_server_context(const CertificatePaths& paths);

}  // namespace kl::net
