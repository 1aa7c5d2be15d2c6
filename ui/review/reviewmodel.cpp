#include "review/reviewmodel.h"

#include "gallery/thumbnailloader.h"

#include <algorithm>

namespace photocat::ui {

ReviewModel::ReviewModel(QObject *parent) : QAbstractListModel(parent) {}

ReviewModel::~ReviewModel() = default;

void ReviewModel::setCacheDir(const QString &dir)
{
    delete mLoader;
    mCacheDir = dir;
    mLoader = new ThumbnailLoader(dir, 96, 2, this);
    connect(
        mLoader, &ThumbnailLoader::thumbnailReady, this,
        [this, generation = ++mLoaderGeneration](qint64 id, const QImage &image) {
            if (generation != mLoaderGeneration)
                return; // queued before clearThumbnails(): it may be another workspace's
            mThumbnails.insert(id, new QPixmap(QPixmap::fromImage(image)),
                               std::max<qsizetype>(1, qsizetype(image.sizeInBytes()) / 1024));
            const int row = rowOf(id);
            if (row >= 0)
                Q_EMIT dataChanged(index(row), index(row), {Qt::DecorationRole});
        },
        Qt::QueuedConnection);
}

void ReviewModel::clearThumbnails()
{
    mThumbnails.clear();
    if (mLoader)
        setCacheDir(mCacheDir);
}

void ReviewModel::setEntries(std::vector<core::ReviewEntry> entries)
{
    beginResetModel();
    mEntries = std::move(entries);
    mRows.clear();
    for (size_t i = 0; i < mEntries.size(); ++i)
        mRows.insert(mEntries[i].imageId, int(i));
    endResetModel();
    requestThumbnails(0, std::min(rowCount() - 1, 200));
}

int ReviewModel::rowOf(qint64 imageId) const { return mRows.value(imageId, -1); }

void ReviewModel::updateImage(qint64 imageId, int label, core::ImageStatus status)
{
    const int row = rowOf(imageId);
    if (row < 0)
        return;
    mEntries[size_t(row)].label = label;
    mEntries[size_t(row)].status = status;
    Q_EMIT dataChanged(index(row), index(row));
}

void ReviewModel::requestThumbnails(int first, int last)
{
    if (!mLoader)
        return;
    std::vector<ThumbnailRequest> queue;
    for (int r = std::max(0, first); r <= last && r < rowCount(); ++r) {
        const auto &e = mEntries[size_t(r)];
        if (!mThumbnails.contains(e.imageId))
            queue.push_back({e.imageId, QString::fromStdString(e.path), e.mtimeNs, e.bytes});
    }
    mLoader->setQueue(std::move(queue));
}

int ReviewModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mEntries.size());
}

QString ReviewModel::className(int id) const
{
    return id >= 0 && id < mClasses.size() ? mClasses[id] : tr("unlabeled");
}

QVariant ReviewModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const auto &e = mEntries[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole: {
        QString text = tr("labeled %1").arg(className(e.label));
        if (e.status == core::ImageStatus::Excluded)
            text += tr(" (excluded)");
        else if (e.status == core::ImageStatus::Ambiguous)
            text += tr(" (ambiguous)");
        for (const auto &[cls, p] : e.top)
            text += QStringLiteral("\n%1 %2%").arg(className(cls)).arg(100 * p, 0, 'f', 1);
        return text;
    }
    case Qt::DecorationRole: {
        if (const QPixmap *thumbnail = mThumbnails.object(e.imageId))
            return *thumbnail;
        QPixmap placeholder(96, 96);
        placeholder.fill(QColor(230, 230, 230));
        return placeholder;
    }
    case Qt::ToolTipRole:
        return tr("%1\nlabeled %2 (at evaluation: %3), predicted %4, loss %5")
            .arg(QString::fromStdString(e.path), className(e.label), className(e.labelAtEvaluation),
                 className(e.predicted))
            .arg(double(e.loss), 0, 'f', 3);
    case Qt::ForegroundRole: return e.label == e.predicted ? QColor(30, 130, 50) : QVariant();
    case ImageIdRole: return qint64(e.imageId);
    case LabelRole: return e.label;
    case PredictedRole: return e.predicted;
    default: return {};
    }
}

} // namespace photocat::ui
