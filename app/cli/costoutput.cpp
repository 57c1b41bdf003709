#include "costoutput.h"

#include "cost/costformat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace nephele::cli {

namespace {

struct Line {
    QString accountId;
    QString account;
    QString provider;
    QString currency;
    double monthly = 0;
    double hourly = 0;
    int machines = 0;
    int unpriced = 0;
};

struct Total {
    QString currency;
    double monthly = 0;
    double hourly = 0;
    int machines = 0;
};

} // namespace

QByteArray formatCostSummary(const QList<CostAccount> &accounts, const QList<ListedMachine> &machines,
                             OutputFormat format)
{
    // One line per account and currency, in the accounts' order.
    QList<Line> lines;
    auto lineFor = [&](const CostAccount &account, const QString &currency) -> Line & {
        for (Line &line : lines) {
            if (line.accountId == account.id && line.currency == currency)
                return line;
        }
        lines.append(Line{account.id, account.name, account.provider, currency});
        return lines.last();
    };
    QList<Total> totals;
    auto totalFor = [&](const QString &currency) -> Total & {
        for (Total &t : totals) {
            if (t.currency == currency)
                return t;
        }
        totals.append(Total{currency});
        return totals.last();
    };
    for (const CostAccount &account : accounts) {
        int unpriced = 0;
        bool any = false;
        for (const ListedMachine &item : machines) {
            if (item.accountId != account.id)
                continue;
            if (!item.cost.known()) {
                if (models::cost::isBilledOnItsOwn(item.machine->kind))
                    ++unpriced;
                continue;
            }
            any = true;
            Line &line = lineFor(account, item.cost.currency);
            line.monthly += item.cost.monthly;
            line.hourly += item.cost.hourly;
            ++line.machines;
            Total &total = totalFor(item.cost.currency);
            total.monthly += item.cost.monthly;
            total.hourly += item.cost.hourly;
            ++total.machines;
        }
        if (!any)
            lineFor(account, account.currency);
        // Machines without a price count on the account's first line.
        for (Line &line : lines) {
            if (line.accountId == account.id) {
                line.unpriced = unpriced;
                break;
            }
        }
    }
    if (totals.isEmpty())
        totals.append(Total{accounts.isEmpty() ? QStringLiteral("USD") : accounts.first().currency});

    if (format == OutputFormat::Json) {
        auto totalJson = [](const Total &t) {
            return QJsonObject{{QStringLiteral("monthly"), t.monthly},
                               {QStringLiteral("hourly"), t.hourly},
                               {QStringLiteral("currency"), t.currency}};
        };
        QJsonObject root;
        if (totals.size() == 1) {
            root.insert(QStringLiteral("total"), totalJson(totals.first()));
        } else {
            root.insert(QStringLiteral("total"), QJsonValue::Null);
            QJsonArray all;
            for (const Total &t : std::as_const(totals))
                all.append(totalJson(t));
            root.insert(QStringLiteral("totals"), all);
        }
        QJsonArray byAccount;
        for (const Line &line : std::as_const(lines)) {
            byAccount.append(QJsonObject{{QStringLiteral("account"), line.account},
                                         {QStringLiteral("account_id"), line.accountId},
                                         {QStringLiteral("provider"), line.provider},
                                         {QStringLiteral("monthly"), line.monthly},
                                         {QStringLiteral("hourly"), line.hourly},
                                         {QStringLiteral("currency"), line.currency},
                                         {QStringLiteral("machines"), line.machines},
                                         {QStringLiteral("unpriced"), line.unpriced}});
        }
        root.insert(QStringLiteral("by_account"), byAccount);
        return QJsonDocument(root).toJson(QJsonDocument::Indented);
    }

    // Table (and CSV, which the command does not offer, falls back to it).
    QList<QStringList> rows;
    rows.append({QStringLiteral("ACCOUNT"), QStringLiteral("PROVIDER"), QStringLiteral("MACHINES"),
                 QStringLiteral("MONTHLY"), QStringLiteral("HOURLY"), QStringLiteral("NOTE")});
    for (const Line &line : std::as_const(lines)) {
        rows.append({line.account, line.provider, QString::number(line.machines),
                     models::cost::formatMoney(line.monthly, line.currency),
                     models::cost::formatHourly(line.hourly, line.currency),
                     line.unpriced ? QStringLiteral("%1 without a price").arg(line.unpriced) : QString()});
    }
    for (const Total &t : std::as_const(totals)) {
        rows.append({totals.size() == 1 ? QStringLiteral("TOTAL") : QStringLiteral("TOTAL %1").arg(t.currency),
                     QString(), QString::number(t.machines), models::cost::formatMoney(t.monthly, t.currency),
                     models::cost::formatHourly(t.hourly, t.currency), QString()});
    }
    QList<qsizetype> widths(rows.front().size(), 0);
    for (const QStringList &row : std::as_const(rows))
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());
    QString out;
    for (const QStringList &row : std::as_const(rows)) {
        QString text;
        for (qsizetype i = 0; i < row.size(); ++i) {
            const bool numeric = i >= 2 && i <= 4;
            text += numeric ? row[i].rightJustified(widths[i]) : row[i].leftJustified(widths[i]);
            if (i + 1 < row.size())
                text += QStringLiteral("  ");
        }
        out += text.trimmed() + u'\n';
    }
    return out.toUtf8();
}

} // namespace nephele::cli
