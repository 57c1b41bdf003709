#include "addaccountdialog.h"

#include "core/poolwork.h"
#include "icons.h"

#include "accounts/accountendpoint.h"
#include "accounts/accountstore.h"
#include "accounts/connectionprobe.h"
#include "driverfactory.h"
#include "sync/accountsession.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProcessEnvironment>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStackedWidget>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace nephele::views {

namespace {

const QString kDigitalOcean = QStringLiteral("digitalocean");
const QString kHetzner = QStringLiteral("hetzner");
const QString kKubernetes = QStringLiteral("kubernetes");
const QString kOpenStack = QStringLiteral("openstack");
const QString kAws = QStringLiteral("aws");
const QString kSsh = QStringLiteral("ssh");

// Providers whose secrets are more than one token. Once a provider has a driver, it reads one
// token (AccountEndpoint::token), and that is what the keychain holds for it; but a Kubernetes
// account is a kubeconfig context, whose secrets the driver reads by kind (client key, exec plugin
// environment, token) through models::resolveEndpoint().
bool usesSecretBundle(const QString &provider)
{
    return provider == kKubernetes ||
           (!AddAccountDialog::hasDriver(provider) && (provider == kOpenStack || provider == kAws || provider == kSsh));
}

bool isLoopback(const QString &host)
{
    return QHostAddress(host).isLoopback() || host == u"localhost";
}

// What is wrong with an API endpoint, or empty.
QString endpointProblem(const QUrl &url, bool allowPlainHttp, const QString &example)
{
    if (!url.isValid() || url.host().isEmpty() || (url.scheme() != u"https" && url.scheme() != u"http"))
        return AddAccountDialog::tr("The endpoint must be an http or https address, e.g. %1.").arg(example);
    if (url.scheme() == u"http" && !allowPlainHttp && !isLoopback(url.host()))
        return AddAccountDialog::tr("The endpoint uses plain http, which would send the token unencrypted. Use "
                                    "https, or tick \"Allow plain HTTP\" if you really mean it.");
    return {};
}

QString homePath(const QString &relative)
{
    return QDir::homePath() + u'/' + relative;
}

// "~/.kube/config" for a path under the home folder.
QString shortPath(const QString &path)
{
    const QString home = QDir::homePath();
    if (!home.isEmpty() && path.startsWith(home + u'/'))
        return u'~' + path.mid(home.size());
    return path;
}

QString expandHome(const QString &path)
{
    if (path == u"~" || path.startsWith(QStringLiteral("~/")))
        return QDir::homePath() + path.mid(1);
    return path;
}

// A line edit with a Browse… button that picks an existing file, without a nested event loop.
QWidget *fileRow(QWidget *parent, QLineEdit *edit, QPushButton *browse, const QString &title, const QString &filter)
{
    auto *row = new QWidget(parent);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    QObject::connect(browse, &QPushButton::clicked, edit, [edit, title, filter] {
        auto *chooser =
            new QFileDialog(edit->window(), title, QFileInfo(expandHome(edit->text())).absolutePath(), filter);
        chooser->setAttribute(Qt::WA_DeleteOnClose);
        chooser->setFileMode(QFileDialog::ExistingFile);
        QObject::connect(chooser, &QFileDialog::fileSelected, edit, [edit](const QString &file) {
            edit->setText(file);
            Q_EMIT edit->editingFinished();
        });
        chooser->open();
    });
    return row;
}

// Why a credentials file read by readCredentials() offers nothing to choose: the reader's first
// problem, or `namesNone` when the file read cleanly but holds no entry.
QString nothingToChoose(const models::ImportResult &found, const QString &namesNone)
{
    if (found.problems.isEmpty())
        return namesNone;
    const models::ImportProblem &p = found.problems.first();
    return QCoreApplication::translate("nephele::views::AddAccountDialog", "The file %1 could not be read: line %2: %3")
        .arg(shortPath(p.file))
        .arg(p.line)
        .arg(p.message);
}

// Reads and parses one credentials file off the GUI thread, for `context` (runOnPoolFor).
QFuture<models::ImportResult> readCredentials(QObject *context, const QString &path,
                                              models::ImportResult (*parse)(QByteArrayView, const QString &))
{
    return runOnPoolFor(context, [path, parse] {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            models::ImportResult failed;
            failed.problems.append({path, 0, 0, file.errorString()});
            return failed;
        }
        return parse(file.readAll(), path);
    });
}

} // namespace

// ---- provider pages ----------------------------------------------------------------------------

// One provider's page: a header (logo, name, whether this build lists it), a form whose first row
// is the account's name, and where to get the credentials.
class ProviderPage : public QWidget
{
    Q_OBJECT

public:
    ProviderPage(const QString &provider, QWidget *parent)
        : QWidget(parent)
        , m_provider(provider)
        , m_form(new QFormLayout)
        , m_name(new QLineEdit(this))
        , m_help(new QLabel(this))
    {
        setObjectName(QString(provider + QStringLiteral("Page")));
        auto *layout = new QVBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);

        auto *header = new QHBoxLayout;
        auto *logo = new QLabel(this);
        logo->setPixmap(icons::providerLogo(provider).pixmap(40, 40));
        logo->setAlignment(Qt::AlignTop);
        auto *title = new QLabel(icons::providerName(provider), this);
        QFont font = title->font();
        font.setPointSizeF(font.pointSizeF() * 1.3);
        font.setBold(true);
        title->setFont(font);
        auto *status = new QLabel(this);
        status->setObjectName(QString(provider + QStringLiteral("Status")));
        status->setWordWrap(true);
        status->setForegroundRole(QPalette::PlaceholderText);
        status->setText(AddAccountDialog::hasDriver(provider)
                            ? tr("Listed by this build: machines, actions and Test connection.")
                            : tr("Not listed by this build yet. The account is saved, its secrets in your keychain, "
                                 "and is listed once a driver for it lands."));
        auto *titles = new QVBoxLayout;
        titles->setSpacing(2);
        titles->addWidget(title);
        titles->addWidget(status);
        header->addWidget(logo);
        header->addSpacing(6);
        header->addLayout(titles, 1);
        layout->addLayout(header);
        layout->addSpacing(8);

        m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        layout->addLayout(m_form);
        // Under the form rather than in it: a word-wrapped label in a form row gets a height for
        // the wrong width, and a gap.
        layout->addSpacing(10);
        layout->addWidget(m_help);
        layout->addStretch();
        m_help->hide();

        m_name->setObjectName(QString(provider + QStringLiteral("Name")));
        m_name->setPlaceholderText(tr("e.g. Production"));
        m_form->addRow(tr("&Name:"), m_name);

