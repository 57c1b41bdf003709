#include "sim/tlsmaterial.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace nephele::sim {

void TlsMaterial::X509Free::operator()(X509 *x) const
{
    X509_free(x);
}
void TlsMaterial::KeyFree::operator()(EVP_PKEY *k) const
{
    EVP_PKEY_free(k);
}

namespace {

std::string opensslError(const char *what)
{
    std::string out = what;
    const unsigned long code = ERR_get_error();
    if (code) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        out += ": ";
        out += buffer;
    }
    ERR_clear_error();
    return out;
}

bool addExtension(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext)
        return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

enum class Role { Ca, Server, Client };

X509 *makeCertificate(EVP_PKEY *key, const char *commonName, X509 *issuer, EVP_PKEY *issuerKey, Role role)
{
    X509 *cert = X509_new();
    if (!cert)
        return nullptr;
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;
    BIGNUM *bn = BN_bin2bn(serial, sizeof serial, nullptr);
    bool ok = X509_set_version(cert, 2) == 1 && bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert));
    BN_free(bn);
    ok = ok && X509_gmtime_adj(X509_getm_notBefore(cert), -3600) &&
         X509_gmtime_adj(X509_getm_notAfter(cert), 30L * 86400);
    ok = ok && X509_set_pubkey(cert, key) == 1;
    X509_NAME *name = X509_get_subject_name(cert);
    ok = ok &&
         X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                    reinterpret_cast<const unsigned char *>("Nephele simulator"), -1, -1, 0) &&
         X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char *>(commonName), -1,
                                    -1, 0);
    ok = ok && X509_set_issuer_name(cert, issuer ? X509_get_subject_name(issuer) : name) == 1;
    X509 *issuerCert = issuer ? issuer : cert;
    if (role == Role::Ca) {
        ok = ok && addExtension(cert, issuerCert, NID_basic_constraints, "critical,CA:TRUE") &&
             addExtension(cert, issuerCert, NID_key_usage, "critical,keyCertSign,cRLSign") &&
             addExtension(cert, issuerCert, NID_subject_key_identifier, "hash");
    } else if (role == Role::Client) {
        ok = ok && addExtension(cert, issuerCert, NID_basic_constraints, "critical,CA:FALSE") &&
             addExtension(cert, issuerCert, NID_key_usage, "critical,digitalSignature") &&
             addExtension(cert, issuerCert, NID_ext_key_usage, "clientAuth") &&
             addExtension(cert, issuerCert, NID_authority_key_identifier, "keyid:always");
    } else {
        ok = ok && addExtension(cert, issuerCert, NID_basic_constraints, "critical,CA:FALSE") &&
             addExtension(cert, issuerCert, NID_key_usage, "critical,digitalSignature,keyEncipherment") &&
             addExtension(cert, issuerCert, NID_ext_key_usage, "serverAuth") &&
             addExtension(cert, issuerCert, NID_subject_alt_name, "IP:127.0.0.1,IP:::1,DNS:localhost") &&
             addExtension(cert, issuerCert, NID_authority_key_identifier, "keyid:always");
    }
    ok = ok && X509_sign(cert, issuerKey ? issuerKey : key, EVP_sha256()) > 0;
    if (!ok) {
        X509_free(cert);
        return nullptr;
    }
    return cert;
}

std::string keyToPem(EVP_PKEY *key)
{
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    char *data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    std::string out(data, std::size_t(length));
    BIO_free(bio);
    return out;
}

std::string toPem(X509 *cert)
{
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, cert);
    char *data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    std::string out(data, std::size_t(length));
    BIO_free(bio);
    return out;
}

} // namespace

std::optional<TlsMaterial> TlsMaterial::generate(std::string *error)
{
    TlsMaterial m;
    // P-256 keys: generated in a millisecond, unlike RSA, and every TLS client accepts them.
    m.caKey.reset(EVP_EC_gen("P-256"));
    m.serverKey.reset(EVP_EC_gen("P-256"));
    if (!m.caKey || !m.serverKey) {
        if (error)
            *error = opensslError("key generation failed");
        return std::nullopt;
    }
    m.caCertificate.reset(makeCertificate(m.caKey.get(), "Nephele simulator CA", nullptr, nullptr, Role::Ca));
    if (m.caCertificate)
        m.serverCertificate.reset(
            makeCertificate(m.serverKey.get(), "127.0.0.1", m.caCertificate.get(), m.caKey.get(), Role::Server));
    if (!m.caCertificate || !m.serverCertificate) {
        if (error)
            *error = opensslError("certificate generation failed");
        return std::nullopt;
    }
    m.caPem = toPem(m.caCertificate.get());
    m.serverPem = toPem(m.serverCertificate.get());
    return m;
}

std::optional<TlsMaterial::ClientIdentity> TlsMaterial::makeClientIdentity(const std::string &commonName,
                                                                           std::string *error) const
{
    std::unique_ptr<EVP_PKEY, KeyFree> key(EVP_EC_gen("P-256"));
    std::unique_ptr<X509, X509Free> cert;
    if (key)
        cert.reset(makeCertificate(key.get(), commonName.c_str(), caCertificate.get(), caKey.get(), Role::Client));
    if (!key || !cert) {
        if (error)
            *error = opensslError("client certificate generation failed");
        return std::nullopt;
    }
    return ClientIdentity{toPem(cert.get()), keyToPem(key.get())};
}

} // namespace nephele::sim
