#pragma once

#include <memory>
#include <optional>
#include <string>

using X509 = struct x509_st;
using EVP_PKEY = struct evp_pkey_st;

namespace nephele::sim {

// A throwaway CA and a server certificate for 127.0.0.1 / ::1 / localhost, made in memory at
// start so https tests verify a real chain without files on disk.
struct TlsMaterial final {
    struct X509Free {
        void operator()(X509 *x) const;
    };
    struct KeyFree {
        void operator()(EVP_PKEY *k) const;
    };
    std::unique_ptr<X509, X509Free> caCertificate;
    std::unique_ptr<EVP_PKEY, KeyFree> caKey;
    std::unique_ptr<X509, X509Free> serverCertificate;
    std::unique_ptr<EVP_PKEY, KeyFree> serverKey;
    std::string caPem;
    std::string serverPem;

    static std::optional<TlsMaterial> generate(std::string *error);

    // A client certificate (extended key usage clientAuth) and its key, signed by this CA: what a
    // kubeconfig's client-certificate-data and client-key-data hold. PEM both.
    struct ClientIdentity {
        std::string certificatePem;
        std::string keyPem;
    };
    std::optional<ClientIdentity> makeClientIdentity(const std::string &commonName, std::string *error) const;
};

} // namespace nephele::sim
