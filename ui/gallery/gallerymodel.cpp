#include "gallery/gallerymodel.h"

#include "gallery/thumbnailloader.h"
#include "store/workspace.h"

#include <QFileInfo>
#include <QtConcurrent>

namespace photocat::ui {

GalleryModel::GalleryModel(ThumbnailLoader *loader, QObject *parent)
    : QAbstractListModel(parent), mLoader(loader)
{
    mPlaceholder = QPixmap(loader->size(), loader->size());
    mPlaceholder.fill(QColor(225, 225, 225));
    connect(loader, &ThumbnailLoader::thumbnailReady, this, &GalleryModel::onThumbnail,
            Qt::QueuedConnection);
}

void GalleryModel::setWorkspace(core::Workspace *workspace)
{
    mWorkspace = workspace;
    mFilter = {};
    reload();
}

void GalleryModel::setFilter(const GalleryFilter &filter)
{
    mFilter = filter;
    reload();
}

GalleryModel::Rows GalleryModel::read(core::Workspace &workspace, const GalleryFilter &filter)
{
    Rows rows;
    for (const auto &name : workspace.displayNames())
        rows.classNames << QString::fromStdString(name);
    // The newest evaluation's predictions, all splits.
    for (const auto &[imageId, predicted] : workspace.latestPredictedLabels())
        rows.predicted.insert(imageId, predicted);
    core::ImageFilter f;
    f.label = filter.label;
    f.split = filter.split;
    for (const auto &img : workspace.images(f)) {
        if (filter.images && !filter.images->contains(img.id))
            continue;
        const int predicted = rows.predicted.value(img.id, -1);
        if (filter.predicted && predicted != *filter.predicted)
            continue;
        if (filter.correctness != Correctness::Any &&
            (predicted < 0 ||
             (predicted == img.label) != (filter.correctness == Correctness::Right)))
            continue;
        rows.rowById.insert(img.id, int(rows.entries.size()));
        rows.entries.push_back({img.id, img.mtimeNs, img.bytes, img.label, int(img.split),
                                QString::fromStdString(img.path)});
    }
    return rows;
}

void GalleryModel::apply(Rows rows)
{
    beginResetModel();
    mEntries = std::move(rows.entries);
    mRowById = std::move(rows.rowById);
    mPredicted = std::move(rows.predicted);
    mClassNames = std::move(rows.classNames);
    endResetModel();
    Q_EMIT reloaded();
}

void GalleryModel::reload()
{
    const int generation = ++mGeneration;
    if (!mWorkspace) {
        apply({});
        return;
    }
    if (!mAsynchronous) {
        apply(read(*mWorkspace, mFilter));
        return;
    }
    const std::string dir = mWorkspace->directory();
    const GalleryFilter filter = mFilter;
    auto *watcher = new QFutureWatcher<Rows>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        // A newer reload (another filter, another workspace) supersedes this one.
        if (generation == mGeneration && watcher->future().resultCount() > 0)
            apply(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([dir, filter]() {
        core::Workspace workspace(dir); // this thread's own connection
        return read(workspace, filter);
    }));
}

int GalleryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mEntries.size());
}

QVariant GalleryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(mEntries.size()))
        return {};
    const Entry &e = mEntries[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return e.label >= 0 && e.label < mClassNames.size() ? mClassNames[e.label]
                                                            : tr("unlabeled");
    case Qt::DecorationRole:
        if (const QPixmap *p = mPixmaps.object(e.id))
            return *p;
        return mPlaceholder;
    case Qt::ToolTipRole: {
        const int predicted = mPredicted.value(e.id, -1);
        QString tip = QStringLiteral("%1\n%2").arg(QFileInfo(e.path).fileName(),
                                                   data(index, Qt::DisplayRole).toString());
        if (predicted >= 0 && predicted < mClassNames.size())
            tip += QLatin1Char('\n') + tr("predicted: %1").arg(mClassNames[predicted]);
        return tip;
    }
    case ImageIdRole: return e.id;
    case LabelRole: return e.label;
    case SplitRole: return e.split;
    case PredictedRole: return mPredicted.value(e.id, -1);
    case PathRole: return e.path;
    default: return {};
    }
}

void GalleryModel::requestRange(int first, int last, int around)
{
    const int n = int(mEntries.size());
    if (n == 0 || first < 0)
        return;
    last = std::min(last < 0 ? n - 1 : last, n - 1);
    std::vector<ThumbnailRequest> queue;
    auto add = [&](int row) {
        const Entry &e = mEntries[size_t(row)];
        if (!mPixmaps.contains(e.id))
            queue.push_back({e.id, e.path, e.mtimeNs, e.bytes});
    };
    for (int r = first; r <= last; ++r)
        add(r);
    // Then the neighbourhood, nearest first, alternating below and above.
    for (int d = 1; d <= around; ++d) {
        if (last + d < n)
            add(last + d);
        if (first - d >= 0)
            add(first - d);
    }
    mLoader->setQueue(std::move(queue));
}

void GalleryModel::onThumbnail(qint64 id, const QImage &image)
{
    const int row = rowOf(id);
    mPixmaps.insert(id, new QPixmap(QPixmap::fromImage(image)));
    if (row < 0)
        return;
    const QModelIndex i = index(row);
    Q_EMIT dataChanged(i, i, {Qt::DecorationRole});
    Q_EMIT thumbnailArrived(row);
}

} // namespace photocat::ui
