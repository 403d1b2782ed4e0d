// SPDX-License-Identifier: GPL-3.0-or-later
#include "view_export.h"

#include <QBuffer>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QPixmap>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>
#include <qcustomplot.h>

namespace gpnmsa::ui {

namespace {
bool fail(QString* error, const QString& message) {
  if (error) *error = message;
  return false;
}

}  // namespace

// Renders go to memory first, then one write through QSaveFile. Every step is
// checked here: Qt 6.4's QSaveFile does not notice a failed buffered write
// (e.g. disk full) and would still rename a truncated file over the old one.
bool writeAtomically(const QString& path, const QByteArray& bytes, QString* error) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly))
    return fail(error, QObject::tr("Cannot write %1: %2").arg(path, file.errorString()));
  if (file.write(bytes) != bytes.size() || !file.flush() || file.error() != QFileDevice::NoError) {
    const QString why = file.errorString();
    file.cancelWriting();
    return fail(error, QObject::tr("Cannot write %1: %2").arg(path, why));
  }
  if (!file.commit()) return fail(error, QObject::tr("Cannot write %1: %2").arg(path, file.errorString()));
  return true;
}

bool exportWidgetPng(QWidget* widget, const QString& path, QString* error) {
  if (!widget) return fail(error, QObject::tr("Nothing to export"));
  const QPixmap pixmap = widget->grab();
  if (pixmap.isNull()) return fail(error, QObject::tr("The view is empty; nothing written to %1").arg(path));
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  if (!pixmap.toImage().save(&buffer, "PNG")) return fail(error, QObject::tr("Cannot encode PNG for %1").arg(path));
  return writeAtomically(path, bytes, error);
}

bool exportWidgetSvg(QWidget* widget, const QString& path, QString* error) {
  if (!widget) return fail(error, QObject::tr("Nothing to export"));
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  const QSize size = widget->size();
  {
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    svg.setTitle(widget->windowTitle().isEmpty() ? QFileInfo(path).completeBaseName() : widget->windowTitle());
    svg.setDescription(QObject::tr("Exported by GPN-MSA Studio"));
    if (auto* plot = qobject_cast<QCustomPlot*>(widget)) {
      // QCustomPlot paints from cached pixmaps; toPainter() redraws as vectors.
      QCPPainter painter;
      if (!painter.begin(&svg)) return fail(error, QObject::tr("Cannot start SVG output for %1").arg(path));
      plot->toPainter(&painter, size.width(), size.height());
      painter.end();  // writes the closing </svg>
    } else {
      QPainter painter;
      if (!painter.begin(&svg)) return fail(error, QObject::tr("Cannot start SVG output for %1").arg(path));
      widget->render(&painter);
      painter.end();
    }
  }
  return writeAtomically(path, bytes, error);
}

bool exportWidget(QWidget* widget, const QString& path, QString* error) {
  return path.endsWith(QStringLiteral(".svg"), Qt::CaseInsensitive) ? exportWidgetSvg(widget, path, error)
                                                                     : exportWidgetPng(widget, path, error);
}

}  // namespace gpnmsa::ui
