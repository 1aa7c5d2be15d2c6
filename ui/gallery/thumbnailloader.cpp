#include "gallery/thumbnailloader.h"

#include "common/imagefile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>

namespace photocat::ui {

ThumbnailLoader::ThumbnailLoader(const QString &cacheDir, int size, int threads, QObject *parent)
    : QObject(parent), mCacheDir(cacheDir), mSize(size)
{
    QDir().mkpath(mCacheDir);
    for (int i = 0; i < std::max(1, threads); ++i)
        mThreads.emplace_back(&ThumbnailLoader::work, this);
}

ThumbnailLoader::~ThumbnailLoader()
{
    {
        std::lock_guard lock(mMutex);
        mStop = true;
    }
    mWake.notify_all();
    for (auto &t : mThreads)
        t.join();
}

void ThumbnailLoader::setQueue(std::vector<ThumbnailRequest> requests)
{
    {
        std::lock_guard lock(mMutex);
        mQueue.assign(std::make_move_iterator(requests.begin()),
                      std::make_move_iterator(requests.end()));
    }
    mWake.notify_all();
}

QString ThumbnailLoader::cacheFile(const ThumbnailRequest &r) const
{
    const QByteArray key = r.path.toUtf8() + '|' + QByteArray::number(r.mtimeNs) + '|' +
                           QByteArray::number(r.bytes) + '|' + QByteArray::number(mSize);
    const QString hash =
        QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex());
    return mCacheDir + QLatin1Char('/') + hash.left(2) + QLatin1Char('/') + hash +
           QStringLiteral(".png");
}

QImage ThumbnailLoader::load(const ThumbnailRequest &r) const
{
    const QString cached = cacheFile(r);
    QImage image;
    if (QFile::exists(cached) && image.load(cached))
        return image;
    image = readImageForDisplay(r.path, mSize);
    if (image.isNull())
        return {};
    QDir().mkpath(cached.left(cached.lastIndexOf(QLatin1Char('/'))));
    image.save(cached, "PNG");
    return image;
}

void ThumbnailLoader::work()
{
    for (;;) {
        ThumbnailRequest r;
        {
            std::unique_lock lock(mMutex);
            mWake.wait(lock, [&] { return mStop || !mQueue.empty(); });
            if (mStop)
                return;
            r = std::move(mQueue.front());
            mQueue.pop_front();
        }
        QImage image = load(r);
        if (image.isNull()) {
            image = QImage(mSize, mSize, QImage::Format_RGB32);
            image.fill(QColor(200, 60, 60)); // unreadable file: a red tile, not a hang
        }
        Q_EMIT thumbnailReady(r.id, image);
    }
}

} // namespace photocat::ui
