#include "sshchannel.h"

#include "sshsession.h"
#include "sshworker.h"

namespace nephele::ssh {

using detail::SshWorker;

SshChannel::SshChannel(SshSession *session, quint64 id, std::shared_ptr<detail::ChannelFlow> flow)
    : QObject(session)
    , m_session(session)
    , m_flow(std::move(flow))
    , m_id(id)
{}

SshChannel::~SshChannel()
{
    if (m_session && !m_closed)
        m_session->forgetChannel(m_id);
}

void SshChannel::write(const QByteArray &data)
{
    if (m_session && !m_closed && !data.isEmpty())
        m_session->post([id = m_id, data](SshWorker &w) { w.writeChannel(id, data); });
}

void SshChannel::sendEof()
{
    if (m_session && !m_closed)
        m_session->post([id = m_id](SshWorker &w) { w.sendChannelEof(id); });
}

void SshChannel::resizePty(int columns, int rows)
{
    if (m_session && !m_closed)
        m_session->post([id = m_id, columns, rows](SshWorker &w) { w.resizeChannel(id, columns, rows); });
}

void SshChannel::close()
{
    if (m_session && !m_closed)
        m_session->post([id = m_id](SshWorker &w) { w.closeChannel(id); });
}

void SshChannel::sendSignal(const QString &name)
{
    if (m_session && !m_closed && !name.isEmpty())
        m_session->post([id = m_id, signal = name.toLatin1()](SshWorker &w) { w.signalChannel(id, signal); });
}

void SshChannel::setReadAheadLimit(qint64 bytes)
{
    m_flow->highWater.store(std::max<qint64>(bytes, detail::kChunkBytes));
    // A paused worker may read again under the new limit.
    if (m_session && !m_closed && m_flow->paused.exchange(false))
        m_session->post([](SshWorker &) {});
}

} // namespace nephele::ssh