        m_help->setObjectName(QString(provider + QStringLiteral("Help")));
        m_help->setWordWrap(true);
        m_help->setTextFormat(Qt::RichText);
        m_help->setOpenExternalLinks(true);
        m_help->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    }

    QString provider() const { return m_provider; }
    QLineEdit *nameField() const { return m_name; }

    // Fills the page from a saved account, for editing.
    virtual void load(const models::Account &account) { m_name->setText(account.name); }
    // Says in the secret fields whether an empty field keeps the stored secret.
    virtual void setEditing(bool needsSecret) = 0;
    // The page's settings into `account` (endpoint, CA file, plain-http consent).
    virtual void apply(models::Account &account) const = 0;
    // Whether the user gave secrets (when editing, none means "keep the stored ones").
    virtual bool secretsEntered() const = 0;
    virtual QMap<QString, QString> secrets() const = 0;
    // What is missing or wrong, or empty. `secretRequired`: adding, or the keychain has none.
    virtual QString validate(const models::Account &account, bool secretRequired) const = 0;
    // The line under the form about where the secrets go.
    virtual QString secretNote() const
    {
        return tr("The token is kept in your system keychain, never in a settings file.");
    }

protected:
    void addHelp(const QString &html)
    {
        m_help->setText(html);
        m_help->show();
    }

    const QString m_provider;
    QFormLayout *m_form;
    QLineEdit *m_name;
    QLabel *m_help;
};

namespace {

QLineEdit *secretEdit(QWidget *parent, const QString &objectName, const QString &placeholder)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setEchoMode(QLineEdit::Password);
    edit->setPlaceholderText(placeholder);
    return edit;
}

