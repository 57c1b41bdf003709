#include "icons.h"

#include <QCoreApplication>
#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

#include <cmath>
#include <functional>
#include <numbers>

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

QColor accountStatusColor(models::AccountStatus status, bool disabled)
{
    return disabled ? QColor(0x9a, 0xa0, 0xa8) : accountStatusColor(status);
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

QIcon ring(const QColor &color)
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
        p.setPen(QPen(color, size / 10.0));
        p.setBrush(Qt::NoBrush);
        const qreal d = size * 0.46;
        p.drawEllipse(QRectF((size - d) / 2, (size - d) / 2, d, d));
        p.end();
        icon.addPixmap(pixmap);
    }
    cache.insert(color.rgba(), icon);
    return icon;
}

// ---- provider logos ----------------------------------------------------------------------------

namespace {

QIcon cloudLogo(const QColor &color)
{
    return paint([color](QPainter &p, qreal s) {
        QPainterPath cloud;
        cloud.addEllipse(QRectF(s * 0.08, s * 0.40, s * 0.38, s * 0.34));
        cloud.addEllipse(QRectF(s * 0.28, s * 0.22, s * 0.44, s * 0.44));
        cloud.addEllipse(QRectF(s * 0.54, s * 0.40, s * 0.38, s * 0.34));
        cloud.addRect(QRectF(s * 0.26, s * 0.52, s * 0.48, s * 0.22));
        cloud.setFillRule(Qt::WindingFill);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawPath(cloud.simplified());
    });
}

QIcon digitalOceanLogo()
{
    // An open ring that ends in stepped squares, in DigitalOcean blue.
    return paint([](QPainter &p, qreal s) {
        const QColor blue(0x00, 0x69, 0xff);
        QPen ring(blue, s * 0.17);
        ring.setCapStyle(Qt::FlatCap);
        p.setPen(ring);
        p.setBrush(Qt::NoBrush);
        const QRectF r(s * 0.30, s * 0.10, s * 0.58, s * 0.58);
        p.drawArc(r, -90 * 16, 270 * 16); // from six o'clock round to nine o'clock
        p.setPen(Qt::NoPen);
        p.setBrush(blue);
        const qreal bottom = r.bottom() + s * 0.085; // the ring's outer edge at six o'clock
        p.drawRect(QRectF(s * 0.42, bottom - s * 0.17, s * 0.17, s * 0.17));
        p.drawRect(QRectF(s * 0.29, bottom, s * 0.13, s * 0.13));
        p.drawRect(QRectF(s * 0.19, bottom - s * 0.10, s * 0.10, s * 0.10));
    });
}

QIcon hetznerLogo()
{
    return paint([](QPainter &p, qreal s) {
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xd5, 0x0c, 0x2d));
        p.drawRoundedRect(QRectF(s * 0.08, s * 0.08, s * 0.84, s * 0.84), s * 0.16, s * 0.16);
        QPen white(Qt::white, s * 0.13);
        white.setCapStyle(Qt::FlatCap);
        p.setPen(white);
        p.drawLine(QPointF(s * 0.34, s * 0.26), QPointF(s * 0.34, s * 0.74));
        p.drawLine(QPointF(s * 0.66, s * 0.26), QPointF(s * 0.66, s * 0.74));
        p.drawLine(QPointF(s * 0.34, s * 0.50), QPointF(s * 0.66, s * 0.50));
    });
}

QIcon kubernetesLogo()
{
    // A blue heptagon with a white seven-spoked wheel.
    return paint([](QPainter &p, qreal s) {
        const QPointF c(s * 0.5, s * 0.52);
        QPolygonF heptagon;
        for (int i = 0; i < 7; ++i) {
            const qreal a = -std::numbers::pi / 2 + i * 2 * std::numbers::pi / 7;
            heptagon << c + QPointF(std::cos(a), std::sin(a)) * s * 0.46;
        }
        QPen edge(QColor(0x32, 0x6c, 0xe5), s * 0.06);
        edge.setJoinStyle(Qt::RoundJoin);
        p.setPen(edge);
        p.setBrush(QColor(0x32, 0x6c, 0xe5));
        p.drawPolygon(heptagon);
        QPen white(Qt::white, std::max(1.2, s * 0.07));
        white.setCapStyle(Qt::RoundCap);
        p.setPen(white);
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(c, s * 0.2, s * 0.2);
        for (int i = 0; i < 7; ++i) {
            const qreal a = -std::numbers::pi / 2 + i * 2 * std::numbers::pi / 7;
            const QPointF dir(std::cos(a), std::sin(a));
            p.drawLine(c + dir * s * 0.07, c + dir * s * 0.31);
        }
    });
}

