#include "inventory/inventorystore.h"
#include "modeltestdata.h"
#include "tree/inventorytreemodel.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <functional>

using namespace nephele::models;
using nephele::drivers::Machine;
using nephele::drivers::MachineKind;
using nephele::drivers::MachineState;
using nephele::drivers::Tag;
using Model = InventoryTreeModel;

namespace {
using nephele::models::testdata::account;

const QStringList kLocations = {QStringLiteral("ams3"), QStringLiteral("fra1"), QStringLiteral("nyc3"),
                                QStringLiteral("sfo2"), QString()};
const QStringList kEnvs = {QStringLiteral("prod"), QStringLiteral("dev"), QStringLiteral("test")};

// The world the tests build, kept independently of the store: each account's resources and the
// order the store first saw them in.
struct World {
    QStringList accounts;
    QHash<QString, QHash<QString, Machine>> current; // account -> id -> machine
    QHash<QString, quint64> firstSeen;               // "account/id" -> sequence
    quint64 nextSeen = 0;

    void listed(const QString &accountId, const QList<Machine> &listing, bool replace)
    {
        QHash<QString, Machine> &now = current[accountId];
        if (replace) {
            QHash<QString, Machine> next;
            for (const Machine &m : listing) {
                if (!next.contains(m.id))
                    next.insert(m.id, m);
            }
            for (auto it = now.cbegin(); it != now.cend(); ++it) {
                if (!next.contains(it.key()))
                    firstSeen.remove(accountId + u'/' + it.key());
            }
            now = next;
        } else {
            for (const Machine &m : listing)
                now.insert(m.id, m);
        }
        for (const Machine &m : listing) {
            const QString key = accountId + u'/' + m.id;
            if (!firstSeen.contains(key))
                firstSeen.insert(key, nextSeen++);
        }
    }
    void deleted(const QString &accountId, const QString &id)
    {
        current[accountId].remove(id);
        firstSeen.remove(accountId + u'/' + id);
    }
};

Machine randomResource(QRandomGenerator &rng, const QString &id, const QStringList &parents, MachineKind kind)
{
    Machine m;
    m.id = id;
    m.kind = kind;
    m.name = QStringLiteral("r-%1").arg(rng.bounded(40)); // duplicate names on purpose
    m.state = MachineState(rng.bounded(3));               // running, starting, stopping
    m.location = kLocations.at(rng.bounded(int(kLocations.size())));
    m.priceMonthly = 6.0 * (1 + rng.bounded(4));
    if (rng.bounded(3) != 0)
        m.tags = {Tag{QStringLiteral("env"), kEnvs.at(rng.bounded(int(kEnvs.size())))}};
    if (!parents.isEmpty() && rng.bounded(5) != 0)
        m.parentId = parents.at(rng.bounded(int(parents.size())));
    return m;
}

// The tree the model must show, as text lines, computed from the world alone.
QStringList expectedTree(const World &world, Model::Grouping grouping, const QString &tagKey, int sortColumn,
                         Qt::SortOrder order, const std::function<bool(const Machine &)> &keep)
{
    struct Node {
        QString account;
        Machine machine;
        quint64 seen = 0;
        QList<int> children;
        bool kept = false;
    };
    QList<Node> nodes;
    QHash<QString, int> byKey;
    for (const QString &accountId : world.accounts) {
        for (const Machine &m : world.current.value(accountId)) {
            byKey.insert(accountId + u'/' + m.id, int(nodes.size()));
            nodes.append({accountId, m, world.firstSeen.value(accountId + u'/' + m.id), {}, false});
        }
    }
    // Parents, as the model places them: a cycle makes its members top-level.
    QList<int> parentOf(nodes.size(), -1);
    for (int i = 0; i < nodes.size(); ++i) {
        const Machine &m = nodes[i].machine;
        if (m.parentId.isEmpty() || m.parentId == m.id)
            continue;
        const int p = byKey.value(nodes[i].account + u'/' + m.parentId, -1);
        if (p < 0)
            continue;
        bool cycle = false;
        for (int up = p, depth = 0; up >= 0; ++depth) {
            const Machine &u = nodes[up].machine;
            if (up == i || depth > 64) {
                cycle = true;
                break;
            }
            up = u.parentId.isEmpty() || u.parentId == u.id ? -1
                                                            : byKey.value(nodes[up].account + u'/' + u.parentId, -1);
        }
        if (!cycle)
            parentOf[i] = p;
    }
    for (int i = 0; i < nodes.size(); ++i) {
        if (parentOf[i] >= 0)
            nodes[parentOf[i]].children.append(i);
    }
    std::function<bool(int)> computeKept = [&](int i) {
        bool kept = keep(nodes[i].machine);
        for (int c : std::as_const(nodes[i].children))
            kept = computeKept(c) || kept;
        nodes[i].kept = kept;
        return kept;
    };
    for (int i = 0; i < nodes.size(); ++i) {
        if (parentOf[i] < 0)
            computeKept(i);
    }
    auto less = [&](int a, int b) {
        const Machine &x = nodes[a].machine;
        const Machine &y = nodes[b].machine;
        int c = 0;
        if (sortColumn == Model::NameColumn)
            c = x.name.compare(y.name, Qt::CaseInsensitive);
        else if (sortColumn == Model::StateColumn)
            c = int(x.state) < int(y.state) ? -1 : (int(x.state) > int(y.state) ? 1 : 0);
        if (order == Qt::DescendingOrder)
            c = -c;
        if (c != 0)
            return c < 0;
        return nodes[a].seen < nodes[b].seen;
    };
    QStringList lines;
    std::function<void(int, int)> emitNode = [&](int i, int depth) {
        const Node &n = nodes[i];
        lines.append(QString(depth * 2, u' ') +
                     QStringLiteral("R:%1/%2 %3 %4")
                         .arg(n.account, n.machine.id, n.machine.name, Model::stateText(n.machine.state)));
        QList<int> children;
        for (int c : n.children) {
            if (nodes[c].kept)
                children.append(c);
        }
        std::sort(children.begin(), children.end(), less);
        for (int c : std::as_const(children))
            emitNode(c, depth + 1);
    };
    // Top-level resources by group label; "" = directly under the account (or root).
    auto emitGroups = [&](const QList<int> &tops, int depth, const std::function<QString(const Machine &)> &groupOf,
                          const QStringList &lastLabels) {
        QMap<QString, QList<int>> groups; // label -> members
        QList<int> direct;
        for (int i : tops) {
            if (!nodes[i].kept)
                continue;
            const QString label = groupOf(nodes[i].machine);
            if (label.isEmpty())
                direct.append(i);
            else
                groups[label].append(i);
        }
        QStringList labels = groups.keys();
        std::sort(labels.begin(), labels.end(), [&](const QString &a, const QString &b) {
            const bool la = lastLabels.contains(a), lb = lastLabels.contains(b);
            if (la != lb)
                return lb;
            return a.compare(b, Qt::CaseInsensitive) < 0;
        });
        for (const QString &label : std::as_const(labels)) {
            lines.append(QString(depth * 2, u' ') + QStringLiteral("G:") + label);
            QList<int> members = groups.value(label);
            std::sort(members.begin(), members.end(), less);
            for (int i : std::as_const(members))
                emitNode(i, depth + 1);
        }
        std::sort(direct.begin(), direct.end(), less);
        for (int i : std::as_const(direct))
            emitNode(i, depth);
    };

    if (grouping == Model::Grouping::TagKey) {
        QList<int> tops;
        for (int i = 0; i < nodes.size(); ++i) {
            if (parentOf[i] < 0)
                tops.append(i);
        }
        const QString none = QStringLiteral("(no %1)").arg(tagKey);
        emitGroups(tops, 0,
                   [&](const Machine &m) {
                       for (const Tag &t : m.tags) {
                           if (t.key == tagKey && !t.value.isEmpty())
                               return QStringLiteral("%1 = %2").arg(tagKey, t.value);
                       }
                       return none;
                   },
                   {none});
        return lines;
    }
    for (const QString &accountId : world.accounts) {
        lines.append(QStringLiteral("A:") + accountId);
        QList<int> tops;
        for (int i = 0; i < nodes.size(); ++i) {
            if (parentOf[i] < 0 && nodes[i].account == accountId)
                tops.append(i);
        }
        if (grouping == Model::Grouping::AccountLocation) {
            emitGroups(tops, 1, [](const Machine &m) { return m.location; }, {});
        } else {
            emitGroups(
                tops, 1,
                [](const Machine &m) { return m.kind == MachineKind::Pod ? QStringLiteral("Unscheduled") : QString(); },
                {});
        }
    }
    return lines;
}

QStringList modelTree(const Model &model)
{
    QStringList lines;
    std::function<void(const QModelIndex &, int)> walk = [&](const QModelIndex &parent, int depth) {
        for (int row = 0; row < model.rowCount(parent); ++row) {
            const QModelIndex index = model.index(row, 0, parent);
            const QString indent(depth * 2, u' ');
            switch (model.nodeType(index)) {
            case Model::NodeType::Account:
                lines.append(indent + QStringLiteral("A:") + index.data(Model::AccountIdRole).toString());
                break;
            case Model::NodeType::Group:
                lines.append(indent + QStringLiteral("G:") + index.data(Model::SortRole).toString());
                break;
            case Model::NodeType::Machine:
                lines.append(indent + QStringLiteral("R:%1/%2 %3 %4")
                                          .arg(index.data(Model::AccountIdRole).toString(),
                                               index.data(Model::MachineIdRole).toString(), index.data().toString(),
                                               model.index(row, Model::StateColumn, parent).data().toString()));
                break;
            case Model::NodeType::None: lines.append(indent + QStringLiteral("?")); break;
            }
            walk(index, depth + 1);
        }
    };
    walk({}, 0);
    return lines;
}

QString keyOf(const QModelIndex &index)
{
    return index.data(Model::AccountIdRole).toString() + u'/' + index.data(Model::MachineIdRole).toString();
}

} // namespace

class TestInventoryTreeModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Random listings and watch events are merged while the model runs under
    // QAbstractItemModelTester; after every round the tree equals the one computed from the
    // records alone, and what was selected (and still shown) is still selected.
    void randomChangesKeepTheTreeRight_data()
    {
        QTest::addColumn<quint32>("seed");
        QTest::addColumn<int>("grouping");
        QTest::addColumn<int>("sortColumn");
        QTest::addColumn<bool>("filtered");
        const QList<std::tuple<int, int, bool>> setups = {
            {int(Model::Grouping::AccountLocation), -1, false},
            {int(Model::Grouping::AccountLocation), int(Model::NameColumn), false},
            {int(Model::Grouping::AccountLocation), int(Model::StateColumn), true},
            {int(Model::Grouping::Hierarchy), -1, false},
            {int(Model::Grouping::Hierarchy), int(Model::StateColumn), false},
            {int(Model::Grouping::Hierarchy), -1, true},
            {int(Model::Grouping::TagKey), int(Model::NameColumn), false},
            {int(Model::Grouping::TagKey), -1, true},
        };
        quint32 seed = 1;
        for (const auto &[grouping, sortColumn, filtered] : setups) {
            for (int rep = 0; rep < 2; ++rep, ++seed) {
                QTest::addRow("grouping %d sort %d filter %d seed %u", grouping, sortColumn, int(filtered), seed)
                    << seed << grouping << sortColumn << filtered;
            }
        }
    }

    void randomChangesKeepTheTreeRight()
    {
        QFETCH(quint32, seed);
        QFETCH(int, grouping);
        QFETCH(int, sortColumn);
        QFETCH(bool, filtered);
        QRandomGenerator rng(seed);
        InventoryStore store;
        Model model(&store);
        std::optional<QAbstractItemModelTester> tester;
        if (qEnvironmentVariableIsEmpty("NO_TESTER"))
            tester.emplace(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QItemSelectionModel selection(&model);
        const QString tagKey = QStringLiteral("env");
        model.setGrouping(Model::Grouping(grouping), tagKey);
        Qt::SortOrder order = Qt::AscendingOrder;
        if (sortColumn >= 0)
            model.sort(sortColumn, order);
        // The filter the model runs and the same predicate written plainly.
        std::function<bool(const Machine &)> keep = [](const Machine &) { return true; };
        if (filtered) {
            model.setFilter(*SearchFilter::parse(u"state:running OR r-1"));
            keep = [](const Machine &m) {
                return m.state == MachineState::Running || m.name.contains(QStringLiteral("r-1"));
            };
        }

        World world;
        for (int a = 0; a < 3; ++a) {
            const QString id = QStringLiteral("acct-%1").arg(a);
            world.accounts.append(id);
            store.addAccount(account(id));
        }

        for (int round = 0; round < 130; ++round) {
            const QString accountId = world.accounts.at(rng.bounded(int(world.accounts.size())));
            const QHash<QString, Machine> &now = world.current[accountId];
            // Hierarchy: the first ids are nodes, then pods under nodes (or none), then containers
            // under pods. Parents come and go, so children move and get orphaned.
            constexpr int kNodes = 6, kPods = 24, kAll = 44;
            auto kindOf = [](int i) {
                return i < kNodes ? MachineKind::Node : (i < kPods ? MachineKind::Pod : MachineKind::Container);
            };
            auto parentsFor = [](int i) {
                QStringList parents;
                if (i >= kNodes && i < kPods) {
                    for (int p = 0; p < kNodes; ++p)
                        parents.append(QString::number(p));
                } else if (i >= kPods) {
                    for (int p = kNodes; p < kPods; ++p)
                        parents.append(QString::number(p));
                }
                return parents;
            };
            auto mutate = [&](int i) {
                const QString id = QString::number(i);
                if (!now.contains(id) || rng.bounded(4) == 0)
                    return randomResource(rng, id, parentsFor(i), kindOf(i));
                Machine m = now.value(id);
                switch (rng.bounded(5)) {
                case 0: m.state = MachineState(rng.bounded(3)); break;
                case 1: m.name = QStringLiteral("r-%1").arg(rng.bounded(40)); break;
                case 2: m.location = kLocations.at(rng.bounded(int(kLocations.size()))); break;
                case 3: m.tags = {Tag{QStringLiteral("env"), kEnvs.at(rng.bounded(int(kEnvs.size())))}}; break;
                default: break; // unchanged
                }
                return m;
            };

            // What is selected before the round, to check it survives.
            QSet<QString> selectedBefore;
            for (const QModelIndex &index : selection.selectedRows())
                selectedBefore.insert(keyOf(index));

            if (rng.bounded(6) == 0) {
                // A watch stream's events.
                QList<InventoryEvent> events;
                QList<Machine> upserts;
                for (int e = 0; e < 1 + rng.bounded(8); ++e) {
                    const int i = rng.bounded(kAll);
                    if (rng.bounded(3) == 0) {
                        Machine gone;
                        gone.id = QString::number(i);
                        events.append({InventoryEvent::Type::Delete, gone});
                    } else {
                        events.append({InventoryEvent::Type::Upsert, mutate(i)});
                    }
                }
                // The last event about an id wins, as in the store.
                QHash<QString, int> last;
                for (int e = 0; e < events.size(); ++e)
                    last.insert(events[e].machine.id, e);
                for (int e = 0; e < events.size(); ++e) {
                    if (last.value(events[e].machine.id) != e)
                        continue;
                    if (events[e].type == InventoryEvent::Type::Delete)
                        world.deleted(accountId, events[e].machine.id);
                    else
                        world.listed(accountId, {events[e].machine}, false);
                }
                store.applyEvents(accountId, events);
            } else if (rng.bounded(12) == 0) {
                store.markStale(accountId); // a failed listing changes nothing
            } else {
                QList<Machine> listing;
                for (int i = 0; i < kAll; ++i) {
                    if (rng.bounded(4) == 0)
                        continue;
                    listing.append(mutate(i));
                }
                std::shuffle(listing.begin(), listing.end(), rng); // providers reorder freely
                world.listed(accountId, listing, true);
                store.mergeListing(accountId, listing);
            }
            bool reset = false;
            if (sortColumn >= 0 && rng.bounded(25) == 0) {
                order = rng.bounded(2) ? Qt::AscendingOrder : Qt::DescendingOrder;
                model.sort(sortColumn, order);
            }
            if (rng.bounded(40) == 0) {
                model.setGrouping(Model::Grouping(rng.bounded(3)), tagKey);
                model.setGrouping(Model::Grouping(grouping), tagKey);
                reset = true;
            }

            QCOMPARE(model.totalMachineCount(), store.totalMachineCount());
            const QStringList expected =
                expectedTree(world, Model::Grouping(grouping), tagKey, sortColumn, order, keep);
            const QStringList actual = modelTree(model);
            if (actual != expected) {
                qWarning().noquote() << "round" << round << "\nexpected:\n"
                                     << expected.join(u'\n') << "\nactual:\n"
                                     << actual.join(u'\n');
            }
            QCOMPARE(actual, expected);
            qsizetype shown = 0;
            for (const QString &line : actual)
                shown += line.trimmed().startsWith(u'R') ? 1 : 0;
            QCOMPARE(model.shownMachineCount(), shown);

            // Selection survives: everything selected before that is still shown is still selected.
            QSet<QString> selectedAfter;
            for (const QModelIndex &index : selection.selectedRows())
                selectedAfter.insert(keyOf(index));
            if (!reset) {
                for (const QString &key : std::as_const(selectedBefore)) {
                    const qsizetype slash = key.indexOf(u'/');
                    const QModelIndex index = model.indexOfMachine(key.left(slash), key.mid(slash + 1));
                    if (index.isValid())
                        QVERIFY2(selectedAfter.contains(key), qPrintable(QStringLiteral("lost selection of ") + key));
                }
                QVERIFY(selectedAfter.size() <= selectedBefore.size());
            }
            // Select a few shown resources for the next round.
            if (rng.bounded(3) == 0) {
                std::function<void(const QModelIndex &)> pick = [&](const QModelIndex &parent) {
                    for (int row = 0; row < model.rowCount(parent); ++row) {
                        const QModelIndex index = model.index(row, 0, parent);
                        if (model.nodeType(index) == Model::NodeType::Machine && rng.bounded(6) == 0)
                            selection.select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
                        pick(index);
                    }
                };
                pick({});
            }
        }
    }

    void accountRowShowsStatusAndCost()
    {
        InventoryStore store;
        Model model(&store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        store.addAccount(account(QStringLiteral("p"), QStringLiteral("Production")));
        QRandomGenerator rng(9);
        Machine a = randomResource(rng, QStringLiteral("1"), {}, MachineKind::Vm);
        a.priceMonthly = 12;
        Machine b = randomResource(rng, QStringLiteral("2"), {}, MachineKind::Vm);
        b.priceMonthly = 6;
        store.mergeListing(QStringLiteral("p"), {a, b});
        store.setAccountStatus(QStringLiteral("p"), AccountStatus::Ok);
        const QModelIndex accountIndex = model.index(0, 0);
        QCOMPARE(accountIndex.data().toString(), QStringLiteral("Production"));
        // Without a translator loaded, Qt shows the numerus source text.
        QCOMPARE(model.index(0, Model::StateColumn).data().toString(), QStringLiteral("OK · 2 machine(s)"));
        QCOMPARE(model.index(0, Model::MonthlyCostColumn).data().toString(), QStringLiteral("$18.00"));
        QCOMPARE(model.index(0, Model::MonthlyCostColumn).data(Model::SortRole).toDouble(), 18.0);

        store.setAccountStatus(QStringLiteral("p"), AccountStatus::Error,
                               QStringLiteral("Production: list droplets: boom"), QStringLiteral("retry"),
                               QStringLiteral("full"));
        store.markStale(QStringLiteral("p"));
        QCOMPARE(model.index(0, Model::StateColumn).data().toString(),
                 QStringLiteral("Error: Production: list droplets: boom"));
        QCOMPARE(model.index(0, 0).data(Model::ErrorTextRole).toString(), QStringLiteral("full"));
        QVERIFY(model.index(0, 0).data(Model::StaleRole).toBool());
        QCOMPARE(model.shownMachineCount(), 2); // still there

        store.setAccountDisabled(QStringLiteral("p"), true);
        QVERIFY(model.index(0, Model::StateColumn).data().toString().startsWith(QStringLiteral("Disabled")));
        QVERIFY(model.index(0, 0).data(Model::DisabledRole).toBool());
    }

    void columnsGiveRawValuesForSorting()
    {
        InventoryStore store;
        Model model(&store);
        model.setGrouping(Model::Grouping::Hierarchy);
        store.addAccount(account(QStringLiteral("p")));
        Machine m;
        m.id = QStringLiteral("1");
        m.name = QStringLiteral("web");
        m.memoryMb = 4096;
        m.vcpus = 2;
        m.priceMonthly = 24;
        m.publicIps = {QStringLiteral("10.0.0.9"), QStringLiteral("2001:db8::1")};
        m.created = QDateTime::currentDateTimeUtc().addDays(-3);
        m.tags = {Tag::fromText(QStringLiteral("owner:alice")), Tag::fromText(QStringLiteral("expires:2030-01-02"))};
        Machine pod = m;
        pod.id = QStringLiteral("ns/pod");
        pod.name = QStringLiteral("pod");
        pod.kind = MachineKind::Pod;
        pod.parentId = m.id; // placed under "web"
        pod.tags = {Tag{QStringLiteral("namespace"), QStringLiteral("ns")},
                    Tag{QStringLiteral("restarts"), QStringLiteral("12")}};
        store.mergeListing(QStringLiteral("p"), {m, pod});
        const QModelIndex account = model.index(0, 0);
        auto cell = [&](int column, int role = Qt::DisplayRole) { return model.index(0, column, account).data(role); };
        QCOMPARE(cell(Model::NameColumn).toString(), QStringLiteral("web"));
        QCOMPARE(cell(Model::MonthlyCostColumn, Model::SortRole).typeId(), QMetaType::Double);
        QCOMPARE(cell(Model::SizeColumn, Model::SortRole).toLongLong(), 4096LL * 1000 + 2);
        QCOMPARE(cell(Model::PublicIpColumn).toString(), QStringLiteral("10.0.0.9"));
        QCOMPARE(cell(Model::PublicIpColumn, Model::SortRole).toUInt(), (10u << 24) | 9u);
        QCOMPARE(cell(Model::AgeColumn).toString(), QStringLiteral("3d"));
        QCOMPARE(cell(Model::OwnerColumn).toString(), QStringLiteral("alice"));
        QCOMPARE(cell(Model::ExpirationColumn, Model::SortRole).toDateTime().date(), QDate(2030, 1, 2));
        QCOMPARE(cell(Model::KindColumn).toString(), QStringLiteral("VM"));
        QCOMPARE(cell(Model::RestartsColumn).toString(), QString()); // not a pod
        const QModelIndex podRow = model.index(0, Model::RestartsColumn, model.index(0, 0, account));
        QCOMPARE(podRow.siblingAtColumn(Model::NameColumn).data().toString(), QStringLiteral("pod"));
        QCOMPARE(podRow.data().toString(), QStringLiteral("12"));
        QCOMPARE(podRow.data(Model::SortRole).toInt(), 12); // sorts as a number
        QCOMPARE(model.headerData(Model::RestartsColumn, Qt::Horizontal).toString(), QStringLiteral("Restarts"));

        // Usage (metrics-server): shown as kubectl top writes it, sorted by value, announced at once.
        QCOMPARE(cell(Model::CpuUsageColumn).toString(), QString());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        store.setUsage(QStringLiteral("p"), {{QStringLiteral("1"), 0.25, qint64(512) << 20},
                                             {QStringLiteral("ns/pod"), 1.5, qint64(3) << 30}});
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).value<QModelIndex>().column(), int(Model::CpuUsageColumn));
        QCOMPARE(cell(Model::CpuUsageColumn).toString(), QStringLiteral("250m"));
        QCOMPARE(cell(Model::MemoryUsageColumn).toString(), QStringLiteral("512 MiB"));
        QVERIFY2(cell(Model::CpuUsageColumn, Qt::ToolTipRole).toString().contains(QLatin1String("13% of 2")),
                 qPrintable(cell(Model::CpuUsageColumn, Qt::ToolTipRole).toString()));
        QCOMPARE(podRow.siblingAtColumn(Model::MemoryUsageColumn).data().toString(), QStringLiteral("3.0 GiB"));
        QCOMPARE(podRow.siblingAtColumn(Model::CpuUsageColumn).data(Model::SortRole).toDouble(), 1.5);
        store.setUsage(QStringLiteral("p"), {});
        QCOMPARE(cell(Model::CpuUsageColumn).toString(), QString());
    }

    void filterKeepsParentsOfMatches()
    {
        InventoryStore store;
        Model model(&store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setGrouping(Model::Grouping::Hierarchy);
        store.addAccount(account(QStringLiteral("k"), QStringLiteral("Cluster")));
        Machine node;
        node.id = QStringLiteral("n1");
        node.name = QStringLiteral("node-1");
        node.kind = MachineKind::Node;
        Machine pod = node;
        pod.id = QStringLiteral("p1");
        pod.name = QStringLiteral("web-7f9");
        pod.kind = MachineKind::Pod;
        pod.parentId = node.id;
        Machine container = node;
        container.id = QStringLiteral("c1");
        container.name = QStringLiteral("needle");
        container.kind = MachineKind::Container;
        container.parentId = pod.id;
        Machine other = pod;
        other.id = QStringLiteral("p2");
        other.name = QStringLiteral("db-0");
        store.mergeListing(QStringLiteral("k"), {node, pod, container, other});
        QCOMPARE(model.shownMachineCount(), 4);

        model.setFilter(*SearchFilter::parse(u"needle"));
        QCOMPARE(model.shownMachineCount(), 3); // the container, its pod and its node
        const QModelIndex nodeIndex = model.index(0, 0, model.index(0, 0));
        QCOMPARE(nodeIndex.data().toString(), QStringLiteral("node-1"));
        QCOMPARE(model.rowCount(nodeIndex), 1);
        QCOMPARE(model.index(0, 0, model.index(0, 0, nodeIndex)).data().toString(), QStringLiteral("needle"));

        // A poll that takes the match away hides the chain; another brings it back.
        container.name = QStringLiteral("hay");
        store.mergeListing(QStringLiteral("k"), {node, pod, container, other});
        QCOMPARE(model.shownMachineCount(), 0);
        QCOMPARE(model.rowCount(model.index(0, 0)), 0);
        QCOMPARE(model.rowCount(), 1); // accounts stay
        other.name = QStringLiteral("needle-db");
        store.mergeListing(QStringLiteral("k"), {node, pod, container, other});
        QCOMPARE(model.shownMachineCount(), 2);

        model.setFilter({});
        QCOMPARE(model.shownMachineCount(), 4);
    }

    void unscheduledPodsHaveTheirGroup()
    {
        InventoryStore store;
        Model model(&store);
        model.setGrouping(Model::Grouping::Hierarchy);
        store.addAccount(account(QStringLiteral("k")));
        Machine pod;
        pod.id = QStringLiteral("p1");
        pod.name = QStringLiteral("pending-pod");
        pod.kind = MachineKind::Pod;
        store.mergeListing(QStringLiteral("k"), {pod});
        const QModelIndex group = model.index(0, 0, model.index(0, 0));
        QCOMPARE(model.nodeType(group), Model::NodeType::Group);
        QCOMPARE(group.data().toString(), QStringLiteral("Unscheduled"));
        QCOMPARE(model.index(0, 0, group).data().toString(), QStringLiteral("pending-pod"));
    }

    void persistentIndexesFollowTheirRowsThroughMoves()
    {
        InventoryStore store;
        Model model(&store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        store.addAccount(account(QStringLiteral("a")));
        QList<Machine> listing;
        for (int i = 0; i < 20; ++i) {
            Machine m;
            m.id = QString::number(i);
            m.name = QStringLiteral("vm-%1").arg(i, 2, 10, QLatin1Char('0'));
            m.location = i < 10 ? QStringLiteral("ams3") : QStringLiteral("fra1");
            listing.append(m);
        }
        store.mergeListing(QStringLiteral("a"), listing);
        model.sort(Model::NameColumn);
        const QPersistentModelIndex watched = model.indexOfMachine(QStringLiteral("a"), QStringLiteral("3"));
        const QPersistentModelIndex fra = model.index(1, 0, model.index(0, 0)); // what an expanded group holds
        QVERIFY(watched.isValid() && fra.isValid());
        // Renamed to sort last, then moved to another region: the index follows both times.
        listing[3].name = QStringLiteral("zz");
        store.mergeListing(QStringLiteral("a"), listing);
        QCOMPARE(watched.data(Model::MachineIdRole).toString(), QStringLiteral("3"));
        QCOMPARE(watched.row(), 9);
        listing[3].location = QStringLiteral("fra1");
        store.mergeListing(QStringLiteral("a"), listing);
        QCOMPARE(watched.data(Model::MachineIdRole).toString(), QStringLiteral("3"));
        QCOMPARE(watched.parent(), QModelIndex(fra));
        QCOMPARE(fra.data(Model::LocationRole).toString(), QStringLiteral("fra1"));
    }

    void internalIdsAreSpread()
    {
        InventoryStore store;
        Model model(&store);
        store.addAccount(account(QStringLiteral("p")));
        QRandomGenerator rng(5);
        QList<Machine> listing;
        for (int i = 0; i < 50; ++i) {
            Machine m = randomResource(rng, QString::number(i), {}, MachineKind::Vm);
            m.location = QStringLiteral("nyc3");
            listing.append(m);
        }
        store.mergeListing(QStringLiteral("p"), listing);
        const QModelIndex loc = model.index(0, 0, model.index(0, 0));
        QSet<quintptr> highBytes;
        for (int r = 0; r < model.rowCount(loc); ++r)
            highBytes.insert(model.index(r, 0, loc).internalId() >> 56);
        QVERIFY2(highBytes.size() > 20, "ids of sibling rows should differ in their high bits too");
    }
};

QTEST_GUILESS_MAIN(TestInventoryTreeModel)
#include "tst_inventorytreemodel.moc"
