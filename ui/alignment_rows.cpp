// SPDX-License-Identifier: GPL-3.0-or-later
#include "alignment_rows.h"

#include <algorithm>
#include <exception>

#include "gpnmsa/alignment_store.h"
#include "gpnmsa/error.h"
#include "species_names.h"

namespace gpnmsa::ui {

AlignmentWindowData readAlignmentRange(const gpnmsa::AlignmentStore& store, const QString& chrom, qint64 first,
                                       qint64 last) {
  const auto stored = store.resolve(chrom.toStdString());
  if (!stored)
    throw gpnmsa::Error("chromosome '" + chrom.toStdString() + "' is not in the alignment store " + store.path());
  const qint64 length = store.length(*stored);
  first = std::max<qint64>(1, first);
  last = std::min(length, last);
  AlignmentWindowData d;
  d.chrom = QString::fromStdString(*stored);
  d.columns = store.columns();
  d.rowLabels = alignmentRowLabels(store.speciesCount());
  d.firstPos = first;
  if (last >= first) {
    const auto bytes = store.fetch(*stored, first - 1, last);
    d.rows = QByteArray(bytes.data(), qsizetype(bytes.size()));
  }
  return d;
}

namespace {
struct ReadResult {
  AlignmentWindowData rows;
  QString error;
};
}  // namespace

AlignmentRows::AlignmentRows(QObject* parent) : QObject(parent), jobs_(new JobSlot(this)) {}

AlignmentRows::~AlignmentRows() { jobs_->shutdown(); }

void AlignmentRows::setSession(gpnmsa::SessionPtr session) {
  jobs_->cancel();
  session_ = std::move(session);
  cache_.clear();
  cacheChrom_.clear();
  pendingLast_ = -1;
}

const AlignmentWindowData* AlignmentRows::cached(const QString& chrom, qint64 first, qint64 last) const {
  for (size_t i = 0; i < cache_.size(); ++i) {
    const AlignmentWindowData& d = cache_[i];
    if (cacheChrom_[i] == chrom && d.firstPos <= first && d.firstPos + d.length() - 1 >= last) return &d;
  }
  return nullptr;
}

bool AlignmentRows::request(const QString& chrom, qint64 first, qint64 last, qint64 margin) {
  if (!session_ || !session_->store || last < first) return false;
  if (const AlignmentWindowData* d = cached(chrom, first, last)) {
    emit ready(*d);
    return true;
  }
  // Clamp to the chromosome: a stretch at its end is complete when it ends there.
  qint64 length = 0;
  try {
    if (const auto stored = session_->store->resolve(chrom.toStdString())) length = session_->store->length(*stored);
  } catch (const std::exception&) {
  }
  if (length > 0) last = std::min(last, length);
  first = std::max<qint64>(1, first);
  if (length > 0 && first > length) return false;
  if (const AlignmentWindowData* d = cached(chrom, first, last)) {
    emit ready(*d);
    return true;
  }
  // Already being read?
  if (jobs_->isBusy() && chrom == pendingChrom_ && pendingFirst_ <= first && pendingLast_ >= last) return false;
  const qint64 from = std::max<qint64>(1, first - margin), to = length > 0 ? std::min(length, last + margin) : last + margin;
  pendingChrom_ = chrom;
  pendingFirst_ = from;
  pendingLast_ = to;
  gpnmsa::SessionPtr session = session_;
  jobs_->run<ReadResult>(
      [session, chrom, from, to]() {
        ReadResult r;
        try {
          r.rows = readAlignmentRange(*session->store, chrom, from, to);
        } catch (const std::exception& e) {
          r.error = QString::fromStdString(e.what());
        }
        return r;
      },
      [this, chrom](ReadResult r) {
        pendingLast_ = -1;
        if (!r.error.isEmpty()) {
          emit failed(tr("Cannot read the alignment: %1").arg(r.error));
          return;
        }
        ++reads_;
        cache_.push_front(r.rows);
        cacheChrom_.push_front(chrom);
        while (cache_.size() > kCachedStretches) {
          cache_.pop_back();
          cacheChrom_.pop_back();
        }
        emit ready(cache_.front());
      });
  return false;
}

}  // namespace gpnmsa::ui
