#include "common/similardialog.h"

#include "common/imagefile.h"
#include "common/jobprogress.h"
#include "inference/predictor.h"
#include "store/workspace.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <chrono>

namespace photocat::ui {

SimilarDialog::SimilarDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("More Like This"));
    mQuery = new QLabel(this);
    mQuery->setAlignment(Qt::AlignCenter);
    mSummary = new QLabel(this);
    mSummary->setWordWrap(true);
    mProgress = new QProgressBar(this);
    mCancel = new QPushButton(tr("Cancel"), this);
    mList = new QListWidget(this);
    mList->setViewMode(QListView::IconMode);
    mList->setIconSize(QSize(96, 96));
    mList->setGridSize(QSize(150, 150));
    mList->setResizeMode(QListView::Adjust);
    mList->setMovement(QListView::Static);
    mList->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *progressRow = new QHBoxLayout;
    progressRow->addWidget(mProgress, 1);
    progressRow->addWidget(mCancel);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mQuery);
    layout->addWidget(mSummary);
    layout->addLayout(progressRow);
    layout->addWidget(mList, 1);
    layout->addWidget(buttons);
    resize(820, 600);
    followJob(mWatcher, mProgress, mCancel, mStop);
    connect(&mWatcher, &QFutureWatcherBase::finished, this, [this] {
        mProgress->hide();
        mCancel->hide();
        mFound = mWatcher.future().resultCount() ? mWatcher.result() : Found{};
        mQuery->setPixmap(QPixmap::fromImage(
            mFound.query.scaled(128, 128, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
        mList->clear();
        if (!mFound.error.isEmpty()) {
            mSummary->setText(mFound.error);
        } else {
            for (size_t i = 0; i < mFound.neighbours.size(); ++i) {
                auto *item = new QListWidgetItem(
                    QIcon(QPixmap::fromImage(mFound.thumbnails[i].scaled(
                        96, 96, Qt::KeepAspectRatio, Qt::SmoothTransformation))),
                    mFound.captions[int(i)], mList);
                item->setToolTip(mFound.paths[int(i)]);
            }
            mSummary->setText(tr("The %1 most similar of %2 images by the model's features (cosine "
                                 "similarity): features %3 in %4 s, search %5 ms.")
                                  .arg(mFound.neighbours.size())
                                  .arg(mFound.images)
                                  .arg(mFound.computed
                                           ? tr("of %1 images computed").arg(mFound.computed)
                                           : tr("from the cache"))
                                  .arg(mFound.featureSeconds, 0, 'f', 1)
                                  .arg(mFound.searchMs, 0, 'f', 1));
            if (!mFound.cacheError.isEmpty())
                mSummary->setText(mSummary->text() + QLatin1Char(' ') +
                                  tr("Not cached: %1").arg(mFound.cacheError));
        }
        Q_EMIT searched();
    });
}

SimilarDialog::~SimilarDialog()
{
    if (mStop)
        *mStop = true;
    mWatcher.waitForFinished();
}

void SimilarDialog::find(const QString &workspaceDir, const QString &checkpoint, qint64 imageId,
                         const QString &path, int count)
{
    if (mStop)
        *mStop = true;
    mWatcher.waitForFinished();
    mStop = std::make_shared<std::atomic<bool>>(false);
    mList->clear();
    mFound = {};
    mProgress->setRange(0, 0);
    mProgress->show();
    mCancel->show();
    mSummary->setText(tr("Reading the model's features of every image…"));
    mQuery->clear();
    auto stop = mStop;
    mWatcher.setFuture(QtConcurrent::run([workspaceDir, checkpoint, imageId, path, count,
                                          stop](QPromise<Found> &promise) {
        Found f;
        f.query = readImageForDisplay(path, 256); // off the GUI thread, like the rest
        try {
            core::Workspace workspace(workspaceDir.toStdString());
            core::FeatureRequest request;
            request.checkpoint = checkpoint.toStdString();
            request.stop = stop.get();
            request.progress = [&promise](size_t done, size_t total) {
                promise.setProgressRange(0, int(total));
                promise.setProgressValue(int(done));
            };
            const auto features = core::workspaceFeatures(workspace, request);
            if (features.cancelled) {
                f.error = tr("Cancelled; the features computed so far are kept for next time.");
                promise.addResult(f);
                return;
            }
            std::vector<float> query;
            if (imageId != 0) {
                if (const float *row = features.table.row(imageId))
                    query.assign(row, row + features.table.dim);
            } else {
                core::Predictor predictor(request.checkpoint, "auto");
                query = predictor.features(path.toStdString());
            }
            if (query.empty())
                throw std::runtime_error(tr("this image could not be read").toStdString());
            const auto start = std::chrono::steady_clock::now();
            f.neighbours =
                core::nearestNeighbours(features.table, query, count, imageId != 0 ? imageId : -1);
            f.searchMs =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count();
            f.images = features.table.ids.size();
            f.computed = features.computed;
            f.featureSeconds = features.seconds;
            f.cacheError = QString::fromStdString(features.cacheError);
            const auto classes = workspace.displayNames();
            for (const auto &n : f.neighbours) {
                const auto image = workspace.image(n.imageId);
                const QString file = image ? QString::fromStdString(image->path) : QString();
                const QString label =
                    image && image->label >= 0 && size_t(image->label) < classes.size()
                        ? QString::fromStdString(classes[size_t(image->label)])
                        : tr("unlabeled");
                f.paths << file;
                f.captions << QStringLiteral("%1\n%2 · %3")
                                  .arg(n.similarity, 0, 'f', 3)
                                  .arg(label,
                                       image ? QString::fromLatin1(core::splitName(image->split))
                                             : QString());
                f.thumbnails.push_back(readImageForDisplay(file, 96));
            }
        } catch (const std::exception &e) {
            f.error = tr("Cannot find similar images: %1").arg(QString::fromStdString(e.what()));
        }
        promise.addResult(f);
    }));
}

} // namespace photocat::ui
