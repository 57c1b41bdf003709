#include "accounts/importers.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace nephele::models;

using SecretMap = QMap<QString, QString>;

namespace {

QString dataPath(const QString &relative)
{
    return QStringLiteral(NEPHELE_IMPORT_DATA "/") + relative;
}

QByteArray readData(const QString &relative)
{
    QFile f(dataPath(relative));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing test data file");
    return f.readAll();
}

const ImportCandidate *findCandidate(const ImportResult &r, const QString &provider, const QString &name)
{
    for (const ImportCandidate &c : r.candidates) {
        if (c.provider == provider && c.name == name)
            return &c;
    }
    return nullptr;
}

QStringList names(const ImportResult &r)
{
    QStringList out;
    for (const ImportCandidate &c : r.candidates)
        out.append(c.name);
    return out;
}

// The expected settings are a subset: each must be present with that value. Secret values must
// never appear among the settings.
void checkCandidate(const ImportCandidate &c, const QString &endpoint, const QVariantMap &settings,
                    const SecretMap &secrets, const QStringList &warningFragments)
{
    QCOMPARE(c.endpoint, endpoint);
    for (auto it = settings.cbegin(); it != settings.cend(); ++it) {
        if (!c.settings.contains(it.key()))
            QFAIL(qPrintable(u"missing setting "_qs + it.key()));
        QCOMPARE(c.settings.value(it.key()), it.value());
    }
    QCOMPARE(c.secrets, secrets);
    for (const QString &secret : secrets) {
        for (auto it = c.settings.cbegin(); it != c.settings.cend(); ++it) {
            const QString value = it.value().toString();
            const bool leaked = secret.size() >= 12 ? value.contains(secret) : value == secret;
            QVERIFY2(!leaked, qPrintable(u"secret leaked into setting "_qs + it.key()));
        }
    }
    QCOMPARE(c.warnings.size(), warningFragments.size());
    for (qsizetype i = 0; i < warningFragments.size(); ++i)
        QVERIFY2(c.warnings.at(i).contains(warningFragments.at(i)), qPrintable(c.warnings.at(i)));
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

QVariantMap map(std::initializer_list<std::pair<QString, QVariant>> pairs)
{
    QVariantMap m;
    for (const auto &[k, v] : pairs)
        m.insert(k, v);
    return m;
}

void addCandidateColumns()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QVariantMap>("settings");
    QTest::addColumn<SecretMap>("secrets");
    QTest::addColumn<QStringList>("warnings");
}

} // namespace