// The query items of a provider without a driver: its settings that Account has no field for.
void addSettings(QUrlQuery &query, const QVariantMap &settings, const QStringList &skip)
{
    for (auto it = settings.cbegin(); it != settings.cend(); ++it) {
        if (skip.contains(it.key()))
            continue;
        const QVariant &value = it.value();
        if (value.typeId() == QMetaType::QStringList || value.typeId() == QMetaType::QVariantList) {
            const QStringList items = value.toStringList();
            for (const QString &item : items)
                query.addQueryItem(it.key(), item);
        } else if (value.typeId() == QMetaType::Bool) {
            query.addQueryItem(it.key(), value.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
        } else if (value.canConvert<QString>() && !value.toString().isEmpty()) {
            query.addQueryItem(it.key(), value.toString());
        }
    }
}

QUrl withQuery(QUrl url, const QUrlQuery &query)
{
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

} // namespace

// DigitalOcean, Hetzner Cloud and any provider without a page of its own: an API endpoint and a
// token; optionally a private CA and plain-http consent (for the simulator, a proxy).
class TokenPage final : public ProviderPage
{
    Q_OBJECT

public:
    struct Options {
        QString endpoint;
        QString tokenLabel;
        QString tokenPlaceholder;
        QString help;
        bool tlsOptions = true;
    };

    TokenPage(const QString &provider, const Options &options, QWidget *parent)
        : ProviderPage(provider, parent)
        , m_defaultEndpoint(options.endpoint)
        , m_endpoint(new QLineEdit(options.endpoint, this))
        , m_token(secretEdit(this, provider + QStringLiteral("Token"), options.tokenPlaceholder))
    {
        m_endpoint->setObjectName(QString(provider + QStringLiteral("Endpoint")));
        m_form->addRow(tr("&Endpoint:"), m_endpoint);
        m_form->addRow(options.tokenLabel, m_token);
        if (!options.help.isEmpty())
            addHelp(options.help);
        if (options.tlsOptions) {
            m_caFile = new QLineEdit(this);
            m_caFile->setObjectName(QString(provider + QStringLiteral("CaFile")));
            m_caFile->setPlaceholderText(tr("Optional: PEM file of a private certificate authority"));
            m_form->addRow(tr("&CA certificate:"),
                           fileRow(this, m_caFile, new QPushButton(tr("Browse…"), this), tr("CA certificate"),
                                   tr("PEM certificates (*.pem *.crt);;All files (*)")));
            m_allowHttp = new QCheckBox(tr("Allow plain &HTTP to this endpoint (not recommended)"), this);
            m_allowHttp->setObjectName(QString(provider + QStringLiteral("AllowHttp")));
            m_form->addRow(QString(), m_allowHttp);
        }
    }

    void load(const models::Account &account) override
    {
        ProviderPage::load(account);
        m_endpoint->setText(account.endpoint.toString());
        if (m_caFile)
            m_caFile->setText(account.caCertificateFile);
        if (m_allowHttp)
            m_allowHttp->setChecked(account.allowPlainHttp);
    }
    void setEditing(bool needsSecret) override
    {
        m_token->setPlaceholderText(needsSecret ? tr("No token is stored: enter it")
                                                : tr("Leave empty to keep the stored token"));
    }
    void apply(models::Account &account) const override
    {
        account.endpoint = QUrl(m_endpoint->text().trimmed());
        account.caCertificateFile = m_caFile ? m_caFile->text().trimmed() : QString();
        account.allowPlainHttp = m_allowHttp && m_allowHttp->isChecked();
    }
    bool secretsEntered() const override { return !m_token->text().trimmed().isEmpty(); }
    QMap<QString, QString> secrets() const override { return {{QStringLiteral("token"), m_token->text().trimmed()}}; }
    QString validate(const models::Account &account, bool secretRequired) const override
    {
        if (const QString problem = endpointProblem(
                account.endpoint, account.allowPlainHttp,
                m_defaultEndpoint.isEmpty() ? QStringLiteral("https://api.example.com") : m_defaultEndpoint);
            !problem.isEmpty())
            return problem;
        if (secretRequired && !secretsEntered())
            return tr("Enter the account's token.");
        return {};
    }

private:
    const QString m_defaultEndpoint;
    QLineEdit *m_endpoint;
    QLineEdit *m_token;
    QLineEdit *m_caFile = nullptr;
    QCheckBox *m_allowHttp = nullptr;
};

// A context of a kubeconfig file: its cluster's server and its user's credentials.
class KubernetesPage final : public ProviderPage
{
    Q_OBJECT

public:
    explicit KubernetesPage(QWidget *parent)
        : ProviderPage(kKubernetes, parent)
        , m_file(new QLineEdit(this))
        , m_context(new QComboBox(this))
        , m_server(new QLabel(this))
        , m_token(secretEdit(this, QStringLiteral("kubernetesToken"),
                             tr("A service-account token; empty: the context's own credentials")))
    {
        m_file->setObjectName(QStringLiteral("kubernetesKubeconfig"));
        m_context->setObjectName(QStringLiteral("kubernetesContext"));
        m_server->setObjectName(QStringLiteral("kubernetesServer"));
        m_server->setWordWrap(true);
        m_server->setForegroundRole(QPalette::PlaceholderText);
        const QStringList fromEnv = QProcessEnvironment::systemEnvironment()
                                        .value(QStringLiteral("KUBECONFIG"))
                                        .split(QDir::listSeparator(), Qt::SkipEmptyParts);
        m_file->setText(shortPath(fromEnv.isEmpty() ? homePath(QStringLiteral(".kube/config")) : fromEnv.first()));
        m_form->addRow(tr("&Kubeconfig:"), fileRow(this, m_file, new QPushButton(tr("Browse…"), this),
                                                   tr("Kubeconfig file"), tr("All files (*)")));
        m_form->addRow(tr("C&ontext:"), m_context);
        m_form->addRow(tr("Server:"), m_server);
        m_form->addRow(tr("&Token:"), m_token);
        addHelp(
            tr("Nephele uses the chosen context's cluster and credentials (<code>kubectl config get-contexts</code> "
               "lists them). For an account of its own, create a service-account token with <code>kubectl "
               "create token NAME</code>. <a href=\"%1\">About kubeconfig files</a>")
                .arg(QStringLiteral(
                    "https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/")));
        connect(m_file, &QLineEdit::editingFinished, this, [this] {
            m_picked = true;
            reload();
        });
        connect(m_context, &QComboBox::activated, this, [this] { m_picked = true; });
        connect(m_context, &QComboBox::currentIndexChanged, this, &KubernetesPage::showContext);
        reload();
    }

    void load(const models::Account &account) override
    {
        ProviderPage::load(account);
        m_loaded = account;
        const QUrlQuery query(account.endpoint);
        m_loadedContext = query.queryItemValue(QStringLiteral("context"));
        if (const QString file = query.queryItemValue(QStringLiteral("kubeconfig")); !file.isEmpty())
            m_file->setText(shortPath(file));
        reload();
    }
    void setEditing(bool needsSecret) override
    {
        m_editing = true;
        m_token->setPlaceholderText(needsSecret ? tr("No token is stored: enter it")
                                                : tr("Leave empty to keep the stored token"));
    }
    void apply(models::Account &account) const override
    {
        account.allowPlainHttp = false;
        if (keepsLoaded()) {
            // Editing without picking a context: the cluster stays the one saved.
            account.endpoint = m_loaded->endpoint;
            account.caCertificateFile = m_loaded->caCertificateFile;
            return;
        }
        const models::ImportCandidate *c = candidate();
        const models::Account found = c ? AddAccountDialog::accountFor(*c) : models::Account();
        account.endpoint = found.endpoint;
        account.caCertificateFile = found.caCertificateFile;
    }
    bool secretsEntered() const override
    {
        // A context picked anew brings its own credentials.
        return !m_token->text().trimmed().isEmpty() || !keepsLoaded();
    }
    QMap<QString, QString> secrets() const override
    {
        if (const QString token = m_token->text().trimmed(); !token.isEmpty())
            return {{QStringLiteral("token"), token}};
        const models::ImportCandidate *c = candidate();
        return c && !keepsLoaded() ? c->secrets : QMap<QString, QString>();
    }
    QString validate(const models::Account &, bool secretRequired) const override
    {
        if (keepsLoaded()) {
            if (secretRequired && m_token->text().trimmed().isEmpty())
                return tr("Enter the cluster's token.");
            return {};
        }
        if (m_reading)
            return tr("The kubeconfig file is still being read.");
        if (!m_problem.isEmpty())
            return m_problem;
        const models::ImportCandidate *c = candidate();
        if (!c)
            return tr("Choose a context of the kubeconfig file.");
        if (c->endpoint.isEmpty())
            return tr("The context %1 names no cluster server.").arg(currentContext());
        return {};
    }
    QString secretNote() const override
    {
        return tr("The context's credentials (token, client key, password) are kept in your system keychain, never "
                  "in a settings file. Credentials in other files stay in those files.");
    }

private:
    const models::ImportCandidate *candidate() const
    {
        const int i = m_context->currentData().toInt();
        return m_context->currentIndex() >= 0 && i >= 0 && i < m_found.candidates.size() ? &m_found.candidates.at(i)
                                                                                         : nullptr;
    }
    bool keepsLoaded() const { return m_editing && m_loaded && !m_picked; }
    QString currentContext() const
    {
        return candidate() ? candidate()->settings.value(QStringLiteral("context")).toString() : QString();
    }

    void reload()
    {
        const QString path = expandHome(m_file->text().trimmed());
        const int serial = ++m_serial;
        m_reading = true;
        m_context->clear();
        m_server->setText(tr("Reading %1…").arg(shortPath(path)));
        if (!QFileInfo::exists(path)) {
            m_reading = false;
            m_problem = tr("There is no kubeconfig file at %1.").arg(shortPath(path));
            m_server->setText(m_problem);
            return;
        }
        readCredentials(this, path, &models::importKubeconfig)
            .then(this, [this, serial](const models::ImportResult &found) {
                if (serial != m_serial)
                    return; // an older file, superseded
                m_reading = false;
                m_found = found;
                m_problem.clear();
                QSignalBlocker block(m_context);
                int select = -1;
                for (qsizetype i = 0; i < found.candidates.size(); ++i) {
                    const QString context = found.candidates.at(i).settings.value(QStringLiteral("context")).toString();
                    m_context->addItem(context, int(i));
                    if (context == m_loadedContext ||
                        (m_loadedContext.isEmpty() && select < 0 &&
                         found.candidates.at(i).settings.value(QStringLiteral("current")).toBool()))
                        select = m_context->count() - 1;
                }
                m_context->setCurrentIndex(select >= 0 ? select : (m_context->count() > 0 ? 0 : -1));
                if (found.candidates.isEmpty())
                    m_problem =
                        nothingToChoose(found, tr("The file %1 names no context.").arg(shortPath(m_file->text())));
                showContext();
            });
    }

    void showContext()
    {
        const models::ImportCandidate *c = candidate();
        if (!c) {
            m_server->setText(m_problem.isEmpty() ? tr("No context chosen.") : m_problem);
            return;
        }
        const QStringList auth = c->settings.value(QStringLiteral("auth")).toStringList();
        QString server = c->endpoint.isEmpty() ? tr("No server") : c->endpoint;
        if (!auth.isEmpty())
            server += QStringLiteral(" · ") + auth.join(QStringLiteral(", "));
        m_server->setText(server);
        // Suggest the context's name unless the user typed one.
        if (m_name->text().isEmpty() || m_name->text() == m_suggestedName) {
            m_suggestedName = c->name;
            m_name->setText(c->name);
        }
    }

    QLineEdit *m_file;
    QComboBox *m_context;
    QLabel *m_server;
    QLineEdit *m_token;
    models::ImportResult m_found;
    std::optional<models::Account> m_loaded;
    bool m_picked = false; // the user chose a file or context (when editing)
    QString m_problem;
    QString m_loadedContext;
    QString m_suggestedName;
    bool m_reading = false;
    bool m_editing = false;
    int m_serial = 0;
};

// Keystone: a cloud of a clouds.yaml file, or an auth URL with an application credential.
class OpenStackPage final : public ProviderPage
{
    Q_OBJECT

public:
    explicit OpenStackPage(QWidget *parent)
        : ProviderPage(kOpenStack, parent)
        , m_source(new QComboBox(this))
        , m_file(new QLineEdit(this))
        , m_fileRow(fileRow(this, m_file, new QPushButton(tr("Browse…"), this), tr("clouds.yaml"),
                            tr("YAML files (*.yaml *.yml);;All files (*)")))
        , m_cloud(new QComboBox(this))
        , m_authUrl(new QLineEdit(this))
        , m_credentialId(new QLineEdit(this))
        , m_secret(secretEdit(this, QStringLiteral("openstackSecret"), tr("Application credential secret")))
    {
        m_source->setObjectName(QStringLiteral("openstackSource"));
        m_file->setObjectName(QStringLiteral("openstackCloudsYaml"));
        m_cloud->setObjectName(QStringLiteral("openstackCloud"));
        m_authUrl->setObjectName(QStringLiteral("openstackAuthUrl"));
        m_credentialId->setObjectName(QStringLiteral("openstackCredentialId"));
        m_source->addItem(tr("A cloud of a clouds.yaml file"));
        m_source->addItem(tr("An auth URL and an application credential"));
        m_file->setText(shortPath(homePath(QStringLiteral(".config/openstack/clouds.yaml"))));
        m_authUrl->setPlaceholderText(QStringLiteral("https://keystone.example.com:5000/v3"));
        m_form->addRow(tr("&Credentials:"), m_source);
        m_form->addRow(tr("clouds.&yaml:"), m_fileRow);
        m_form->addRow(tr("C&loud:"), m_cloud);
        m_form->addRow(tr("&Auth URL:"), m_authUrl);
        m_form->addRow(tr("Application credential &ID:"), m_credentialId);
        m_form->addRow(tr("Application credential &secret:"), m_secret);
        addHelp(
            tr("Create an application credential in the dashboard under Identity → Application Credentials, or "
               "with <code>openstack application credential create NAME</code>; the dashboard also offers its "
               "clouds.yaml. <a href=\"%1\">About application credentials</a>")
                .arg(QStringLiteral("https://docs.openstack.org/keystone/latest/user/application_credentials.html")));
        connect(m_source, &QComboBox::currentIndexChanged, this, &OpenStackPage::showSource);
        connect(m_file, &QLineEdit::editingFinished, this, &OpenStackPage::reload);
        connect(m_cloud, &QComboBox::currentIndexChanged, this, [this] {
            if (const models::ImportCandidate *c = candidate();
                c && (m_name->text().isEmpty() || m_name->text() == m_suggestedName)) {
                m_suggestedName = c->name;
                m_name->setText(c->name);
            }
        });
        showSource();
        reload();
    }

    void load(const models::Account &account) override
    {
        ProviderPage::load(account);
        const QUrlQuery query(account.endpoint);
        if (const QString file = query.queryItemValue(QStringLiteral("clouds-yaml")); !file.isEmpty()) {
            m_loadedCloud = query.queryItemValue(QStringLiteral("cloud"));
            m_file->setText(shortPath(file));
            m_source->setCurrentIndex(0);
            reload();
        } else {
            m_source->setCurrentIndex(1);
            QUrl auth = account.endpoint;
            auth.setQuery(QString());
            m_authUrl->setText(auth.toString());
            m_credentialId->setText(query.queryItemValue(QStringLiteral("application-credential-id")));
        }
    }
    void setEditing(bool needsSecret) override
    {
        m_editing = true;
        if (!needsSecret)
            m_secret->setPlaceholderText(tr("Leave empty to keep the stored secret"));
    }
    void apply(models::Account &account) const override
    {
        account.caCertificateFile.clear();
        account.allowPlainHttp = false;
        if (fromFile()) {
            const models::ImportCandidate *c = candidate();
            account.endpoint = c ? AddAccountDialog::accountFor(*c).endpoint : QUrl();
            return;
        }
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("auth-type"), QStringLiteral("v3applicationcredential"));
        query.addQueryItem(QStringLiteral("application-credential-id"), m_credentialId->text().trimmed());
        account.endpoint = withQuery(QUrl(m_authUrl->text().trimmed()), query);
    }
    bool secretsEntered() const override
    {
        if (fromFile())
            return !m_editing || currentCloud() != m_loadedCloud;
        return !m_secret->text().isEmpty();
    }
    QMap<QString, QString> secrets() const override
    {
        if (fromFile()) {
            const models::ImportCandidate *c = candidate();
            return c ? c->secrets : QMap<QString, QString>();
        }
        return {{QStringLiteral("application-credential-secret"), m_secret->text()}};
    }
    QString validate(const models::Account &account, bool secretRequired) const override
    {
        if (fromFile()) {
            if (m_reading)
                return tr("The clouds.yaml file is still being read.");
            if (!m_problem.isEmpty())
                return m_problem;
            if (!candidate())
                return tr("Choose a cloud of the clouds.yaml file.");
            return {};
        }
        QUrl auth = account.endpoint;
        auth.setQuery(QString());
        if (const QString problem =
                endpointProblem(auth, false, QStringLiteral("https://keystone.example.com:5000/v3"));
            !problem.isEmpty())
            return problem;
        if (m_credentialId->text().trimmed().isEmpty())
            return tr("Enter the application credential's ID.");
        if (secretRequired && m_secret->text().isEmpty())
            return tr("Enter the application credential's secret.");
        return {};
    }
    QString secretNote() const override
    {
        return tr("The password or application credential secret is kept in your system keychain, never in a "
                  "settings file.");
    }

private:
    bool fromFile() const { return m_source->currentIndex() == 0; }
    const models::ImportCandidate *candidate() const
    {
        const int i = m_cloud->currentData().toInt();
        return m_cloud->currentIndex() >= 0 && i >= 0 && i < m_found.candidates.size() ? &m_found.candidates.at(i)
                                                                                       : nullptr;
    }
    QString currentCloud() const { return candidate() ? candidate()->name : QString(); }

    void showSource()
    {
        const bool file = fromFile();
        m_form->setRowVisible(m_fileRow, file);
        m_form->setRowVisible(m_cloud, file);
        m_form->setRowVisible(m_authUrl, !file);
        m_form->setRowVisible(m_credentialId, !file);
        m_form->setRowVisible(m_secret, !file);
    }

    void reload()
    {
        const QString path = expandHome(m_file->text().trimmed());
        const int serial = ++m_serial;
        m_cloud->clear();
        m_problem.clear();
        if (!QFileInfo::exists(path)) {
            m_reading = false;
            m_problem = tr("There is no clouds.yaml file at %1.").arg(shortPath(path));
            m_cloud->setPlaceholderText(m_problem);
            return;
        }
        m_reading = true;
        readCredentials(this, path, &models::importCloudsYaml)
            .then(this, [this, serial](const models::ImportResult &found) {
                if (serial != m_serial)
                    return;
                m_reading = false;
                m_found = found;
                int select = 0;
                for (qsizetype i = 0; i < found.candidates.size(); ++i) {
                    m_cloud->addItem(found.candidates.at(i).name, int(i));
                    if (found.candidates.at(i).name == m_loadedCloud)
                        select = int(i);
                }
                if (found.candidates.isEmpty()) {
                    m_problem =
                        nothingToChoose(found, tr("The file %1 names no cloud.").arg(shortPath(m_file->text())));
                    m_cloud->setPlaceholderText(m_problem);
                } else {
                    m_cloud->setCurrentIndex(select);
                }
            });
    }

    QComboBox *m_source;
    QLineEdit *m_file;
    QWidget *m_fileRow;
    QComboBox *m_cloud;
    QLineEdit *m_authUrl;
    QLineEdit *m_credentialId;
    QLineEdit *m_secret;
    models::ImportResult m_found;
    QString m_problem;
    QString m_loadedCloud;
    QString m_suggestedName;
    bool m_reading = false;
    bool m_editing = false;
    int m_serial = 0;
};

