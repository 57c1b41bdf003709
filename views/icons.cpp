#include "icons.h"

#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

#include <functional>

namespace nephele::views::icons {

namespace {

using Draw = std::function<void(QPainter &, qreal)>;

const QColor kInk(0x3b, 0x44, 0x51);

QIcon paint(const Draw &draw)
{
    QIcon icon;
    for (int size : {16, 22, 24, 32, 48, 64}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        draw(p, size);
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

QPen pen(const QColor &color, qreal s)
{
    QPen pen(color, std::max(1.5, s / 11.0));
    pen.setCapStyle(Qt::RoundCap);
    pen.setJoinStyle(Qt::RoundJoin);
    return pen;
}

} // namespace

QIcon start()
{
    static const QIcon icon = paint([](QPainter &p, qreal s) {
        QPainterPath path;
        path.moveTo(s * 0.30, s * 0.20);
        path.lineTo(s * 0.80, s * 0.50);
        path.lineTo(s * 0.30, s * 0.80);
        path.closeSubpath();
        p.setPen(pen(QColor(0x1e, 0x8e, 0x3e), s));
        p.setBrush(QColor(0x34, 0xa8, 0x53));
        p.drawPath(path);
    });
    return icon;
}

QIcon stop()
{
    static const QIcon icon = paint([](QPainter &p, qreal s) {
        p.setPen(pen(QColor(0xb0, 0x3a, 0x2e), s));
        p.setBrush(QColor(0xd9, 0x4f, 0x3d));
        p.drawRoundedRect(QRectF(s * 0.24, s * 0.24, s * 0.52, s * 0.52), s * 0.06, s * 0.06);
    });
    return icon;
}

QIcon reboot()
{
    static const QIcon icon = paint([](QPainter &p, qreal s) {
        p.setPen(pen(QColor(0x1a, 0x73, 0xe8), s));
        const QRectF r(s * 0.2, s * 0.2, s * 0.6, s * 0.6);
        p.drawArc(r, 60 * 16, 280 * 16);
        // Arrow head at the arc's start (60 degrees).
        const QPointF tip(s * 0.5 + s * 0.3 * 0.5, s * 0.5 - s * 0.3 * 0.866);
        QPainterPath head;
        head.moveTo(tip + QPointF(s * 0.14, -s * 0.02));
        head.lineTo(tip);
        head.lineTo(tip + QPointF(s * 0.04, s * 0.14));
        p.drawPath(head);
    });
    return icon;
}

QIcon destroy()
{
    static const QIcon icon = paint([](QPainter &p, qreal s) {
        p.setPen(pen(QColor(0xb0, 0x3a, 0x2e), s));
        p.setBrush(Qt::NoBrush);
        p.drawLine(QPointF(s * 0.2, s * 0.28), QPointF(s * 0.8, s * 0.28));
        p.drawLine(QPointF(s * 0.4, s * 0.28), QPointF(s * 0.42, s * 0.18));
        p.drawLine(QPointF(s * 0.42, s * 0.18), QPointF(s * 0.58, s * 0.18));
        p.drawLine(QPointF(s * 0.58, s * 0.18), QPointF(s * 0.6, s * 0.28));
        QPainterPath bin;
        bin.moveTo(s * 0.27, s * 0.34);
        bin.lineTo(s * 0.32, s * 0.84);
        bin.lineTo(s * 0.68, s * 0.84);
        bin.lineTo(s * 0.73, s * 0.34);
        p.drawPath(bin);
        p.drawLine(QPointF(s * 0.44, s * 0.44), QPointF(s * 0.45, s * 0.74));
        p.drawLine(QPointF(s * 0.56, s * 0.44), QPointF(s * 0.55, s * 0.74));
    });
    return icon;
}

QIcon refresh()
{
    static const QIcon icon = paint([](QPainter &p, qreal s) {
        p.setPen(pen(kInk, s));
        const QRectF r(s * 0.2, s * 0.2, s * 0.6, s * 0.6);
        p.drawArc(r, 100 * 16, 250 * 16);
        const QPointF tip(s * 0.5 + s * 0.3 * 0.94, s * 0.5 - s * 0.3 * 0.34);
        QPainterPath head;
        head.moveTo(tip + QPointF(-s * 0.13, -s * 0.03));
        head.lineTo(tip);
        head.lineTo(tip + QPointF(s * 0.03, -s * 0.14));
        p.drawPath(head);
    });
    return icon;
}

QIcon addAccount()
{
    static const QIcon icon = paint([](QPainter &p, qreal s) {
        // A cloud with a plus.
        QPainterPath cloud;
        cloud.addEllipse(QRectF(s * 0.12, s * 0.38, s * 0.36, s * 0.32));
        cloud.addEllipse(QRectF(s * 0.30, s * 0.22, s * 0.40, s * 0.40));
        cloud.addEllipse(QRectF(s * 0.52, s * 0.38, s * 0.34, s * 0.32));
        cloud.addRect(QRectF(s * 0.28, s * 0.5, s * 0.42, s * 0.2));
        cloud.setFillRule(Qt::WindingFill);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x1a, 0x73, 0xe8));
        p.drawPath(cloud.simplified());
        p.setPen(pen(Qt::white, s));
        p.drawLine(QPointF(s * 0.5, s * 0.38), QPointF(s * 0.5, s * 0.62));
        p.drawLine(QPointF(s * 0.38, s * 0.5), QPointF(s * 0.62, s * 0.5));
    });
    return icon;
}

QIcon search()
{
    static const QIcon icon = paint([](QPainter &p, qreal s) {
        p.setPen(pen(QColor(0x6b, 0x72, 0x80), s));
        p.drawEllipse(QRectF(s * 0.2, s * 0.2, s * 0.42, s * 0.42));
        p.drawLine(QPointF(s * 0.56, s * 0.56), QPointF(s * 0.8, s * 0.8));
    });
    return icon;
}

QIcon app()
{
    static const QIcon icon = [] {
        QIcon result = paint([](QPainter &p, qreal s) {
            QLinearGradient g(0, 0, 0, s);
            g.setColorAt(0, QColor(0x3b, 0x82, 0xf6));
            g.setColorAt(1, QColor(0x1d, 0x4e, 0xd8));
            p.setPen(Qt::NoPen);
            p.setBrush(g);
            p.drawRoundedRect(QRectF(s * 0.04, s * 0.04, s * 0.92, s * 0.92), s * 0.2, s * 0.2);
            QPainterPath cloud;
            cloud.addEllipse(QRectF(s * 0.16, s * 0.42, s * 0.32, s * 0.28));
            cloud.addEllipse(QRectF(s * 0.32, s * 0.26, s * 0.38, s * 0.38));
            cloud.addEllipse(QRectF(s * 0.54, s * 0.42, s * 0.30, s * 0.28));
            cloud.addRect(QRectF(s * 0.3, s * 0.54, s * 0.4, s * 0.16));
            cloud.setFillRule(Qt::WindingFill);
            p.setBrush(Qt::white);
            p.drawPath(cloud.simplified());
        });
        for (int size : {128, 256}) {
            // Larger sizes come from the same drawing.
            QPixmap pixmap = result.pixmap(64).scaled(size, size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
            result.addPixmap(pixmap);
        }
        return result;
    }();
    return icon;
}

QColor stateColor(drivers::MachineState state)
{
    using S = drivers::MachineState;
    switch (state) {
    case S::Running: return QColor(0x22, 0xa0, 0x55);
    case S::Starting:
    case S::Rebooting:
    case S::Pending: return QColor(0xe0, 0x9b, 0x12);
    case S::Stopping: return QColor(0xe0, 0x7b, 0x12);
    case S::Stopped:
    case S::Suspended:
    case S::Paused: return QColor(0x8a, 0x93, 0xa0);
    case S::Terminated: return QColor(0x4b, 0x55, 0x63);
    case S::Error: return QColor(0xd9, 0x3b, 0x30);
    case S::Unknown: return QColor(0xb8, 0xbe, 0xc6);
    }
    return Qt::gray;
}

QColor accountStatusColor(models::AccountStatus status)
{
    switch (status) {
    case models::AccountStatus::Idle: return QColor(0xb8, 0xbe, 0xc6);
    case models::AccountStatus::Syncing: return QColor(0x1a, 0x73, 0xe8);
    case models::AccountStatus::Ok: return QColor(0x22, 0xa0, 0x55);
    case models::AccountStatus::Error: return QColor(0xd9, 0x3b, 0x30);
    }
    return Qt::gray;
}

QIcon dot(const QColor &color)
{
    static QHash<QRgb, QIcon> cache;
    auto it = cache.constFind(color.rgba());
    if (it != cache.constEnd())
        return *it;
    QIcon icon;
    for (int size : {16, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(color.darker(120));
        p.setBrush(color);
        const qreal d = size * 0.5;
        p.drawEllipse(QRectF((size - d) / 2, (size - d) / 2, d, d));
        p.end();
        icon.addPixmap(pixmap);
    }
    cache.insert(color.rgba(), icon);
    return icon;
}

} // namespace nephele::views::icons
