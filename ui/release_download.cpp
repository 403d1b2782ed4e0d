// SPDX-License-Identifier: GPL-3.0-or-later
#include "release_download.h"

#include <QElapsedTimer>
#include <exception>

namespace gpnmsa::ui {

void ReleaseDownloadWorker::run() {
  try {
    // libcurl reports many times a second; the dialog needs a few.
    QElapsedTimer sinceLast;
    const std::string dir = gpnmsa::fetchRelease(
        release_, options_,
        [this, &sinceLast](const gpnmsa::FetchProgress& p) {
          if (sinceLast.isValid() && sinceLast.elapsed() < 200) return;
          sinceLast.start();
          emit progress(QString::fromStdString(p.fileName), p.done, p.total);
        },
        stopFlag().get());
    emit finished(QString::fromStdString(dir));
  } catch (const gpnmsa::DownloadError& e) {
    if (e.kind() == gpnmsa::DownloadError::Kind::Cancelled) {
      emit cancelled();
      return;
    }
    QString message = QString::fromStdString(e.what());
    if (e.kind() == gpnmsa::DownloadError::Kind::Network || e.kind() == gpnmsa::DownloadError::Kind::Http)
      message += ". " + QString::fromStdString(gpnmsa::manualDownloadHint(
                            release_, options_.base, gpnmsa::modelReleaseDir(release_, options_.dest)));
    emit failed(message);
  } catch (const std::exception& e) {
    emit failed(QString::fromStdString(e.what()));
  }
}

QString downloadProgressText(const QString& fileName, qint64 done, qint64 total, double bytesPerSecond) {
  const double mb = 1e6;
  QString text = total > 0 ? QObject::tr("%1: %2 of %3 MB").arg(fileName).arg(done / mb, 0, 'f', 1).arg(total / mb, 0, 'f', 1)
                           : QObject::tr("%1: %2 MB").arg(fileName).arg(done / mb, 0, 'f', 1);
  if (bytesPerSecond > 0) {
    text += QObject::tr(", %1 MB/s").arg(bytesPerSecond / mb, 0, 'f', 1);
    if (total > done) {
      const int s = int((total - done) / bytesPerSecond);
      text += s < 60 ? QObject::tr(", about %1 s left").arg(s)
                     : QObject::tr(", about %1m%2s left").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
    }
  }
  return text;
}

}  // namespace gpnmsa::ui
