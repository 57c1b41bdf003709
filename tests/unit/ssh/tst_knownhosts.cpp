// The pure SSH formats: known_hosts parsing and host matching (plain, [host]:port, patterns,
// negation, names hashed by `ssh-keygen -H`), SHA256 fingerprints as `ssh-keygen -l` prints them,
// telling encrypted private keys from plain ones without decrypting, and the public key an OpenSSH
// private key carries in clear.

#include "ssh/knownhosts.h"
#include "ssh/sshkeyformat.h"

#include <QTest>
#include <QtEndian>

using namespace nephele::ssh;

namespace {

// Made by ssh-keygen -t ed25519 / -t ecdsa; fingerprints from `ssh-keygen -l -E sha256`.
constexpr char kEd25519[] = "AAAAC3NzaC1lZDI1NTE5AAAAIMonXRbVAuk3QGu+WLUMNJg4rYEdEDDiYyjVlCfGc++A";
constexpr char kEd25519Fingerprint[] = "SHA256:8U5SSQDHL4XemA8VpOcrzvhxPW0jIfHklnqMZnRaoHA";
constexpr char kEcdsa[] =
    "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBBlGOhbcusXHBMCbOvWXw/xb8jjOtlgqc/vI6CIdMZc1"
    "RhrvFudUbtG/wFRkCzEa7nSzgCkp1ddxd3+wcC6qEuc=";
constexpr char kEcdsaFingerprint[] = "SHA256:pEVXDWsz0Q1zPi2uuss73EN8zmqgrGIUzz7pIncBQ00";
// `ssh-keygen -H` of "[127.0.0.1]:2222" and of "example.com".
constexpr char kHashedLoopback2222[] = "|1|+PjlwBkP91y5yhoNOlrQA5+n91M=|0K5amNUizpAL4knCu1B+TFp+yg8=";
constexpr char kHashedExampleCom[] = "|1|es7jZ6VIu+H6habU5kJpj5dg0Eg=|WMUCH9Ws/T5oBTJiOHm9zuYMfyg=";

QByteArray sshString(QByteArrayView text)
{
    QByteArray out(4, '\0');
    qToBigEndian<quint32>(quint32(text.size()), out.data());
    return out + text.toByteArray();
}

// An OpenSSH private key file whose header names a cipher; the rest is not a real key, which
// is all the format check reads.
QByteArray openSshKeyText(QByteArrayView cipher, QByteArrayView rest = {})
{
    QByteArray body = QByteArray("openssh-key-v1", 15) + sshString(cipher) + sshString("bcrypt") + sshString("salt");
    body += rest;
    QByteArray text = "-----BEGIN OPENSSH PRIVATE KEY-----\n";
    const QByteArray base64 = body.toBase64();
    for (qsizetype i = 0; i < base64.size(); i += 70)
        text += base64.mid(i, 70) + '\n';
    return text + "-----END OPENSSH PRIVATE KEY-----\n";
}

} // namespace

