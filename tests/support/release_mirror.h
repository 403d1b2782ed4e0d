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
    QString json = QString(R"({
  "base": "https://example.invalid",
  "releases": [
    {"name": "gpn-msa-sapiens", "kind": "model", "revision": "%1", "files": [
      {"path": "songlab/gpn-msa-sapiens/resolve/%1/config.json", "size": %2, "sha256": "%3"},
      {"path": "songlab/gpn-msa-sapiens/resolve/%1/model.safetensors", "size": %4, "sha256": "%5"}]},
    {"name": "server-digest-model", "kind": "model", "revision": "%1", "files": [
      {"path": "songlab/gpn-msa-sapiens/resolve/%1/config.json", "size": null, "sha256": "%3"},
      {"path": "songlab/gpn-msa-sapiens/resolve/%1/model.safetensors", "size": null, "sha256": null}]},
    {"name": "wrong-digest-model", "kind": "model", "revision": "%1", "files": [
      {"path": "songlab/gpn-msa-sapiens/resolve/%1/config.json", "sha256": "%3"},
      {"path": "plain/model.safetensors", "sha256": "%6"}]},
    {"name": "no-digest-model", "kind": "model", "revision": "%1", "files": [
      {"path": "plain/model.safetensors", "sha256": null}]},
    {"name": "missing-model", "kind": "model", "revision": "%1", "files": [
      {"path": "songlab/no-such-model/resolve/%1/config.json", "sha256": "%3"}]},
    {"name": "multiz100way-89", "kind": "alignment", "files": [
      {"path": "datasets/songlab/multiz100way/resolve/main/89.zarr.zip"}]})")
                       .arg(revision())
                       .arg(QFileInfo(config).size())
                       .arg(sha256(config))
                       .arg(QFileInfo(model).size())
                       .arg(modelSha_)
                       .arg(wrongSha());
    if (!scoresFile.isEmpty())
      json += R"(,
    {"name": "gpn-msa-hg38-scores", "kind": "scores", "files": [
      {"path": "datasets/songlab/gpn-msa-hg38-scores/resolve/main/scores.tsv.bgz"},
      {"path": "datasets/songlab/gpn-msa-hg38-scores/resolve/main/scores.tsv.bgz.tbi"}]})";
    json += "\n  ]\n}\n";
    QFile m(manifest());
    if (!m.open(QIODevice::WriteOnly)) return "cannot write " + manifest();
    m.write(json.toUtf8());
    m.close();

    const QString extra = QString(R"(
  location = /m/songlab/gpn-msa-sapiens/resolve/%1/model.safetensors {
    add_header X-Linked-Etag '"%2"';
    add_header X-Linked-Size %3;
    add_header X-Repo-Commit %1;
    return 302 /cdn/%2;
  }
  location = /m/datasets/songlab/multiz100way/resolve/main/89.zarr.zip {
    return 302 /cdn/msa.zarr.zip;
  }
  location /cdn/ {
    limit_rate 48k;
    if ($http_range) { set $limit_rate 0; }
  })")
                              .arg(revision(), modelSha_)
                              .arg(QFileInfo(model).size());
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
