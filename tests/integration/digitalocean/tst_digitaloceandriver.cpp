// The DigitalOcean driver against the simulator over real HTTP on loopback: every listing, every
// action, creation to active, volumes, each injected fault, and TLS.

#include "../awaitresult.h"
#include "digitalocean/digitaloceandriver.h"
#include "sim/digitaloceansim.h"

#include <QFutureWatcher>
#include <QNetworkAccessManager>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace nephele;
using namespace nephele::drivers;
using digitalocean::DigitalOceanDriver;

namespace {

using testing::await;

// Waits for a job to finish; returns it for inspection. The caller deletes it.
bool awaitJob(Job *job, int timeoutMs = 60'000)
{
    if (job->isFinished())
        return true;
    QSignalSpy spy(job, &Job::finished);
    return spy.wait(timeoutMs) || job->isFinished();
}

QString describe(const Error &e)
{
    return e.fullText();
}

struct Fixture {
    std::unique_ptr<sim::DigitalOceanSim> sim;
    std::unique_ptr<DigitalOceanDriver> driver;
    QNetworkAccessManager *nam = nullptr;

    Fixture() = default;
    Fixture(Fixture &&) = default;
    Fixture &operator=(Fixture &&) = default;
    ~Fixture()
    {
        // Close the client's keep-alive connections before the simulator stops, or its workers
        // wait out each idle connection's timeout.
        driver.reset();
        if (nam)
            nam->clearConnectionCache();
    }
};

Fixture makeFixture(QNetworkAccessManager *nam, int droplets, quint64 seed = 11, bool tls = false,
                    sim::FaultSpec faults = {})
{
    sim::DigitalOceanSimOptions options;
    options.seed = seed;
    options.droplets = droplets;
    options.tls = tls;
    options.timeScale = 0.01;
    options.faults = faults;
    Fixture f;
    f.nam = nam;
    f.sim = std::make_unique<sim::DigitalOceanSim>(options);
    std::string why;
    if (!f.sim->start(&why))
        qFatal("simulator did not start: %s", why.c_str());
    AccountEndpoint ep;
    ep.accountId = QStringLiteral("acc-1");
    ep.accountName = QStringLiteral("sim");
    ep.baseUrl = QUrl(QString::fromStdString(f.sim->url()));
    ep.token = QString::fromStdString(f.sim->token());
    ep.retry.baseDelayMs = 10;
    ep.retry.maxDelayMs = 50;
    ep.retry.maxAttempts = 8;
    ep.actionPollIntervalMs = 50;
    ep.timeoutMs = 10'000;
    f.driver = std::make_unique<DigitalOceanDriver>(ep, nam);
    return f;
}

QSet<QString> idsOf(const QList<Machine> &machines)
{
    QSet<QString> ids;
    for (const Machine &m : machines)
        ids.insert(m.id);
    return ids;
}

QSet<QString> simIds(const sim::DigitalOceanSim &sim)
{
    QSet<QString> ids;
    for (auto id : sim.dropletIds())
        ids.insert(QString::number(id));
    return ids;
}

const Machine *findMachine(const QList<Machine> &machines, const QString &id)
{
    for (const Machine &m : machines)
        if (m.id == id)
            return &m;
    return nullptr;
}

} // namespace

class TestDigitalOceanDriver final : public QObject
{
    Q_OBJECT

    QNetworkAccessManager m_nam;

    // A running droplet that no action is touching.
    QString runningDroplet(const Fixture &f)
    {
        for (auto id : f.sim->dropletIds())
            if (f.sim->dropletStatus(id) == std::string("active"))
                return QString::number(id);
        return {};
    }

