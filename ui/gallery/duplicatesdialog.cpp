#include "gallery/duplicatesdialog.h"

#include "common/imagefile.h"
#include "common/jobprogress.h"
#include "store/workspace.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace photocat::ui {

namespace {

constexpr int kShownGroups = 500; ///< the first groups get thumbnails and rows

} // namespace

DuplicatesDialog::DuplicatesDialog(const QString &workspaceDir, QWidget *parent)
    : QDialog(parent), mDir(workspaceDir)
{
    setWindowTitle(tr("Near-Duplicates"));
    mSummary = new QLabel(this);
    mSummary->setWordWrap(true);
    auto *distanceLabel = new QLabel(tr("Hash bits that may differ:"), this);
    mDistance = new QSpinBox(this);
    mDistance->setRange(0, 32);
    mDistance->setValue(8);
    distanceLabel->setBuddy(mDistance);
    mFeatures = new QCheckBox(tr("Also by the model's &features"), this);
    mFeatures->setToolTip(tr("Copies a hash does not see (crops, another photo of the same "
                             "item): features of the newest model at cosine similarity ≥ 0.999"));
    mSearch = new QPushButton(tr("Search"), this);
    mCancel = new QPushButton(tr("Cancel"), this);
    mProgress = new QProgressBar(this);
    mTree = new QTreeWidget(this);
    mTree->setColumnCount(3);
    mTree->setHeaderLabels({tr("image"), tr("split"), tr("label")});
    mTree->setIconSize(QSize(64, 64));
    mTree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    auto *bar = new QHBoxLayout;
    bar->addWidget(distanceLabel);
    bar->addWidget(mDistance);
    bar->addWidget(mFeatures);
    bar->addWidget(mSearch);
    bar->addWidget(mProgress, 1);
    bar->addWidget(mCancel);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(mSummary);
    layout->addWidget(mTree, 1);
    layout->addWidget(buttons);
    resize(760, 640);
    connect(mSearch, &QPushButton::clicked, this, [this] { search(mDistance->value()); });
    followJob(mWatcher, mProgress, mCancel, mStop);
    connect(&mWatcher, &QFutureWatcherBase::finished, this, [this] {
        mSearch->setEnabled(true);
        mCancel->setEnabled(false);
        showFound(mWatcher.future().resultCount() ? mWatcher.result() : Found{});
        Q_EMIT searched();
    });
}

DuplicatesDialog::~DuplicatesDialog()
{
    if (mStop)
        *mStop = true;
    mWatcher.waitForFinished();
}

void DuplicatesDialog::search(int maxDistance)
{
    if (mWatcher.isRunning())
        return;
    mDistance->setValue(maxDistance);
    mStop = std::make_shared<std::atomic<bool>>(false);
    mSearch->setEnabled(false);
    mCancel->setEnabled(true);
    mTree->clear();
    mSummary->setText(tr("Hashing every image, then comparing all pairs…"));
    const QString dir = mDir;
    auto stop = mStop;
    const bool features = mFeatures->isChecked();
    mWatcher.setFuture(
        QtConcurrent::run([dir, maxDistance, stop, features](QPromise<Found> &promise) {
            Found f;
            f.features = features;
            try {
                core::Workspace workspace(dir.toStdString());
                core::DuplicateRequest request;
                request.maxDistance = maxDistance;
                if (features) {
                    request.checkpoint = workspace.newestCheckpoint();
                    if (request.checkpoint.empty())
                        throw std::runtime_error(
                            tr("comparing by features needs a trained model").toStdString());
                }
                request.stop = stop.get();
                request.progress = [&promise](size_t done, size_t total) {
                    promise.setProgressRange(0, int(total));
                    promise.setProgressValue(int(done));
                };
                f.report = core::findDuplicates(workspace, request);
                for (const auto &name : workspace.displayNames())
                    f.classNames << QString::fromStdString(name);
                for (size_t g = 0; g < f.report.groups.size() && int(g) < kShownGroups; ++g) {
                    if (*stop) { // closing or a new search does not wait for every thumbnail
                        f.report.cancelled = true;
                        break;
                    }
                    f.thumbnails.emplace_back();
                    for (size_t m : f.report.groups[g].members)
                        f.thumbnails.back().push_back(readImageForDisplay(
                            QString::fromStdString(f.report.images[m].path), 64));
                }
            } catch (const std::exception &e) {
                f.error = QString::fromStdString(e.what());
            }
            promise.addResult(f);
        }));
}

int DuplicatesDialog::maxDistance() const { return mDistance->value(); }

void DuplicatesDialog::showFound(const Found &found)
{
    mFound = found;
    mTree->clear();
    const auto &r = found.report;
    if (!found.error.isEmpty() || r.cancelled) {
        mSummary->setText(r.cancelled ? tr("Cancelled.")
                                      : tr("Cannot search: %1").arg(found.error));
        return;
    }
    int leaks = 0, conflicts = 0, copies = 0;
    for (const auto &g : r.groups) {
        leaks += g.crossSplit;
        conflicts += g.conflictingLabels;
        copies += int(g.members.size()) - 1;
    }
    mSummary->setText(
        tr("%1 images hashed in %2 s, all pairs compared in %3 s: %4 groups of near-identical "
           "images (%5 redundant copies); %6 cross splits, %7 disagree on the label.")
            .arg(r.images.size())
            .arg(r.hashSeconds, 0, 'f', 1)
            .arg(r.searchSeconds, 0, 'f', 1)
            .arg(r.groups.size())
            .arg(copies)
            .arg(leaks)
            .arg(conflicts));
    if (found.features) // as searched, whatever the box says now
        mSummary->setText(
            mSummary->text() + QLatin1Char(' ') +
            tr("Model features: %n pair(s) at cosine ≥ 0.999 in %1 s.", "", int(r.featurePairs))
                .arg(r.featureSeconds, 0, 'f', 1));
    for (size_t g = 0; g < r.groups.size() && g < found.thumbnails.size(); ++g) {
        const auto &group = r.groups[g];
        QStringList flags;
        if (group.conflictingLabels)
            flags << tr("labels disagree");
        if (group.crossSplit)
            flags << tr("leak across splits");
        if (group.byFeatures)
            flags << tr("by features");
        auto *top = new QTreeWidgetItem(
            mTree, {tr("%1 images, distance ≤ %2").arg(group.members.size()).arg(group.maxDistance),
                    QString(), flags.join(QStringLiteral(", "))});
        if (!flags.isEmpty())
            top->setForeground(2, QColor(180, 40, 40));
        for (size_t k = 0; k < group.members.size(); ++k) {
            const auto &image = r.images[group.members[k]];
            auto *child =
                new QTreeWidgetItem(top, {QString::fromStdString(image.path),
                                          QString::fromLatin1(core::splitName(image.split)),
                                          image.label >= 0 && image.label < found.classNames.size()
                                              ? found.classNames[image.label]
                                              : tr("unlabeled")});
            child->setIcon(0, QIcon(QPixmap::fromImage(found.thumbnails[g][k].scaled(
                                  64, 64, Qt::KeepAspectRatio, Qt::SmoothTransformation))));
        }
        top->setExpanded(g < 20);
    }
}

} // namespace photocat::ui
