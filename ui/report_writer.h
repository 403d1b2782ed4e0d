// SPDX-License-Identifier: GPL-3.0-or-later
// Writes a ReportData as a PDF (QPdfWriter, A4 or Letter, text as text and
// figures as vectors) and as an HTML file with the same content (figures as
// inline SVG). Both written atomically: a failing write leaves any previous
// file intact.
#pragma once
#include <QPageSize>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <vector>

#include "report_data.h"

namespace gpnmsa::ui {

// Where the PDF writer put one block (a paragraph, a field table, a figure),
// in report pixels (1/96 inch) of the page's printable area, for checks that
// nothing leaves the page.
struct ReportBlock {
  int page = 0;      // 0-based
  QString kind;      // "text", "fields", "figure"
  QRectF rect;
  double scale = 1;  // figures: how much they were shrunk to fit (1 = natural size)
};

struct PdfLayout {
  QRectF printable;  // the page's printable area, origin (0, 0)
  int pages = 0;
  std::vector<ReportBlock> blocks;
};

// The page size a locale uses: Letter in the US and Canada (imperial
// measurement system), A4 elsewhere.
QPageSize defaultReportPageSize(const QLocale& locale);

// Each returns false with *error naming the file on failure.
bool writeReportPdf(const ReportData& data, const QString& path, const QPageSize& pageSize,
                    QString* error = nullptr, PdfLayout* layout = nullptr);
bool writeReportHtml(const ReportData& data, const QString& path, QString* error = nullptr);

// OUT.pdf and OUT.html beside it, or only the HTML when `path` ends ".html"
// / ".htm". `written` receives the paths written.
bool writeReport(const ReportData& data, const QString& path, const QPageSize& pageSize,
                 QStringList* written = nullptr, QString* error = nullptr);

// The HTML file that goes with a PDF path ("r.pdf" -> "r.html").
QString htmlPathFor(const QString& pdfPath);

}  // namespace gpnmsa::ui