    std::optional<std::string> statusOf(const Fixture &f, const QString &id)
    {
        return f.sim->dropletStatus(id.toLongLong());
    }

private Q_SLOTS:
    void listsEveryDropletAcrossPages_data()
    {
        QTest::addColumn<int>("droplets");
        QTest::addColumn<int>("pageSize");
        QTest::addColumn<int>("parallel");
        QTest::newRow("one page") << 15 << 0 << 4;
        QTest::newRow("exact pages") << 400 << 200 << 4;
        QTest::newRow("odd page size, sequential") << 250 << 37 << 1;
        QTest::newRow("1000 at max page size") << 1000 << 0 << 4;
        QTest::newRow("empty account") << 0 << 0 << 4;
    }
    void listsEveryDropletAcrossPages()
    {
        QFETCH(int, droplets);
        QFETCH(int, pageSize);
        QFETCH(int, parallel);
        auto f = makeFixture(&m_nam, droplets);
        AccountEndpoint ep = f.driver->endpoint();
        ep.pageSize = pageSize;
        ep.maxParallelRequests = parallel;
        f.driver = std::make_unique<DigitalOceanDriver>(ep, &m_nam);
        auto result = await(f.driver->listMachines());
        QVERIFY2(result.has_value(), qPrintable(result ? QString() : describe(result.error())));
        QCOMPARE(result->size(), droplets);
        QCOMPARE(idsOf(*result), simIds(*f.sim));
        for (const Machine &m : *result) {
            QVERIFY(!m.name.isEmpty());
            QVERIFY(!m.location.isEmpty());
            QVERIFY(!m.sizeId.isEmpty());
            QVERIFY(m.priceMonthly.has_value() && *m.priceMonthly > 0);
            QVERIFY(m.created.isValid());
            QCOMPARE(m.state == MachineState::Running, statusOf(f, m.id) == std::string("active"));
        }
    }

    void catalogHasEverythingTheWizardNeeds()
    {
        auto f = makeFixture(&m_nam, 20);
        auto catalog = await(f.driver->catalog());
        QVERIFY2(catalog.has_value(), qPrintable(catalog ? QString() : describe(catalog.error())));
        QVERIFY(catalog->sizes.size() >= 5);
        for (const Size &s : catalog->sizes) {
            QVERIFY(s.priceMonthly.has_value() && *s.priceMonthly > 0);
            QVERIFY(s.vcpus > 0 && s.memoryMb > 0);
        }
        QVERIFY(catalog->locations.size() >= 5);
        bool hasDistribution = false, hasApplication = false;
        for (const Image &i : catalog->images) {
            hasDistribution |= i.type == QLatin1String("distribution") || !i.distribution.isEmpty();
            hasApplication |= i.type == QLatin1String("application");
        }
        QVERIFY(hasDistribution);
        QVERIFY(!catalog->keys.isEmpty());
        QVERIFY(!catalog->networks.isEmpty());
        QVERIFY(!catalog->tags.isEmpty());
        Q_UNUSED(hasApplication)
    }

    void testConnectionNamesTheAccount()
    {
        auto f = makeFixture(&m_nam, 1);
        auto result = await(f.driver->testConnection());
        QVERIFY2(result.has_value(), qPrintable(result ? QString() : describe(result.error())));
        QVERIFY(result->contains(QStringLiteral("@")));
    }

    void wrongTokenIsAnAuthError()
    {
        auto f = makeFixture(&m_nam, 5);
        AccountEndpoint ep = f.driver->endpoint();
        ep.token = QStringLiteral("dop_v1_wrong_token_value");
        DigitalOceanDriver wrong(ep, &m_nam);
        auto result = await(wrong.listMachines());
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().kind, ErrorKind::Auth);
        QCOMPARE(result.error().httpStatus, 401);
        QVERIFY2(result.error().message.contains(QStringLiteral("Unable to authenticate you")),
                 qPrintable(result.error().message));
        QVERIFY(result.error().summary().startsWith(QStringLiteral("sim: ")));
        QVERIFY(!result.error().fullText().contains(ep.token));
    }

