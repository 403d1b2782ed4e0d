// SPDX-License-Identifier: GPL-3.0-or-later
#include "report_figures.h"

#include <QPainter>
#include <QPicture>
#include <QLinearGradient>
#include <QLocale>
#include <QScrollBar>
#include <cmath>
#include <memory>
#include <optional>
#include <qcustomplot.h>

#include "alignment_view.h"
#include "gene_track_view.h"
#include "logo_view.h"
#include "mutagenesis_plot.h"

namespace gpnmsa::ui {

namespace {
constexpr double kFigureWidth = 900;  // report pixels: the app's logo width
constexpr double kLogoHeight = 170, kMapHeight = 170;
constexpr double kLegendWidth = 70;   // right of the map: its colour scale

// A widget laid out as when shown, but never on screen. It is the child of
// a hidden-from-screen holder, not a window itself: a window is clamped to
// the screen's size (800 x 600 on the offscreen platform), a child is not.
template <typename W>
struct Offscreen {
  std::unique_ptr<QWidget> holder = std::make_unique<QWidget>();
  W* widget;
  explicit Offscreen(QSize size) : widget(new W(holder.get())) {
    holder->setAttribute(Qt::WA_DontShowOnScreen);
    holder->show();
    widget->resize(size);
  }
  W* operator->() const { return widget; }
  W* get() const { return widget; }
};
template <typename W>
Offscreen<W> offscreen(QSize size) {
  return Offscreen<W>(size);
}

// The map for the report: the app's plot, its colour map replaced by one
// rectangle per cell and its colour scale by a gradient bar (both vector).
// `left`/`right` receive the plot area's margins so the logo can line up.
std::unique_ptr<MutagenesisPlot> reportMap(const ReportVariant& v, QSize size, int* left, int* right) {
  auto plot = std::make_unique<MutagenesisPlot>();
  plot->setPositions(v.figures.logits);
  plot->setMarkedPosition(v.row.variant.pos);
  QCPColorMap* map = plot->colorMap();
  QCPColorGradient gradient = map->gradient();  // color() fills a lookup table: not const
  const QCPRange range = map->dataRange();
  plot->addLayer(QStringLiteral("cells"), plot->layer(QStringLiteral("main")), QCustomPlot::limBelow);
  for (const auto& pl : v.figures.logits)
    for (int b = 0; b < 4; ++b) {
      const double value = plot->scoreAt(pl.pos, b);
      if (std::isnan(value)) continue;
      auto* cell = new QCPItemRect(plot.get());
      cell->setLayer(QStringLiteral("cells"));
      cell->setClipToAxisRect(true);
      cell->topLeft->setCoords(pl.pos - 0.5, b - 0.5);
      cell->bottomRight->setCoords(pl.pos + 0.5, b + 0.5);
      const QColor c = gradient.color(value, range);
      cell->setPen(QPen(c, 0.3));  // hairline in the cell's colour: no seams between cells
      cell->setBrush(c);
    }
  map->setVisible(false);
  plot->plotLayout()->remove(plot->colorScale());
  plot->plotLayout()->simplify();
  plot->setViewport(QRect(QPoint(0, 0), size));
  plot->plotLayout()->setOuterRect(plot->viewport());
  plot->plotLayout()->update(QCPLayoutElement::upPreparation);
  plot->plotLayout()->update(QCPLayoutElement::upMargins);
  plot->plotLayout()->update(QCPLayoutElement::upLayout);
  const QRect area = plot->axisRect()->rect();
  *left = area.left();
  *right = size.width() - (area.left() + area.width());
  return plot;
}

void paintLegend(QCPPainter& p, const QRectF& box, const QCPColorGradient& g, double maxAbs) {
  const QRectF bar(box.left() + 8, box.top() + 14, 12, box.height() - 40);
  QLinearGradient lg(bar.bottomLeft(), bar.topLeft());  // low (red) at the bottom, as the app's scale
  for (auto it = g.colorStops().cbegin(); it != g.colorStops().cend(); ++it) lg.setColorAt(it.key(), it.value());
  p.setPen(QPen(Qt::black, 0.5));
  p.setBrush(lg);
  p.drawRect(bar);
  QFont f = p.font();
  f.setPointSizeF(7);
  p.setFont(f);
  const QLocale english(QLocale::English);
  auto label = [&](double y, const QString& text) {
    p.drawText(QRectF(bar.right() + 3, y - 7, box.right() - bar.right() - 3, 14), Qt::AlignLeft | Qt::AlignVCenter,
               text);
  };
  label(bar.top(), english.toString(maxAbs, 'f', 1));
  label(bar.center().y(), QStringLiteral("0"));
  label(bar.bottom(), english.toString(-maxAbs, 'f', 1));
  p.drawText(QRectF(box.left(), bar.bottom() + 8, box.width(), 16), Qt::AlignLeft | Qt::AlignVCenter,
             QStringLiteral("Δ logit"));
}

// The gene track over the logo's positions, its plot area `left`/`right` px
// from the figure's edges (as the logo's), painted by the app's own gene
// track painter. Nothing (no figure, no space) when no gene annotation was set.
std::optional<ReportFigure> geneTrackFigure(const ReportVariant& v, int left, int right) {
  const GeneTrackData& genes = v.figures.genes;
  if (!genes.annotationLoaded) return std::nullopt;
  const double height = geneTrackHeight(genes);
  const QString caption =
      QObject::tr("Genes and transcripts of %1 over the same positions (thick: CDS; thin: UTR / non-coding exon)")
          .arg(v.figures.genesSource);
  return ReportFigure{caption, QSizeF(kFigureWidth, height), [genes, left, right, height](QCPPainter& p) {
                        paintGeneTrack(p, QRectF(left, 0, kFigureWidth - left - right, height), genes);
                      }};
}

// Draws a widget's own paintEvent output into the painter, vectors and text
// as such. Recorded into a QPicture at the widget's own scale and replayed:
// QWidget::render straight into a scaled painter clips the widget's own clip
// rectangles with the scale applied twice (the alignment's last rows lost
// their labels on the PDF page).
void renderWidget(QCPPainter& p, QWidget* w) {
  QPicture picture;
  {
    QPainter recorder(&picture);
    w->render(&recorder, QPoint(), QRegion(), QWidget::DrawChildren);
  }
  p.drawPicture(QPointF(0, 0), picture);
}
}  // namespace

std::vector<ReportFigure> reportFigures(const ReportVariant& v) {
  std::vector<ReportFigure> out;
  if (v.figures.logits.empty() || v.figures.window.length() == 0) return out;
  const QSize mapSize(int(kFigureWidth - kLegendWidth), int(kMapHeight));
  const qint64 first = v.figures.logits.front().pos, last = v.figures.logits.back().pos;
  const QString span = QStringLiteral("%1:%2-%3")
                           .arg(v.figures.window.chrom, QLocale(QLocale::English).toString(first),
                                QLocale(QLocale::English).toString(last));

  int left = LogoView::kDefaultLeftMargin, right = LogoView::kDefaultRightMargin;
  std::shared_ptr<MutagenesisPlot> map(reportMap(v, mapSize, &left, &right).release());
  const int logoRight = right + int(kLegendWidth);  // the logo spans the map's plot area

  // First figure, over the same positions and column margins as the logo.
  if (auto track = geneTrackFigure(v, left, logoRight)) out.push_back(*track);
  const qint64 marked = v.row.variant.pos;
  auto logits = v.figures.logits;
  out.push_back({QObject::tr("Sequence logo of the model's predictions, %1 (marked: the variant)").arg(span),
                 QSizeF(kFigureWidth, kLogoHeight), [logits, marked, left, logoRight](QCPPainter& p) {
                   auto logo = offscreen<LogoView>(QSize(int(kFigureWidth), int(kLogoHeight)));
                   logo->setPlotMargins(left, logoRight);
                   logo->setPositions(logits);
                   logo->setMarkedPosition(marked);
                   renderWidget(p, logo.get());
                 }});
  out.push_back({QObject::tr("In-silico mutagenesis: logit(alt) − logit(ref) at every position (red: less likely "
                             "than the reference)"),
                 QSizeF(kFigureWidth, kMapHeight), [map, mapSize](QCPPainter& p) {
                   const auto g = map->colorMap()->gradient();
                   const double maxAbs = map->colorMap()->dataRange().upper;
                   p.save();
                   map->toPainter(&p, mapSize.width(), mapSize.height());
                   p.restore();
                   paintLegend(p, QRectF(mapSize.width(), 0, kLegendWidth, mapSize.height()), g, maxAbs);
                 }});
  // The whole window, every row: 5-px cells (no letters), 8-px rows.
  const AlignmentWindowData window = v.figures.window;
  auto probe = offscreen<AlignmentView>(QSize(100, 100));
  probe->setFrameShape(QFrame::NoFrame);
  probe->setWindow(window);
  probe->setCellWidth(5);
  const QRect cells = probe->cellRect(window.columns - 1, window.length() - 1);
  const QSize alignSize(cells.right() + 1, cells.bottom() + 1);
  out.push_back({QObject::tr("Alignment window %1: human, then %2 species (gaps and missing rows as in the app)")
                     .arg(span)
                     .arg(window.columns - 1),
                 QSizeF(alignSize), [window, alignSize](QCPPainter& p) {
                   auto view = offscreen<AlignmentView>(alignSize);
                   view->setFrameShape(QFrame::NoFrame);
                   view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
                   view->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
                   view->resize(alignSize);
                   view->setWindow(window);
                   view->setCellWidth(5);
                   view->horizontalScrollBar()->setValue(0);
                   renderWidget(p, view->viewport());
                 }});
  return out;
}

}  // namespace gpnmsa::ui
