#pragma once

// Helpers shared by the importers; not part of the models API.

#include "importers.h"

#include <QCoreApplication>

#include <optional>

#include <yaml-cpp/yaml.h>

namespace nephele::models {

// The translation context of every message the importers write.
struct Importers {
    Q_DECLARE_TR_FUNCTIONS(nephele::models::Importers)
};

} // namespace nephele::models

namespace nephele::models::importsupport {

ImportProblem problemAt(const QString &file, const YAML::Mark &mark, const QString &message);

// The document, or nullopt with one problem recorded. Catches every yaml-cpp exception, and
// reports a quoted scalar that runs to the end of the file (yaml-cpp 0.7 accepts it silently).
std::optional<YAML::Node> loadYaml(QByteArrayView bytes, const QString &file, QList<ImportProblem> &problems);

// Safe accessors: never throw, whatever the node's type.
YAML::Node child(const YAML::Node &map, const char *key);
bool isScalar(const YAML::Node &node);
QString scalar(const YAML::Node &node); // empty unless a scalar
QString scalar(const YAML::Node &map, const char *key);
bool isTrue(const YAML::Node &node); // YAML 1.1 and 1.2 spellings of true
QStringList scalarList(const YAML::Node &node);

// `path` as-is when absolute or empty, else relative to the folder of `file`.
QString resolvePath(const QString &path, const QString &file);

} // namespace nephele::models::importsupport
