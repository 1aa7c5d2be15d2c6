#include "review/reviewpanel.h"

#include "common/imagefile.h"
#include "common/similardialog.h"
#include "common/tileview.h"
#include "inference/heatmap.h"
#include "inference/predictor.h"
#include "review/labelchange.h"
#include "review/reviewmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace photocat::ui {

ReviewPanel::ReviewPanel(QWidget *parent)
    : QWidget(parent), mModel(new ReviewModel(this)), mView(new QListView(this)),
      mUndo(new QUndoStack(this))
{
    mModel->setCacheDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation) +
                        QStringLiteral("/thumbnails"));
    mQueueBox = new QComboBox(this);
    mQueueBox->addItems({QString(), QString(), QString()});
    mOrder = new QComboBox(this);
    mOrder->addItems({QString(), QString()});
    mInfo = new QLabel(this);
    mFind = new QPushButton(this);
    mFolds = new QSpinBox(this);
    mFolds->setRange(2, 10);
    mFolds->setValue(4);
    mEpochs = new QSpinBox(this);
    mEpochs->setRange(1, 100);
    mEpochs->setValue(5);
    mMove = new QPushButton(this);
    auto *top = new QHBoxLayout;
    top->addWidget(mQueueBox);
    top->addWidget(mOrder);
    top->addWidget(mInfo, 1);
    top->addWidget(mFind);
    top->addWidget(mFolds);
    top->addWidget(mEpochs);
    top->addWidget(mMove);
    mTileSlider = new QSlider(Qt::Horizontal, this);
    mTileSlider->setFixedWidth(100);
    top->addWidget(mTileSlider);

    mView->setModel(mModel);
    mView->setViewMode(QListView::IconMode);
    mView->setResizeMode(QListView::Adjust);
    mView->setUniformItemSizes(true);
    mView->setWordWrap(true);
    mView->setMovement(QListView::Static);
    mView->installEventFilter(this);
    new TileSizer(mView, mTileSlider, 112, 4); // label and top-3 under each tile

    mPreview = new QLabel(this);
    mPreview->setMinimumSize(256, 256);
    mPreview->setAlignment(Qt::AlignCenter);
    mShowWhy = new QCheckBox(this);
    mWhyFor = new QComboBox(this);
    mWhyFor->addItems({QString(), QString()});
    mOpacity = new QSlider(Qt::Horizontal, this);
    mOpacity->setRange(0, 100);
    mOpacity->setValue(50);
    mExplainer = std::make_shared<Explainer>();
    mDetails = new QLabel(this);
    mDetails->setWordWrap(true);
    mPicker = new QComboBox(this);
    mRelabel = new QPushButton(this);
    mExclude = new QPushButton(this);
    mAmbiguous = new QPushButton(this);
    mUndoButton = new QPushButton(this);
    mRedoButton = new QPushButton(this);
    mKeys = new QLabel(this);
    mKeys->setWordWrap(true);
    auto *side = new QVBoxLayout;
    side->addWidget(mPreview);
    auto *whyRow = new QHBoxLayout;
    whyRow->addWidget(mShowWhy);
    whyRow->addWidget(mWhyFor, 1);
    whyRow->addWidget(mOpacity, 1);
    side->addLayout(whyRow);
    mMoreLikeThis = new QPushButton(this);
    side->addWidget(mMoreLikeThis);
    side->addWidget(mDetails);
    side->addWidget(mPicker);
    side->addWidget(mRelabel);
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(mExclude);
    statusRow->addWidget(mAmbiguous);
    side->addLayout(statusRow);
    auto *undoRow = new QHBoxLayout;
    undoRow->addWidget(mUndoButton);
    undoRow->addWidget(mRedoButton);
    side->addLayout(undoRow);
    side->addWidget(mKeys);
    side->addStretch(1);
    auto *sideWidget = new QWidget(this);
    sideWidget->setLayout(side);
    sideWidget->setFixedWidth(300);

    auto *body = new QHBoxLayout;
    body->addWidget(mView, 1);
    body->addWidget(sideWidget);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(body, 1);

    connect(mQueueBox, &QComboBox::activated, this, [this](int index) {
        mQueue = Queue(index);
        reload();
    });
    connect(mOrder, &QComboBox::currentIndexChanged, this, [this] {
        if (mQueue == Misclassified)
            reload();
    });
    connect(mView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &ReviewPanel::showDetails);
    connect(mShowWhy, &QCheckBox::toggled, this,
            [this](bool on) { setShowWhy(on, mWhyFor->currentIndex() == 1); });
    connect(mWhyFor, &QComboBox::currentIndexChanged, this, [this] {
        if (showsWhy())
            setShowWhy(true, mWhyFor->currentIndex() == 1);
    });
    connect(mOpacity, &QSlider::valueChanged, this, &ReviewPanel::showPreview);
    connect(mMoreLikeThis, &QPushButton::clicked, this, &ReviewPanel::showMoreLikeThis);
    connect(&mExplainWatcher, &QFutureWatcherBase::finished, this, [this] {
        if (mExplainWatcher.property("generation").toInt() != mPreviewGeneration)
            return; // another image is shown by now
        mExplanation = mExplainWatcher.result();
        showPreview();
        Q_EMIT explanationShown();
    });
    connect(mView->verticalScrollBar(), &QScrollBar::valueChanged, this, [this] {
        const QModelIndex first = mView->indexAt(QPoint(10, 10));
        const QModelIndex last =
            mView->indexAt(mView->viewport()->rect().bottomRight() - QPoint(10, 10));
        if (first.isValid())
            mModel->requestThumbnails(first.row(),
                                      (last.isValid() ? last.row() : first.row() + 50) + 40);
    });
    connect(mRelabel, &QPushButton::clicked, this,
            [this] { relabelCurrent(mPicker->currentIndex()); });
    connect(mExclude, &QPushButton::clicked, this,
            [this] { setCurrentStatus(core::ImageStatus::Excluded); });
    connect(mAmbiguous, &QPushButton::clicked, this,
            [this] { setCurrentStatus(core::ImageStatus::Ambiguous); });
    connect(mUndoButton, &QPushButton::clicked, mUndo, &QUndoStack::undo);
    connect(mRedoButton, &QPushButton::clicked, mUndo, &QUndoStack::redo);
    connect(mUndo, &QUndoStack::canUndoChanged, mUndoButton, &QPushButton::setEnabled);
    connect(mUndo, &QUndoStack::canRedoChanged, mRedoButton, &QPushButton::setEnabled);
    auto *undo = new QShortcut(QKeySequence::Undo, this);
    connect(undo, &QShortcut::activated, mUndo, &QUndoStack::undo);
    auto *redo = new QShortcut(QKeySequence::Redo, this);
    connect(redo, &QShortcut::activated, mUndo, &QUndoStack::redo);
    connect(mFind, &QPushButton::clicked, this, [this] {
        if (isSearching())
            cancelSearch();
        else
            findLabelIssues(mFolds->value(), mEpochs->value());
    });
    connect(mMove, &QPushButton::clicked, this, [this] { moveMisfiledFiles(true); });
    connect(&mIssueWatcher, &QFutureWatcherBase::finished, this, [this] {
        retranslateUi();
        if (mSearchGeneration != mGeneration)
            return;
        if (mIssueWatcher.future().resultCount() == 0 || mIssueWatcher.result().cancelled) {
            mInfo->setText(mIssueError.isEmpty()
                               ? tr("Label-issue search cancelled; the previous queue is kept.")
                               : tr("Label-issue search failed: %1").arg(mIssueError));
            return;
        }
        const auto r = mIssueWatcher.result();
        mQueue = LabelIssues;
        reload();
        Q_EMIT labelIssuesFound(int(r.issues.size()), int(r.candidates));
    });
    connect(&mIssueWatcher, &QFutureWatcherBase::progressTextChanged, mInfo, &QLabel::setText);
    mUndoButton->setEnabled(false);
    mRedoButton->setEnabled(false);
    retranslateUi();
}

