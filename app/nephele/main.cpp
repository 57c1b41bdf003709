// nephele: the desktop console.
//
//   nephele          opens the user's accounts (settings in the XDG config folder, tokens in the
//                    OS keychain)
//   nephele --demo   starts simulated DigitalOcean accounts in-process and opens on them

#include "accounts/accountstore.h"
#include "accounts/secretstore.h"
#include "demo/demo.h"
#include "inventory/inventorycache.h"
#include "inventory/inventorystore.h"
#include "mainwindow.h"
#include "sync/accountsession.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QTabWidget>
#include <QTranslator>

#include <memory>

using namespace nephele;

namespace {

models::AccountInfo infoFor(const QString &id, const QString &name, const QString &provider)
{
    models::AccountInfo info;
    info.id = id;
    info.name = name;
    info.provider = provider;
    return info;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Nephele"));
    QApplication::setApplicationDisplayName(QStringLiteral("Nephele"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    QApplication::setOrganizationDomain(QStringLiteral("nephele.dev"));
    QApplication::setDesktopFileName(QStringLiteral("nephele"));

    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    // English is a translation too: it carries the plural forms ("1 machine", "2 machines").
    if (translator.load(QLocale(), QStringLiteral("nephele"), QStringLiteral("_"), QStringLiteral(":/i18n")) ||
        translator.load(QStringLiteral("nephele_en"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Native console for multicloud infrastructure."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demoOption(QStringLiteral("demo"),
                                        QApplication::translate("main", "Open on simulated DigitalOcean accounts."));
    const QCommandLineOption seedOption(QStringLiteral("demo-seed"),
                                        QApplication::translate("main", "Seed of the simulated fleets."),
                                        QStringLiteral("seed"), QStringLiteral("7"));
    const QCommandLineOption searchOption(QStringLiteral("search"),
                                          QApplication::translate("main", "Open with this search in the search box."),
                                          QStringLiteral("query"));
    parser.addOption(demoOption);
    parser.addOption(seedOption);
    const QCommandLineOption tabOption(QStringLiteral("tab"),
                                       QApplication::translate("main", "Open on this tab: inventory or cost."),
                                       QStringLiteral("name"));
    parser.addOption(searchOption);
    parser.addOption(tabOption);
    parser.process(app);

    // Declared before the window so they outlive it. The demo's simulated clouds go last: the
    // network manager closes its keep-alive connections first, so the simulators stop at once
    // instead of waiting out each connection's idle timeout.
    std::unique_ptr<app::Demo> demo;
    QNetworkAccessManager network;
    models::InventoryStore inventory;
    models::RefreshLimiter limiter(4);
    std::unique_ptr<models::InventoryCache> cache;
    std::unique_ptr<models::AccountStore> accounts;
    std::unique_ptr<models::SecretStore> secrets;

    views::MainWindowServices services;
    services.inventory = &inventory;
    services.network = &network;
    services.limiter = &limiter;
    const bool demoMode = parser.isSet(demoOption);
    if (!demoMode) {
        accounts = std::make_unique<models::AccountStore>();
        secrets = std::make_unique<models::SecretStore>();
        cache = std::make_unique<models::InventoryCache>();
        cache->open(models::InventoryCache::defaultPath());
        services.cache = cache.get();
        services.accounts = accounts.get();
        services.secrets = secrets.get();
    }

    views::MainWindow window(services);
    if (demoMode) {
        window.setWindowTitle(QApplication::translate("main", "Nephele — demo"));
        app::DemoOptions options;
        options.seed = parser.value(seedOption).toULongLong();
        QString error;
        demo = app::Demo::start(options, &error);
        if (!demo) {
            window.showNotice(QApplication::translate("main", "The demo could not start: %1").arg(error));
        } else {
            demo->applySshAccess(*window.machineAccess()); // "Open shell" reaches the demo's SSH server
            for (const app::DemoAccount &account : demo->accounts()) {
                const models::AccountInfo info =
                    infoFor(account.endpoint.accountId, account.endpoint.accountName, account.provider);
                auto *session = models::AccountSession::create(info, account.endpoint, &network, &inventory, &window);
                window.addDemoSession(session);
                session->start();
            }
        }
    } else {
        window.openStoredAccounts();
    }
    if (parser.isSet(searchOption))
        window.searchField()->setText(parser.value(searchOption));
    if (parser.value(tabOption).compare(u"cost", Qt::CaseInsensitive) == 0) {
        if (auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("mainTabs")))
            tabs->setCurrentIndex(1);
    }
    window.show();
    return app.exec();
}
