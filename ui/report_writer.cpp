// SPDX-License-Identifier: GPL-3.0-or-later
#include "report_writer.h"

#include <QBuffer>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QLocale>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <algorithm>
#include <qcustomplot.h>

#include "gpnmsa/version.h"
#include "report_figures.h"
#include "view_export.h"

namespace gpnmsa::ui {

namespace {
// Report pixels: 96 per inch, the widgets' own unit, so the views' point-size
// fonts and pixel geometry keep their proportions on paper.
constexpr int kDpi = 96;
constexpr double kMarginMm = 12;
constexpr double kLabelWidth = 150, kGap = 6;

bool fail(QString* error, const QString& message) {
  if (error) *error = message;
  return false;
}

QString reportTitle() { return QObject::tr("GPN-MSA Studio: variant report"); }

QFont font(double points, bool bold = false, bool italic = false) {
  QFont f(QStringLiteral("DejaVu Sans"));
  // No shaping: Latin ligatures would turn the "ff" of a commit, a path or a
  // file name into one glyph, and text copied from the PDF would not match.
  f.setStyleHint(QFont::SansSerif, QFont::PreferNoShaping);
  f.setPointSizeF(points);
  f.setBold(bold);
  f.setItalic(italic);
  return f;
}

// Lays blocks out top to bottom over as many pages as they need: a block
// that does not fit in what is left of a page starts the next one; a figure
// taller than a page is shrunk to fit one. Every block is recorded.
class Flow {
 public:
  Flow(QCPPainter& p, QPdfWriter& pdf, PdfLayout& layout) : p_(p), pdf_(pdf), layout_(layout) {
    layout_.printable = QRectF(QPointF(0, 0), pdf.pageLayout().paintRectPixels(kDpi).size());
    // The footer's line is kept free at the bottom of every page.
    bottom_ = layout_.printable.height() - footerHeight();
    layout_.pages = 1;
    footer();
  }
  double width() const { return layout_.printable.width(); }

  void newPage() {
    pdf_.newPage();
    ++layout_.pages;
    y_ = 0;
    footer();
  }
  void space(double h) { y_ += h; }

  void text(const QString& s, const QFont& f, const QColor& color = Qt::black) {
    const QRectF box = measure(s, f, width());
    ensure(box.height());
    p_.setFont(f);
    p_.setPen(color);
    const QRectF r(0, y_, width(), box.height());
    p_.drawText(r, flags(s, f, width()), s);
    record("text", r);
    y_ += box.height() + 3;
  }

  // A framed paragraph (the research-use statement).
  void boxed(const QString& s, const QFont& f) {
    const double pad = 6;
    const QRectF box = measure(s, f, width() - 2 * pad);
    ensure(box.height() + 2 * pad);
    const QRectF r(0, y_, width(), box.height() + 2 * pad);
    p_.setPen(QPen(QColor(150, 40, 40), 1));
    p_.setBrush(QColor(253, 240, 238));
    p_.drawRect(r);
    p_.setFont(f);
    p_.setPen(Qt::black);
    p_.drawText(r.adjusted(pad, pad, -pad, -pad), flags(s, f, width() - 2 * pad), s);
    record("text", r);
    y_ += r.height() + 6;
  }

  // Label/value rows; a row that does not fit starts a new page.
  void fields(const std::vector<ReportField>& rows, const QFont& f) {
    const QFont bold = [&] { QFont b = f; b.setBold(true); return b; }();
    const double valueW = width() - kLabelWidth - kGap;
    for (const auto& row : rows) {
      const QRectF l = measure(row.label, bold, kLabelWidth), v = measure(row.value, f, valueW);
      const double h = std::max(l.height(), v.height());
      ensure(h);
      p_.setPen(Qt::black);
      p_.setFont(bold);
      p_.drawText(QRectF(0, y_, kLabelWidth, h), flags(row.label, bold, kLabelWidth), row.label);
      p_.setFont(f);
      const QRectF vr(kLabelWidth + kGap, y_, valueW, h);
      p_.drawText(vr, flags(row.value, f, valueW), row.value);
      record("fields", QRectF(0, y_, width(), h));
      p_.setPen(QPen(QColor(220, 220, 220), 0.5));
      p_.drawLine(QPointF(0, y_ + h + 1), QPointF(width(), y_ + h + 1));
      y_ += h + 3;
    }
    y_ += 4;
  }

