#include "watchreader.h"

#include "kubernetesparse.h"

#include <QNetworkAccessManager>

namespace nephele::drivers::kubernetes {

namespace {

void appendEvents(QList<MachineEvent> &out, WatchEvent &&event)
{
    const auto type = event.type == WatchEvent::Type::Deleted ? MachineEvent::Type::Delete : MachineEvent::Type::Upsert;
    for (Machine &m : event.machines)
        out.append(MachineEvent{type, std::move(m)});
}

} // namespace

ParsedChunk parseWatchLines(QByteArrayView lines, bool pods)
{
    ParsedChunk out;
    qsizetype start = 0;
    for (qsizetype nl = lines.indexOf('\n'); nl >= 0; nl = lines.indexOf('\n', start)) {
        const QByteArrayView line = lines.sliced(start, nl - start);
        start = nl + 1;
        if (line.trimmed().isEmpty())
            continue;
        Result<WatchEvent> event = parseWatchEvent(line, pods);
        if (!event) {
            out.broken = event.error();
            break;
        }
        if (event->type == WatchEvent::Type::Error) {
            if (event->errorCode == 410)
                out.relist = true;
            else
                out.broken = Error{ErrorKind::Server, event->errorMessage, {}, {}, {}, event->errorCode};
            break;
        }
        if (!event->resourceVersion.isEmpty())
            out.resourceVersion = event->resourceVersion;
        if (event->type != WatchEvent::Type::Bookmark)
            appendEvents(out.events, std::move(*event));
    }
    return out;
}

WatchReader::WatchReader(const QNetworkProxy &proxy)
    : m_proxy(proxy)
{
    qRegisterMetaType<std::shared_ptr<ParsedChunk>>();
    qRegisterMetaType<WatchEnd>();
}

WatchReader::~WatchReader()
{
    for (int i = 0; i < kStreams; ++i)
        close(i);
}

void WatchReader::open(int stream, int generation, const QNetworkRequest &request, bool pods)
{
    close(stream);
    if (!m_network) {
        m_network = new QNetworkAccessManager(this);
        if (m_proxy.type() != QNetworkProxy::DefaultProxy)
            m_network->setProxy(m_proxy);
    }
    Connection &c = m_connections[stream];
    c.generation = generation;
    c.pods = pods;
    c.stopped = false;
    QNetworkReply *reply = m_network->get(request);
    c.reply = reply;
    connect(reply, &QNetworkReply::readyRead, this, [this, stream, reply] {
        if (m_connections[stream].reply == reply)
            onData(stream);
    });
    connect(reply, &QNetworkReply::finished, this, [this, stream, reply] {
        reply->deleteLater();
        if (m_connections[stream].reply == reply)
            onFinished(stream);
    });
}

void WatchReader::close(int stream)
{
    Connection &c = m_connections[stream];
    QNetworkReply *reply = c.reply;
    c.reply = nullptr; // first, so the abort's finished() is not reported
    c.partial.clear();
    if (reply) {
        reply->abort();
        reply->deleteLater();
    }
}

void WatchReader::onData(int stream)
{
    Connection &c = m_connections[stream];
    QNetworkReply *reply = c.reply;
    if (c.stopped || reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
        return; // an error answer is read whole when it ends
    QByteArray data = reply->readAll();
    const qsizetype end = data.lastIndexOf('\n');
    if (end < 0) {
        c.partial.append(data);
        return;
    }
    // The line split across reads, whole, then the others in place.
    ParsedChunk chunk;
    qsizetype from = 0;
    if (!c.partial.isEmpty()) {
        const qsizetype first = data.indexOf('\n');
        c.partial.append(QByteArrayView(data).first(first + 1));
        chunk = parseWatchLines(c.partial, c.pods);
        from = first + 1;
    }
    if (!chunk.relist && !chunk.broken && from <= end) {
        ParsedChunk rest = parseWatchLines(QByteArrayView(data).sliced(from, end + 1 - from), c.pods);
        chunk.events.append(std::move(rest.events));
        if (!rest.resourceVersion.isEmpty())
            chunk.resourceVersion = rest.resourceVersion;
        chunk.relist = rest.relist;
        chunk.broken = std::move(rest.broken);
    }
    c.partial = data.sliced(end + 1);
    c.stopped = chunk.relist || chunk.broken.has_value();
    Q_EMIT parsed(stream, c.generation, std::make_shared<ParsedChunk>(std::move(chunk)));
}

void WatchReader::onFinished(int stream)
{
    Connection &c = m_connections[stream];
    QNetworkReply *reply = c.reply;
    c.reply = nullptr;
    c.partial.clear();
    WatchEnd end;
    end.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (end.status != 0 && end.status != 200)
        end.body = reply->readAll();
    end.error = reply->error();
    end.errorString = reply->errorString();
    Q_EMIT ended(stream, c.generation, std::move(end));
}

} // namespace nephele::drivers::kubernetes