// An IAM access key and a region.
class AwsPage final : public ProviderPage
{
    Q_OBJECT

public:
    explicit AwsPage(QWidget *parent)
        : ProviderPage(kAws, parent)
        , m_keyId(secretEdit(this, QStringLiteral("awsAccessKeyId"), QStringLiteral("AKIA…")))
        , m_secret(secretEdit(this, QStringLiteral("awsSecretAccessKey"), tr("Secret access key")))
        , m_region(new QComboBox(this))
    {
        m_keyId->setEchoMode(QLineEdit::Normal); // an id, not the secret; kept in the keychain with it
        m_region->setObjectName(QStringLiteral("awsRegion"));
        m_region->setEditable(true);
        m_region->addItems({QStringLiteral("us-east-1"), QStringLiteral("us-east-2"), QStringLiteral("us-west-1"),
                            QStringLiteral("us-west-2"), QStringLiteral("ca-central-1"), QStringLiteral("eu-west-1"),
                            QStringLiteral("eu-west-2"), QStringLiteral("eu-west-3"), QStringLiteral("eu-central-1"),
                            QStringLiteral("eu-north-1"), QStringLiteral("ap-south-1"),
                            QStringLiteral("ap-northeast-1"), QStringLiteral("ap-northeast-2"),
                            QStringLiteral("ap-southeast-1"), QStringLiteral("ap-southeast-2"),
                            QStringLiteral("sa-east-1")});
        m_form->addRow(tr("&Access key ID:"), m_keyId);
        m_form->addRow(tr("&Secret access key:"), m_secret);
        m_form->addRow(tr("&Region:"), m_region);
        addHelp(tr("Create an access key in the IAM console: Users → your user → Security credentials → Create access "
                   "key. <a href=\"%1\">Open the IAM console</a>")
                    .arg(QStringLiteral("https://console.aws.amazon.com/iam/home#/security_credentials")));
    }