QIcon openStackLogo()
{
    // A red rounded square whose sides are cut in the middle.
    return paint([](QPainter &p, qreal s) {
        QPen red(QColor(0xda, 0x1a, 0x32), s * 0.15);
        red.setJoinStyle(Qt::RoundJoin);
        p.setPen(red);
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(QRectF(s * 0.16, s * 0.16, s * 0.68, s * 0.68), s * 0.12, s * 0.12);
        p.setCompositionMode(QPainter::CompositionMode_Clear);
        p.fillRect(QRectF(0, s * 0.42, s, s * 0.16), Qt::transparent);
        p.setCompositionMode(QPainter::CompositionMode_SourceOver);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xda, 0x1a, 0x32));
        p.drawRect(QRectF(s * 0.36, s * 0.45, s * 0.28, s * 0.10));
    });
}

QIcon awsLogo()
{
    // A dark square with an orange smile-arrow (and the letters when there is room).
    return paint([](QPainter &p, qreal s) {
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x23, 0x2f, 0x3e));
        p.drawRoundedRect(QRectF(s * 0.04, s * 0.04, s * 0.92, s * 0.92), s * 0.16, s * 0.16);
        if (s >= 32) {
            QFont font;
            font.setPixelSize(int(s * 0.34));
            font.setBold(true);
            p.setFont(font);
            p.setPen(Qt::white);
            p.drawText(QRectF(0, s * 0.14, s, s * 0.42), Qt::AlignCenter, QStringLiteral("aws"));
        }
        QPen orange(QColor(0xff, 0x99, 0x00), std::max(1.6, s * 0.08));
        orange.setCapStyle(Qt::RoundCap);
        orange.setJoinStyle(Qt::RoundJoin);
        p.setPen(orange);
        p.setBrush(Qt::NoBrush);
        const qreal top = s >= 32 ? s * 0.52 : s * 0.34;
        QPainterPath smile;
        smile.moveTo(s * 0.18, top + s * 0.06);
        smile.quadTo(s * 0.5, top + s * 0.34, s * 0.80, top + s * 0.08);
        p.drawPath(smile);
        QPainterPath head;
        head.moveTo(s * 0.66, top + s * 0.04);
        head.lineTo(s * 0.82, top + s * 0.06);
        head.lineTo(s * 0.78, top + s * 0.22);
        p.drawPath(head);
    });
}

QIcon sshLogo()
{
    // A terminal: a dark screen with a prompt.
    return paint([](QPainter &p, qreal s) {
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x37, 0x41, 0x51));
        p.drawRoundedRect(QRectF(s * 0.06, s * 0.14, s * 0.88, s * 0.72), s * 0.10, s * 0.10);
        QPen green(QColor(0x4a, 0xde, 0x80), std::max(1.5, s / 11.0));
        green.setCapStyle(Qt::RoundCap);
        green.setJoinStyle(Qt::RoundJoin);
        p.setPen(green);
        QPainterPath chevron;
        chevron.moveTo(s * 0.22, s * 0.34);
        chevron.lineTo(s * 0.40, s * 0.50);
        chevron.lineTo(s * 0.22, s * 0.66);
        p.drawPath(chevron);
        p.setPen(QPen(Qt::white, std::max(1.5, s / 11.0), Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(s * 0.50, s * 0.66), QPointF(s * 0.74, s * 0.66));
    });
}

} // namespace

QIcon providerLogo(const QString &provider)
{
    static QHash<QString, QIcon> cache;
    if (auto it = cache.constFind(provider); it != cache.constEnd())
        return *it;
    QIcon icon;
    if (provider == u"digitalocean")
        icon = digitalOceanLogo();
    else if (provider == u"hetzner")
        icon = hetznerLogo();
    else if (provider == u"kubernetes")
        icon = kubernetesLogo();
    else if (provider == u"openstack")
        icon = openStackLogo();
    else if (provider == u"aws")
        icon = awsLogo();
    else if (provider == u"ssh")
        icon = sshLogo();
    else
        icon = cloudLogo(QColor(0x8a, 0x93, 0xa0));
    cache.insert(provider, icon);
    return icon;
}

QString providerName(const QString &provider)
{
    if (provider == u"digitalocean")
        return QStringLiteral("DigitalOcean");
    if (provider == u"hetzner")
        return QStringLiteral("Hetzner Cloud");
    if (provider == u"kubernetes")
        return QStringLiteral("Kubernetes");
    if (provider == u"openstack")
        return QStringLiteral("OpenStack");
    if (provider == u"aws")
        return QStringLiteral("Amazon Web Services");
    if (provider == u"ssh")
        return QCoreApplication::translate("nephele::views::icons", "SSH server");
    return provider;
}

} // namespace nephele::views::icons
