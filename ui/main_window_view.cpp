// SPDX-License-Identifier: GPL-3.0-or-later
// MainWindow's View menu: the region browser's tracks on/off (remembered in
// QSettings under view/track/<name>), zoom in / out / reset and "Go to
// variant", with shortcuts that work wherever the focus is (the browser's
// own keys, + − and the arrows, work when it has the focus).
#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>

#include "detail_panel.h"
#include "main_window.h"
#include "region_browser.h"

namespace gpnmsa::ui {

void MainWindow::buildViewMenu() {
  QMenu* view = menuBar()->addMenu(tr("&View"));
  view->setObjectName(QStringLiteral("viewMenu"));
  RegionBrowser* browser = detail_->browser();
  struct Track {
    TrackKind kind;
    const char* key;
    QString text;
  };
  const Track tracks[] = {{TrackKind::Genes, "genes", tr("&Genes Track")},
                          {TrackKind::Logo, "logo", tr("Sequence &Logo")},
                          {TrackKind::Mutagenesis, "mutagenesis", tr("&Mutagenesis Map")},
                          {TrackKind::Alignment, "alignment", tr("&Alignment Rows")}};
  for (const Track& t : tracks) {
    const QString key = QStringLiteral("view/track/") + QLatin1String(t.key);
    QAction* a = view->addAction(t.text);
    a->setObjectName(QStringLiteral("viewTrack_") + QLatin1String(t.key));
    a->setCheckable(true);
    const bool on = QSettings().value(key, true).toBool();
    a->setChecked(on);
    browser->setTrackVisible(t.kind, on);
    connect(a, &QAction::toggled, this, [browser, kind = t.kind, key](bool checked) {
      browser->setTrackVisible(kind, checked);
      QSettings().setValue(key, checked);
    });
  }
  view->addSeparator();
  GenomeAxis* axis = browser->axis();
  QAction* in = view->addAction(tr("Zoom &In"), axis, &GenomeAxis::zoomIn);
  in->setObjectName(QStringLiteral("viewZoomIn"));
  in->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
  QAction* out = view->addAction(tr("Zoom &Out"), axis, &GenomeAxis::zoomOut);
  out->setObjectName(QStringLiteral("viewZoomOut"));
  out->setShortcut(QKeySequence::ZoomOut);
  QAction* reset = view->addAction(tr("&Reset Zoom"), axis, &GenomeAxis::resetZoom);
  reset->setObjectName(QStringLiteral("viewResetZoom"));
  reset->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
  QAction* go = view->addAction(tr("&Go to Variant"), axis, &GenomeAxis::goToMarked);
  go->setObjectName(QStringLiteral("viewGoToVariant"));
  go->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
}

}  // namespace gpnmsa::ui
