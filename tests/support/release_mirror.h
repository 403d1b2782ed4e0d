// SPDX-License-Identifier: GPL-3.0-or-later
// A copy of the published files' layout on loopback (Debian's nginx), made
// from the parity fixtures, with its own releases.json holding real digests
// (computed here with Qt, independently of the program). Like the model hub,
// the model's large file answers 302 to a "CDN" path with X-Linked-Etag
// (its SHA-256) and X-Linked-Size; the CDN serves ranges (nginx's default,
// with ETag and Last-Modified) and is throttled for whole-file requests so a
// download can be cut mid-way. Names of the manifest's entries:
//   gpn-msa-sapiens      model, size + sha256 in the manifest
//   server-digest-model  the same files, the big one's digest only from the server
//   wrong-digest-model   model.safetensors listed with another file's (real) digest
//   no-digest-model      a file nobody gives a digest for
//   missing-model        a path the server answers 404 for
//   multiz100way-89      the parity alignment (msa.zarr.zip), behind a 302
//   gpn-msa-hg38-scores  a score file given to start() (left out when none)
#pragma once
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>

#include "support/loopback_nginx.h"

namespace testsupport {

class ReleaseMirror {
 public:
  static QString parity() { return QStringLiteral(GPNMSA_TEST_DATA "/parity"); }
  static QString revision() { return QStringLiteral("0123456789abcdef0123456789abcdef01234567"); }

  static QString sha256(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(path));
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return QString::fromLatin1(h.result().toHex());
  }

  // Builds the tree under `dir` and starts nginx; empty on success, else why.
  QString start(const QString& dir, const QString& scoresFile = {}) {
    dir_ = dir;
    // nginx's workers (another user when started by root) must reach `dir`.
    const QString parent = QFileInfo(dir).absolutePath();
    QFile::setPermissions(parent, QFile::permissions(parent) | QFile::ExeOther);
    const QString www = dir + "/www";
    const QString model = parity() + "/tiny/model.safetensors";
    modelSha_ = sha256(model);
    const QString modelDir = www + "/m/songlab/gpn-msa-sapiens/resolve/" + revision();
    if (!copy(parity() + "/tiny/config.json", modelDir + "/config.json") || !copy(model, www + "/cdn/" + modelSha_) ||
        !copy(parity() + "/msa.zarr.zip", www + "/cdn/msa.zarr.zip") ||
        !copy(model, www + "/m/plain/model.safetensors"))  // no redirect, no X-Linked-Etag
      return "cannot copy the fixtures into " + www;
    const QString scoresDir = www + "/m/datasets/songlab/gpn-msa-hg38-scores/resolve/main/";
    if (!scoresFile.isEmpty() && (!copy(scoresFile, scoresDir + "scores.tsv.bgz") ||
                                  !copy(scoresFile + ".tbi", scoresDir + "scores.tsv.bgz.tbi")))
      return "cannot copy " + scoresFile;

    const QString config = modelDir + "/config.json";
    // (Plain string literals, each with its braces balanced: moc reads this header.)
    const QString modelPath = "songlab/gpn-msa-sapiens/resolve/" + revision();
    const auto file = [](const QString& path, const QString& size, const QString& sha) {
      return QString("{\"path\": \"%1\", \"size\": %2, \"sha256\": %3}").arg(path, size, sha);
    };
    const auto quoted = [](const QString& v) { return "\"" + v + "\""; };
    const auto release = [](const QString& name, const QString& kind, const QStringList& files) {
      return QString("{\"name\": \"%1\", \"kind\": \"%2\", \"revision\": \"%3\", \"files\": [%4]}")
          .arg(name, kind, revision(), files.join(", "));
    };
    const QString configFile = file(modelPath + "/config.json", QString::number(QFileInfo(config).size()),
                                    quoted(sha256(config)));
    QStringList releases = {
        release("gpn-msa-sapiens", "model",
                {configFile, file(modelPath + "/model.safetensors", QString::number(QFileInfo(model).size()),
                                  quoted(modelSha_))}),
        release("server-digest-model", "model",
                {configFile, file(modelPath + "/model.safetensors", "null", "null")}),
        release("wrong-digest-model", "model",
                {configFile, file("plain/model.safetensors", "null", quoted(wrongSha()))}),
        release("no-digest-model", "model", {file("plain/model.safetensors", "null", "null")}),
        release("missing-model", "model",
                {file("songlab/no-such-model/resolve/" + revision() + "/config.json", "null", quoted(sha256(config)))}),
        release("multiz100way-89", "alignment",
                {file("datasets/songlab/multiz100way/resolve/main/89.zarr.zip", "null", "null")})};
    if (!scoresFile.isEmpty())
      releases << release("gpn-msa-hg38-scores", "scores",
                          {file("datasets/songlab/gpn-msa-hg38-scores/resolve/main/scores.tsv.bgz", "null", "null"),
                           file("datasets/songlab/gpn-msa-hg38-scores/resolve/main/scores.tsv.bgz.tbi", "null", "null")});
    const QString json =
        QString("{\"base\": \"https://example.invalid\",\n \"releases\": [\n  %1\n]}\n").arg(releases.join(",\n  "));
    QFile m(manifest());
    if (!m.open(QIODevice::WriteOnly)) return "cannot write " + manifest();
    m.write(json.toUtf8());
    m.close();

    const QString extra =
        QString("location = /m/%1/model.safetensors {\n"
                "  add_header X-Linked-Etag '\"%2\"';\n  add_header X-Linked-Size %3;\n"
                "  add_header X-Repo-Commit %4;\n  return 302 /cdn/%2;\n}\n")
            .arg(modelPath, modelSha_)
            .arg(QFileInfo(model).size())
            .arg(revision()) +
        QString("location = /m/datasets/songlab/multiz100way/resolve/main/89.zarr.zip {\n"
                "  return 302 /cdn/msa.zarr.zip;\n}\n") +
        QString("location /cdn/ {\n  limit_rate 48k;\n  if ($http_range) { set $limit_rate 0; }\n}\n");
    return nginx_.start(dir, extra);
  }

  QString manifest() const { return dir_ + "/releases.json"; }
  QString base() const { return nginx_.url("m"); }
  QString url(const QString& path) const { return nginx_.url(path); }
  QString modelSha() const { return modelSha_; }
  // The digest wrong-digest-model lists: a real one, of another file.
  static QString wrongSha() { return sha256(parity() + "/tiny-fp16/model.safetensors"); }
  QString accessLog() const {
    QFile f(dir_ + "/access.log");
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
  }
  qint64 nginxPid() const { return nginx_.pid(); }
  void stop() { nginx_.stop(); }

 private:
  static bool copy(const QString& from, const QString& to) {
    QDir().mkpath(QFileInfo(to).path());
    QFile::remove(to);
    const bool ok = QFile::copy(from, to);
    LoopbackNginx::makeReadable(to);
    return ok;
  }

  QString dir_, modelSha_;
  LoopbackNginx nginx_;
};

}  // namespace testsupport