class TestKnownHosts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fingerprintsMatchSshKeygen()
    {
        QCOMPARE(sshFingerprintSha256(QByteArray::fromBase64(kEd25519)), QString::fromLatin1(kEd25519Fingerprint));
        QCOMPARE(sshFingerprintSha256(QByteArray::fromBase64(kEcdsa)), QString::fromLatin1(kEcdsaFingerprint));
        // Unpadded: a SHA-256 digest is 32 bytes, 43 base64 characters.
        QCOMPARE(sshFingerprintSha256(QByteArray::fromBase64(kEd25519)).size(), 7 + 43);
    }

    void keyBlobType()
    {
        QCOMPARE(sshKeyBlobType(QByteArray::fromBase64(kEd25519)), QByteArray("ssh-ed25519"));
        QCOMPARE(sshKeyBlobType(QByteArray::fromBase64(kEcdsa)), QByteArray("ecdsa-sha2-nistp256"));
        QCOMPARE(sshKeyBlobType(QByteArray()), QByteArray());
        QCOMPARE(sshKeyBlobType(QByteArray("\0\0\0\x20short", 9)), QByteArray()); // length past the end
    }

    void knownHostsNames()
    {
        QCOMPARE(knownHostsName(QStringLiteral("Example.COM"), 22), QByteArray("example.com"));
        QCOMPARE(knownHostsName(QStringLiteral("127.0.0.1"), 2222), QByteArray("[127.0.0.1]:2222"));
        QCOMPARE(knownHostsName(QStringLiteral("::1"), 2222), QByteArray("[::1]:2222"));
    }

    void parsesEntriesCommentsAndMarkers()
    {
        const QByteArray text = "# a comment\n"
                                "\n"
                                "example.com,192.0.2.1 ssh-ed25519 " +
                                QByteArray(kEd25519) +
                                " alice@laptop\r\n"
                                "@cert-authority *.example.com ecdsa-sha2-nistp256 " +
                                QByteArray(kEcdsa) +
                                "\n"
                                "   [127.0.0.1]:2222\tecdsa-sha2-nistp256   " +
                                QByteArray(kEcdsa) + "\n" + QByteArray(kHashedExampleCom) + " ssh-ed25519 " +
                                QByteArray(kEd25519); // no final newline
        const KnownHostsFile file = parseKnownHosts(text);
        QCOMPARE(file.invalidLines, QList<int>{});
        QCOMPARE(file.entries.size(), 4);
        const KnownHostsEntry &first = file.entries.at(0);
        QCOMPARE(first.line, 3);
        QCOMPARE(first.hosts, QByteArray("example.com,192.0.2.1"));
        QCOMPARE(first.keyType, QByteArray("ssh-ed25519"));
        QCOMPARE(first.keyBlob, QByteArray::fromBase64(kEd25519));
        QCOMPARE(first.comment, QByteArray("alice@laptop"));
        QVERIFY(first.marker.isEmpty());
        QCOMPARE(file.entries.at(1).marker, QByteArray("@cert-authority"));
        QCOMPARE(file.entries.at(1).line, 4);
        QCOMPARE(file.entries.at(2).line, 5);
        QCOMPARE(file.entries.at(2).hosts, QByteArray("[127.0.0.1]:2222"));
        QCOMPARE(file.entries.at(3).line, 6);
        QCOMPARE(file.entries.at(3).hosts, QByteArray(kHashedExampleCom));
    }

    void invalidLinesAreReportedNotFatal()
    {
        const QByteArray text = "host-only\n"                   // 1: no key
                                "host ssh-ed25519 not*base64\n" // 2: bad base64
                                "host ssh-rsa " +
                                QByteArray(kEd25519) + "\n" +                                       // 3: type mismatch
                                "@unknown-marker host ssh-ed25519 " + QByteArray(kEd25519) + "\n" + // 4
                                "good ssh-ed25519 " + QByteArray(kEd25519) + "\n";                  // 5
        const KnownHostsFile file = parseKnownHosts(text);
        QCOMPARE(file.invalidLines, (QList<int>{1, 2, 3, 4}));
        QCOMPARE(file.entries.size(), 1);
        QCOMPARE(file.entries.at(0).line, 5);
        QCOMPARE(parseKnownHosts({}).entries.size(), 0);
        QCOMPARE(parseKnownHosts("\n\n\n").invalidLines.size(), 0);
    }

    void hostFieldMatching_data()
    {
        QTest::addColumn<QByteArray>("field");
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<bool>("matches");
        QTest::newRow("plain") << QByteArray("example.com") << QByteArray("example.com") << true;
        QTest::newRow("case") << QByteArray("Example.COM") << QByteArray("example.com") << true;
        QTest::newRow("list") << QByteArray("a.org,example.com") << QByteArray("example.com") << true;
        QTest::newRow("other") << QByteArray("a.org,b.org") << QByteArray("example.com") << false;
        QTest::newRow("port needs brackets") << QByteArray("127.0.0.1") << QByteArray("[127.0.0.1]:2222") << false;
        QTest::newRow("bracketed port") << QByteArray("[127.0.0.1]:2222") << QByteArray("[127.0.0.1]:2222") << true;
        QTest::newRow("other port") << QByteArray("[127.0.0.1]:2223") << QByteArray("[127.0.0.1]:2222") << false;
        QTest::newRow("star") << QByteArray("*.example.com") << QByteArray("db.example.com") << true;
        QTest::newRow("star not dot") << QByteArray("*.example.com") << QByteArray("example.com") << false;
        QTest::newRow("question") << QByteArray("web?.example.com") << QByteArray("web1.example.com") << true;
        QTest::newRow("question one char")
            << QByteArray("web?.example.com") << QByteArray("web12.example.com") << false;
        QTest::newRow("negation wins") << QByteArray("*.example.com,!db.example.com") << QByteArray("db.example.com")
                                       << false;
        QTest::newRow("negation alone") << QByteArray("!db.example.com") << QByteArray("web.example.com") << false;
        QTest::newRow("star backtracks") << QByteArray("*a*b*c") << QByteArray("xaxbxbxc") << true;
        QTest::newRow("hashed with port") << QByteArray(kHashedLoopback2222) << QByteArray("[127.0.0.1]:2222") << true;
        QTest::newRow("hashed wrong port")
            << QByteArray(kHashedLoopback2222) << QByteArray("[127.0.0.1]:2223") << false;
        QTest::newRow("hashed name") << QByteArray(kHashedExampleCom) << QByteArray("example.com") << true;
        QTest::newRow("hashed other") << QByteArray(kHashedExampleCom) << QByteArray("example.org") << false;
        QTest::newRow("hashed broken") << QByteArray("|1|nobar") << QByteArray("example.com") << false;
    }

    void hostFieldMatching()
    {
        QFETCH(QByteArray, field);
        QFETCH(QByteArray, name);
        QFETCH(bool, matches);
        QCOMPARE(knownHostsFieldMatches(field, name), matches);
    }

    void entriesForAHost()
    {
        const QByteArray text = "[127.0.0.1]:2222 ssh-ed25519 " + QByteArray(kEd25519) + "\n" +
                                "@revoked [127.0.0.1]:2222 ecdsa-sha2-nistp256 " + QByteArray(kEcdsa) + "\n" +
                                "127.0.0.1 ecdsa-sha2-nistp256 " + QByteArray(kEcdsa) + "\n" +
                                QByteArray(kHashedLoopback2222) + " ecdsa-sha2-nistp256 " + QByteArray(kEcdsa) + "\n";
        const KnownHostsFile file = parseKnownHosts(text);
        const QList<KnownHostsEntry> found = knownHostsEntriesFor(file, QStringLiteral("127.0.0.1"), 2222);
        QCOMPARE(found.size(), 2); // the marked line and the port-22 line do not count
        QCOMPARE(found.at(0).line, 1);
        QCOMPARE(found.at(1).line, 4);
        QCOMPARE(sshFingerprintSha256(found.at(1).keyBlob), QString::fromLatin1(kEcdsaFingerprint));
        QCOMPARE(knownHostsEntriesFor(file, QStringLiteral("127.0.0.1"), 22).size(), 1);
    }

    void privateKeyFormats()
    {
        QCOMPARE(sshPrivateKeyFormat(openSshKeyText("none")), SshPrivateKeyFormat::OpenSsh);
        QVERIFY(!sshPrivateKeyIsEncrypted(openSshKeyText("none")));
        QVERIFY(sshPrivateKeyIsEncrypted(openSshKeyText("aes256-ctr")));
        QVERIFY(sshPrivateKeyIsEncrypted(openSshKeyText("aes256-gcm@openssh.com")));

        const QByteArray pemPlain =
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n";
        const QByteArray pemEncrypted = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                                        "DEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF\n\nMIIE\n"
                                        "-----END RSA PRIVATE KEY-----\n";
        const QByteArray pkcs8Encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0w\n"
                                          "-----END ENCRYPTED PRIVATE KEY-----\n";
        const QByteArray pkcs8Plain = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n-----END PRIVATE KEY-----\n";
        QCOMPARE(sshPrivateKeyFormat(pemPlain), SshPrivateKeyFormat::Pem);
        QVERIFY(!sshPrivateKeyIsEncrypted(pemPlain));
        QVERIFY(sshPrivateKeyIsEncrypted(pemEncrypted));
        QVERIFY(sshPrivateKeyIsEncrypted(pkcs8Encrypted));
        QVERIFY(!sshPrivateKeyIsEncrypted(pkcs8Plain));

        // Not private keys: a public key, a certificate, nothing.
        const QByteArray publicKey = "ssh-ed25519 " + QByteArray(kEd25519) + " alice\n";
        const QByteArray certificate = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        QCOMPARE(sshPrivateKeyFormat(publicKey), SshPrivateKeyFormat::None);
        QCOMPARE(sshPrivateKeyFormat(certificate), SshPrivateKeyFormat::None);
        QCOMPARE(sshPrivateKeyFormat({}), SshPrivateKeyFormat::None);
        QVERIFY(!sshPrivateKeyIsEncrypted(publicKey));
        // A damaged OpenSSH block is not reported as encrypted (it will fail to load instead).
        QVERIFY(!sshPrivateKeyIsEncrypted(
            "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n"));
        QVERIFY(!sshPrivateKeyIsEncrypted("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA"));
    }

    void publicKeyOfAPrivateKey()
    {
        // Read from the plain header, whatever the cipher: an encrypted key has a fingerprint too.
        const QByteArray blob = QByteArray::fromBase64(kEd25519);
        const QByteArray oneKey = QByteArray::fromHex("00000001") + sshString(blob);
        for (const char *cipher : {"none", "aes256-ctr"}) {
            const QByteArray key =
                sshOpenSshPublicKeyBlob(openSshKeyText(cipher, QByteArray(oneKey + sshString("private part"))));
            QCOMPARE(key, blob);
            QCOMPARE(sshFingerprintSha256(key), QString::fromLatin1(kEd25519Fingerprint));
        }
        // No key count, zero keys, a key cut short, a blob that names no type, a PEM key.
        QCOMPARE(sshOpenSshPublicKeyBlob(openSshKeyText("none")), QByteArray());
        QCOMPARE(sshOpenSshPublicKeyBlob(
                     openSshKeyText("none", QByteArray(QByteArray::fromHex("00000000") + sshString(blob)))),
                 QByteArray());
        QCOMPARE(sshOpenSshPublicKeyBlob(openSshKeyText("none", oneKey.left(oneKey.size() - 1))), QByteArray());
        QCOMPARE(sshOpenSshPublicKeyBlob(
                     openSshKeyText("none", QByteArray(QByteArray::fromHex("00000001") + sshString({})))),
                 QByteArray());
        QCOMPARE(sshOpenSshPublicKeyBlob("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n"),
                 QByteArray());
    }

    void publicKeyLines()
    {
        const QByteArray blob = QByteArray::fromBase64(kEd25519);
        QCOMPARE(sshPublicKeyLineBlob(QByteArray("ssh-ed25519 " + QByteArray(kEd25519) + " alice@host\n")), blob);
        QCOMPARE(sshPublicKeyLineBlob(QByteArray("  ssh-ed25519   " + QByteArray(kEd25519))), blob);
        // The type field must match the blob; base64 must be base64.
        QCOMPARE(sshPublicKeyLineBlob(QByteArray("ssh-rsa " + QByteArray(kEd25519))), QByteArray());
        QCOMPARE(sshPublicKeyLineBlob("ssh-ed25519 not*base64"), QByteArray());
        QCOMPARE(sshPublicKeyLineBlob("ssh-ed25519"), QByteArray());

        QCOMPARE(sshAuthorizedKeyLine(blob, QStringLiteral(" prod  deploy ")),
                 QStringLiteral("ssh-ed25519 %1 prod deploy").arg(QLatin1String(kEd25519)));
        QCOMPARE(sshAuthorizedKeyLine(blob, {}), QStringLiteral("ssh-ed25519 %1").arg(QLatin1String(kEd25519)));
        QCOMPARE(sshPublicKeyLineBlob(sshAuthorizedKeyLine(blob, QStringLiteral("c")).toLatin1()), blob);
    }
};

QTEST_GUILESS_MAIN(TestKnownHosts)
#include "tst_knownhosts.moc"