    void powerActionsChangeTheDroplet()
    {
        auto f = makeFixture(&m_nam, 30);
        const QString id = runningDroplet(f);
        QVERIFY(!id.isEmpty());

        const struct {
            MachineAction action;
            const char *expected;
        } steps[] = {
            {MachineAction::Stop, "off"},     {MachineAction::Start, "active"},  {MachineAction::Shutdown, "off"},
            {MachineAction::Start, "active"}, {MachineAction::Reboot, "active"}, {MachineAction::PowerCycle, "active"},
        };
        for (const auto &step : steps) {
            std::unique_ptr<Job> job(f.driver->runAction(step.action, id, {}));
            QVERIFY(awaitJob(job.get()));
            QVERIFY2(job->status() == Job::Status::Succeeded,
                     qPrintable(machineActionName(step.action) + QStringLiteral(": ") +
                                (job->error() ? describe(*job->error()) : QString())));
            QCOMPARE(job->resultId(), id);
            QCOMPARE(statusOf(f, id), std::optional<std::string>(step.expected));
        }
        auto listed = await(f.driver->listMachines());
        QVERIFY(listed.has_value());
        QCOMPARE(findMachine(*listed, id)->state, MachineState::Running);
    }

    void renameResizeSnapshot()
    {
        auto f = makeFixture(&m_nam, 10);
        const QString id = runningDroplet(f);
        auto run = [&](MachineAction action, ActionArgs args) {
            std::unique_ptr<Job> job(f.driver->runAction(action, id, args));
            const bool finished = awaitJob(job.get());
            return std::pair{finished && job->status() == Job::Status::Succeeded,
                             job->error() ? describe(*job->error()) : QString()};
        };
        auto [renamed, why1] = run(MachineAction::Rename, {QStringLiteral("renamed-by-test"), {}, false});
        QVERIFY2(renamed, qPrintable(why1));
        // DigitalOcean resizes only powered-off droplets; the provider's refusal comes through.
        auto [resizedWhileOn, why2] = run(MachineAction::Resize, {{}, QStringLiteral("s-2vcpu-4gb"), false});
        QVERIFY(!resizedWhileOn);
        QVERIFY(!why2.isEmpty());
        QVERIFY(run(MachineAction::Stop, {}).first);
        auto [resized, why3] = run(MachineAction::Resize, {{}, QStringLiteral("s-2vcpu-4gb"), false});
        QVERIFY2(resized, qPrintable(why3));
        auto [snap, why4] = run(MachineAction::Snapshot, {QStringLiteral("before-upgrade"), {}, false});
        QVERIFY2(snap, qPrintable(why4));

        auto listed = await(f.driver->listMachines());
        QVERIFY(listed.has_value());
        const Machine *m = findMachine(*listed, id);
        QVERIFY(m);
        QCOMPARE(m->name, QStringLiteral("renamed-by-test"));
        QCOMPARE(m->sizeId, QStringLiteral("s-2vcpu-4gb"));
        auto catalog = await(f.driver->catalog());
        QVERIFY(catalog.has_value());
        bool found = false;
        for (const Image &i : catalog->images)
            found |= i.name == QLatin1String("before-upgrade");
        QVERIFY(found);
    }

    void aSecondActionOnABusyDropletIsRefused()
    {
        auto f = makeFixture(&m_nam, 10);
        AccountEndpoint ep = f.driver->endpoint();
        const QString id = runningDroplet(f);
        // Slow actions so the first is certainly still running when the second arrives.
        sim::DigitalOceanSimOptions slow;
        std::unique_ptr<Job> first(f.driver->runAction(MachineAction::Reboot, id, {}));
        std::unique_ptr<Job> second(f.driver->runAction(MachineAction::PowerCycle, id, {}));
        QVERIFY(awaitJob(first.get()));
        QVERIFY(awaitJob(second.get()));
        // With a 0.01 time scale the first may complete before the second is sent; at least one
        // succeeded, and a refusal, when it happens, is a typed Conflict with DigitalOcean's words.
        QVERIFY(first->status() == Job::Status::Succeeded || second->status() == Job::Status::Succeeded);
        for (Job *job : {first.get(), second.get()}) {
            if (job->status() == Job::Status::Failed) {
                QCOMPARE(job->error()->kind, ErrorKind::Conflict);
                QVERIFY(job->error()->message.contains(QStringLiteral("pending event")));
            }
        }
    }