    void load(const models::Account &account) override
    {
        ProviderPage::load(account);
        static const QRegularExpression regional(QStringLiteral("^ec2\\.([a-z0-9-]+)\\.amazonaws\\.com$"));
        if (const auto match = regional.match(account.endpoint.host()); match.hasMatch())
            m_region->setCurrentText(match.captured(1));
    }
    void setEditing(bool needsSecret) override
    {
        if (!needsSecret) {
            m_keyId->setPlaceholderText(tr("Leave both empty to keep the stored key"));
            m_secret->setPlaceholderText(tr("Leave both empty to keep the stored key"));
        }
    }
    void apply(models::Account &account) const override
    {
        account.endpoint = QUrl(QStringLiteral("https://ec2.%1.amazonaws.com").arg(m_region->currentText().trimmed()));
        account.caCertificateFile.clear();
        account.allowPlainHttp = false;
    }
    bool secretsEntered() const override { return !m_keyId->text().trimmed().isEmpty() || !m_secret->text().isEmpty(); }
    QMap<QString, QString> secrets() const override
    {
        return {{QStringLiteral("access-key-id"), m_keyId->text().trimmed()},
                {QStringLiteral("secret-access-key"), m_secret->text()}};
    }
    QString validate(const models::Account &, bool secretRequired) const override
    {
        static const QRegularExpression region(QStringLiteral("^[a-z]{2}(-[a-z]+)+-\\d+$"));
        if (!region.match(m_region->currentText().trimmed()).hasMatch())
            return tr("Choose a region such as eu-west-1.");
        if (secretRequired || secretsEntered()) {
            if (m_keyId->text().trimmed().isEmpty())
                return tr("Enter the access key ID.");
            if (m_secret->text().isEmpty())
                return tr("Enter the secret access key.");
        }
        return {};
    }
    QString secretNote() const override
    {
        return tr("The access key is kept in your system keychain, never in a settings file.");
    }

private:
    QLineEdit *m_keyId;
    QLineEdit *m_secret;
    QComboBox *m_region;
};

// A plain server over SSH ("Other server" in Mist): host, port, user and a key file.
class SshPage final : public ProviderPage
{
    Q_OBJECT

public:
    explicit SshPage(QWidget *parent)
        : ProviderPage(kSsh, parent)
        , m_host(new QLineEdit(this))
        , m_port(new QSpinBox(this))
        , m_user(new QLineEdit(this))
        , m_key(new QLineEdit(this))
    {
        m_host->setObjectName(QStringLiteral("sshHost"));
        m_port->setObjectName(QStringLiteral("sshPort"));
        m_user->setObjectName(QStringLiteral("sshUser"));
        m_key->setObjectName(QStringLiteral("sshKey"));
        m_host->setPlaceholderText(tr("Host name or address"));
        m_port->setRange(1, 65535);
        m_port->setValue(22);
        m_port->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
        m_port->setMinimumWidth(100);
        m_user->setPlaceholderText(tr("e.g. root"));
        m_key->setPlaceholderText(tr("Optional: else ssh-agent's keys"));
        for (const char *name : {".ssh/id_ed25519", ".ssh/id_ecdsa", ".ssh/id_rsa"}) {
            if (QFileInfo::exists(homePath(QLatin1String(name)))) {
                m_key->setText(QStringLiteral("~/") + QLatin1String(name));
                break;
            }
        }
        m_form->addRow(tr("&Host:"), m_host);
        m_form->addRow(tr("&Port:"), m_port);
        m_form->addRow(tr("&User:"), m_user);
        m_form->addRow(tr("Private &key:"), fileRow(this, m_key, new QPushButton(tr("Browse…"), this),
                                                    tr("Private key"), tr("All files (*)")));
        addHelp(tr("Make a key with <code>ssh-keygen</code> and put its public half on the server with "
                   "<code>ssh-copy-id USER@HOST</code>. <a href=\"%1\">About ssh-keygen</a>")
                    .arg(QStringLiteral("https://man.openbsd.org/ssh-keygen")));
    }