  void figure(const ReportFigure& fig) {
    const QFont cf = font(7.5, false, true);
    const double captionH = measure(fig.caption, cf, width()).height() + 2;
    const double available = bottom_ - captionH;
    double scale = std::min(1.0, width() / fig.size.width());
    scale = std::min(scale, available / fig.size.height());
    const double h = fig.size.height() * scale;
    ensure(captionH + h);
    p_.save();
    p_.translate(0, y_);
    p_.scale(scale, scale);
    p_.setClipRect(QRectF(QPointF(0, 0), fig.size));
    fig.paint(p_);
    p_.restore();
    const QRectF r(0, y_, fig.size.width() * scale, h);
    layout_.blocks.push_back({layout_.pages - 1, QStringLiteral("figure"), r, scale});
    y_ += h + 1;
    p_.setFont(cf);
    p_.setPen(QColor(60, 60, 60));
    const QRectF cr(0, y_, width(), captionH);
    p_.drawText(cr, flags(fig.caption, cf, width()), fig.caption);
    record("text", cr);
    y_ += captionH + 8;
  }

 private:
  // Word-wrapped; a word longer than the line (a path, a digest) may break anywhere.
  int flags(const QString& s, const QFont& f, double w) const {
    const QFontMetricsF fm(f, &pdf_);
    const QRectF words = fm.boundingRect(QRectF(0, 0, w, 1e6), Qt::TextWordWrap, s);
    return Qt::AlignLeft | Qt::AlignTop | (words.width() > w ? Qt::TextWrapAnywhere : Qt::TextWordWrap);
  }
  QRectF measure(const QString& s, const QFont& f, double w) const {
    const QFontMetricsF fm(f, &pdf_);
    return fm.boundingRect(QRectF(0, 0, w, 1e6), flags(s, f, w), s);
  }
  void ensure(double h) {
    if (y_ > 0 && y_ + h > bottom_) newPage();
  }
  void record(const char* kind, const QRectF& r) {
    layout_.blocks.push_back({layout_.pages - 1, QString::fromLatin1(kind), r, 1});
  }
  double footerHeight() const { return QFontMetricsF(font(7), &pdf_).height() + 4; }
  void footer() {
    const QFont f = font(7);
    p_.setFont(f);
    p_.setPen(QColor(90, 90, 90));
    const QRectF r(0, layout_.printable.height() - footerHeight() + 4, width(), footerHeight() - 4);
    p_.drawText(r, Qt::AlignLeft | Qt::AlignVCenter,
                QObject::tr("GPN-MSA Studio report · for research use, not a diagnostic device"));
    p_.drawText(r, Qt::AlignRight | Qt::AlignVCenter, QObject::tr("page %1").arg(layout_.pages));
    record("text", r);
  }