    void destroyRemovesTheDroplet()
    {
        auto f = makeFixture(&m_nam, 12);
        const QString id = runningDroplet(f);
        std::unique_ptr<Job> job(f.driver->runAction(MachineAction::Destroy, id, {}));
        QVERIFY(awaitJob(job.get()));
        QCOMPARE(job->status(), Job::Status::Succeeded);
        auto listed = await(f.driver->listMachines());
        QVERIFY(listed.has_value());
        QCOMPARE(listed->size(), 11);
        QVERIFY(!findMachine(*listed, id));
    }

    void createsDropletsUntilActive()
    {
        auto f = makeFixture(&m_nam, 3);
        auto catalog = await(f.driver->catalog());
        QVERIFY(catalog.has_value());
        CreateMachineRequest request;
        request.names = {QStringLiteral("web-test-01")};
        request.location = QStringLiteral("fra1");
        request.sizeId = QStringLiteral("s-1vcpu-1gb");
        request.imageId = QStringLiteral("ubuntu-22-04-x64");
        request.keyIds = {catalog->keys.front().id};
        request.tags = {QStringLiteral("env:test"), QStringLiteral("web")};
        request.userData = QStringLiteral("#cloud-config\npackages: [nginx]\n");
        request.monitoring = true;
        request.networkId =
            catalog->networks.front().location == request.location ? catalog->networks.front().id : QString();
        std::unique_ptr<Job> job(f.driver->createMachines(request));
        QSignalSpy progress(job.get(), &Job::progressChanged);
        QVERIFY(awaitJob(job.get()));
        QVERIFY2(job->status() == Job::Status::Succeeded,
                 qPrintable(job->error() ? describe(*job->error()) : QString()));
        QVERIFY(progress.size() >= 2);
        const QString newId = job->resultId();
        QCOMPARE(statusOf(f, newId), std::optional<std::string>("active"));
        auto listed = await(f.driver->listMachines());
        QVERIFY(listed.has_value());
        const Machine *m = findMachine(*listed, newId);
        QVERIFY(m);
        QCOMPARE(m->name, QStringLiteral("web-test-01"));
        QCOMPARE(m->location, QStringLiteral("fra1"));
        QCOMPARE(m->state, MachineState::Running);
        QVERIFY(m->tags.contains(Tag{QStringLiteral("env"), QStringLiteral("test")}));

        request.names = {QStringLiteral("batch-01"), QStringLiteral("batch-02"), QStringLiteral("batch-03")};
        request.networkId.clear();
        std::unique_ptr<Job> batch(f.driver->createMachines(request));
        QVERIFY(awaitJob(batch.get()));
        QVERIFY2(batch->status() == Job::Status::Succeeded,
                 qPrintable(batch->error() ? describe(*batch->error()) : QString()));
        QCOMPARE(batch->resultIds().size(), 3);
        QCOMPARE(f.sim->dropletCount(), size_t(7));
    }

    void invalidCreationSaysWhichFieldIsWrong()
    {
        auto f = makeFixture(&m_nam, 1);
        CreateMachineRequest request;
        request.names = {QStringLiteral("bad")};
        request.location = QStringLiteral("atlantis1");
        request.sizeId = QStringLiteral("s-1vcpu-1gb");
        request.imageId = QStringLiteral("ubuntu-22-04-x64");
        std::unique_ptr<Job> job(f.driver->createMachines(request));
        QVERIFY(awaitJob(job.get()));
        QCOMPARE(job->status(), Job::Status::Failed);
        QVERIFY(job->error()->httpStatus == 422 || job->error()->httpStatus == 400);
        QVERIFY2(job->error()->message.contains(QStringLiteral("region"), Qt::CaseInsensitive),
                 qPrintable(job->error()->message));
        QCOMPARE(f.sim->dropletCount(), size_t(1));
    }

