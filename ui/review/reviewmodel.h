#pragma once

#include "evaluation/review.h"

#include <QAbstractListModel>
#include <QCache>
#include <QHash>
#include <QPixmap>
#include <QStringList>

namespace photocat::ui {

class ThumbnailLoader;

/** A review queue as a list model: thumbnail, current label, prediction and top-3. data()
    never decodes; thumbnails arrive from a ThumbnailLoader. */
class ReviewModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role { ImageIdRole = Qt::UserRole + 1, LabelRole, PredictedRole };

    explicit ReviewModel(QObject *parent = nullptr);
    ~ReviewModel() override;

    void setCacheDir(const QString &dir);
    /** Forgets the thumbnails shown and those still being decoded: image ids start again in
        another workspace, and a cached id would show another workspace's photo. */
    void clearThumbnails();
    void setClasses(const QStringList &classes) { mClasses = classes; }
    void setEntries(std::vector<core::ReviewEntry> entries);
    const core::ReviewEntry &entry(int row) const { return mEntries[size_t(row)]; }
    int rowOf(qint64 imageId) const;
    /** After a relabel or status change: the row shows it at once. */
    void updateImage(qint64 imageId, int label, core::ImageStatus status);
    /** Queues thumbnails for rows [first, last] ahead of the rest. */
    void requestThumbnails(int first, int last);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;

private:
    QString className(int id) const;

    std::vector<core::ReviewEntry> mEntries;
    QStringList mClasses;
    QCache<qint64, QPixmap> mThumbnails{32 * 1024}; ///< cost in KB: about 900 96x96 tiles
    QString mCacheDir;
    int mLoaderGeneration = 0; ///< results of an earlier loader are dropped
    QHash<qint64, int> mRows;  ///< image id -> row
    ThumbnailLoader *mLoader = nullptr;
};

} // namespace photocat::ui