    void load(const models::Account &account) override
    {
        ProviderPage::load(account);
        m_host->setText(account.endpoint.host());
        m_port->setValue(account.endpoint.port(22));
        m_user->setText(account.endpoint.userName());
        m_key->setText(QUrlQuery(account.endpoint).queryItemValue(QStringLiteral("identity-files")));
    }
    void setEditing(bool) override {}
    void apply(models::Account &account) const override
    {
        QUrl url;
        url.setScheme(QStringLiteral("ssh"));
        url.setUserName(m_user->text().trimmed());
        url.setHost(m_host->text().trimmed());
        url.setPort(m_port->value());
        QUrlQuery query;
        if (const QString key = m_key->text().trimmed(); !key.isEmpty())
            query.addQueryItem(QStringLiteral("identity-files"), key);
        account.endpoint = withQuery(url, query);
        account.caCertificateFile.clear();
        account.allowPlainHttp = false;
    }
    bool secretsEntered() const override { return false; }
    QMap<QString, QString> secrets() const override { return {}; }
    QString validate(const models::Account &account, bool) const override
    {
        if (m_host->text().trimmed().isEmpty() || !account.endpoint.isValid() || account.endpoint.host().isEmpty())
            return tr("Enter the server's host name or address.");
        if (m_user->text().trimmed().isEmpty())
            return tr("Enter the user to sign in as.");
        if (const QString key = m_key->text().trimmed(); !key.isEmpty() && !QFileInfo::exists(expandHome(key)))
            return tr("There is no key file at %1.").arg(key);
        return {};
    }
    QString secretNote() const override
    {
        return tr("Nephele keeps no copy of the key: it reads the key file, or asks ssh-agent, when it connects.");
    }

private:
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_user;
    QLineEdit *m_key;
};

// ---- the dialog --------------------------------------------------------------------------------

