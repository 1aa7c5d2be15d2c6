#pragma once

#include <QImage>
#include <QString>

namespace photocat::ui {

/**
 * Decodes a picture for display (thumbnails, previews) the way the engine reads one: only a
 * regular file, opened without blocking (never a FIFO or device), whose header is probed first,
 * so an image over core::kMaxImagePixels is refused, not decoded. EXIF orientation is applied;
 * a picture larger than maxSide is decoded scaled down (JPEGs in the DCT domain). A null image
 * with *error set when it cannot be shown.
 */
QImage readImageForDisplay(const QString &path, int maxSide, QString *error = nullptr);

} // namespace photocat::ui
