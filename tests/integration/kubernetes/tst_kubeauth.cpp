// kubeconfig credentials against the simulator over TLS on loopback: each way a kubeconfig can
// authenticate (token, token file, client certificate as data and as files, exec plugins of both API
// versions giving a token or a certificate) lists the cluster; a wrong token, a failing plugin, a
// plugin of the wrong apiVersion and a missing CA fail with a message that says why; the exec
// credential is cached until it expires; `nephele-cli machines list --kubeconfig` prints nodes, pods
// and containers with their parent links.
#include "accounts/importers.h"
#include "kubernetes/kubeauth.h"
#include "kubernetes/kubernetesdriver.h"
#include "sim/kubernetessim.h"

#include <QDir>
#include <QFile>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace nephele;
using namespace nephele::drivers;
using namespace nephele::drivers::kubernetes;

namespace {

Result<QList<Machine>> listWith(const AccountEndpoint &endpoint, QNetworkAccessManager *shared = nullptr)
{
    QNetworkAccessManager own;
    KubernetesDriver driver(endpoint, shared ? shared : &own);
    QFuture<Result<QList<Machine>>> future = driver.listMachines();
    if (!future.isFinished()) {
        QFutureWatcher<Result<QList<Machine>>> watcher;
        QSignalSpy spy(&watcher, &QFutureWatcherBase::finished);
        watcher.setFuture(future);
        if (!future.isFinished() && !spy.wait(60'000))
            return fail(ErrorKind::Timeout, QStringLiteral("test: the listing did not finish"));
    }
    return future.result();
}

QByteArray b64(const std::string &pem)
{
    return QByteArray::fromStdString(pem).toBase64();
}

template<typename T>
Result<T> awaitResult(QFuture<Result<T>> future)
{
    if (!future.isFinished()) {
        QFutureWatcher<Result<T>> watcher;
        QSignalSpy spy(&watcher, &QFutureWatcherBase::finished);
        watcher.setFuture(future);
        if (!future.isFinished() && !spy.wait(60'000))
            return fail(ErrorKind::Timeout, QStringLiteral("test: no answer"));
    }
    return future.result();
}

// An ExecCredential holding a client certificate, expiring `expires` (UTC).
QByteArray certificateCredential(const std::pair<std::string, std::string> &identity, const QDateTime &expires)
{
    const QJsonObject status{{QStringLiteral("clientCertificateData"), QString::fromStdString(identity.first)},
                             {QStringLiteral("clientKeyData"), QString::fromStdString(identity.second)},
                             {QStringLiteral("expirationTimestamp"), expires.toString(Qt::ISODate)}};
    return QJsonDocument(QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("client.authentication.k8s.io/v1")},
                                     {QStringLiteral("kind"), QStringLiteral("ExecCredential")},
                                     {QStringLiteral("status"), status}})
        .toJson(QJsonDocument::Compact);
}

} // namespace

class TestKubeAuth : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<sim::KubernetesSim> m_sim;
    std::size_t m_expected = 0; // nodes + pods + containers

    QString write(const QString &name, const QByteArray &bytes, bool executable = false)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(path));
        file.close();
        if (executable)
            file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        return path;
    }

    // A kubeconfig with the simulator's cluster (CA data unless `withCa` is false) and `user`'s body.
    QByteArray kubeconfig(const QByteArray &user, bool withCa = true, const QByteArray &clusterExtra = {}) const
    {
        QByteArray y = "apiVersion: v1\nkind: Config\nclusters:\n- name: sim\n  cluster:\n    server: " +
                       QByteArray::fromStdString(m_sim->url()) + "\n";
        if (withCa)
            y += "    certificate-authority-data: " + b64(m_sim->caCertificatePem()) + "\n";
        y += clusterExtra;
        y += "users:\n- name: u\n  user:\n" + user;
        y += "contexts:\n- name: ctx\n  context:\n    cluster: sim\n    user: u\ncurrent-context: ctx\n";
        return y;
    }

    nephele::Expected<KubeEndpoint, QString> resolve(const QByteArray &yaml, const QString &fileName = {})
    {
        const QString path = write(fileName.isEmpty() ? QStringLiteral("config") : fileName, yaml);
        const models::ImportResult found = models::importKubeconfig(yaml, path);
        if (!found.problems.isEmpty() || found.candidates.size() != 1)
            return nephele::Unexpected(QStringLiteral("test: the kubeconfig did not import"));
        const models::ImportCandidate &c = found.candidates.first();
        return resolveKubeContext({QStringLiteral("ctx"), QStringLiteral("ctx"), c.endpoint, c.settings, c.secrets});
    }

    void expectListing(const QByteArray &yaml)
    {
        auto resolved = resolve(yaml);
        QVERIFY2(resolved, qPrintable(resolved ? QString() : resolved.error()));
        const auto listed = listWith(resolved->endpoint);
        QVERIFY2(listed, qPrintable(listed ? QString() : listed.error().message));
        QCOMPARE(std::size_t(listed->size()), m_expected);
    }

    QByteArray execUser(const QString &plugin, const QByteArray &apiVersion) const
    {
        return "    exec:\n      apiVersion: " + apiVersion + "\n      command: " + plugin.toUtf8() +
               "\n      env:\n      - name: SIM_TOKEN\n        value: " + QByteArray::fromStdString(m_sim->token()) +
               "\n";
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        sim::KubernetesSimOptions options;
        options.seed = 11;
        options.nodes = 3;
        options.pods = 20;
        options.tls = true;
        m_sim = std::make_unique<sim::KubernetesSim>(options);
        std::string error;
        QVERIFY2(m_sim->start(&error), error.c_str());
        QVERIFY(!m_sim->clientCertificatePem().empty());
        // The count to expect, from a plain token listing.
        AccountEndpoint ep;
        ep.baseUrl = QUrl(QString::fromStdString(m_sim->url()));
        ep.token = QString::fromStdString(m_sim->token());
        ep.caCertificates = QSslCertificate::fromData(QByteArray::fromStdString(m_sim->caCertificatePem()));
        const auto listed = listWith(ep);
        QVERIFY(listed);
        m_expected = std::size_t(listed->size());
        QVERIFY(m_expected > m_sim->podCount() + m_sim->nodeCount()); // containers too
    }

    void bearerToken() { expectListing(kubeconfig("    token: " + QByteArray::fromStdString(m_sim->token()) + "\n")); }

    void wrongTokenIsRefused()
    {
        auto resolved = resolve(kubeconfig("    token: not-the-token\n"));
        QVERIFY(resolved);
        const auto listed = listWith(resolved->endpoint);
        QVERIFY(!listed);
        QCOMPARE(listed.error().kind, ErrorKind::Auth);
    }

    void tokenFileRelativeToTheKubeconfig()
    {
        write(QStringLiteral("sa-token"), QByteArray::fromStdString(m_sim->token()) + "\n");
        expectListing(kubeconfig("    tokenFile: sa-token\n"));
        auto missing = resolve(kubeconfig("    tokenFile: no-such-file\n"));
        QVERIFY(!missing);
        QVERIFY2(missing.error().contains(u"no-such-file"), qPrintable(missing.error()));
    }

    void clientCertificateAsData()
    {
        expectListing(kubeconfig("    client-certificate-data: " + b64(m_sim->clientCertificatePem()) +
                                 "\n    client-key-data: " + b64(m_sim->clientKeyPem()) + "\n"));
    }

    void clientCertificateAsFiles()
    {
        write(QStringLiteral("client.crt"), QByteArray::fromStdString(m_sim->clientCertificatePem()));
        write(QStringLiteral("client.key"), QByteArray::fromStdString(m_sim->clientKeyPem()));
        expectListing(kubeconfig("    client-certificate: client.crt\n    client-key: client.key\n"));
    }

    // A client certificate authenticates a TLS connection, not a request: another account on the
    // same network manager and server must not ride on that connection, and is refused as it would
    // be on its own.
    void aClientCertificateIsNotLentToAnotherAccount()
    {
        QNetworkAccessManager shared;
        auto withCertificate = resolve(kubeconfig("    client-certificate-data: " + b64(m_sim->clientCertificatePem()) +
                                                  "\n    client-key-data: " + b64(m_sim->clientKeyPem()) + "\n"));
        QVERIFY2(withCertificate, qPrintable(withCertificate ? QString() : withCertificate.error()));
        const auto listed = listWith(withCertificate->endpoint, &shared);
        QVERIFY2(listed, qPrintable(listed ? QString() : listed.error().message));
        QCOMPARE(std::size_t(listed->size()), m_expected);

        AccountEndpoint anonymous; // the same cluster, no credentials
        anonymous.baseUrl = withCertificate->endpoint.baseUrl;
        anonymous.caCertificates = withCertificate->endpoint.caCertificates;
        anonymous.retry.maxAttempts = 1;
        const auto refused = listWith(anonymous, &shared);
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::Auth);
        QCOMPARE(refused.error().httpStatus, 401);
        {
            // Its log stream neither.
            KubernetesDriver driver(anonymous, &shared);
            std::unique_ptr<PodLogStream> logs(driver.openLogs(QStringLiteral("default/none"), {}, nullptr));
            QSignalSpy failed(logs.get(), &PodLogStream::errorOccurred);
            logs->start();
            QVERIFY(failed.wait(30'000));
            QCOMPARE(logs->error()->httpStatus, 401);
        }
    }

    void aCertificateWithoutItsKeyIsAnError()
    {
        auto resolved =
            resolve(kubeconfig("    client-certificate-data: " + b64(m_sim->clientCertificatePem()) + "\n"));
        QVERIFY(!resolved);
        QVERIFY2(resolved.error().contains(u"no key"), qPrintable(resolved.error()));
    }

    void execPluginGivesATokenAndIsCached_data()
    {
        QTest::addColumn<QByteArray>("apiVersion");
        QTest::newRow("v1") << QByteArray("client.authentication.k8s.io/v1");
        QTest::newRow("v1beta1") << QByteArray("client.authentication.k8s.io/v1beta1");
    }

    void execPluginGivesATokenAndIsCached()
    {
        QFETCH(QByteArray, apiVersion);
        clearExecCredentialCache();
        // The plugin answers with the apiVersion it was asked for (read from KUBERNETES_EXEC_INFO)
        // and a token valid for an hour, as aws-iam-authenticator and gke-gcloud-auth-plugin do.
        const QString plugin = write(
            QStringLiteral("plugin-token.sh"),
            "#!/bin/sh\n"
            "version=$(printf '%s' \"$KUBERNETES_EXEC_INFO\" | sed -n 's/.*\"apiVersion\":\"\\([^\"]*\\)\".*/\\1/p')\n"
            "expires=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)\n"
            "printf "
            "'{\"apiVersion\":\"%s\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"%s\",\"expirationTimestamp\":"
            "\"%s\"}}\\n' \"$version\" \"$SIM_TOKEN\" \"$expires\"\n",
            true);
        const int before = execPluginRuns();
        expectListing(kubeconfig(execUser(plugin, apiVersion)));
        QCOMPARE(execPluginRuns(), before + 1);
        expectListing(kubeconfig(execUser(plugin, apiVersion))); // cached until it expires
        QCOMPARE(execPluginRuns(), before + 1);
    }

    void execPluginGivesAClientCertificate()
    {
        clearExecCredentialCache();
        QJsonObject status{
            {QStringLiteral("clientCertificateData"), QString::fromStdString(m_sim->clientCertificatePem())},
            {QStringLiteral("clientKeyData"), QString::fromStdString(m_sim->clientKeyPem())}};
        const QByteArray credential =
            QJsonDocument(QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("client.authentication.k8s.io/v1")},
                                      {QStringLiteral("kind"), QStringLiteral("ExecCredential")},
                                      {QStringLiteral("status"), status}})
                .toJson(QJsonDocument::Compact);
        write(QStringLiteral("credential.json"), credential);
        const QString plugin =
            write(QStringLiteral("plugin-cert.sh"),
                  "#!/bin/sh\ncat '" + m_dir.filePath(QStringLiteral("credential.json")).toUtf8() + "'\n", true);
        expectListing(kubeconfig(execUser(plugin, "client.authentication.k8s.io/v1")));
    }

    void execPluginRenewsAnExpiringClientCertificate()
    {
        // The plugin's first certificate expires within the refresh margin; its second run (held
        // until the test says go, so that the first listing surely uses the first certificate)
        // gives another, for another user. Connections opened after the renewal present the new
        // one, on both transports, although the driver kept connections open with the old one.
        clearExecCredentialCache();
        const auto first = m_sim->makeClientIdentity("plugin-user-1");
        const auto second = m_sim->makeClientIdentity("plugin-user-2");
        QVERIFY(!first.first.empty() && !second.first.empty());
        const QDateTime now = QDateTime::currentDateTimeUtc();
        write(QStringLiteral("cert-1.json"), certificateCredential(first, now.addSecs(90)));
        write(QStringLiteral("cert-2.json"), certificateCredential(second, now.addSecs(3600)));
        const QByteArray dir = m_dir.path().toUtf8();
        const QString plugin = write(QStringLiteral("plugin-renewing.sh"),
                                     "#!/bin/sh\ncd '" + dir +
                                         "'\nif [ ! -f runs ]; then touch runs; cat cert-1.json; exit 0; fi\n"
                                         "while [ ! -f go ]; do sleep 0.02; done\ncat cert-2.json\n",
                                     true);
        auto resolved = resolve(kubeconfig(execUser(plugin, "client.authentication.k8s.io/v1")));
        QVERIFY2(resolved, qPrintable(resolved ? QString() : resolved.error()));
        QVERIFY(resolved->endpoint.credentials);
        const auto userOf = [](const ClientIdentity &identity) {
            return identity.certificate.subjectInfo(QSslCertificate::CommonName).value(0);
        };
        QCOMPARE(userOf(resolved->endpoint.credentials->clientIdentity()), QStringLiteral("plugin-user-1"));

        QNetworkAccessManager network;
        KubernetesDriver driver(resolved->endpoint, &network);
        m_sim->takeCertificateUsers();
        auto listed = awaitResult(driver.listMachines());
        QVERIFY2(listed, qPrintable(listed ? QString() : listed.error().fullText()));
        QCOMPARE(std::size_t(listed->size()), m_expected);
        auto usage = awaitResult(driver.fetchUsage());
        QVERIFY2(usage, qPrintable(usage ? QString() : usage.error().fullText()));
        auto version = awaitResult(driver.testConnection()); // through Qt's stack
        QVERIFY2(version, qPrintable(version ? QString() : version.error().fullText()));
        std::vector<std::string> users = m_sim->takeCertificateUsers();
        QVERIFY(!users.empty());
        for (const std::string &user : users)
            QCOMPARE(QString::fromStdString(user), QStringLiteral("plugin-user-1"));

        write(QStringLiteral("go"), "go");
        QTRY_COMPARE_WITH_TIMEOUT(userOf(resolved->endpoint.credentials->clientIdentity()),
                                  QStringLiteral("plugin-user-2"), 20'000);
        listed = awaitResult(driver.listMachines());
        QVERIFY2(listed, qPrintable(listed ? QString() : listed.error().fullText()));
        QCOMPARE(std::size_t(listed->size()), m_expected);
        usage = awaitResult(driver.fetchUsage());
        QVERIFY2(usage, qPrintable(usage ? QString() : usage.error().fullText()));
        version = awaitResult(driver.testConnection());
        QVERIFY2(version, qPrintable(version ? QString() : version.error().fullText()));
        users = m_sim->takeCertificateUsers();
        QVERIFY(users.size() >= 4); // two list pages, the usage and the version, at least
        for (const std::string &user : users)
            QCOMPARE(QString::fromStdString(user), QStringLiteral("plugin-user-2"));
    }

    void execPluginFailuresSayWhy()
    {
        clearExecCredentialCache();
        const QString failing = write(QStringLiteral("plugin-fail.sh"),
                                      "#!/bin/sh\necho 'error: the SSO session has expired' >&2\nexit 3\n", true);
        auto resolved = resolve(kubeconfig(execUser(failing, "client.authentication.k8s.io/v1")));
        QVERIFY(!resolved);
        QVERIFY2(resolved.error().contains(u"exit 3") && resolved.error().contains(u"SSO session has expired"),
                 qPrintable(resolved.error()));

        const QString wrongVersion =
            write(QStringLiteral("plugin-v1alpha.sh"),
                  "#!/bin/sh\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1alpha1\",\"kind\":"
                  "\"ExecCredential\",\"status\":{\"token\":\"x\"}}'\n",
                  true);
        resolved = resolve(kubeconfig(execUser(wrongVersion, "client.authentication.k8s.io/v1")));
        QVERIFY(!resolved);
        QVERIFY2(resolved.error().contains(u"v1alpha1"), qPrintable(resolved.error()));

        const QString garbage = write(QStringLiteral("plugin-garbage.sh"), "#!/bin/sh\necho 'token=abc'\n", true);
        resolved = resolve(kubeconfig(execUser(garbage, "client.authentication.k8s.io/v1")));
        QVERIFY(!resolved);
        QVERIFY2(resolved.error().contains(u"not JSON"), qPrintable(resolved.error()));

        resolved = resolve(
            kubeconfig(execUser(m_dir.filePath(QStringLiteral("no-such-plugin")), "client.authentication.k8s.io/v1")));
        QVERIFY(!resolved);
        QVERIFY2(resolved.error().contains(u"could not be started"), qPrintable(resolved.error()));
    }

    void parseExecCredentialChecksItsShape()
    {
        const QString v1 = QStringLiteral("client.authentication.k8s.io/v1");
        QVERIFY(parseExecCredential(
            R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t"}})", v1));
        auto timed = parseExecCredential(
            R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t","expirationTimestamp":"2030-01-02T03:04:05Z"}})",
            v1);
        QVERIFY(timed);
        QCOMPARE(timed->expiresAt, QDateTime(QDate(2030, 1, 2), QTime(3, 4, 5), Qt::UTC));
        QVERIFY(!parseExecCredential(
            R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"Pod","status":{"token":"t"}})", v1));
        QVERIFY(!parseExecCredential(
            R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}})", v1));
        QVERIFY(!parseExecCredential(
            R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t","expirationTimestamp":"soon"}})",
            v1));
        QVERIFY(!parseExecCredential(
            R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientCertificateData":"x"}})",
            v1));
    }

    void caIsRequiredUnlessInsecureIsAllowed()
    {
        const QByteArray user = "    token: " + QByteArray::fromStdString(m_sim->token()) + "\n";
        auto untrusted = resolve(kubeconfig(user, false));
        QVERIFY(untrusted);
        const auto refused = listWith(untrusted->endpoint);
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, ErrorKind::Tls);

        auto insecure = resolve(kubeconfig(user, false, "    insecure-skip-tls-verify: true\n"));
        QVERIFY(insecure);
        QVERIFY(insecure->endpoint.insecureSkipTlsVerify);
        QVERIFY(!insecure->warnings.isEmpty());
        QVERIFY(insecure->warnings.first().contains(u"not checked"));
        const auto listed = listWith(insecure->endpoint);
        QVERIFY2(listed, qPrintable(listed ? QString() : listed.error().message));
    }

    void proxyUrlIsValidated()
    {
        const QByteArray user = "    token: " + QByteArray::fromStdString(m_sim->token()) + "\n";
        auto proxied = resolve(kubeconfig(user, true, "    proxy-url: http://127.0.0.1:3128\n"));
        QVERIFY(proxied);
        QCOMPARE(proxied->endpoint.proxy.type(), QNetworkProxy::HttpProxy);
        QCOMPARE(proxied->endpoint.proxy.port(), quint16(3128));
        QVERIFY(!resolve(kubeconfig(user, true, "    proxy-url: ftp://example\n")));
    }

    void cliListsTheClusterFromAKubeconfig()
    {
        const QString cli = QStringLiteral(NEPHELE_CLI_PATH);
        const QString path = write(QStringLiteral("cli-config"),
                                   kubeconfig("    client-certificate-data: " + b64(m_sim->clientCertificatePem()) +
                                              "\n    client-key-data: " + b64(m_sim->clientKeyPem()) + "\n"));
        QProcess p;
        p.start(cli,
                {QStringLiteral("machines"), QStringLiteral("list"), QStringLiteral("--kubeconfig"), path,
                 QStringLiteral("--context"), QStringLiteral("ctx"), QStringLiteral("-o"), QStringLiteral("json")});
        QVERIFY(p.waitForFinished(60'000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const QJsonArray machines = QJsonDocument::fromJson(p.readAllStandardOutput()).array();
        QCOMPARE(std::size_t(machines.size()), m_expected);
        QSet<QString> ids;
        for (const QJsonValue &m : machines)
            ids.insert(m[u"id"].toString());
        QMap<QString, int> kinds;
        for (const QJsonValue &m : machines) {
            const QString kind = m[u"kind"].toString();
            ++kinds[kind];
            const QString parent = m[u"parent"].toString();
            if (kind == u"container")
                QVERIFY2(ids.contains(parent), qPrintable(m[u"id"].toString()));
            if (kind == u"pod" && !parent.isEmpty())
                QVERIFY2(ids.contains(parent), qPrintable(m[u"id"].toString()));
        }
        QCOMPARE(std::size_t(kinds.value(QStringLiteral("node"))), m_sim->nodeCount());
        QCOMPARE(std::size_t(kinds.value(QStringLiteral("pod"))), m_sim->podCount());
        QVERIFY(kinds.value(QStringLiteral("container")) >= kinds.value(QStringLiteral("pod")));

        p.start(cli,
                {QStringLiteral("machines"), QStringLiteral("list"), QStringLiteral("--kubeconfig"), path,
                 QStringLiteral("--context"), QStringLiteral("other"), QStringLiteral("-o"), QStringLiteral("json")});
        QVERIFY(p.waitForFinished(60'000));
        QVERIFY(p.exitCode() != 0);
        QVERIFY(p.readAllStandardError().contains("no context \"other\""));
    }
};

QTEST_GUILESS_MAIN(TestKubeAuth)
#include "tst_kubeauth.moc"
