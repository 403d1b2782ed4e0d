// SPDX-License-Identifier: GPL-3.0-or-later
// Saving a detail view (alignment, logo, mutagenesis plot) as PNG or SVG.
// Written through QSaveFile (a temporary file renamed on success), so a
// failing export leaves any previous file at `path` untouched.
#pragma once
#include <QByteArray>
#include <QString>

class QWidget;

namespace gpnmsa::ui {

// Each returns false and sets *error (naming the file) on failure.
bool exportWidgetPng(QWidget* widget, const QString& path, QString* error = nullptr);
bool exportWidgetSvg(QWidget* widget, const QString& path, QString* error = nullptr);
// By suffix: ".svg" → SVG, anything else → PNG.
bool exportWidget(QWidget* widget, const QString& path, QString* error = nullptr);

// Writes `bytes` to `path` through QSaveFile, checking every step (Qt 6.4's
// QSaveFile misses a failed buffered write); false with *error on failure.
bool writeAtomically(const QString& path, const QByteArray& bytes, QString* error = nullptr);

}  // namespace gpnmsa::ui
