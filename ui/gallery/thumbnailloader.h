#pragma once

#include <QImage>
#include <QObject>
#include <QString>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace photocat::ui {

struct ThumbnailRequest
{
    qint64 id = 0;
    QString path;
    qint64 mtimeNs = 0;
    qint64 bytes = 0;
};

/**
 * Decodes thumbnails on its own threads (QImageReader with a scaled size: JPEGs decode in the
 * DCT domain; EXIF orientation applied) and keeps them in a disk cache keyed by path + mtime +
 * size. setQueue() replaces the pending work: requests that scrolled away are dropped.
 * thumbnailReady is emitted from a worker thread; connect with a queued connection.
 */
class ThumbnailLoader : public QObject
{
    Q_OBJECT

public:
    explicit ThumbnailLoader(const QString &cacheDir, int size = 96, int threads = 2,
                             QObject *parent = nullptr);
    ~ThumbnailLoader() override;

    /** Replaces the queue; the first requests are decoded first. */
    void setQueue(std::vector<ThumbnailRequest> requests);
    int size() const { return mSize; }
    QString cacheFile(const ThumbnailRequest &request) const;

Q_SIGNALS:
    void thumbnailReady(qint64 id, const QImage &image);

private:
    void work();
    QImage load(const ThumbnailRequest &request) const;

    QString mCacheDir;
    int mSize;
    std::mutex mMutex;
    std::condition_variable mWake;
    std::deque<ThumbnailRequest> mQueue;
    bool mStop = false;
    std::vector<std::thread> mThreads;
};

} // namespace photocat::ui