class TestImporters final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void kubeconfig_data()
    {
        addCandidateColumns();
        const QString pki = QStringLiteral(NEPHELE_IMPORT_DATA "/kubeconfig/pki/");
        const QStringList none;
        QTest::newRow("bearer token") << u"prod-token"_qs << u"https://k8s.prod.example.com:6443"_qs
                                      << map({{u"context"_qs, u"prod-token"_qs},
                                              {u"cluster"_qs, u"prod"_qs},
                                              {u"user"_qs, u"prod-admin"_qs},
                                              {u"namespace"_qs, u"default"_qs},
                                              {u"current"_qs, true},
                                              {u"auth"_qs, QStringList{u"token"_qs}},
                                              {u"certificate-authority-data"_qs, u"RkFLRS1DQS1DRVJUSUZJQ0FURQ=="_qs}})
                                      << SecretMap{{u"token"_qs, u"fake-bearer-token-0000"_qs}} << none;
        QTest::newRow("token file") << u"prod-tokenfile"_qs << u"https://k8s.prod.example.com:6443"_qs
                                    << map({{u"namespace"_qs, u"ci"_qs},
                                            {u"auth"_qs, QStringList{u"token-file"_qs}},
                                            {u"token-file"_qs,
                                             u"/var/run/secrets/kubernetes.io/serviceaccount/token"_qs}})
                                    << SecretMap{} << none;
        QTest::newRow("client certificate and key files")
            << u"staging-cert"_qs << u"https://10.0.12.5:6443"_qs
            << map({{u"auth"_qs, QStringList{u"client-certificate"_qs}},
                    {u"client-certificate"_qs, QString(pki + u"admin.crt"_qs)}, // relative: next to the kubeconfig
                    {u"client-key"_qs, u"/home/alice/.kube/pki/admin.key"_qs},
                    {u"certificate-authority"_qs, QString(pki + u"staging-ca.crt"_qs)},
                    {u"proxy-url"_qs, u"http://proxy.corp.example:3128"_qs},
                    {u"tls-server-name"_qs, u"staging.k8s.internal"_qs}})
            << SecretMap{} << none;
        QTest::newRow("inline data, insecure")
            << u"lab-inline"_qs << u"https://192.168.56.10:6443"_qs
            << map({{u"auth"_qs, QStringList{u"client-certificate"_qs}}, {u"insecure-skip-tls-verify"_qs, true}})
            << SecretMap{{u"client-certificate-data"_qs, u"RkFLRS1DTElFTlQtQ0VSVA=="_qs},
                         {u"client-key-data"_qs, u"RkFLRS1DTElFTlQtS0VZ"_qs}}
            << QStringList{u"insecure-skip-tls-verify"_qs};
        QTest::newRow("exec v1beta1") << u"eks-prod"_qs
                                      << u"https://0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com"_qs
                                      << map({{u"auth"_qs, QStringList{u"exec"_qs}},
                                              {u"exec-api-version"_qs, u"client.authentication.k8s.io/v1beta1"_qs},
                                              {u"exec-command"_qs, u"aws"_qs},
                                              {u"exec-args"_qs,
                                               QStringList{u"--region"_qs, u"eu-west-1"_qs, u"eks"_qs, u"get-token"_qs,
                                                           u"--cluster-name"_qs, u"prod"_qs}},
                                              {u"exec-env"_qs, QStringList{u"AWS_PROFILE"_qs}},
                                              {u"namespace"_qs, u"kube-system"_qs}})
                                      << SecretMap{{u"exec-env:AWS_PROFILE"_qs, u"prod"_qs}} << none;
        QTest::newRow("exec v1") << u"gke-dev"_qs << u"https://34.76.10.20"_qs
                                 << map({{u"auth"_qs, QStringList{u"exec"_qs}},
                                         {u"exec-api-version"_qs, u"client.authentication.k8s.io/v1"_qs},
                                         {u"exec-command"_qs, u"gke-gcloud-auth-plugin"_qs},
                                         {u"exec-args"_qs, QStringList()},
                                         {u"exec-interactive-mode"_qs, u"Never"_qs},
                                         {u"exec-provide-cluster-info"_qs, true}})
                                 << SecretMap{} << none;
        QTest::newRow("auth-provider oidc")
            << u"oidc"_qs << u"https://10.0.12.5:6443"_qs
            << map({{u"auth"_qs, QStringList{u"auth-provider"_qs}},
                    {u"auth-provider"_qs, u"oidc"_qs},
                    {u"auth-provider-config"_qs, map({{u"client-id"_qs, u"kubernetes"_qs},
                                                      {u"idp-issuer-url"_qs, u"https://dex.example.com"_qs}})}})
            << SecretMap{{u"auth-provider:client-secret"_qs, u"fake-oidc-client-secret"_qs},
                         {u"auth-provider:id-token"_qs, u"fake.oidc.id-token"_qs},
                         {u"auth-provider:refresh-token"_qs, u"fake-oidc-refresh-token"_qs}}
            << none;
        QTest::newRow("dangling references") << u"dangling"_qs << QString() << map({{u"auth"_qs, QStringList()}})
                                             << SecretMap{} << QStringList{u"deleted-cluster"_qs, u"deleted-user"_qs};
    }
    void kubeconfig()
    {
        QFETCH(QString, name);
        QFETCH(QString, endpoint);
        QFETCH(QVariantMap, settings);
        QFETCH(SecretMap, secrets);
        QFETCH(QStringList, warnings);
        const QString file = dataPath(u"kubeconfig/config"_qs);
        const ImportResult r = importKubeconfig(readData(u"kubeconfig/config"_qs), file);
        QVERIFY(r.problems.isEmpty());
        QCOMPARE(names(r), (QStringList{u"prod-token"_qs, u"prod-tokenfile"_qs, u"staging-cert"_qs, u"lab-inline"_qs,
                                        u"eks-prod"_qs, u"gke-dev"_qs, u"oidc"_qs, u"dangling"_qs}));
        const ImportCandidate *c = findCandidate(r, u"kubernetes"_qs, name);
        QVERIFY(c);
        QCOMPARE(c->sourceFile, file);
        checkCandidate(*c, endpoint, settings, secrets, warnings);
        if (name != u"prod-token")
            QVERIFY(!c->settings.contains(u"current"_qs));
    }

    void kubeconfigMergeFirstWins()
    {
        const QString a = dataPath(u"kubeconfig/merge-a.yaml"_qs);
        const QString b = dataPath(u"kubeconfig/merge-b.yaml"_qs);
        const ImportResult r = importKubeconfigFiles(
            {{readData(u"kubeconfig/merge-a.yaml"_qs), a}, {readData(u"kubeconfig/merge-b.yaml"_qs), b}});
        QVERIFY(r.problems.isEmpty());
        QCOMPARE(names(r), (QStringList{u"alpha"_qs, u"shared"_qs, u"beta"_qs}));

        const ImportCandidate *alpha = findCandidate(r, u"kubernetes"_qs, u"alpha"_qs);
        QCOMPARE(alpha->settings.value(u"current"_qs), QVariant(true)); // a's current-context wins
        QCOMPARE(alpha->endpoint, u"https://a.k8s.example.com:6443"_qs);

        const ImportCandidate *shared = findCandidate(r, u"kubernetes"_qs, u"shared"_qs);
        QCOMPARE(shared->sourceFile, a);
        QCOMPARE(shared->settings.value(u"namespace"_qs), QVariant(u"from-a"_qs));
        QCOMPARE(shared->secrets.value(u"token"_qs), u"fake-token-from-a"_qs);
        QCOMPARE(shared->warnings.size(), 1);
        QVERIFY(shared->warnings.first().contains(b));

        // b's context uses a's definition of shared-cluster (first wins) and b's own user.
        const ImportCandidate *beta = findCandidate(r, u"kubernetes"_qs, u"beta"_qs);
        QCOMPARE(beta->sourceFile, b);
        QVERIFY(!beta->settings.contains(u"current"_qs));
        QCOMPARE(beta->endpoint, u"https://a.k8s.example.com:6443"_qs);
        QCOMPARE(beta->secrets.value(u"token"_qs), u"fake-token-from-b"_qs);
    }

    void aws_data()
    {
        addCandidateColumns();
        QTest::newRow("default") << u"default"_qs << QString()
                                 << map({{u"profile"_qs, u"default"_qs},
                                         {u"region"_qs, u"eu-central-1"_qs},
                                         {u"output"_qs, u"json"_qs}})
                                 << SecretMap{{u"access-key-id"_qs, u"AKIAIOSFODNN7EXAMPLE"_qs},
                                              {u"secret-access-key"_qs, u"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"_qs}}
                                 << QStringList();
        QTest::newRow("session token") << u"ci"_qs << QString() << map({{u"region"_qs, u"us-east-1"_qs}})
                                       << SecretMap{{u"access-key-id"_qs, u"AKIAI44QH8DHBEXAMPLE"_qs},
                                                    {u"secret-access-key"_qs,
                                                     u"je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"_qs},
                                                    {u"session-token"_qs, u"FwoGZXIvYXdzEXAMPLEfakeSessionToken"_qs}}
                                       << QStringList{u"aws_session_token"_qs};
        QTest::newRow("assume role") << u"admin"_qs << QString()
                                     << map({{u"role_arn"_qs, u"arn:aws:iam::123456789012:role/Admin"_qs},
                                             {u"source_profile"_qs, u"default"_qs},
                                             {u"mfa_serial"_qs, u"arn:aws:iam::123456789012:mfa/alice"_qs},
                                             {u"region"_qs, u"eu-west-1"_qs}})
                                     << SecretMap{} << QStringList();
        QTest::newRow("sso session") << u"sso-dev"_qs << QString()
                                     << map({{u"sso_session"_qs, u"corp"_qs},
                                             {u"sso_start_url"_qs, u"https://corp.awsapps.com/start"_qs},
                                             {u"sso_region"_qs, u"eu-west-1"_qs},
                                             {u"sso_account_id"_qs, u"111122223333"_qs},
                                             {u"sso_role_name"_qs, u"Developer"_qs},
                                             {u"region"_qs, u"eu-north-1"_qs}})
                                     << SecretMap{} << QStringList();
        QTest::newRow("keys in config, endpoint_url, nested block")
            << u"minio"_qs << u"https://minio.lab.example:9000"_qs
            << map({{u"endpoint_url"_qs, u"https://minio.lab.example:9000"_qs}})
            << SecretMap{{u"access-key-id"_qs, u"minio-fake-access"_qs},
                         {u"secret-access-key"_qs, u"minio-fake-secret"_qs}}
            << QStringList();
    }
    void aws()
    {
        QFETCH(QString, name);
        QFETCH(QString, endpoint);
        QFETCH(QVariantMap, settings);
        QFETCH(SecretMap, secrets);
        QFETCH(QStringList, warnings);
        const QString credentials = dataPath(u"aws/credentials"_qs);
        const QString config = dataPath(u"aws/config"_qs);
        const ImportResult r =
            importAwsCredentials(readData(u"aws/credentials"_qs), readData(u"aws/config"_qs), credentials, config);
        QVERIFY(r.problems.isEmpty());
        QCOMPARE(names(r), (QStringList{u"default"_qs, u"ci"_qs, u"admin"_qs, u"sso-dev"_qs, u"minio"_qs}));
        const ImportCandidate *c = findCandidate(r, u"aws"_qs, name);
        QVERIFY(c);
        QCOMPARE(c->sourceFile, (name == u"default" || name == u"ci") ? credentials : config);
        checkCandidate(*c, endpoint, settings, secrets, warnings);
        QVERIFY(!c->settings.contains(u"s3"_qs) || c->settings.value(u"s3"_qs).toString().isEmpty());
        QVERIFY(!c->settings.contains(u"addressing_style"_qs));
    }

    void cloudsYaml_data()
    {
        addCandidateColumns();
        QTest::newRow("password") << u"devstack"_qs << u"https://keystone.lab.example:5000/v3"_qs
                                  << map({{u"username"_qs, u"demo"_qs},
                                          {u"project-name"_qs, u"demo"_qs},
                                          {u"user-domain-name"_qs, u"Default"_qs},
                                          {u"project-domain-name"_qs, u"Default"_qs},
                                          {u"region"_qs, u"RegionOne"_qs},
                                          {u"interface"_qs, u"public"_qs},
                                          {u"identity-api-version"_qs, u"3"_qs},
                                          {u"cacert"_qs, u"/etc/ssl/certs/lab-ca.pem"_qs}})
                                  << SecretMap{{u"password"_qs, u"fake-demo-password"_qs}} << QStringList();
        QTest::newRow("application credential, regions")
            << u"ovh"_qs << u"https://auth.cloud.ovh.net/v3"_qs
            << map({{u"auth-type"_qs, u"v3applicationcredential"_qs},
                    {u"application-credential-id"_qs, u"0123456789abcdef0123456789abcdef"_qs},
                    {u"region"_qs, u"GRA11"_qs},
                    {u"regions"_qs, QStringList{u"GRA11"_qs, u"SBG5"_qs}}})
            << SecretMap{{u"application-credential-secret"_qs, u"fake-app-cred-secret"_qs}} << QStringList();
        QTest::newRow("verify false") << u"lab-insecure"_qs << u"https://10.0.0.5:5000/v3"_qs
                                      << map({{u"username"_qs, u"admin"_qs},
                                              {u"project-id"_qs, u"6f1b2c3d4e5f40718293a4b5c6d7e8f9"_qs},
                                              {u"user-domain-id"_qs, u"default"_qs},
                                              {u"verify"_qs, false}})
                                      << SecretMap{{u"password"_qs, u"fake-admin-pass"_qs}}
                                      << QStringList{u"verify is false"_qs};
    }
    void cloudsYaml()
    {
        QFETCH(QString, name);
        QFETCH(QString, endpoint);
        QFETCH(QVariantMap, settings);
        QFETCH(SecretMap, secrets);
        QFETCH(QStringList, warnings);
        const QString file = dataPath(u"openstack/clouds.yaml"_qs);
        const ImportResult r = importCloudsYaml(readData(u"openstack/clouds.yaml"_qs), file);
        QVERIFY(r.problems.isEmpty());
        QCOMPARE(names(r), (QStringList{u"devstack"_qs, u"ovh"_qs, u"lab-insecure"_qs}));
        const ImportCandidate *c = findCandidate(r, u"openstack"_qs, name);
        QVERIFY(c);
        QCOMPARE(c->sourceFile, file);
        checkCandidate(*c, endpoint, settings, secrets, warnings);
    }

    void doctl()
    {
        const QString file = dataPath(u"doctl/config.yaml"_qs);
        const ImportResult r = importDoctlConfig(readData(u"doctl/config.yaml"_qs), file);
        QVERIFY(r.problems.isEmpty());
        QCOMPARE(names(r), (QStringList{u"default"_qs, u"personal"_qs, u"work"_qs}));
        const QString api = u"https://api.digitalocean.com"_qs;
        checkCandidate(
            r.candidates.at(0), api, map({{u"context"_qs, u"default"_qs}}),
            SecretMap{{u"token"_qs, u"dop_v1_fakedefaulttoken0000000000000000000000000000000000000000000000"_qs}}, {});
        checkCandidate(
            r.candidates.at(2), api, map({{u"context"_qs, u"work"_qs}, {u"current"_qs, true}}),
            SecretMap{{u"token"_qs, u"dop_v1_fakeworktoken0000000000000000000000000000000000000000000000"_qs}}, {});
        QVERIFY(!r.candidates.at(0).settings.contains(u"current"_qs));
        QVERIFY(!r.candidates.at(1).settings.contains(u"current"_qs));
        for (const ImportCandidate &c : r.candidates)
            QCOMPARE(c.provider, u"digitalocean"_qs);
    }

    void hcloud()
    {
        const QString file = dataPath(u"hcloud/cli.toml"_qs);
        const ImportResult r = importHcloudConfig(readData(u"hcloud/cli.toml"_qs), file);
        QVERIFY(r.problems.isEmpty());
        QCOMPARE(names(r), (QStringList{u"production"_qs, u"staging"_qs}));
        checkCandidate(r.candidates.at(0), u"https://api.hetzner.cloud/v1"_qs,
                       map({{u"context"_qs, u"production"_qs}, {u"current"_qs, true}}),
                       SecretMap{{u"token"_qs, u"fakeHetznerProductionToken0000000000000000000000000000000000000"_qs}},
                       {});
        checkCandidate(r.candidates.at(1), u"https://hcloud-mock.lab.example/v1"_qs,
                       map({{u"context"_qs, u"staging"_qs}}),
                       SecretMap{{u"token"_qs, u"fakeHetznerStagingToken\u00e9"_qs}}, {});
        QVERIFY(!r.candidates.at(1).settings.contains(u"current"_qs));
        QCOMPARE(r.candidates.at(1).provider, u"hetzner"_qs);
    }

    void sshConfig_data()
    {
        addCandidateColumns();
        const QString include = u"~/.ssh/config.d/*"_qs;
        QTest::newRow("full block") << u"bastion"_qs << u"bastion.example.com:2222"_qs
                                    << map({{u"hostname"_qs, u"bastion.example.com"_qs},
                                            {u"user"_qs, u"ops"_qs},
                                            {u"port"_qs, 2222},
                                            {u"identity-files"_qs,
                                             QStringList{u"~/.ssh/id_ed25519_ops"_qs, u"~/.ssh/id_ed25519"_qs}}})
                                    << SecretMap{} << QStringList{include};
        QTest::newRow("%h and ProxyJump, defaults from Host *")
            << u"web2"_qs << u"web2.internal.example.com:22"_qs
            << map({{u"hostname"_qs, u"web2.internal.example.com"_qs},
                    {u"user"_qs, u"alice"_qs},
                    {u"port"_qs, 22},
                    {u"proxy-jump"_qs, u"bastion"_qs},
                    {u"identity-files"_qs, QStringList{u"~/.ssh/id_ed25519"_qs}}})
            << SecretMap{} << QStringList{include};
        QTest::newRow("key=value") << u"db"_qs << u"10.0.0.7:22"_qs
                                   << map({{u"hostname"_qs, u"10.0.0.7"_qs}, {u"user"_qs, u"alice"_qs}}) << SecretMap{}
                                   << QStringList{include};
        QTest::newRow("quoted path, StrictHostKeyChecking no")
            << u"legacy"_qs << u"192.0.2.10:22"_qs
            << map({{u"identity-files"_qs, QStringList{u"~/.ssh/legacy key"_qs, u"~/.ssh/id_ed25519"_qs}},
                    {u"strict-host-key-checking"_qs, u"no"_qs}})
            << SecretMap{} << QStringList{u"StrictHostKeyChecking"_qs, include};
    }
    void sshConfig()
    {
        QFETCH(QString, name);
        QFETCH(QString, endpoint);
        QFETCH(QVariantMap, settings);
        QFETCH(SecretMap, secrets);
        QFETCH(QStringList, warnings);
        const QString file = dataPath(u"ssh/config"_qs);
        const ImportResult r = importSshConfig(readData(u"ssh/config"_qs), file);
        QVERIFY(r.problems.isEmpty());
        // Wildcard-only blocks give no candidate.
        QCOMPARE(names(r), (QStringList{u"bastion"_qs, u"web1"_qs, u"web2"_qs, u"db"_qs, u"legacy"_qs}));
        const ImportCandidate *c = findCandidate(r, u"ssh"_qs, name);
        QVERIFY(c);
        checkCandidate(*c, endpoint, settings, secrets, warnings);
    }

    // Each broken file gives one problem per bad spot with its position; what else the file
    // holds still comes through where the format allows.
    void brokenFiles_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QList<int>>("lines");
        QTest::addColumn<QList<int>>("columns");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QStringList>("survivors");
        QTest::newRow("kubeconfig bad indentation") << u"kube"_qs << u"broken/kubeconfig-indent.yaml"_qs
                                                    << QList<int>{7} << QList<int>{4} << u"YAML"_qs << QStringList();
        QTest::newRow("doctl tab") << u"doctl"_qs << u"broken/doctl-tab.yaml"_qs << QList<int>{3} << QList<int>{1}
                                   << u"tab"_qs << QStringList();
        QTest::newRow("clouds.yaml unterminated quote")
            << u"clouds"_qs << u"broken/clouds-unterminated.yaml"_qs << QList<int>{5} << QList<int>{17}
            << u"Unterminated"_qs << QStringList();
        QTest::newRow("aws ini garbage") << u"aws"_qs << u"broken/aws-credentials"_qs << QList<int>{3, 6}
                                         << QList<int>{1, 1} << u"key = value"_qs
                                         << QStringList{u"default"_qs, u"good"_qs};
        QTest::newRow("toml junk") << u"hcloud"_qs << u"broken/cli.toml"_qs << QList<int>{2, 9, 13}
                                   << QList<int>{1, 9, 9} << u"Expected"_qs << QStringList{u"a"_qs, u"b"_qs, u"c"_qs};
        QTest::newRow("ssh unterminated quote")
            << u"ssh"_qs << u"broken/ssh-config"_qs << QList<int>{4, 5} << QList<int>{18, 10}
            << u"Unterminated quote"_qs << QStringList{u"good"_qs, u"bad"_qs, u"other"_qs};
    }
    void brokenFiles()
    {
        QFETCH(QString, format);
        QFETCH(QString, file);
        QFETCH(QList<int>, lines);
        QFETCH(QList<int>, columns);
        QFETCH(QString, message);
        QFETCH(QStringList, survivors);
        const QByteArray bytes = readData(file);
        const QString path = dataPath(file);
        ImportResult r;
        if (format == u"kube")
            r = importKubeconfig(bytes, path);
        else if (format == u"doctl")
            r = importDoctlConfig(bytes, path);
        else if (format == u"clouds")
            r = importCloudsYaml(bytes, path);
        else if (format == u"aws")
            r = importAwsCredentials(bytes, {}, path, {});
        else if (format == u"hcloud")
            r = importHcloudConfig(bytes, path);
        else
            r = importSshConfig(bytes, path);
        QCOMPARE(r.problems.size(), lines.size());
        for (qsizetype i = 0; i < lines.size(); ++i) {
            QCOMPARE(r.problems.at(i).file, path);
            QCOMPARE(r.problems.at(i).line, lines.at(i));
            QCOMPARE(r.problems.at(i).column, columns.at(i));
        }
        QVERIFY2(r.problems.first().message.contains(message), qPrintable(r.problems.first().message));
        QCOMPARE(names(r), survivors);
        // Secrets never reach problem messages.
        for (const ImportProblem &p : r.problems)
            QVERIFY2(!p.message.contains(u"fake"), qPrintable(p.message));
    }

    void brokenValuesKeepTheirEntries()
    {
        const ImportResult aws = importAwsCredentials(readData(u"broken/aws-credentials"_qs), {},
                                                      dataPath(u"broken/aws-credentials"_qs), {});
        const ImportCandidate *good = findCandidate(aws, u"aws"_qs, u"good"_qs);
        QCOMPARE(good->secrets.value(u"secret-access-key"_qs), u"fake-good-secret"_qs);
        // The garbage line is skipped, the line after it still counts.
        QCOMPARE(findCandidate(aws, u"aws"_qs, u"default"_qs)->secrets.size(), 2);

        const ImportResult hcloud =
            importHcloudConfig(readData(u"broken/cli.toml"_qs), dataPath(u"broken/cli.toml"_qs));
        QCOMPARE(hcloud.candidates.at(0).secrets.value(u"token"_qs), u"fake-a"_qs);
        QCOMPARE(hcloud.candidates.at(0).settings.value(u"current"_qs), QVariant(true));
        QVERIFY(hcloud.candidates.at(1).secrets.isEmpty());
        QCOMPARE(hcloud.candidates.at(1).warnings.size(), 1);

        const ImportResult ssh = importSshConfig(readData(u"broken/ssh-config"_qs), dataPath(u"broken/ssh-config"_qs));
        QCOMPARE(findCandidate(ssh, u"ssh"_qs, u"bad"_qs)->endpoint, u"bad:22"_qs);
        QCOMPARE(findCandidate(ssh, u"ssh"_qs, u"other"_qs)->settings.value(u"user"_qs), QVariant(u"bob"_qs));
    }

    void garbageNeverThrows_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("scalar") << QByteArray("just a string");
        QTest::newRow("list") << QByteArray("- a\n- b\n");
        QTest::newRow("wrong types") << QByteArray("clusters: 5\nusers: {a: b}\ncontexts:\n- name: [x]\n- name: c\n  "
                                                   "context: 7\nclouds: [1]\nauth-contexts: [1]\n");
        QTest::newRow("binary") << QByteArray("\x00\xff\xfe[[\"\\u12", 10);
        QTest::newRow("anchors") << QByteArray("a: &x [*x]\nb: *y\n");
    }
    void garbageNeverThrows()
    {
        QFETCH(QByteArray, bytes);
        const QString f = u"garbage"_qs;
        importKubeconfig(bytes, f);
        importCloudsYaml(bytes, f);
        importDoctlConfig(bytes, f);
        importHcloudConfig(bytes, f);
        importSshConfig(bytes, f);
        importAwsCredentials(bytes, bytes, f, f);
    }

    void discoverStandardPlaces()
    {
        QTemporaryDir home;
        QVERIFY(home.isValid());
        const QString h = home.path();
        writeFile(h + u"/.kube/merge-a.yaml"_qs, readData(u"kubeconfig/merge-a.yaml"_qs));
        writeFile(h + u"/elsewhere/merge-b.yaml"_qs, readData(u"kubeconfig/merge-b.yaml"_qs));
        writeFile(h + u"/.kube/config"_qs, readData(u"kubeconfig/config"_qs)); // not read: KUBECONFIG is set
        writeFile(h + u"/.aws/credentials"_qs, readData(u"aws/credentials"_qs));
        writeFile(h + u"/.aws/config"_qs, readData(u"aws/config"_qs));
        writeFile(h + u"/.config/openstack/clouds.yaml"_qs, readData(u"openstack/clouds.yaml"_qs));
        writeFile(h + u"/.config/doctl/config.yaml"_qs, readData(u"doctl/config.yaml"_qs));
        writeFile(h + u"/.config/hcloud/cli.toml"_qs, readData(u"hcloud/cli.toml"_qs));
        writeFile(h + u"/.ssh/config"_qs, readData(u"ssh/config"_qs));

        QProcessEnvironment env;
        env.insert(u"KUBECONFIG"_qs, h + u"/.kube/merge-a.yaml::"_qs + h + u"/does-not-exist.yaml:"_qs + h +
                                         u"/elsewhere/merge-b.yaml"_qs);
        const ImportResult r = discover(h, env);
        QVERIFY2(r.problems.isEmpty(), r.problems.isEmpty() ? "" : qPrintable(r.problems.first().message));

        QStringList kube, aws, openstack, doctl, hetzner, ssh;
        for (const ImportCandidate &c : r.candidates) {
            QStringList *list = c.provider == u"kubernetes"     ? &kube
                                : c.provider == u"aws"          ? &aws
                                : c.provider == u"openstack"    ? &openstack
                                : c.provider == u"digitalocean" ? &doctl
                                : c.provider == u"hetzner"      ? &hetzner
                                                                : &ssh;
            list->append(c.name);
        }
        QCOMPARE(kube, (QStringList{u"alpha"_qs, u"shared"_qs, u"beta"_qs}));
        QCOMPARE(aws, (QStringList{u"default"_qs, u"ci"_qs, u"admin"_qs, u"sso-dev"_qs, u"minio"_qs}));
        QCOMPARE(openstack, (QStringList{u"devstack"_qs, u"ovh"_qs, u"lab-insecure"_qs}));
        QCOMPARE(doctl, (QStringList{u"default"_qs, u"personal"_qs, u"work"_qs}));
        QCOMPARE(hetzner, (QStringList{u"production"_qs, u"staging"_qs}));
        QCOMPARE(ssh, (QStringList{u"bastion"_qs, u"web1"_qs, u"web2"_qs, u"db"_qs, u"legacy"_qs}));

        QCOMPARE(findCandidate(r, u"kubernetes"_qs, u"beta"_qs)->sourceFile, h + u"/elsewhere/merge-b.yaml"_qs);
        QCOMPARE(findCandidate(r, u"aws"_qs, u"admin"_qs)->sourceFile, h + u"/.aws/config"_qs);
        QCOMPARE(findCandidate(r, u"openstack"_qs, u"ovh"_qs)->sourceFile, h + u"/.config/openstack/clouds.yaml"_qs);
        QCOMPARE(findCandidate(r, u"hetzner"_qs, u"staging"_qs)->secrets.value(u"token"_qs),
                 u"fakeHetznerStagingToken\u00e9"_qs);
        QCOMPARE(findCandidate(r, u"ssh"_qs, u"bastion"_qs)->sourceFile, h + u"/.ssh/config"_qs);
    }

    void discoverDefaultsAndOverrides()
    {
        QTemporaryDir home;
        const QString h = home.path();
        writeFile(h + u"/.kube/config"_qs, readData(u"kubeconfig/merge-b.yaml"_qs));
        writeFile(h + u"/keys/aws-creds"_qs, readData(u"aws/credentials"_qs));
        writeFile(h + u"/xdg/doctl/config.yaml"_qs, readData(u"doctl/config.yaml"_qs));
        writeFile(h + u"/project/clouds.yaml"_qs, readData(u"openstack/clouds.yaml"_qs));
        // Second in openstacksdk's order: never read because $PWD/clouds.yaml exists.
        writeFile(h + u"/xdg/openstack/clouds.yaml"_qs, readData(u"broken/clouds-unterminated.yaml"_qs));

        QProcessEnvironment env;
        env.insert(u"AWS_SHARED_CREDENTIALS_FILE"_qs, h + u"/keys/aws-creds"_qs);
        env.insert(u"XDG_CONFIG_HOME"_qs, h + u"/xdg"_qs);
        env.insert(u"PWD"_qs, h + u"/project"_qs);
        const ImportResult r = discover(h, env);
        QVERIFY(r.problems.isEmpty());
        QCOMPARE(names(r), (QStringList{u"shared"_qs, u"beta"_qs, u"default"_qs, u"ci"_qs, u"devstack"_qs, u"ovh"_qs,
                                        u"lab-insecure"_qs, u"default"_qs, u"personal"_qs, u"work"_qs}));
        QCOMPARE(r.candidates.at(0).sourceFile, h + u"/.kube/config"_qs);
        QCOMPARE(r.candidates.at(2).sourceFile, h + u"/keys/aws-creds"_qs);
        QCOMPARE(r.candidates.at(4).sourceFile, h + u"/project/clouds.yaml"_qs);
        QCOMPARE(r.candidates.at(7).sourceFile, h + u"/xdg/doctl/config.yaml"_qs);
    }

    void discoverReportsBrokenFilesAndKeepsTheRest()
    {
        QTemporaryDir home;
        const QString h = home.path();
        writeFile(h + u"/.kube/config"_qs, readData(u"kubeconfig/merge-a.yaml"_qs));
        writeFile(h + u"/.kube/broken"_qs, readData(u"broken/kubeconfig-indent.yaml"_qs));
        writeFile(h + u"/.config/doctl/config.yaml"_qs, readData(u"broken/doctl-tab.yaml"_qs));
        writeFile(h + u"/.config/hcloud/cli.toml"_qs, readData(u"hcloud/cli.toml"_qs));
        writeFile(h + u"/.ssh/config"_qs, readData(u"broken/ssh-config"_qs));
        QVERIFY(QDir().mkpath(h + u"/.aws/credentials"_qs)); // a folder where a file should be

        QProcessEnvironment env;
        env.insert(u"KUBECONFIG"_qs, h + u"/.kube/broken:"_qs + h + u"/.kube/config"_qs);
        const ImportResult r = discover(h, env);

        QCOMPARE(r.problems.size(), 5);
        QCOMPARE(r.problems.at(0).file, h + u"/.kube/broken"_qs);
        QCOMPARE(r.problems.at(0).line, 7);
        QCOMPARE(r.problems.at(1).file, h + u"/.aws/credentials"_qs);
        QCOMPARE(r.problems.at(1).line, 0);
        QCOMPARE(r.problems.at(2).file, h + u"/.config/doctl/config.yaml"_qs);
        QCOMPARE(r.problems.at(2).line, 3);
        QCOMPARE(r.problems.at(3).file, h + u"/.ssh/config"_qs);
        QCOMPARE(r.problems.at(3).line, 4);
        QCOMPARE(r.problems.at(4).line, 5);
        QCOMPARE(names(r), (QStringList{u"alpha"_qs, u"shared"_qs, u"production"_qs, u"staging"_qs, u"good"_qs,
                                        u"bad"_qs, u"other"_qs}));
    }
};

QTEST_GUILESS_MAIN(TestImporters)
#include "tst_importers.moc"