  QCPPainter& p_;
  QPdfWriter& pdf_;
  PdfLayout& layout_;
  double y_ = 0, bottom_ = 0;
};

QString svgOf(const ReportFigure& fig) {
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  {
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setResolution(kDpi);
    svg.setSize(fig.size.toSize());
    svg.setViewBox(QRectF(QPointF(0, 0), fig.size));
    svg.setTitle(fig.caption);
    QCPPainter p;
    if (!p.begin(&svg)) return {};
    fig.paint(p);
    p.end();
  }
  // Inline: the XML declaration and doctype stay out of the HTML.
  const qsizetype at = bytes.indexOf("<svg");
  return at < 0 ? QString() : QString::fromUtf8(bytes.mid(at));
}

QString fieldsTable(const std::vector<ReportField>& rows) {
  QString h = QStringLiteral("<table class=\"fields\">\n");
  for (const auto& r : rows)
    h += QStringLiteral("<tr><th>%1</th><td>%2</td></tr>\n").arg(r.label.toHtmlEscaped(), r.value.toHtmlEscaped());
  return h + QStringLiteral("</table>\n");
}
}  // namespace

QPageSize defaultReportPageSize(const QLocale& locale) {
  return locale.measurementSystem() == QLocale::ImperialUSSystem ? QPageSize(QPageSize::Letter)
                                                                  : QPageSize(QPageSize::A4);
}

bool writeReportPdf(const ReportData& data, const QString& path, const QPageSize& pageSize, QString* error,
                    PdfLayout* layoutOut) {
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  PdfLayout layout;
  {
    QPdfWriter pdf(&buffer);
    pdf.setResolution(kDpi);
    if (!pdf.setPageSize(pageSize)) return fail(error, QObject::tr("Page size %1 is not supported").arg(pageSize.name()));
    pdf.setPageMargins(QMarginsF(kMarginMm, kMarginMm, kMarginMm, kMarginMm), QPageLayout::Millimeter);
    pdf.setTitle(reportTitle());
    pdf.setCreator(QStringLiteral("GPN-MSA Studio " GPNMSA_VERSION));
    QCPPainter p;
    if (!p.begin(&pdf)) return fail(error, QObject::tr("Cannot start PDF output for %1").arg(path));
    p.setRenderHint(QPainter::Antialiasing);
    Flow flow(p, pdf, layout);
    flow.text(reportTitle(), font(15, true));
    flow.text(QObject::tr("Created %1 · %n variant(s)", nullptr, int(data.variants.size()))
                  .arg(data.created.toString(Qt::ISODate)),
              font(9));
    flow.boxed(researchUseStatement() + QStringLiteral("\n") + calibrationStatement(), font(8.5));
    bool first = true;
    for (const auto& v : data.variants) {
      if (!first) flow.newPage();
      first = false;
      flow.text(v.title, font(13, true));
      flow.fields(v.fields, font(8.5));
      const auto figures = reportFigures(v);
      if (figures.empty())
        flow.text(QObject::tr("No figures: %1").arg(v.figures.error.isEmpty() ? QObject::tr("not computed")
                                                                               : v.figures.error),
                  font(8.5, false, true));
      else
        flow.text(QObject::tr("Figures: logits computed %1.").arg(data.logoMode), font(8, false, true));
      for (const auto& fig : figures) flow.figure(fig);
    }
    flow.newPage();
    flow.text(QObject::tr("Provenance"), font(13, true));
    flow.fields(data.provenance, font(8));
    flow.text(researchUseStatement(), font(8));
    p.end();
  }
  if (layoutOut) *layoutOut = layout;
  return writeAtomically(path, bytes, error);
}

bool writeReportHtml(const ReportData& data, const QString& path, QString* error) {
  QString h;
  h += QStringLiteral(
           "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>%1</title>\n<style>\n"
           "body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#111}\n"
           "table.fields{border-collapse:collapse;margin:0.5em 0}\n"
           "table.fields th{text-align:left;vertical-align:top;padding:2px 12px 2px 0;white-space:nowrap}\n"
           "table.fields td{padding:2px 0;word-break:break-all}\n"
           ".statement{border:1px solid #963;background:#fdf0ee;padding:0.6em}\n"
           "figure{margin:1em 0}figure svg{max-width:100%;height:auto}figcaption{font-size:smaller;font-style:italic}\n"
           "section.variant{border-top:2px solid #444;margin-top:2em}\n</style>\n</head>\n<body>\n")
           .arg(reportTitle().toHtmlEscaped());
  h += QStringLiteral("<h1>%1</h1>\n<p>%2</p>\n")
           .arg(reportTitle().toHtmlEscaped(),
                QObject::tr("Created %1 · %n variant(s)", nullptr, int(data.variants.size()))
                    .arg(data.created.toString(Qt::ISODate))
                    .toHtmlEscaped());
  h += QStringLiteral("<p class=\"statement\">%1<br>%2</p>\n")
           .arg(researchUseStatement().toHtmlEscaped(), calibrationStatement().toHtmlEscaped());
  for (const auto& v : data.variants) {
    h += QStringLiteral("<section class=\"variant\">\n<h2>%1</h2>\n").arg(v.title.toHtmlEscaped());
    h += fieldsTable(v.fields);
    const auto figures = reportFigures(v);
    if (figures.empty())
      h += QStringLiteral("<p><em>%1</em></p>\n")
               .arg(QObject::tr("No figures: %1")
                        .arg(v.figures.error.isEmpty() ? QObject::tr("not computed") : v.figures.error)
                        .toHtmlEscaped());
    else
      h += QStringLiteral("<p><em>%1</em></p>\n")
               .arg(QObject::tr("Figures: logits computed %1.").arg(data.logoMode).toHtmlEscaped());
    for (const auto& fig : figures)
      h += QStringLiteral("<figure>\n%1\n<figcaption>%2</figcaption>\n</figure>\n")
               .arg(svgOf(fig), fig.caption.toHtmlEscaped());
    h += QStringLiteral("</section>\n");
  }
  h += QStringLiteral("<section class=\"provenance\">\n<h2>%1</h2>\n").arg(QObject::tr("Provenance"));
  h += fieldsTable(data.provenance);
  h += QStringLiteral("</section>\n</body>\n</html>\n");
  return writeAtomically(path, h.toUtf8(), error);
}

QString htmlPathFor(const QString& pdfPath) {
  const QFileInfo fi(pdfPath);
  if (fi.suffix().compare(QStringLiteral("pdf"), Qt::CaseInsensitive) == 0)
    return pdfPath.left(pdfPath.size() - 3) + QStringLiteral("html");
  return pdfPath + QStringLiteral(".html");
}

bool writeReport(const ReportData& data, const QString& path, const QPageSize& pageSize, QStringList* written,
                 QString* error) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix == QLatin1String("html") || suffix == QLatin1String("htm")) {
    if (!writeReportHtml(data, path, error)) return false;
    if (written) *written = {path};
    return true;
  }
  const QString html = htmlPathFor(path);
  if (!writeReportPdf(data, path, pageSize, error) || !writeReportHtml(data, html, error)) return false;
  if (written) *written = {path, html};
  return true;
}

}  // namespace gpnmsa::ui