    void volumesLifecycle()
    {
        auto f = makeFixture(&m_nam, 5);
        const QString dropletId = runningDroplet(f);
        auto listedBefore = await(f.driver->listMachines());
        QVERIFY(listedBefore.has_value());
        const QString region = findMachine(*listedBefore, dropletId)->location;

        auto before = await(f.driver->listVolumes());
        QVERIFY(before.has_value());
        std::unique_ptr<Job> create(f.driver->createVolume(
            {QStringLiteral("data-01"), region, 50, QStringLiteral("test data"), QStringLiteral("ext4"), {}}));
        QVERIFY(awaitJob(create.get()));
        QVERIFY2(create->status() == Job::Status::Succeeded,
                 qPrintable(create->error() ? describe(*create->error()) : QString()));
        const QString volumeId = create->resultId();

        std::unique_ptr<Job> attach(f.driver->attachVolume(volumeId, dropletId));
        QVERIFY(awaitJob(attach.get()));
        QVERIFY2(attach->status() == Job::Status::Succeeded,
                 qPrintable(attach->error() ? describe(*attach->error()) : QString()));
        auto volumes = await(f.driver->listVolumes());
        QVERIFY(volumes.has_value());
        QCOMPARE(volumes->size(), before->size() + 1);
        bool attached = false;
        for (const Volume &v : *volumes)
            if (v.id == volumeId) {
                attached = v.machineIds.contains(dropletId);
                QCOMPARE(v.sizeGb, 50);
            }
        QVERIFY(attached);

        std::unique_ptr<Job> detach(f.driver->detachVolume(volumeId, dropletId));
        QVERIFY(awaitJob(detach.get()));
        QCOMPARE(detach->status(), Job::Status::Succeeded);
        std::unique_ptr<Job> remove(f.driver->deleteVolume(volumeId));
        QVERIFY(awaitJob(remove.get()));
        QCOMPARE(remove->status(), Job::Status::Succeeded);
        auto after = await(f.driver->listVolumes());
        QVERIFY(after.has_value());
        QCOMPARE(after->size(), before->size());
    }

