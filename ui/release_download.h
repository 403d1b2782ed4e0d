// SPDX-License-Identifier: GPL-3.0-or-later
// Downloading a published model (core's fetchRelease) as a background job:
// progress with the file's name, cancel through the job's stop flag (the
// partial file is kept and resumes next time), the folder or the reason out.
#pragma once
#include <QString>

#include "background_job.h"
#include "gpnmsa/releases.h"

namespace gpnmsa::ui {

class ReleaseDownloadWorker : public JobWorker {
  Q_OBJECT
 public:
  ReleaseDownloadWorker(gpnmsa::Release release, gpnmsa::FetchOptions options)
      : release_(std::move(release)), options_(std::move(options)) {}

 signals:
  // Bytes of the file being downloaded (total -1 when unknown).
  void progress(const QString& fileName, qint64 done, qint64 total);
  void finished(const QString& dir);
  // Says what failed and how to download by hand.
  void failed(const QString& message);
  void cancelled();

 protected:
  void run() override;

 private:
  gpnmsa::Release release_;
  gpnmsa::FetchOptions options_;
};

// "model.safetensors: 12.3 of 343.0 MB, 4.1 MB/s, about 1m20s left"
QString downloadProgressText(const QString& fileName, qint64 done, qint64 total, double bytesPerSecond);

}  // namespace gpnmsa::ui
