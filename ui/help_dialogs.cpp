// SPDX-License-Identifier: GPL-3.0-or-later
#include "help_dialogs.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include "gpnmsa/library_versions.h"
#include "gpnmsa/version.h"

namespace gpnmsa::ui {

QString aboutText() {
  const auto q = [](const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); };
  QString t;
  t += QObject::tr("<h3>GPN-MSA Studio %1</h3>").arg(QStringLiteral(GPNMSA_VERSION));
  t += QObject::tr("<p>Source commit %1</p>").arg(QString::fromUtf8(gpnmsa::buildCommit()).toHtmlEscaped());
  t += QObject::tr("<p>Scores human genetic variants with GPN-MSA (Benegas et al., <i>Nature Biotechnology</i> "
                   "2025). For research use; scores are not calibrated against clinical benchmarks and have no "
                   "published cut-off.</p>");
  t += QObject::tr("<p>Licence: GPL-3.0-or-later.</p>");
  t += QObject::tr("<table cellspacing=6><tr><th align=left>library</th><th align=left>version</th>"
                   "<th align=left>licence</th></tr>");
  const auto row = [](const QString& name, const QString& version, const QString& licence) {
    return QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td></tr>").arg(name, version, licence);
  };
  // Qt: the version loaded at run time (qVersion), and the one built against if different.
  QString qt = QString::fromLatin1(qVersion());
  if (qt != QLatin1String(QT_VERSION_STR)) qt += QObject::tr(" (built with %1)").arg(QLatin1String(QT_VERSION_STR));
  t += row(QStringLiteral("Qt"), qt, QStringLiteral("LGPL-3.0"));
  t += row(QStringLiteral("libtorch"), q(gpnmsa::libtorchVersion()), QStringLiteral("BSD-3-Clause"));
  t += row(QStringLiteral("htslib"), q(gpnmsa::htslibVersion()), QStringLiteral("MIT/Expat and BSD"));
  t += row(QStringLiteral("QCustomPlot"), QStringLiteral(QCUSTOMPLOT_VERSION_STR), QStringLiteral("GPL-3.0"));
  t += QStringLiteral("</table>");
  return t;
}

namespace {
QString shortcutText(const QAction* a) {
  QStringList keys;
  for (const QKeySequence& k : a->shortcuts()) keys << k.toString(QKeySequence::NativeText);
  return keys.join(QStringLiteral(", "));
}

QString plain(QString text) {
  text.remove(QRegularExpression(QStringLiteral("&(?!&)")));  // mnemonic markers, not "&&"
  text.replace(QStringLiteral("&&"), QStringLiteral("&"));
  text.remove(QChar(0x2026));  // "Open…" reads as "Open"
  return text.trimmed();
}

void collect(const QMenu* menu, const QString& path, QSet<const QAction*>* seen, std::vector<ShortcutEntry>* out) {
  for (const QAction* a : menu->actions()) {
    if (a->isSeparator()) continue;
    const QString name = path + QStringLiteral(" ▸ ") + plain(a->text());
    if (a->menu()) {
      collect(a->menu(), name, seen, out);
      continue;
    }
    seen->insert(a);
    if (!a->shortcuts().isEmpty()) out->push_back({name, shortcutText(a)});
  }
}
}  // namespace

std::vector<ShortcutEntry> keyboardShortcuts(const QWidget* window) {
  std::vector<ShortcutEntry> out;
  QSet<const QAction*> seen;
  if (const auto* main = qobject_cast<const QMainWindow*>(window); main && main->menuBar())
    for (const QAction* top : main->menuBar()->actions())
      if (top->menu()) collect(top->menu(), plain(top->text()), &seen, &out);
  // Actions outside the menus (a view's own keys) follow, named by their text.
  for (const QAction* a : window->findChildren<QAction*>()) {
    if (seen.contains(a) || a->shortcuts().isEmpty() || a->menu()) continue;
    seen.insert(a);
    const QString tip = plain(a->toolTip().isEmpty() ? a->text() : a->toolTip());
    out.push_back({tip, shortcutText(a)});
  }
  return out;
}

void showAbout(QWidget* parent) {
  QMessageBox::about(parent, QObject::tr("About GPN-MSA Studio"), aboutText());
}

void showKeyboardShortcuts(QWidget* parent) {
  QDialog dialog(parent);
  dialog.setWindowTitle(QObject::tr("Keyboard Shortcuts"));
  const auto entries = keyboardShortcuts(parent);
  auto* table = new QTableWidget(int(entries.size()), 2, &dialog);
  table->setObjectName("shortcutTable");
  table->setHorizontalHeaderLabels({QObject::tr("Action"), QObject::tr("Shortcut")});
  table->verticalHeader()->hide();
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  for (int i = 0; i < int(entries.size()); ++i) {
    table->setItem(i, 0, new QTableWidgetItem(entries[size_t(i)].action));
    table->setItem(i, 1, new QTableWidgetItem(entries[size_t(i)].shortcut));
  }
  table->resizeColumnsToContents();
  table->horizontalHeader()->setStretchLastSection(true);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
  QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  auto* layout = new QVBoxLayout(&dialog);
  layout->addWidget(new QLabel(QObject::tr("The shortcuts of this window's commands (from the commands themselves):")));
  layout->addWidget(table, 1);
  layout->addWidget(buttons);
  dialog.resize(520, 420);
  dialog.exec();
}

}  // namespace gpnmsa::ui
