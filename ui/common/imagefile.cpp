#include "common/imagefile.h"

#include "data/imageprobe.h"

#include <QBuffer>
#include <QImageReader>

namespace photocat::ui {

QImage readImageForDisplay(const QString &path, int maxSide, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return QImage();
    };
    std::string bytes, why;
    if (!core::readImageFile(path.toStdString(), bytes, why))
        return fail(QString::fromStdString(why));
    const core::ProbeResult probe = core::probeImageData(bytes);
    if (!probe.ok)
        return fail(QString::fromStdString(probe.error));
    QByteArray data = QByteArray::fromRawData(bytes.data(), qsizetype(bytes.size()));
    QBuffer buffer(&data);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setAutoTransform(true);
    const QSize full = reader.size();
    if (full.isValid() && (full.width() > maxSide || full.height() > maxSide))
        reader.setScaledSize(full.scaled(maxSide, maxSide, Qt::KeepAspectRatio));
    QImage image;
    if (!reader.read(&image))
        return fail(reader.errorString());
    if (image.width() > maxSide || image.height() > maxSide)
        image = image.scaled(maxSide, maxSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image;
}

} // namespace photocat::ui
