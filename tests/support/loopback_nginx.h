// SPDX-License-Identifier: GPL-3.0-or-later
// A real web server for the http tests: Debian's nginx on a free loopback
// port, serving `dir`/www, with its own config, logs (access.log counts
// requests) and temp paths under `dir`; stopped when this object goes.
#pragma once
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>

namespace testsupport {

class LoopbackNginx {
 public:
  ~LoopbackNginx() { stop(); }

  // Empty on success, else why nginx could not be started. `serverExtra`:
  // more directives for the server block (locations, headers).
  QString start(const QString& dir, const QString& serverExtra = {}) {
    const QString nginx = QStandardPaths::findExecutable("nginx", {"/usr/sbin", "/usr/bin"});
    if (nginx.isEmpty()) return "nginx not installed (packaging/setup.sh installs nginx-light)";
    // nginx's workers run as another user when started by root: let them read.
    QFile::setPermissions(dir, QFile::permissions(dir) | QFile::ReadOther | QFile::ExeOther);
    QDir(dir).mkpath("www");
    QDir(dir).mkpath("tmp");
    QTcpServer probe;  // a free loopback port
    if (!probe.listen(QHostAddress::LocalHost, 0)) return "no free loopback port";
    port_ = probe.serverPort();
    probe.close();
    QFile conf(dir + "/nginx.conf");
    if (!conf.open(QIODevice::WriteOnly)) return "cannot write " + conf.fileName();
    conf.write(QString("daemon off;\npid %1/nginx.pid;\nerror_log %1/error.log;\nevents { worker_connections 64; }\n"
                       "http {\n access_log %1/access.log;\n client_body_temp_path %1/tmp; proxy_temp_path %1/tmp;\n"
                       " fastcgi_temp_path %1/tmp; uwsgi_temp_path %1/tmp; scgi_temp_path %1/tmp;\n"
                       " server { listen 127.0.0.1:%2; root %1/www;\n%3\n }\n}\n").arg(dir).arg(port_).arg(serverExtra).toUtf8());
    conf.close();
    process_.start(nginx, {"-c", dir + "/nginx.conf", "-p", dir});
    if (!process_.waitForStarted()) return "nginx did not start";
    for (int waited = 0; !QFile::exists(dir + "/nginx.pid"); waited += 50) {
      if (waited > 10000) return "nginx wrote no pid file within 10 s";
      QTest::qWait(50);
    }
    return {};
  }

  // Files in www/ must be world-readable for nginx's workers.
  static void makeReadable(const QString& path) {
    QFile::setPermissions(path, QFile::permissions(path) | QFile::ReadOther);
  }

  // The master process (its workers are its children).
  qint64 pid() const { return process_.processId(); }

  QString url(const QString& name) const { return QString("http://127.0.0.1:%1/%2").arg(port_).arg(name); }

  void stop() {
    if (process_.state() == QProcess::NotRunning) return;
    process_.terminate();
    process_.waitForFinished(5000);
  }

 private:
  QProcess process_;
  quint16 port_ = 0;
};

}  // namespace testsupport
