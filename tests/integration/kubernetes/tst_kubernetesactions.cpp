// The Kubernetes actions against the simulator over real HTTP and WebSocket on loopback: graceful
// pod deletion (Terminating, then gone, as the watch and a fresh LIST see it), cordon and uncordon,
// pod logs (tail, follow, container, previous, the API's errors, a flood), and exec over
// v4.channel.k8s.io (output, exit status, stdin, terminal resize).

#include "../awaitresult.h"
#include "kubernetes/kubernetesdriver.h"
#include "sim/kubernetessim.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace nephele;
using namespace nephele::drivers;
using kubernetes::KubernetesDriver;
using kubernetes::PodExecOptions;
using kubernetes::PodExecSession;
using kubernetes::PodLogOptions;
using kubernetes::PodLogStream;

namespace {

using testing::await;

// Runs a job to its end; empty when it succeeded, else why not.
QString runJob(Job *raw)
{
    std::unique_ptr<Job> job(raw);
    if (!job->isFinished()) {
        QSignalSpy spy(job.get(), &Job::finished);
        if (!spy.wait(30'000))
            return QStringLiteral("the job did not finish");
    }
    if (job->status() == Job::Status::Succeeded)
        return {};
    return job->error() ? job->error()->fullText() : QStringLiteral("failed without an error");
}

struct PodInfo {
    QString id; // ns/name
    QStringList containers;
    QList<int> restarts;
    bool scheduled = false;
    bool running = true; // every container running
};

QList<PodInfo> podsOf(const sim::KubernetesSim &sim)
{
    QList<PodInfo> out;
    const QJsonArray items =
        QJsonDocument::fromJson(QByteArray::fromStdString(sim.listJson("pods"))).object().value(u"items").toArray();
    for (const QJsonValue &item : items) {
        const QJsonObject pod = item.toObject();
        const QJsonObject meta = pod.value(u"metadata").toObject();
        PodInfo info;
        info.id = meta.value(u"namespace").toString() + u'/' + meta.value(u"name").toString();
        info.scheduled = !pod.value(u"spec").toObject().value(u"nodeName").toString().isEmpty();
        for (const QJsonValue &c : pod.value(u"spec").toObject().value(u"containers").toArray())
            info.containers.append(c.toObject().value(u"name").toString());
        for (const QJsonValue &s : pod.value(u"status").toObject().value(u"containerStatuses").toArray()) {
            info.restarts.append(s.toObject().value(u"restartCount").toInt());
            info.running = info.running && s.toObject().value(u"state").toObject().contains(u"running");
        }
        out.append(info);
    }
    return out;
}

struct Fixture {
    std::unique_ptr<sim::KubernetesSim> sim;
    std::unique_ptr<QNetworkAccessManager> nam = std::make_unique<QNetworkAccessManager>();
    std::unique_ptr<KubernetesDriver> driver;
    AccountEndpoint endpoint;

    explicit Fixture(sim::KubernetesSimOptions options)
    {
        options.bookmarkIntervalMs = 100;
        sim = std::make_unique<sim::KubernetesSim>(options);
        std::string why;
        if (!sim->start(&why))
            qFatal("simulator did not start: %s", why.c_str());
        endpoint.accountId = QStringLiteral("k8s-actions");
        endpoint.accountName = QStringLiteral("cluster");
        endpoint.baseUrl = QUrl(QString::fromStdString(sim->url()));
        endpoint.token = QString::fromStdString(sim->token());
        if (options.tls)
            endpoint.caCertificates = QSslCertificate::fromData(QByteArray::fromStdString(sim->caCertificatePem()));
        endpoint.retry.maxAttempts = 2;
        endpoint.retry.baseDelayMs = 50;
        driver = std::make_unique<KubernetesDriver>(endpoint, nam.get());
        driver->setReconnectDelayMs(50);
    }
    ~Fixture()
    {
        driver.reset();
        nam->clearConnectionCache();
        sim->stop();
    }

    // A scheduled pod with one container (and, when asked, one that restarted).
    PodInfo pod(bool restarted = false, int containers = 1) const
    {
        for (const PodInfo &p : podsOf(*sim)) {
            if (p.scheduled && p.running && p.containers.size() == containers &&
                (!restarted || p.restarts.value(0) > 0))
                return p;
        }
        qFatal("the simulator has no fitting pod");
    }
};

sim::KubernetesSimOptions options(std::uint64_t seed, bool tls = false)
{
    sim::KubernetesSimOptions o;
    o.seed = seed;
    o.nodes = 3;
    o.pods = 60;
    o.tls = tls;
    o.logLines = 40;
    o.logFollowIntervalMs = 50;
    return o;
}

// What an exec session delivered.
struct ExecRun {
    QByteArray output;
    QByteArray errors;
    int exitCode = -2;
    QString message;
    QStringList failures;
    bool finished = false;

    void attach(PodExecSession *session)
    {
        QObject::connect(session, &PodExecSession::dataReceived, session, [this](const QByteArray &d) { output += d; });
        QObject::connect(session, &PodExecSession::stderrReceived, session,
                         [this](const QByteArray &d) { errors += d; });
        QObject::connect(session, &PodExecSession::errorOccurred, session,
                         [this](const QString &m) { failures.append(m); });
        QObject::connect(session, &PodExecSession::finished, session, [this](int code, const QString &m) {
            exitCode = code;
            message = m;
            finished = true;
        });
    }
};

QString logText(const std::string &key, const QString &container, bool previous, int from, int to)
{
    QString out;
    for (int i = from; i <= to; ++i)
        out += QString::fromStdString(sim::KubernetesSim::logLine(key, container.toStdString(), previous, i)) + u'\n';
    return out;
}

// A kubelet log timestamp (Go's RFC3339Nano: UTC, up to nine digits of fraction, trailing zeros
// dropped) in nanoseconds since the epoch; -1 when it is not one.
qint64 rfc3339NanoToNs(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$)"));
    const QRegularExpressionMatch m = pattern.match(text);
    if (!m.hasMatch())
        return -1;
    const QDateTime whole = QDateTime::fromString(m.captured(1), Qt::ISODate);
    const QString fraction = m.captured(2);
    if (fraction.endsWith(u'0'))
        return -1; // RFC3339Nano never writes a trailing zero
    const qint64 ns = fraction.isEmpty() ? 0 : fraction.leftJustified(9, u'0').toLongLong();
    return QDateTime(whole.date(), whole.time(), Qt::UTC).toSecsSinceEpoch() * 1'000'000'000 + ns;
}

qint64 nowNs()
{
    return QDateTime::currentMSecsSinceEpoch() * 1'000'000;
}

// A log read to its end (or to the error that ended it).
QString readLog(KubernetesDriver &driver, const QString &podId, const PodLogOptions &options, QString *error)
{
    std::unique_ptr<PodLogStream> logs(driver.openLogs(podId, options, nullptr));
    QByteArray text;
    bool ended = false;
    QObject::connect(logs.get(), &PodLogStream::dataReceived, logs.get(), [&](const QByteArray &d) { text += d; });
    QObject::connect(logs.get(), &PodLogStream::finished, logs.get(), [&] { ended = true; });
    QObject::connect(logs.get(), &PodLogStream::errorOccurred, logs.get(), [&](const QString &m) {
        *error = m;
        ended = true;
    });
    logs->start();
    if (!QTest::qWaitFor([&] { return ended; }, 20'000))
        *error = QStringLiteral("no end");
    return QString::fromUtf8(text);
}

// The lines of a timestamps=true log: each line's time and its text (with its newline).
struct StampedLine {
    qint64 ns = -1;
    QString text;
};
QList<StampedLine> stampedLines(const QString &log)
{
    QList<StampedLine> out;
    QStringList lines = log.split(u'\n');
    if (lines.last().isEmpty())
        lines.removeLast();
    for (const QString &line : std::as_const(lines)) {
        const qsizetype space = line.indexOf(u' ');
        out.append({space > 0 ? rfc3339NanoToNs(line.left(space)) : -1, line.mid(space + 1) + u'\n'});
    }
    return out;
}

} // namespace

class TestKubernetesActions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void capabilities()
    {
        const Capabilities &caps = kubernetes::capabilities();
        QVERIFY(caps.supports(MachineAction::Destroy));
        QVERIFY(caps.supports(MachineAction::Cordon));
        QVERIFY(caps.supports(MachineAction::Uncordon));
        QVERIFY(!caps.supports(MachineAction::Reboot));
        QVERIFY(caps.containerLogs);
        QVERIFY(caps.containerExec);
        QCOMPARE(machineActionName(MachineAction::Cordon), QStringLiteral("cordon"));
    }

    void deletePodGracefully()
    {
        Fixture f(options(21));
        const auto listing = await(f.driver->listMachines());
        QVERIFY(listing);
        QStringList seen; // "type providerState" for the victim, as the watch delivers them
        const PodInfo victim = f.pod();
        MachineWatch::Handlers h;
        h.events = [&](const QList<MachineEvent> &events) {
            for (const MachineEvent &e : events) {
                if (e.machine.id == victim.id)
                    seen.append((e.type == MachineEvent::Type::Delete ? QStringLiteral("DELETED ")
                                                                      : QStringLiteral("UPSERT ")) +
                                e.machine.providerState);
            }
        };
        f.driver->startWatch(std::move(h));
        QTRY_VERIFY_WITH_TIMEOUT(f.sim->openWatches() == 2, 10'000);

        QCOMPARE(runJob(f.driver->runAction(MachineAction::Destroy, victim.id, {})), QString());
        // Terminating first (the sim's kubelet takes terminationDelayMs), then gone.
        QVERIFY(QString::fromStdString(f.sim->podJson(victim.id.toStdString())).contains(u"deletionTimestamp"));
        QTRY_VERIFY_WITH_TIMEOUT(seen.size() >= 2, 10'000);
        QCOMPARE(seen.first(), QStringLiteral("UPSERT Terminating"));
        QVERIFY2(seen.last().startsWith(u"DELETED"), qPrintable(seen.join(u", ")));
        f.driver->stopWatch();

        const auto after = await(f.driver->listMachines());
        QVERIFY(after);
        for (const Machine &m : *after)
            QVERIFY2(m.id != victim.id && m.parentId != victim.id, qPrintable(m.id));

        // gracePeriodSeconds 0: gone at once, no Terminating.
        const PodInfo forced = f.pod();
        QCOMPARE(runJob(f.driver->deletePod(forced.id, 0)), QString());
        QVERIFY(f.sim->podJson(forced.id.toStdString()).empty());

        // Errors come back typed.
        std::unique_ptr<Job> missing(f.driver->deletePod(QStringLiteral("default/no-such-pod")));
        QSignalSpy done(missing.get(), &Job::finished);
        QVERIFY(missing->isFinished() || done.wait(10'000));
        QVERIFY(missing->error());
        QCOMPARE(missing->error()->kind, ErrorKind::NotFound);
        QCOMPARE(runJob(f.driver->runAction(MachineAction::Destroy, f.pod().id + QStringLiteral("/c"), {})).isEmpty(),
                 false); // a container cannot be deleted
    }

    void cordonAndUncordon()
    {
        Fixture f(options(22));
        const auto listing = await(f.driver->listMachines());
        QVERIFY(listing);
        QString node;
        for (const Machine &m : *listing)
            if (m.kind == MachineKind::Node && node.isEmpty())
                node = m.id;
        QVERIFY(!node.isEmpty());
        QStringList features; // of the node, as the watch last reported it
        int nodeEvents = 0;
        MachineWatch::Handlers h;
        h.events = [&](const QList<MachineEvent> &events) {
            for (const MachineEvent &e : events) {
                if (e.machine.id == node) {
                    features = e.machine.features;
                    ++nodeEvents;
                }
            }
        };
        f.driver->startWatch(std::move(h));
        QTRY_VERIFY_WITH_TIMEOUT(f.sim->openWatches() == 2, 10'000);

        QCOMPARE(runJob(f.driver->runAction(MachineAction::Cordon, node, {})), QString());
        const QJsonObject spec = QJsonDocument::fromJson(QByteArray::fromStdString(f.sim->nodeJson(node.toStdString())))
                                     .object()
                                     .value(u"spec")
                                     .toObject();
        QCOMPARE(spec.value(u"unschedulable").toBool(), true);
        QTRY_VERIFY_WITH_TIMEOUT(nodeEvents == 1, 10'000);
        QVERIFY(features.contains(QStringLiteral("cordoned")));

        QCOMPARE(runJob(f.driver->runAction(MachineAction::Uncordon, node, {})), QString());
        const QJsonObject after =
            QJsonDocument::fromJson(QByteArray::fromStdString(f.sim->nodeJson(node.toStdString())))
                .object()
                .value(u"spec")
                .toObject();
        QVERIFY(!after.contains(u"unschedulable"));
        QTRY_VERIFY_WITH_TIMEOUT(nodeEvents == 2, 10'000);
        QVERIFY(!features.contains(QStringLiteral("cordoned")));
        f.driver->stopWatch();

        const auto relisted = await(f.driver->listMachines());
        QVERIFY(relisted);
        for (const Machine &m : *relisted)
            if (m.id == node)
                QVERIFY(!m.features.contains(QStringLiteral("cordoned")));

        QVERIFY(!runJob(f.driver->runAction(MachineAction::Cordon, QStringLiteral("no-such-node"), {})).isEmpty());
        QVERIFY(!runJob(f.driver->runAction(MachineAction::Cordon, f.pod().id, {})).isEmpty()); // not a node
    }

    void logsTailContainerPrevious()
    {
        Fixture f(options(23));
        const PodInfo pod = f.pod();
        const std::string key = pod.id.toStdString();
        const auto read = [&](PodLogOptions o, QString *error) { return readLog(*f.driver, pod.id, o, error); };
        QString error;
        QCOMPARE(read({.container = pod.containers[0],
                       .follow = false,
                       .tailLines = 5,
                       .previous = false,
                       .timestamps = false,
                       .sinceSeconds = 0,
                       .limitBytes = 0},
                      &error),
                 logText(key, pod.containers[0], false, 36, 40));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(read({}, &error), logText(key, pod.containers[0], false, 1, 40)); // the only container
        QCOMPARE(read({.container = {},
                       .follow = false,
                       .tailLines = 0,
                       .previous = false,
                       .timestamps = false,
                       .sinceSeconds = 0,
                       .limitBytes = 0},
                      &error),
                 QString());

        // previous: only for a container that restarted.
        read({.container = pod.containers[0],
              .follow = false,
              .tailLines = -1,
              .previous = true,
              .timestamps = false,
              .sinceSeconds = 0,
              .limitBytes = 0},
             &error);
        if (pod.restarts.value(0) == 0)
            QVERIFY2(error.contains(u"previous terminated container"), qPrintable(error));
        const PodInfo restarted = f.pod(true);
        {
            std::unique_ptr<PodLogStream> logs(f.driver->openLogs(restarted.id,
                                                                  {.container = restarted.containers[0],
                                                                   .follow = false,
                                                                   .tailLines = 3,
                                                                   .previous = true,
                                                                   .timestamps = false,
                                                                   .sinceSeconds = 0,
                                                                   .limitBytes = 0},
                                                                  nullptr));
            QByteArray text;
            QSignalSpy done(logs.get(), &PodLogStream::finished);
            connect(logs.get(), &PodLogStream::dataReceived, logs.get(), [&](const QByteArray &d) { text += d; });
            logs->start();
            QVERIFY(done.wait(20'000));
            QCOMPARE(QString::fromUtf8(text),
                     logText(restarted.id.toStdString(), restarted.containers[0], true, 18, 20));
        }

        // The API's errors: a bad container (400), no such pod (404), several containers and none named.
        error.clear();
        read({.container = QStringLiteral("nope"),
              .follow = false,
              .tailLines = -1,
              .previous = false,
              .timestamps = false,
              .sinceSeconds = 0,
              .limitBytes = 0},
             &error);
        QVERIFY2(error.contains(QStringLiteral("container nope is not valid for pod")), qPrintable(error));
        {
            std::unique_ptr<PodLogStream> logs(
                f.driver->openLogs(QStringLiteral("default/no-such-pod"), PodLogOptions{}, nullptr));
            QSignalSpy failed(logs.get(), &PodLogStream::errorOccurred);
            logs->start();
            QVERIFY(failed.wait(20'000));
            QVERIFY(logs->error());
            QCOMPARE(logs->error()->kind, ErrorKind::NotFound);
            QCOMPARE(logs->error()->httpStatus, 404);
        }
        const PodInfo multi = f.pod(false, 2);
        {
            std::unique_ptr<PodLogStream> logs(f.driver->openLogs(multi.id, PodLogOptions{}, nullptr));
            QSignalSpy failed(logs.get(), &PodLogStream::errorOccurred);
            logs->start();
            QVERIFY(failed.wait(20'000));
            QCOMPARE(logs->error()->httpStatus, 400);
            QVERIFY2(logs->error()->message.contains(u"a container name must be specified"),
                     qPrintable(logs->error()->message));
        }
        {
            std::unique_ptr<PodLogStream> logs(f.driver->openLogs(multi.id,
                                                                  {.container = multi.containers[1],
                                                                   .follow = false,
                                                                   .tailLines = 2,
                                                                   .previous = false,
                                                                   .timestamps = false,
                                                                   .sinceSeconds = 0,
                                                                   .limitBytes = 0},
                                                                  nullptr));
            QByteArray text;
            QSignalSpy done(logs.get(), &PodLogStream::finished);
            connect(logs.get(), &PodLogStream::dataReceived, logs.get(), [&](const QByteArray &d) { text += d; });
            logs->start();
            QVERIFY(done.wait(20'000));
            QCOMPARE(QString::fromUtf8(text), logText(multi.id.toStdString(), multi.containers[1], false, 39, 40));
        }
    }

    // timestamps, sinceSeconds and limitBytes change the answer as the API says: each line after
    // its RFC3339Nano time and a space; only the lines written in the last N seconds; the first N
    // bytes (mid-line) and no more, following or not.
    void logsTimestampsSinceLimit()
    {
        Fixture f(options(27));
        // A pod whose container has run for an hour at least: its 40 lines span some 40 seconds.
        PodInfo pod;
        for (const PodInfo &p : podsOf(*f.sim)) {
            if (!p.scheduled || !p.running || p.containers.size() != 1)
                continue;
            const QJsonObject object =
                QJsonDocument::fromJson(QByteArray::fromStdString(f.sim->podJson(p.id.toStdString()))).object();
            const QString started = object.value(u"status")
                                        .toObject()
                                        .value(u"containerStatuses")
                                        .toArray()
                                        .first()
                                        .toObject()
                                        .value(u"state")
                                        .toObject()
                                        .value(u"running")
                                        .toObject()
                                        .value(u"startedAt")
                                        .toString();
            if (QDateTime::fromString(started, Qt::ISODate).secsTo(QDateTime::currentDateTimeUtc()) > 3600) {
                pod = p;
                break;
            }
        }
        QVERIFY2(!pod.id.isEmpty(), "the simulator has no pod running for an hour");
        const std::string key = pod.id.toStdString();
        const QString container = pod.containers[0];
        QString error;
        const auto read = [&](int tail, bool timestamps, int since, qint64 limit) {
            return readLog(*f.driver, pod.id,
                           {.container = container,
                            .follow = false,
                            .tailLines = tail,
                            .previous = false,
                            .timestamps = timestamps,
                            .sinceSeconds = since,
                            .limitBytes = limit},
                           &error);
        };
        const QString plain = read(-1, false, 0, 0);
        QCOMPARE(plain, logText(key, container, false, 1, 40));

        // timestamps: the same lines, each after its time; in order, none in the future.
        const QString stamped = read(-1, true, 0, 0);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QList<StampedLine> lines = stampedLines(stamped);
        QCOMPARE(lines.size(), 40);
        for (int i = 0; i < 40; ++i) {
            QVERIFY2(lines[i].ns > 0, qPrintable(stamped.split(u'\n').value(i)));
            QCOMPARE(lines[i].text, logText(key, container, false, i + 1, i + 1));
            QVERIFY(i == 0 || lines[i].ns >= lines[i - 1].ns);
        }
        QVERIFY(lines.last().ns <= nowNs());
        QVERIFY2(lines.last().ns - lines.first().ns >= qint64{30} * 1'000'000'000, "the lines span time");
        QCOMPARE(read(-1, true, 0, 0), stamped); // a line's time stays what it was

        // sinceSeconds: a cut through the middle of the log gives the lines written after it.
        const qint64 kSecond = 1'000'000'000;
        const int since = int((nowNs() - lines[20].ns) / kSecond) + 1;
        const qint64 askedAt = nowNs();
        const QString recent = read(-1, true, since, 0);
        const qint64 answeredBy = nowNs() + 1'000'000; // the clock here counts whole milliseconds
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const qsizetype kept = stampedLines(recent).size();
        QVERIFY2(kept > 0 && kept < 40, qPrintable(QString::number(kept)));
        QVERIFY(stamped.endsWith(recent));
        QVERIFY(lines[40 - kept].ns >= askedAt - since * kSecond);                  // the oldest line kept is recent
        QVERIFY(lines[40 - kept - 1].ns < answeredBy - since * kSecond);            // the newest left out is not
        QCOMPARE(read(5, false, since, 0), logText(key, container, false, 36, 40)); // with tailLines: both
        QCOMPARE(read(-1, false, 10 * 365 * 24 * 3600, 0), plain);                  // since long ago: all
        {
            // The apiserver validates it: 0 (or less) is Invalid.
            KubernetesDriver &driver = *f.driver;
            std::unique_ptr<PodLogStream> logs(driver.openLogs(pod.id, {}, nullptr));
            QUrl url = logs->url();
            url.setQuery(QStringLiteral("sinceSeconds=0"));
            QNetworkRequest request(url);
            request.setRawHeader("Authorization", "Bearer " + f.endpoint.token.toUtf8());
            std::unique_ptr<QNetworkReply> reply(f.nam->get(request));
            QSignalSpy done(reply.get(), &QNetworkReply::finished);
            QVERIFY(done.wait(20'000));
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 422);
            QVERIFY(reply->readAll().contains("sinceSeconds: Invalid value: 0: must be greater than 0"));
        }

        // limitBytes: the first N bytes, cut mid-line, timestamps included in the count.
        const QByteArray whole = plain.toUtf8();
        const qint64 limit = whole.indexOf('\n') + 8; // 7 bytes into the second line
        QCOMPARE(read(-1, false, 0, limit).toUtf8(), whole.left(limit));
        QCOMPARE(read(-1, true, 0, limit).toUtf8(), stamped.toUtf8().left(limit));
        QCOMPARE(read(5, false, 0, 10), logText(key, container, false, 36, 40).left(10));
        QCOMPARE(read(-1, false, 0, whole.size() + 100), plain);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        {
            // Following: the stream ends once the limit is sent, here 5 bytes short of line 42.
            const QByteArray expected = logText(key, container, false, 39, 42).toUtf8();
            std::unique_ptr<PodLogStream> logs(f.driver->openLogs(pod.id,
                                                                  {.container = {},
                                                                   .follow = true,
                                                                   .tailLines = 2,
                                                                   .previous = false,
                                                                   .timestamps = false,
                                                                   .sinceSeconds = 0,
                                                                   .limitBytes = expected.size() - 5},
                                                                  nullptr));
            QByteArray text;
            connect(logs.get(), &PodLogStream::dataReceived, logs.get(), [&](const QByteArray &d) { text += d; });
            QSignalSpy finished(logs.get(), &PodLogStream::finished);
            logs->start();
            QVERIFY(finished.wait(20'000));
            QVERIFY(!logs->error());
            QCOMPARE(text, expected.left(expected.size() - 5));
        }
        {
            // Following with timestamps: the lines written now carry the time they were written.
            std::unique_ptr<PodLogStream> logs(f.driver->openLogs(pod.id,
                                                                  {.container = {},
                                                                   .follow = true,
                                                                   .tailLines = 1,
                                                                   .previous = false,
                                                                   .timestamps = true,
                                                                   .sinceSeconds = 0,
                                                                   .limitBytes = 0},
                                                                  nullptr));
            QByteArray text;
            connect(logs.get(), &PodLogStream::dataReceived, logs.get(), [&](const QByteArray &d) { text += d; });
            const qint64 openedAt = nowNs();
            logs->start();
            QTRY_VERIFY_WITH_TIMEOUT(text.count('\n') >= 3, 20'000);
            logs->stop();
            const QList<StampedLine> followed = stampedLines(QString::fromUtf8(text));
            QCOMPARE(followed[0].ns, lines.last().ns);
            QCOMPARE(followed[1].text, logText(key, container, false, 41, 41));
            QVERIFY(followed[1].ns >= openedAt - 1'000'000 && followed[1].ns <= nowNs() + 1'000'000);
            QVERIFY(followed[2].ns > followed[1].ns);
        }
    }

    void logsFollow()
    {
        Fixture f(options(24));
        const PodInfo pod = f.pod();
        std::unique_ptr<PodLogStream> logs(f.driver->openLogs(pod.id,
                                                              {.container = {},
                                                               .follow = true,
                                                               .tailLines = 2,
                                                               .previous = false,
                                                               .timestamps = false,
                                                               .sinceSeconds = 0,
                                                               .limitBytes = 0},
                                                              nullptr));
        QByteArray text;
        connect(logs.get(), &PodLogStream::dataReceived, logs.get(), [&](const QByteArray &d) { text += d; });
        QSignalSpy finished(logs.get(), &PodLogStream::finished);
        logs->start();
        // Lines 39 and 40 at once, then 41, 42, 43 as the container writes them.
        const QString expected = logText(pod.id.toStdString(), pod.containers[0], false, 39, 43);
        QTRY_VERIFY_WITH_TIMEOUT(text.size() >= expected.toUtf8().size(), 20'000);
        QVERIFY(QString::fromUtf8(text).startsWith(expected));
        QVERIFY(logs->isRunning());

        // The pod goes: its stream ends.
        QCOMPARE(runJob(f.driver->deletePod(pod.id, 0)), QString());
        // (it may have ended while the deletion's job was awaited)
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20'000);
        QVERIFY(!logs->error());
    }

    void logsFloodStaysResponsive()
    {
        auto o = options(25);
        o.logFollowIntervalMs = 1;
        o.logLinesPerTick = 4000; // some 300 kB a millisecond, as fast as the loopback takes it
        Fixture f(o);
        const PodInfo pod = f.pod();
        std::unique_ptr<PodLogStream> logs(f.driver->openLogs(pod.id,
                                                              {.container = {},
                                                               .follow = true,
                                                               .tailLines = 0,
                                                               .previous = false,
                                                               .timestamps = false,
                                                               .sinceSeconds = 0,
                                                               .limitBytes = 0},
                                                              nullptr));
        qint64 biggest = 0;
        qint64 lines = 0;
        connect(logs.get(), &PodLogStream::dataReceived, logs.get(), [&](const QByteArray &d) {
            biggest = std::max<qint64>(biggest, d.size());
            lines += d.count('\n');
        });
        // A timer on the same thread: how long the event loop went without serving it.
        QTimer tick;
        QElapsedTimer sinceTick;
        qint64 worstGapMs = 0;
        int ticks = 0;
        connect(&tick, &QTimer::timeout, &tick, [&] {
            if (ticks++ > 0)
                worstGapMs = std::max(worstGapMs, sinceTick.elapsed());
            sinceTick.restart();
        });
        tick.start(5);
        logs->start();
        QTRY_VERIFY_WITH_TIMEOUT(logs->bytesReceived() >= 64 * 1024 * 1024, 120'000);
        tick.stop();
        logs->stop();
        QVERIFY(biggest <= PodLogStream::kChunkBytes);
        QVERIFY(lines > 100'000);
        QVERIFY(ticks > 10);
        // Generous for a loaded machine; an unbounded drain would take seconds here.
        QVERIFY2(worstGapMs < 1000, qPrintable(QString::number(worstGapMs)));
        qInfo("flood: %lld MB, %lld lines, worst event loop gap %lld ms", logs->bytesReceived() >> 20, lines,
              worstGapMs);
    }

    void execCommandAndStatus()
    {
        Fixture f(options(26, true)); // over TLS: wss with the account's CA and token
        const PodInfo pod = f.pod();
        {
            std::unique_ptr<PodExecSession> session(f.driver->openExec(
                pod.id,
                {.container = pod.containers[0],
                 .command = {QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("echo hello-$((6*7))")},
                 .tty = false,
                 .stdinOpen = false,
                 .columns = 0,
                 .rows = 0},
                nullptr));
            ExecRun run;
            run.attach(session.get());
            session->start();
            QTRY_VERIFY_WITH_TIMEOUT(run.finished, 20'000);
            QVERIFY2(run.failures.isEmpty(), qPrintable(run.failures.join(u'\n')));
            QCOMPARE(run.output, QByteArray("hello-42\n"));
            QCOMPARE(run.exitCode, 0);
            QCOMPARE(session->subprotocol(), QStringLiteral("v4.channel.k8s.io"));
        }
        {
            std::unique_ptr<PodExecSession> session(f.driver->openExec(
                pod.id,
                {.container = {},
                 .command = {QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("echo oops >&2; exit 3")},
                 .tty = false,
                 .stdinOpen = false,
                 .columns = 0,
                 .rows = 0},
                nullptr));
            ExecRun run;
            run.attach(session.get());
            session->start();
            QTRY_VERIFY_WITH_TIMEOUT(run.finished, 20'000);
            QCOMPARE(run.exitCode, 3);
            QCOMPARE(run.errors, QByteArray("oops\n"));
            QVERIFY2(run.message.contains(u"exit code 3"), qPrintable(run.message));
        }
        {
            // stdin round trip without a terminal: head reads one line and ends.
            std::unique_ptr<PodExecSession> session(
                f.driver->openExec(pod.id,
                                   {.container = {},
                                    .command = {QStringLiteral("head"), QStringLiteral("-n1")},
                                    .tty = false,
                                    .stdinOpen = true,
                                    .columns = 0,
                                    .rows = 0},
                                   nullptr));
            ExecRun run;
            run.attach(session.get());
            session->sendData("typed before it opened\n"); // kept until the session opens
            session->start();
            QTRY_VERIFY_WITH_TIMEOUT(run.finished, 20'000);
            QCOMPARE(run.output, QByteArray("typed before it opened\n"));
            QCOMPARE(run.exitCode, 0);
        }
        {
            // A container the pod does not have: the upgrade is refused.
            std::unique_ptr<PodExecSession> session(f.driver->openExec(pod.id,
                                                                       {.container = QStringLiteral("nope"),
                                                                        .command = {QStringLiteral("true")},
                                                                        .tty = false,
                                                                        .stdinOpen = false,
                                                                        .columns = 0,
                                                                        .rows = 0},
                                                                       nullptr));
            ExecRun run;
            run.attach(session.get());
            session->start();
            QTRY_VERIFY_WITH_TIMEOUT(run.finished, 20'000);
            QCOMPARE(run.exitCode, -1);
            QVERIFY(!run.failures.isEmpty());
            QVERIFY2(run.failures.first().contains(u"container nope is not valid for pod"),
                     qPrintable(run.failures.first()));
        }
    }

    void clientCertificateInsteadOfToken()
    {
        // Logs and exec authenticate like every request of the account: here by a client certificate.
        Fixture f(options(28, true));
        AccountEndpoint ep = f.endpoint;
        ep.token.clear();
        ep.clientCertificate = QSslCertificate(QByteArray::fromStdString(f.sim->clientCertificatePem()));
        ep.clientKey = QSslKey(QByteArray::fromStdString(f.sim->clientKeyPem()), QSsl::Ec);
        if (ep.clientKey.isNull())
            ep.clientKey = QSslKey(QByteArray::fromStdString(f.sim->clientKeyPem()), QSsl::Rsa);
        QVERIFY(!ep.clientCertificate.isNull() && !ep.clientKey.isNull());
        const PodInfo pod = f.pod();
        PodExecSession session(ep, pod.id,
                               {.container = {},
                                .command = {QStringLiteral("echo"), QStringLiteral("by-certificate")},
                                .tty = false,
                                .stdinOpen = false,
                                .columns = 0,
                                .rows = 0},
                               f.nam.get());
        ExecRun run;
        run.attach(&session);
        session.start();
        QTRY_VERIFY_WITH_TIMEOUT(run.finished, 20'000);
        QVERIFY2(run.failures.isEmpty(), qPrintable(run.failures.join(u'\n')));
        QCOMPARE(run.output, QByteArray("by-certificate\n"));

        PodLogStream logs(ep, f.nam.get(), pod.id,
                          {.container = {},
                           .follow = false,
                           .tailLines = 1,
                           .previous = false,
                           .timestamps = false,
                           .sinceSeconds = 0,
                           .limitBytes = 0});
        QByteArray text;
        connect(&logs, &PodLogStream::dataReceived, &logs, [&](const QByteArray &d) { text += d; });
        QSignalSpy done(&logs, &PodLogStream::finished);
        logs.start();
        QVERIFY(done.wait(20'000));
        QCOMPARE(QString::fromUtf8(text), logText(pod.id.toStdString(), pod.containers[0], false, 40, 40));

        // Without any credential the API says 401, and the session says so.
        ep.clientCertificate = QSslCertificate();
        ep.clientKey = QSslKey();
        PodExecSession refused(ep, pod.id,
                               {.container = {},
                                .command = {QStringLiteral("true")},
                                .tty = false,
                                .stdinOpen = false,
                                .columns = 0,
                                .rows = 0},
                               f.nam.get());
        ExecRun none;
        none.attach(&refused);
        refused.start();
        QTRY_VERIFY_WITH_TIMEOUT(none.finished, 20'000);
        QCOMPARE(none.exitCode, -1);
        QVERIFY2(!none.failures.isEmpty() && none.failures.first().contains(u"Unauthorized"),
                 qPrintable(none.failures.join(u'\n')));
    }

    void execTerminalResize()
    {
        Fixture f(options(27));
        const PodInfo pod = f.pod();
        std::unique_ptr<PodExecSession> session(f.driver->openExec(pod.id,
                                                                   {.container = {},
                                                                    .command = {QStringLiteral("sh")},
                                                                    .tty = true,
                                                                    .stdinOpen = true,
                                                                    .columns = 90,
                                                                    .rows = 20},
                                                                   nullptr));
        ExecRun run;
        run.attach(session.get());
        QSignalSpy opened(session.get(), &PodExecSession::opened);
        session->start();
        QVERIFY(opened.wait(20'000));
        // The size given at the start is applied before anything typed.
        session->sendData("stty size; echo mark-$((1+1))\n");
        QTRY_VERIFY_WITH_TIMEOUT(run.output.contains("mark-2"), 20'000);
        QVERIFY2(run.output.contains("20 90"), run.output.constData());
        session->resize(132, 43);
        session->sendData("stty size; echo mark-$((2+2))\n");
        QTRY_VERIFY_WITH_TIMEOUT(run.output.contains("mark-4"), 20'000);
        QVERIFY2(run.output.contains("43 132"), run.output.constData());
        session->sendData("exit 7\n");
        QTRY_VERIFY_WITH_TIMEOUT(run.finished, 20'000);
        QCOMPARE(run.exitCode, 7);
        QTRY_COMPARE_WITH_TIMEOUT(f.sim->openExecSessions(), std::size_t(0), 10'000);

        // Closing from our side hangs the command up.
        std::unique_ptr<PodExecSession> second(f.driver->openExec(pod.id,
                                                                  {.container = {},
                                                                   .command = {QStringLiteral("sh")},
                                                                   .tty = true,
                                                                   .stdinOpen = true,
                                                                   .columns = 0,
                                                                   .rows = 0},
                                                                  nullptr));
        QSignalSpy secondOpened(second.get(), &PodExecSession::opened);
        QSignalSpy secondFinished(second.get(), &PodExecSession::finished);
        second->start();
        QVERIFY(secondOpened.wait(20'000));
        QTRY_COMPARE_WITH_TIMEOUT(f.sim->openExecSessions(), std::size_t(1), 10'000);
        second->close();
        QVERIFY(secondFinished.count() == 1 || secondFinished.wait(20'000));
        QTRY_COMPARE_WITH_TIMEOUT(f.sim->openExecSessions(), std::size_t(0), 10'000);
    }
};

QTEST_GUILESS_MAIN(TestKubernetesActions)
#include "tst_kubernetesactions.moc"