AddAccountDialog::AddAccountDialog(QNetworkAccessManager *network, QWidget *parent)
    : QDialog(parent)
    , m_network(network)
    , m_providers(new QListWidget(this))
    , m_stack(new QStackedWidget(this))
    , m_import(new QPushButton(tr("&Import from files…"), this))
    , m_test(new QPushButton(tr("&Test connection"), this))
    , m_result(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    , m_note(new QLabel(this))
    , m_id(models::AccountStore::newAccountId())
{
    setWindowTitle(tr("Add account"));
    setMinimumSize(800, 540);

    // DigitalOcean first: the provider this build lists, shown when the dialog opens.
    const drivers::Capabilities *doCaps = drivers::capabilitiesFor(kDigitalOcean);
    const QString doHelpUrl = doCaps && !doCaps->tokenHelpUrl.isEmpty()
                                  ? doCaps->tokenHelpUrl
                                  : QStringLiteral("https://cloud.digitalocean.com/account/api/tokens");
    m_pages.append(
        new TokenPage(kDigitalOcean,
                      {QStringLiteral("https://api.digitalocean.com"), tr("T&oken:"), tr("Personal access token"),
                       tr("Create a token with read and write scope in <a href=\"%1\">%2's control panel</a>.")
                           .arg(doHelpUrl.toHtmlEscaped(), QStringLiteral("DigitalOcean")),
                       true},
                      m_stack));
    m_pages.append(
        new TokenPage(kHetzner,
                      {QStringLiteral("https://api.hetzner.cloud/v1"), tr("API t&oken:"), tr("API token"),
                       tr("In the <a href=\"%1\">Hetzner Cloud Console</a>, open your project, then Security → API "
                          "tokens, and generate a token with Read &amp; Write permission.")
                           .arg(QStringLiteral("https://console.hetzner.cloud/")),
                       false},
                      m_stack));
    m_pages.append(new KubernetesPage(m_stack));
    m_pages.append(new OpenStackPage(m_stack));
    m_pages.append(new AwsPage(m_stack));
    m_pages.append(new SshPage(m_stack));

    m_providers->setObjectName(QStringLiteral("providers"));
    m_providers->setIconSize(QSize(28, 28));
    m_providers->setSpacing(2);
    m_providers->setFixedWidth(210);
    for (ProviderPage *page : std::as_const(m_pages)) {
        auto *item = new QListWidgetItem(icons::providerLogo(page->provider()), icons::providerName(page->provider()),
                                         m_providers);
        item->setData(Qt::UserRole, page->provider());
        if (!hasDriver(page->provider()))
            item->setToolTip(tr("Not listed by this build yet: the account is saved and waits for its driver."));
        m_stack->addWidget(page);
    }

    m_import->setObjectName(QStringLiteral("importFromFiles"));
    m_import->setToolTip(tr("Find the accounts your tools already know (kubeconfig, AWS, clouds.yaml, doctl, hcloud, "
                            "SSH) and add the ones you pick"));
    m_import->hide();
    m_test->setObjectName(QStringLiteral("testConnection"));
    m_result->setObjectName(QStringLiteral("testResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_note->setObjectName(QStringLiteral("secretNote"));
    m_note->setWordWrap(true);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add account"));

    auto *right = new QVBoxLayout;
    right->addWidget(m_stack, 1);
    right->addWidget(m_note);
    right->addSpacing(6);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addStretch();
    right->addLayout(testRow);
    right->addWidget(m_result); // full width, so that its wrapped lines get their height

    auto *columns = new QHBoxLayout;
    columns->addWidget(m_providers);
    columns->addSpacing(10);
    columns->addLayout(right, 1);

    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_import);
    bottom->addStretch();
    bottom->addWidget(m_buttons);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addSpacing(6);
    layout->addLayout(bottom);

    connect(m_providers, &QListWidget::currentRowChanged, this, &AddAccountDialog::showProvider);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &AddAccountDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &AddAccountDialog::reject);
    connect(m_test, &QPushButton::clicked, this, &AddAccountDialog::testConnection);
    connect(m_import, &QPushButton::clicked, this, &AddAccountDialog::importRequested);
    m_providers->setCurrentRow(0);
    showProvider(0);
}

AddAccountDialog::~AddAccountDialog() = default;

bool AddAccountDialog::hasDriver(const QString &provider)
{
    return drivers::capabilitiesFor(provider) != nullptr;
}

QString AddAccountDialog::secretText(const QString &provider, const QMap<QString, QString> &secrets)
{
    if (!usesSecretBundle(provider))
        return secrets.value(QStringLiteral("token"));
    QJsonObject bundle;
    for (auto it = secrets.cbegin(); it != secrets.cend(); ++it)
        bundle.insert(it.key(), it.value());
    return QString::fromUtf8(QJsonDocument(bundle).toJson(QJsonDocument::Compact));
}

models::Account AddAccountDialog::accountFor(const models::ImportCandidate &candidate)
{
    models::Account account;
    account.id = models::AccountStore::newAccountId();
    account.name = candidate.name;
    account.provider = candidate.provider;
    const QVariantMap &settings = candidate.settings;
    QStringList used = {QStringLiteral("current")}; // which context was current says nothing here
    QUrl url;
    if (candidate.provider == kSsh) {
        url.setScheme(QStringLiteral("ssh"));
        url.setHost(settings.value(QStringLiteral("hostname"), candidate.name).toString());
        url.setPort(settings.value(QStringLiteral("port"), 22).toInt());
        url.setUserName(settings.value(QStringLiteral("user")).toString());
        used << QStringLiteral("hostname") << QStringLiteral("port") << QStringLiteral("user");
    } else if (candidate.provider == kAws) {
        static const QRegularExpression plainRegion(QStringLiteral("^[a-z0-9-]+$"));
        const QString region = settings.value(QStringLiteral("region")).toString();
        if (const QString custom = settings.value(QStringLiteral("endpoint_url")).toString(); !custom.isEmpty()) {
            url = QUrl(custom);
            used << QStringLiteral("endpoint_url");
        } else if (plainRegion.match(region).hasMatch()) {
            url = QUrl(QStringLiteral("https://ec2.%1.amazonaws.com").arg(region));
            used << QStringLiteral("region");
        } else {
            url = QUrl(QStringLiteral("https://ec2.amazonaws.com"));
        }
    } else {
        url = QUrl(candidate.endpoint);
        if (candidate.endpoint.isEmpty() && candidate.provider == kDigitalOcean)
            url = QUrl(QStringLiteral("https://api.digitalocean.com"));
        if (candidate.endpoint.isEmpty() && candidate.provider == kHetzner)
            url = QUrl(QStringLiteral("https://api.hetzner.cloud/v1"));
    }
    if (hasDriver(candidate.provider) && candidate.provider != kKubernetes) {
        account.caCertificateFile =
            settings.value(QStringLiteral("certificate-authority"), settings.value(QStringLiteral("cacert")))
                .toString();
    } else {
        // The settings the driver (a kubeconfig context's, see models::resolveEndpoint()) or a
        // later one needs, as the endpoint's query items.
        QUrlQuery query(url);
        if (candidate.provider == kKubernetes) {
            query.addQueryItem(QStringLiteral("kubeconfig"), candidate.sourceFile);
        } else if (candidate.provider == kOpenStack) {
            query.addQueryItem(QStringLiteral("clouds-yaml"), candidate.sourceFile);
            query.addQueryItem(QStringLiteral("cloud"), candidate.name);
        }
        addSettings(query, settings, used);
        url = withQuery(url, query);
    }
    account.endpoint = url;
    return account;
}

void AddAccountDialog::setImportOffered(bool offered)
{
    m_import->setVisible(offered && !isEditing());
}

QStringList AddAccountDialog::providers() const
{
    QStringList ids;
    for (const ProviderPage *page : m_pages)
        ids.append(page->provider());
    return ids;
}

QString AddAccountDialog::currentProvider() const
{
    return page()->provider();
}

void AddAccountDialog::setCurrentProvider(const QString &provider)
{
    const int row = int(providers().indexOf(provider));
    if (row >= 0)
        m_providers->setCurrentRow(row);
}

ProviderPage *AddAccountDialog::page() const
{
    return static_cast<ProviderPage *>(m_stack->currentWidget());
}

void AddAccountDialog::showProvider(int row)
{
    if (row < 0 || row >= m_pages.size())
        return;
    ProviderPage *previous = page();
    ProviderPage *next = m_pages.at(row);
    // The name typed so far follows the user to the provider they settle on.
    if (previous != next && next->nameField()->text().isEmpty())
        next->nameField()->setText(previous->nameField()->text());
    m_stack->setCurrentWidget(next);
    // The shown page's form is the dialog's first (QStackedLayout lowers each page it adds, which
    // reorders the children): whoever looks for "the form" finds the one on screen.
    next->lower();
    if (!isEditing())
        m_note->setText(next->secretNote());
    m_result->clear();
    m_result->setStyleSheet({});
    showTestAvailability();
}

bool AddAccountDialog::canTest(const QString &provider)
{
    return hasDriver(provider) || models::canProbe(provider);
}

void AddAccountDialog::showTestAvailability()
{
    const QString provider = currentProvider();
    const bool testable = canTest(provider);
    m_test->setEnabled(testable);
    if (testable) {
        m_test->setToolTip(provider == kSsh ? tr("Connect to the server and show its SSH greeting")
                                            : tr("Run one real request with these settings and show its answer"));
        return;
    }
    const QString name = icons::providerName(provider);
    m_test->setToolTip(tr("This build of Nephele has no %1 driver yet, so it cannot test the connection. You can "
                          "still add the account: it is listed once a driver lands.")
                           .arg(name));
    m_result->setStyleSheet({});
    m_result->setText(tr("This build has no %1 driver yet, so it cannot test the connection.").arg(name));
}

void AddAccountDialog::editAccount(const models::Account &account)
{
    m_editing = account;
    m_id = account.id;
    setWindowTitle(tr("Edit account %1").arg(account.name));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Save"));
    m_import->hide();
    int row = int(providers().indexOf(account.provider));
    if (row < 0) {
        // A provider without a page: its endpoint and token, as the DigitalOcean page asks them.
        auto *generic =
            new TokenPage(account.provider, {QString(), tr("T&oken:"), tr("Token"), QString(), true}, m_stack);
        m_pages.append(generic);
        m_stack->addWidget(generic);
        auto *item = new QListWidgetItem(icons::providerLogo(account.provider), icons::providerName(account.provider),
                                         m_providers);
        item->setData(Qt::UserRole, account.provider);
        row = int(m_pages.size()) - 1;
    }
    m_providers->setCurrentRow(row);
    m_providers->setEnabled(false); // another provider is another account
    ProviderPage *p = page();
    p->load(account);
    p->setEditing(account.needsToken);
    if (account.needsToken) {
        m_note->setText(tr("The keychain holds no token for this account. Enter it to use the account again."));
    } else {
        m_note->setText(tr("Leave the token empty to keep the one in your keychain. Changing the endpoint, the CA "
                           "certificate or the token reconnects the account."));
    }
}

models::Account AddAccountDialog::account() const
{
    models::Account a = m_editing.value_or(models::Account());
    a.id = m_id;
    a.name = page()->nameField()->text().trimmed();
    a.provider = currentProvider();
    page()->apply(a);
    return a;
}

QString AddAccountDialog::token() const
{
    if (isEditing() && !page()->secretsEntered())
        return {};
    return secretText(currentProvider(), page()->secrets());
}

QString AddAccountDialog::validate() const
{
    const models::Account a = account();
    if (a.name.isEmpty())
        return tr("Give the account a name.");
    return page()->validate(a, !m_editing || m_editing->needsToken);
}

void AddAccountDialog::setResult(bool ok, const QString &text)
{
    m_result->setStyleSheet(ok ? QStringLiteral("color: #1e7b34;") : QStringLiteral("color: #b3261e;"));
    m_result->setText(text);
}

void AddAccountDialog::testConnection()
{
    if (!canTest(currentProvider()))
        return; // the button is disabled; a shortcut must not get through either
    const QString problem = validate();
    if (!problem.isEmpty()) {
        setResult(false, problem);
        return;
    }
    const models::Account tested = account();
    const int serial = ++m_testSerial;
    if (tested.provider == kSsh) {
        runTest(tested, {}, serial); // the server's greeting needs no secret
        return;
    }
    if (const QString entered = token(); !entered.isEmpty()) {
        runTest(tested, entered, serial);
        return;
    }
    // Editing with the secret fields left empty: the stored secret, as the account will use it.
    if (!m_storedSecret || (m_editing && m_editing->needsToken)) {
        setResult(false, tr("Enter the token to test the connection."));
        return;
    }
    m_test->setEnabled(false);
    m_result->setStyleSheet({});
    m_result->setText(tr("Reading the stored token…"));
    m_storedSecret().then(this, [this, tested, serial](const models::SecretResult &stored) {
        if (serial != m_testSerial)
            return; // an older test, superseded
        if (!stored) {
            m_test->setEnabled(canTest(currentProvider()));
            setResult(false, tr("The stored token could not be read: %1").arg(stored.error()));
            return;
        }
        runTest(tested, *stored, serial);
    });
}

void AddAccountDialog::runTest(const models::Account &tested, const QString &secret, int serial)
{
    if (models::isKubeconfigAccount(tested)) {
        // The context may read files and run its credential plugin: off the GUI thread.
        m_test->setEnabled(false);
        m_result->setStyleSheet({});
        m_result->setText(tr("Connecting…"));
        runOnPoolFor(this, [tested, secret] {
            return models::resolveEndpoint(tested, secret);
        }).then(this, [this, tested, secret, serial](const nephele::Expected<models::ResolvedEndpoint, QString> &r) {
            if (serial != m_testSerial)
                return; // an older test, superseded
            if (!r) {
                m_test->setEnabled(canTest(currentProvider()));
                setResult(false, r.error());
                return;
            }
            testEndpoint(tested, secret, r->endpoint, serial);
        });
        return;
    }
    auto endpoint = models::endpointFor(tested, secret);
    if (!endpoint) {
        m_test->setEnabled(canTest(currentProvider()));
        setResult(false, endpoint.error());
        return;
    }
    m_test->setEnabled(false);
    m_result->setStyleSheet({});
    m_result->setText(tr("Connecting…"));
    testEndpoint(tested, secret, *endpoint, serial);
}

void AddAccountDialog::testEndpoint(const models::Account &tested, const QString &secret,
                                    const drivers::AccountEndpoint &endpoint, int serial)
{
    auto running = hasDriver(tested.provider)
                       ? models::AccountSession::testConnection(tested.provider, endpoint, m_network, this)
                       : models::probeConnection(tested, secret, m_network, this);
    running.then(this, [this, serial](const drivers::Result<QString> &result) {
        if (serial != m_testSerial)
            return; // an older test, superseded
        m_test->setEnabled(canTest(currentProvider()));
        if (result)
            setResult(true, *result);
        else
            setResult(false, result.error().summary() + QStringLiteral("\n") + result.error().hint());
    });
}

void AddAccountDialog::accept()
{
    const QString problem = validate();
    if (!problem.isEmpty()) {
        setResult(false, problem);
        return;
    }
    const models::Account a = account();
    const QString entered = token();
    const QString key = a.endpoint.toString() + QChar(0) + entered;
    if (!models::isKubeconfigAccount(a) || key == m_savingDespite) {
        QDialog::accept();
        return;
    }
    // The context is resolved as the account's session will resolve it (its files read, its
    // credential plugin run), so that a missing certificate or a failing plugin shows here rather
    // than as the account's error once it is saved.
    const int serial = ++m_testSerial;
    if (!entered.isEmpty() || !isEditing()) {
        checkContextThenAccept(a, entered, key, serial);
        return;
    }
    if (!m_storedSecret || m_editing->needsToken) {
        QDialog::accept(); // nothing to resolve the context with; the session will say
        return;
    }
    m_buttons->setEnabled(false);
    m_storedSecret().then(this, [this, a, key, serial](const models::SecretResult &stored) {
        if (serial != m_testSerial) {
            m_buttons->setEnabled(true);
            return;
        }
        if (!stored) {
            m_buttons->setEnabled(true);
            QDialog::accept(); // the keychain's problem is the session's to show, as for any account
            return;
        }
        checkContextThenAccept(a, *stored, key, serial);
    });
}

void AddAccountDialog::checkContextThenAccept(const models::Account &account, const QString &secret, const QString &key,
                                              int serial)
{
    m_buttons->setEnabled(false);
    m_result->setStyleSheet({});
    m_result->setText(tr("Checking the context…"));
    runOnPoolFor(this, [account, secret] {
        return models::resolveEndpoint(account, secret);
    }).then(this, [this, serial, key](const nephele::Expected<models::ResolvedEndpoint, QString> &resolved) {
        m_buttons->setEnabled(true);
        if (serial != m_testSerial)
            return; // a test ran meanwhile: pressed again, the form is checked again
        if (resolved) {
            QDialog::accept();
            return;
        }
        m_savingDespite = key;
        setResult(false, tr("%1\nPress %2 again to save the account as it is.")
                             .arg(resolved.error(), m_buttons->button(QDialogButtonBox::Ok)->text().remove(u'&')));
    });
}

} // namespace nephele::views

#include "addaccountdialog.moc"
