// SPDX-License-Identifier: GPL-3.0-or-later
#include "report_dialog.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>

#include "main_window.h"
#include "report_runner.h"
#include "report_writer.h"

namespace gpnmsa::ui {

namespace {
constexpr const char* kPageSizeKey = "report/pageSize";  // "A4" / "Letter"
constexpr const char* kDirKey = "report/dir";
}  // namespace

void openReportDialog(MainWindow* window) {
  const std::vector<int> rows = selectedReportRows(*window);
  if (rows.empty()) {
    QMessageBox::information(window, QObject::tr("Report"),
                             QObject::tr("Select one or more variants in the table first."));
    return;
  }
  QSettings settings;
  QDialog dialog(window);
  dialog.setWindowTitle(QObject::tr("Report"));
  auto* form = new QFormLayout(&dialog);
  form->addRow(new QLabel(QObject::tr("A PDF and an HTML file with the same content for the %n selected "
                                      "variant(s); the logo is computed exactly for each (a few seconds each).",
                                      nullptr, int(rows.size()))));
  auto* pathEdit = new QLineEdit(
      QDir(settings.value(kDirKey, QDir::homePath()).toString()).filePath(QStringLiteral("gpnmsa-report.pdf")));
  auto* browse = new QPushButton(QObject::tr("Browse…"));
  auto* pathRow = new QHBoxLayout;
  pathRow->addWidget(pathEdit, 1);
  pathRow->addWidget(browse);
  form->addRow(QObject::tr("PDF file:"), pathRow);
  QObject::connect(browse, &QPushButton::clicked, &dialog, [&dialog, pathEdit] {
    const QString p = QFileDialog::getSaveFileName(&dialog, QObject::tr("Report"), pathEdit->text(),
                                                   QObject::tr("PDF (*.pdf);;HTML only (*.html)"));
    if (!p.isEmpty()) pathEdit->setText(p);
  });
  auto* paper = new QComboBox;
  paper->addItem(QStringLiteral("A4"), int(QPageSize::A4));
  paper->addItem(QStringLiteral("Letter"), int(QPageSize::Letter));
  const QString remembered = settings.value(kPageSizeKey).toString();
  const QPageSize initial = remembered == QLatin1String("Letter") ? QPageSize(QPageSize::Letter)
                            : remembered == QLatin1String("A4")   ? QPageSize(QPageSize::A4)
                                                                  : defaultReportPageSize(QLocale());
  paper->setCurrentIndex(paper->findData(int(initial.id())));
  form->addRow(QObject::tr("Paper:"), paper);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  form->addRow(buttons);
  QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
  QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  if (dialog.exec() != QDialog::Accepted || pathEdit->text().isEmpty()) return;

  const QString path = pathEdit->text();
  const QPageSize pageSize(QPageSize::PageSizeId(paper->currentData().toInt()));
  settings.setValue(kPageSizeKey, paper->currentText());
  settings.setValue(kDirKey, QFileInfo(path).absolutePath());

  // The runner and the progress dialog live until the report ends.
  auto* runner = new ReportRunner(window);
  auto* progress = new QProgressDialog(QObject::tr("Computing the report's logos…"), QObject::tr("Cancel"), 0, 100,
                                       window);
  progress->setWindowTitle(QObject::tr("Report"));
  progress->setMinimumDuration(0);
  progress->setAutoClose(false);
  progress->setAutoReset(false);
  progress->setValue(0);
  QObject::connect(progress, &QProgressDialog::canceled, runner, &ReportRunner::cancel);
  QObject::connect(runner, &ReportRunner::progress, progress, [progress](qint64 done, qint64 total) {
    progress->setMaximum(int(total));
    progress->setValue(int(done));
  });
  QObject::connect(runner, &ReportRunner::finished, window,
                   [window, runner, progress](bool cancelled, const QString& error, const QStringList& written) {
                     progress->deleteLater();
                     runner->deleteLater();
                     if (cancelled) window->statusBar()->showMessage(QObject::tr("Report cancelled"), 5000);
                     else if (!error.isEmpty()) QMessageBox::warning(window, QObject::tr("Report"), error);
                     else window->statusBar()->showMessage(QObject::tr("Wrote %1").arg(written.join(", ")), 8000);
                   });
  QString error;
  if (!runner->start(*window, rows, path, pageSize, &error)) {
    progress->deleteLater();
    runner->deleteLater();
    QMessageBox::warning(window, QObject::tr("Report"), error);
  }
}

}  // namespace gpnmsa::ui