ReviewPanel::~ReviewPanel()
{
    cancelSearch();
    mIssueWatcher.waitForFinished();
    mExplainWatcher.waitForFinished();
}

ReviewPanel::Explainer::~Explainer() = default;

bool ReviewPanel::showsWhy() const { return mShowWhy->isChecked(); }

void ReviewPanel::setOverlayOpacity(double opacity)
{
    mOpacity->setValue(int(std::lround(100 * std::clamp(opacity, 0.0, 1.0))));
}

void ReviewPanel::setShowWhy(bool on, bool whyForLabel)
{
    if (mShowWhy->isChecked() != on || (mWhyFor->currentIndex() == 1) != whyForLabel) {
        // The controls come back here through their signals.
        const QSignalBlocker block(mWhyFor);
        mWhyFor->setCurrentIndex(whyForLabel ? 1 : 0);
        if (mShowWhy->isChecked() != on) {
            mShowWhy->setChecked(on);
            return;
        }
    }
    mOpacity->setEnabled(on);
    ++mPreviewGeneration;
    mExplanation.reset();
    showPreview();
    if (on)
        requestExplanation();
}

QImage ReviewPanel::previewImage() const { return mPreview->pixmap().toImage(); }

void ReviewPanel::showPreview()
{
    QImage shown = mPreviewImage;
    if (showsWhy() && mExplanation) {
        int side = 0;
        const std::vector<uint8_t> rgb =
            core::heatmapOverlayRgb(*mExplanation, mOpacity->value() / 100.0, side, 256);
        if (!rgb.empty())
            shown = QImage(rgb.data(), side, side, side * 3, QImage::Format_RGB888).copy();
    }
    if (shown.isNull()) {
        mPreview->clear();
        return;
    }
    mPreview->setPixmap(
        QPixmap::fromImage(shown.scaled(256, 256, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
}

std::string ReviewPanel::reviewedCheckpoint()
{
    if (!mWorkspace)
        return {};
    try {
        for (const auto &run : mWorkspace->runs())
            if (run.id == mRunId && !run.checkpoint.empty())
                return run.checkpoint;
        return mWorkspace->newestCheckpoint();
    } catch (const std::exception &) {
        return {}; // an unreadable workspace: no model to use
    }
}

SimilarDialog *ReviewPanel::showMoreLikeThis()
{
    const QModelIndex current = mView->currentIndex();
    const std::string checkpoint = reviewedCheckpoint();
    if (!current.isValid() || checkpoint.empty())
        return nullptr;
    if (!mSimilar)
        mSimilar = new SimilarDialog(this);
    mSimilar->find(mDir, QString::fromStdString(checkpoint), mModel->entry(current.row()).imageId,
                   QString::fromStdString(mModel->entry(current.row()).path));
    mSimilar->show();
    mSimilar->raise();
    return mSimilar;
}

void ReviewPanel::requestExplanation()
{
    const QModelIndex current = mView->currentIndex();
    if (!current.isValid() || !mWorkspace)
        return;
    const std::string checkpoint = reviewedCheckpoint();
    if (checkpoint.empty()) {
        mShowWhy->setToolTip(tr("No trained model to explain with: train one first."));
        Q_EMIT explanationShown();
        return;
    }
    const auto &entry = mModel->entry(current.row());
    std::string category; // the prediction's unless the label's is asked for (by folder name,
                          // as the model knows it)
    if (mWhyFor->currentIndex() == 1 && entry.label >= 0) {
        try {
            const auto folders = mWorkspace->classNames();
            if (size_t(entry.label) < folders.size())
                category = folders[size_t(entry.label)];
        } catch (const std::exception &) {
            // An unreadable class table: the prediction's map.
        }
    }
    const std::string path = entry.path;
    auto explainer = mExplainer;
    mExplainWatcher.setProperty("generation", mPreviewGeneration);
    mExplainWatcher.setFuture(QtConcurrent::run(
        [explainer, checkpoint, path, category]() -> std::shared_ptr<const core::Explanation> {
            std::lock_guard lock(explainer->mutex);
            try {
                if (!explainer->predictor || explainer->checkpoint != checkpoint) {
                    explainer->predictor = std::make_unique<core::Predictor>(checkpoint, "auto");
                    explainer->checkpoint = checkpoint;
                }
                const auto &names = explainer->predictor->classNames();
                const auto it = std::find(names.begin(), names.end(), category);
                const int c = category.empty() || it == names.end() ? -1 : int(it - names.begin());
                return std::make_shared<core::Explanation>(explainer->predictor->explain(path, c));
            } catch (const std::exception &) {
                return nullptr; // the photo or model went away: the plain preview stays
            }
        }));
}

void ReviewPanel::retranslateUi()
{
    mQueueBox->setItemText(Misclassified, tr("Misclassified"));
    mQueueBox->setItemText(Cell, tr("Confusion cell"));
    mQueueBox->setItemText(LabelIssues, tr("Probable label errors"));
    mOrder->setItemText(0, tr("Highest loss first"));
    mOrder->setItemText(1, tr("Most confidently wrong first"));
    mShowWhy->setText(tr("Show &why"));
    mShowWhy->setToolTip(tr("Where the photo holds the evidence for a category (Grad-CAM heat "
                            "map of the reviewed model: red is the strongest)"));
    mWhyFor->setItemText(0, tr("for the prediction"));
    mWhyFor->setItemText(1, tr("for the label"));
    mOpacity->setToolTip(tr("Heat map opacity"));
    mTileSlider->setToolTip(tr("Tile size (Ctrl+wheel over the images)"));
    mMoreLikeThis->setText(tr("More Like This"));
    mMoreLikeThis->setToolTip(tr("The workspace's images most similar to this one, by the "
                                 "reviewed model's features"));
    mFind->setText(isSearching() ? tr("Cancel Search") : tr("Find Label Errors"));
    mFind->setToolTip(
        tr("Cross-validates a model over the training split (folds, epochs per fold) and "
           "ranks images whose label disagrees with confident out-of-sample predictions."));
    mFolds->setSuffix(tr(" folds"));
    mEpochs->setSuffix(tr(" epochs"));
    mMove->setText(tr("Move Files to Class Folders…"));
    mRelabel->setText(tr("&Relabel"));
    mExclude->setText(tr("E&xclude"));
    mAmbiguous->setText(tr("&Ambiguous"));
    mUndoButton->setText(tr("Undo"));
    mRedoButton->setText(tr("Redo"));
    mKeys->setText(tr("Keys: 1–9 and 0 choose the category of that number, X excludes, A marks "
                      "ambiguous, Ctrl+Z undoes, Ctrl+Shift+Z redoes. Changes are saved at once."));
}

void ReviewPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void ReviewPanel::setWorkspace(const QString &dir, core::Workspace *workspace)
{
    if (workspace && workspace == mWorkspace && dir == mDir) {
        reload(); // the same one again (after an import): its search and undo history go on
        return;
    }
    cancelSearch();
    mIssueWatcher.waitForFinished();
    ++mGeneration;
    if (dir != mDir)
        mModel->clearThumbnails();
    mDir = dir;
    mWorkspace = workspace;
    mUndo->clear();
    mRunId = 0;
    if (mWorkspace) {
        const auto latest = core::latestPredictions(*mWorkspace);
        mRunId = latest.first;
        mSplit = latest.second;
    }
    mQueue = Misclassified;
    reload();
}

void ReviewPanel::loadClassNames()
{
    QStringList names;
    if (mWorkspace)
        for (const auto &c : mWorkspace->displayNames())
            names << QString::fromStdString(c);
    if (names == mClasses)
        return;
    mClasses = names;
    mModel->setClasses(mClasses);
    const int picked = mPicker->currentIndex();
    mPicker->clear();
    for (int i = 0; i < mClasses.size(); ++i)
        mPicker->addItem(i < 10 ? QStringLiteral("%1  %2").arg((i + 1) % 10).arg(mClasses[i])
                                : mClasses[i]);
    mPicker->setCurrentIndex(picked);
}

void ReviewPanel::showMisclassified(qint64 runId, core::Split split)
{
    mRunId = runId;
    mSplit = split;
    mQueue = Misclassified;
    reload();
}

void ReviewPanel::showCell(qint64 runId, core::Split split, int trueClass, int predicted)
{
    mRunId = runId;
    mSplit = split;
    mCellTrue = trueClass;
    mCellPredicted = predicted;
    mQueue = Cell;
    reload();
}

void ReviewPanel::showLabelIssues()
{
    mQueue = LabelIssues;
    reload();
}

void ReviewPanel::reload()
{
    loadClassNames(); // display names may have changed on the Dataset page
    mQueueBox->setCurrentIndex(mQueue);
    mOrder->setEnabled(mQueue == Misclassified);
    std::vector<core::ReviewEntry> entries;
    if (mWorkspace) {
        if (mQueue == Misclassified)
            entries =
                core::misclassified(*mWorkspace, mRunId, mSplit,
                                    mOrder->currentIndex() == 0 ? core::ReviewOrder::Loss
                                                                : core::ReviewOrder::Confidence);
        else if (mQueue == Cell)
            entries = core::confusionCell(*mWorkspace, mRunId, mSplit, mCellTrue, mCellPredicted);
        else
            entries = core::labelIssueQueue(*mWorkspace);
    }
    const size_t count = entries.size();
    mModel->setEntries(std::move(entries));
    auto name = [this](int id) {
        return id >= 0 && id < mClasses.size() ? mClasses[id] : QString();
    };
    if (!mWorkspace)
        mInfo->setText(tr("Open a workspace."));
    else if (mQueue == Cell && count > 0)
        mInfo->setText(
            tr("%1 images labeled %2 and predicted %3")
                .arg(count)
                .arg(name(mModel->entry(0).labelAtEvaluation), name(mModel->entry(0).predicted)));
    else if (mQueue == Cell)
        mInfo->setText(tr("No images in this cell."));
    else if (mQueue == LabelIssues)
        mInfo->setText(count ? tr("%1 training images, most likely mislabeled first").arg(count)
                             : tr("No label-issue search yet: Find Label Errors runs one."));
    else
        mInfo->setText(mRunId ? tr("%1 misclassified images of run #%2 (%3 split)")
                                    .arg(count)
                                    .arg(mRunId)
                                    .arg(QString::fromLatin1(core::splitName(mSplit)))
                              : tr("Evaluate a model first: its mistakes are listed here."));
    if (mModel->rowCount() > 0)
        mView->setCurrentIndex(mModel->index(0));
    showDetails();
}

void ReviewPanel::showDetails()
{
    const QModelIndex current = mView->currentIndex();
    if (!current.isValid()) {
        mPreviewImage = QImage();
        ++mPreviewGeneration;
        mExplanation.reset();
        mPreview->clear();
        mDetails->clear();
        return;
    }
    const auto &e = mModel->entry(current.row());
    // Through photocat's reader: a record of a .rec file is not a file Qt can open.
    mPreviewImage = readImageForDisplay(QString::fromStdString(e.path), 1024);
    ++mPreviewGeneration;
    mExplanation.reset();
    showPreview();
    if (showsWhy())
        requestExplanation();
    mDetails->setText(mModel->data(current, Qt::ToolTipRole).toString() + QStringLiteral("\n\n") +
                      mModel->data(current, Qt::DisplayRole).toString());
    mPicker->setCurrentIndex(e.predicted >= 0 ? e.predicted : std::max(0, e.label));
}

void ReviewPanel::change(int label, core::ImageStatus status, const QString &what)
{
    const QModelIndex current = mView->currentIndex();
    if (!mWorkspace || !current.isValid())
        return;
    const qint64 id = mModel->entry(current.row()).imageId;
    const LabelState before = labelStateOf(*mWorkspace, id);
    LabelState after = before;
    after.label = label;
    after.status = status;
    auto applied = [this](qint64 imageId, const LabelState &state, const QString &error) {
        mModel->updateImage(imageId, state.label, state.status);
        if (!error.isEmpty())
            mInfo->setText(tr("Could not save the change: %1").arg(error));
        showDetails();
        Q_EMIT labelsChanged();
    };
    mUndo->push(
        new LabelChange(mWorkspace, id, before, after, QStringLiteral("review"), applied, what));
    if (current.row() + 1 < mModel->rowCount())
        mView->setCurrentIndex(mModel->index(current.row() + 1));
}

void ReviewPanel::relabelCurrent(int label)
{
    const QModelIndex current = mView->currentIndex();
    if (!current.isValid() || label < 0 || label >= mClasses.size())
        return;
    change(label, core::ImageStatus::Ok, tr("Relabel as %1").arg(mClasses[label]));
}

void ReviewPanel::setCurrentStatus(core::ImageStatus status)
{
    const QModelIndex current = mView->currentIndex();
    if (!current.isValid())
        return;
    const auto &e = mModel->entry(current.row());
    // Pressing Exclude again on an excluded image brings it back.
    change(e.label, e.status == status ? core::ImageStatus::Ok : status, tr("Change status"));
}

bool ReviewPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == mView && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->modifiers() & (Qt::ControlModifier | Qt::AltModifier))
            return QWidget::eventFilter(watched, event);
        if (key->key() >= Qt::Key_0 && key->key() <= Qt::Key_9) {
            const int digit = key->key() - Qt::Key_0;
            relabelCurrent(digit == 0 ? 9 : digit - 1);
            return true;
        }
        if (key->key() == Qt::Key_X) {
            setCurrentStatus(core::ImageStatus::Excluded);
            return true;
        }
        if (key->key() == Qt::Key_A) {
            setCurrentStatus(core::ImageStatus::Ambiguous);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ReviewPanel::findLabelIssues(int folds, int epochs)
{
    if (!mWorkspace || isSearching())
        return;
    mCancel = std::make_shared<std::atomic<bool>>(false);
    core::LabelIssueRequest request;
    request.folds = folds;
    request.options.model = "resnet-small";
    request.options.width = 16;
    request.options.epochs = epochs;
    request.options.batchSize = 64;
    request.options.learningRate = 0.05;
    request.options.labelSmoothing = 0.1;
    request.stop = mCancel.get();
    const QString dir = mDir;
    auto cancel = mCancel;
    mIssueError.clear();
    mSearchGeneration = mGeneration;
    mIssueWatcher.setFuture(QtConcurrent::run(
        [this, dir, request, cancel](QPromise<core::LabelIssueResult> &promise) mutable {
            request.progress = [&promise](int fold, int folds, const std::string &) {
                promise.setProgressValueAndText(
                    fold, tr("Cross-validating: training fold %1 of %2…").arg(fold).arg(folds));
            };
            try {
                core::Workspace workspace(dir.toStdString());
                promise.addResult(core::findLabelIssues(workspace, request));
            } catch (const std::exception &e) {
                mIssueError = QString::fromStdString(e.what());
            }
        }));
    mInfo->setText(tr("Cross-validating…"));
    retranslateUi();
}

void ReviewPanel::cancelSearch()
{
    if (mCancel)
        *mCancel = true;
}

void ReviewPanel::moveMisfiledFiles(bool ask)
{
    if (!mWorkspace || mMoving)
        return;
    mMoving = true;
    // Finding them reads every image row: on a worker thread with its own connection, too.
    struct Found
    {
        std::vector<core::FileMove> moves;
        QString error;
    };
    auto *finder = new QFutureWatcher<Found>(this);
    const int generation = mGeneration;
    connect(finder, &QFutureWatcherBase::finished, this, [this, finder, ask, generation] {
        finder->deleteLater();
        Found found = finder->result();
        if (generation != mGeneration) { // another workspace meanwhile: nothing was moved
            mMoving = false;
            Q_EMIT filesMoved(0, {});
            return;
        }
        if (!found.error.isEmpty() || found.moves.empty()) {
            mMoving = false;
            if (ask && !found.error.isEmpty())
                QMessageBox::warning(this, tr("Move Files"), found.error);
            else if (ask)
                QMessageBox::information(this, tr("Move Files"),
                                         tr("Every file is in its class's folder."));
            Q_EMIT filesMoved(0, found.error.isEmpty() ? QStringList() : QStringList{found.error});
            return;
        }
        if (ask &&
            QMessageBox::question(this, tr("Move Files"),
                                  tr("Move %1 files into the folder of their (new) class? The "
                                     "workspace follows them.")
                                      .arg(found.moves.size())) != QMessageBox::Yes) {
            mMoving = false;
            return;
        }
        startMoves(std::move(found.moves), ask);
    });
    const std::string dir = mDir.toStdString();
    finder->setFuture(QtConcurrent::run([dir] {
        Found found;
        try {
            core::Workspace workspace(dir);
            found.moves = core::misfiledImages(workspace);
        } catch (const std::exception &e) {
            found.error = QString::fromStdString(e.what());
        }
        return found;
    }));
}

void ReviewPanel::startMoves(std::vector<core::FileMove> moves, bool ask)
{
    auto stop = std::make_shared<core::StopFlag>(false);
    auto *dialog =
        new QProgressDialog(tr("Moving files…"), tr("Cancel"), 0, int(moves.size()), this);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setMinimumDuration(300);
    connect(dialog, &QProgressDialog::canceled, this, [stop] { *stop = true; });
    auto *watcher = new QFutureWatcher<std::vector<core::FileMove>>(this);
    connect(watcher, &QFutureWatcherBase::progressValueChanged, dialog, &QProgressDialog::setValue);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, dialog, ask] {
        dialog->deleteLater();
        watcher->deleteLater();
        finishMoves(watcher->future().resultCount() ? watcher->result()
                                                    : std::vector<core::FileMove>{},
                    ask);
    });
    const std::string dir = mDir.toStdString();
    watcher->setFuture(QtConcurrent::run(
        [dir, moves = std::move(moves), stop](QPromise<std::vector<core::FileMove>> &promise) {
            std::vector<core::FileMove> result = moves;
            try {
                core::Workspace workspace(dir);
                promise.setProgressRange(0, int(moves.size()));
                result = core::moveToClassFolders(
                    workspace, moves,
                    [&promise](size_t done, size_t) { promise.setProgressValue(int(done)); },
                    stop.get());
            } catch (const std::exception &e) {
                for (auto &m : result)
                    if (m.error.empty())
                        m.error = e.what();
            }
            promise.addResult(result);
        }));
}

void ReviewPanel::finishMoves(const std::vector<core::FileMove> &moves, bool ask)
{
    mMoving = false;
    int moved = 0;
    QStringList failed;
    for (const auto &m : moves) {
        if (m.error.empty())
            ++moved;
        else
            failed << QStringLiteral("%1: %2").arg(QString::fromStdString(m.from),
                                                   QString::fromStdString(m.error));
    }
    if (ask && !failed.isEmpty())
        QMessageBox::warning(this, tr("Move Files"),
                             tr("%1 moved; not moved:\n%2")
                                 .arg(moved)
                                 .arg(failed.mid(0, 20).join(QLatin1Char('\n'))));
    reload();
    Q_EMIT labelsChanged();
    Q_EMIT filesMoved(moved, failed);
}

} // namespace photocat::ui