    // Transient faults at a moderate rate are absorbed by retries; the listing is complete.
    void transientFaultsAreRetried_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::newRow("5xx") << QStringLiteral("5xx=0.3");
        QTest::newRow("429") << QStringLiteral("429=0.3,retry-after=0");
        QTest::newRow("reset") << QStringLiteral("reset=0.3");
        QTest::newRow("truncated") << QStringLiteral("truncate=0.2");
        QTest::newRow("malformed") << QStringLiteral("malformed=0.15");
        QTest::newRow("latency") << QStringLiteral("latency=30");
        QTest::newRow("everything") << QStringLiteral("latency=5,5xx=0.1,429=0.1,retry-after=0,reset=0.05");
    }
    void transientFaultsAreRetried()
    {
        QFETCH(QString, spec);
        std::string why;
        auto faults = sim::FaultSpec::parse(spec.toStdString(), &why);
        QVERIFY2(faults.has_value(), why.c_str());
        auto f = makeFixture(&m_nam, 600);
        AccountEndpoint ep = f.driver->endpoint();
        ep.pageSize = 20;
        f.driver = std::make_unique<DigitalOceanDriver>(ep, &m_nam);
        f.sim->setFaults(*faults);
        const auto requestsBefore = f.sim->requestCount();
        auto result = await(f.driver->listMachines());
        f.sim->setFaults({});
        QVERIFY2(result.has_value(), qPrintable(result ? QString() : describe(result.error())));
        QCOMPARE(idsOf(*result), simIds(*f.sim));
        if (spec != QLatin1String("latency=30"))
            QVERIFY(f.sim->requestCount() - requestsBefore > 6); // faults were met and retried
    }

    // Persistent faults end in a typed error that says what happened; nothing crashes.
    void persistentFaultsGiveTypedErrors_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QList<int>>("kinds");
        QTest::newRow("5xx") << QStringLiteral("5xx=1") << QList<int>{int(ErrorKind::Server)};
        QTest::newRow("429") << QStringLiteral("429=1,retry-after=0") << QList<int>{int(ErrorKind::RateLimited)};
        QTest::newRow("reset") << QStringLiteral("reset=1") << QList<int>{int(ErrorKind::Network)};
        QTest::newRow("truncated") << QStringLiteral("truncate=1")
                                   << QList<int>{int(ErrorKind::Parse), int(ErrorKind::Network)};
        QTest::newRow("malformed") << QStringLiteral("malformed=1") << QList<int>{int(ErrorKind::Parse)};
    }
    void persistentFaultsGiveTypedErrors()
    {
        QFETCH(QString, spec);
        QFETCH(QList<int>, kinds);
        std::string why;
        auto faults = sim::FaultSpec::parse(spec.toStdString(), &why);
        QVERIFY(faults.has_value());
        auto f = makeFixture(&m_nam, 50);
        AccountEndpoint ep = f.driver->endpoint();
        ep.retry.maxAttempts = 3;
        f.driver = std::make_unique<DigitalOceanDriver>(ep, &m_nam);
        f.sim->setFaults(*faults);
        auto result = await(f.driver->listMachines());
        QVERIFY(!result.has_value());
        QVERIFY2(kinds.contains(int(result.error().kind)), qPrintable(describe(result.error())));
        QVERIFY(!result.error().message.isEmpty());
        QVERIFY(result.error().summary().contains(QStringLiteral("sim: list droplets")));
        // The same driver works again once the provider recovers.
        f.sim->setFaults({});
        auto again = await(f.driver->listMachines());
        QVERIFY(again.has_value());
        QCOMPARE(again->size(), 50);
    }

    void slowAnswersTimeOut()
    {
        std::string why;
        auto f = makeFixture(&m_nam, 5, 11, false, *sim::FaultSpec::parse("latency=800", &why));
        AccountEndpoint ep = f.driver->endpoint();
        ep.timeoutMs = 150;
        ep.retry.maxAttempts = 2;
        DigitalOceanDriver impatient(ep, &m_nam);
        auto result = await(impatient.listMachines());
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().kind, ErrorKind::Timeout);
    }

    void tlsNeedsTheAccountsCa()
    {
        auto f = makeFixture(&m_nam, 25, 3, /*tls=*/true);
        QVERIFY(f.sim->url().rfind("https://", 0) == 0);
        auto refused = await(f.driver->listMachines());
        QVERIFY(!refused.has_value());
        QCOMPARE(refused.error().kind, ErrorKind::Tls);
        QVERIFY(!refused.error().hint().isEmpty());

        AccountEndpoint ep = f.driver->endpoint();
        ep.caCertificates = QSslCertificate::fromData(QByteArray::fromStdString(f.sim->caCertificatePem()));
        QCOMPARE(ep.caCertificates.size(), 1);
        DigitalOceanDriver trusted(ep, &m_nam);
        auto listed = await(trusted.listMachines());
        QVERIFY2(listed.has_value(), qPrintable(listed ? QString() : describe(listed.error())));
        QCOMPARE(listed->size(), 25);
    }

    void cancellingAJobStopsFollowingIt()
    {
        auto f = makeFixture(&m_nam, 5);
        AccountEndpoint ep = f.driver->endpoint();
        const QString id = runningDroplet(f);
        std::unique_ptr<Job> job(f.driver->runAction(MachineAction::Reboot, id, {}));
        job->cancel();
        QVERIFY(awaitJob(job.get()));
        QCOMPARE(job->status(), Job::Status::Cancelled);
    }
};

QTEST_GUILESS_MAIN(TestDigitalOceanDriver)
#include "tst_digitaloceandriver.moc"
