#pragma once

#include "evaluation/similarity.h"

#include <QDialog>
#include <QFutureWatcher>
#include <QImage>

#include <atomic>
#include <memory>

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace photocat::ui {

/**
 * "More like this": the workspace's images most similar to an image of it or to any photo,
 * by cosine similarity of a model's pooled features (core::workspaceFeatures(): computed once
 * per model, with progress and Cancel, then cached), shown as tiles with their similarity,
 * label and split. Everything runs off the GUI thread.
 */
class SimilarDialog : public QDialog
{
    Q_OBJECT

public:
    struct Found
    {
        std::vector<core::Neighbour> neighbours;
        QStringList paths, captions;
        std::vector<QImage> thumbnails;
        QImage query; ///< the photo searched for, as shown
        size_t images = 0, computed = 0;
        double featureSeconds = 0, searchMs = 0;
        QString error;
        QString cacheError; ///< why the features could not be cached (they are computed again)
    };

    explicit SimilarDialog(QWidget *parent = nullptr);
    ~SimilarDialog() override;

    /** Searches the workspace at workspaceDir with checkpoint's features for the count images
        most like imageId (an image of the workspace, left out of the answer) or, when
        imageId is 0, like the photo at path. */
    void find(const QString &workspaceDir, const QString &checkpoint, qint64 imageId,
              const QString &path, int count = 24);
    bool isSearching() const { return mWatcher.isRunning(); }
    const Found &found() const { return mFound; }
    QListWidget *list() const { return mList; }

Q_SIGNALS:
    /** The search ended: found() holds the images, or its error. */
    void searched();

private:
    QLabel *mQuery, *mSummary;
    QProgressBar *mProgress;
    QPushButton *mCancel;
    QListWidget *mList;
    std::shared_ptr<std::atomic<bool>> mStop;
    QFutureWatcher<Found> mWatcher;
    Found mFound;
};

} // namespace photocat::ui
