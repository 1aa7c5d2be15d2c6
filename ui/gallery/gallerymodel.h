#pragma once

#include "store/workspace.h"

#include <QAbstractListModel>
#include <QCache>
#include <QFutureWatcher>
#include <QHash>
#include <QPixmap>
#include <QSet>

#include <optional>
#include <vector>

namespace photocat::core {
class Workspace;
}

namespace photocat::ui {

class ThumbnailLoader;

/** Whether the newest evaluation got an image right. */
enum class Correctness { Any, Right, Wrong };

/** Which images the gallery shows; an empty field means "any". */
struct GalleryFilter
{
    std::optional<int> label; ///< class id, -1 unlabeled
    std::optional<core::Split> split;
    std::optional<int> predicted;               ///< predicted class id (needs an evaluation)
    Correctness correctness = Correctness::Any; ///< needs an evaluation
    std::optional<QSet<qint64>> images;         ///< only these (a selection on the map)
};

/**
 * The workspace's images as a list model over a compact record array. data() never decodes:
 * it returns a cached pixmap or a placeholder; the view asks for the rows it shows through
 * requestRange() and thumbnails arrive from the ThumbnailLoader's threads.
 */
class GalleryModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role { ImageIdRole = Qt::UserRole + 1, LabelRole, SplitRole, PredictedRole, PathRole };

    explicit GalleryModel(ThumbnailLoader *loader, QObject *parent = nullptr);

    void setWorkspace(core::Workspace *workspace);
    void setFilter(const GalleryFilter &filter);
    const GalleryFilter &filter() const { return mFilter; }
    /** Re-reads images, labels and the newest evaluation's predictions. In asynchronous mode
        the rows are read on a pool thread through its own database connection and swapped in
        when ready (reloaded() tells), so 100K rows never block the GUI thread. */
    void reload();
    void setAsynchronous(bool asynchronous) { mAsynchronous = asynchronous; }
    bool hasPredictions() const { return !mPredicted.isEmpty(); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;

    /** Queues thumbnails: rows first..last first, then `around` rows either side. */
    void requestRange(int first, int last, int around);
    qint64 imageId(int row) const { return mEntries[size_t(row)].id; }
    int rowOf(qint64 id) const { return mRowById.value(id, -1); }

Q_SIGNALS:
    void thumbnailArrived(int row);
    void reloaded();

private:
    struct Entry
    {
        qint64 id;
        qint64 mtimeNs;
        qint64 bytes;
        int label;
        int split;
        QString path;
    };
    struct Rows
    {
        std::vector<Entry> entries;
        QHash<qint64, int> rowById;
        QHash<qint64, int> predicted;
        QStringList classNames;
    };

    static Rows read(core::Workspace &workspace, const GalleryFilter &filter);
    void apply(Rows rows);
    void onThumbnail(qint64 id, const QImage &image);

    bool mAsynchronous = false;
    int mGeneration = 0;

    ThumbnailLoader *mLoader;
    core::Workspace *mWorkspace = nullptr;
    GalleryFilter mFilter;
    std::vector<Entry> mEntries;
    QHash<qint64, int> mRowById;
    QHash<qint64, int> mPredicted;
    QStringList mClassNames;
    mutable QCache<qint64, QPixmap> mPixmaps{2000};
    QPixmap mPlaceholder;
};

} // namespace photocat::ui
