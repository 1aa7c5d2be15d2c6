#include "review/labelingpanel.h"

#include "common/imagefile.h"
#include "data/importer.h"
#include "review/labelchange.h"

#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace photocat::ui {

LabelingPanel::LabelingPanel(QWidget *parent) : QWidget(parent), mUndo(new QUndoStack(this))
{
    mImport = new QPushButton(this);
    mRefresh = new QPushButton(this);
    mInfo = new QLabel(this);
    mInfo->setWordWrap(true);
    auto *top = new QHBoxLayout;
    top->addWidget(mImport);
    top->addWidget(mRefresh);
    top->addWidget(mInfo, 1);
    mImage = new QLabel(this);
    mImage->setAlignment(Qt::AlignCenter);
    mImage->setMinimumSize(320, 320);
    mPicker = new QComboBox(this);
    mAccept = new QPushButton(this);
    mSkip = new QPushButton(this);
    mKeys = new QLabel(this);
    mKeys->setWordWrap(true);
    auto *row = new QHBoxLayout;
    row->addWidget(mPicker, 1);
    row->addWidget(mAccept);
    row->addWidget(mSkip);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(mImage, 1);
    layout->addLayout(row);
    layout->addWidget(mKeys);
    setFocusPolicy(Qt::StrongFocus);

    connect(mAccept, &QPushButton::clicked, this, [this] { accept(mPicker->currentIndex()); });
    connect(mSkip, &QPushButton::clicked, this, &LabelingPanel::skip);
    connect(mRefresh, &QPushButton::clicked, this, &LabelingPanel::refresh);
    connect(mImport, &QPushButton::clicked, this, [this] {
        const QString folder =
            QFileDialog::getExistingDirectory(this, tr("Import Unlabeled Photos"));
        if (!folder.isEmpty())
            importFolder(folder);
    });
    auto *undo = new QShortcut(QKeySequence::Undo, this);
    connect(undo, &QShortcut::activated, this, &LabelingPanel::undo);
    connect(&mWatcher, &QFutureWatcherBase::finished, this, [this] {
        mPool = mWatcher.future().resultCount() ? mWatcher.result() : std::vector<core::PoolItem>{};
        mPosition = 0;
        mUndo->clear(); // positions refer to the old pool
        mAcceptedAt.clear();
        retranslateUi();
        showCurrent();
        if (!mError.isEmpty())
            mInfo->setText(mError);
        Q_EMIT poolReady(int(mPool.size()));
        if (mRefreshPending) // a first model arrived while this job ran
            setCheckpoint(mCheckpoint);
    });
    retranslateUi();
}

LabelingPanel::~LabelingPanel()
{
    if (mCancel)
        *mCancel = true;
    mWatcher.waitForFinished();
}

void LabelingPanel::retranslateUi()
{
    mImport->setText(tr("Import Unlabeled Photos…"));
    mRefresh->setText(tr("Refresh Suggestions"));
    mAccept->setText(tr("Accept"));
    mSkip->setText(tr("Skip"));
    mKeys->setText(tr("Keys: Enter accepts the selected category, 1–9 and 0 label with that "
                      "category, S skips, Ctrl+Z undoes. Labeled photos join their category and "
                      "the training split."));
    mImport->setEnabled(mWorkspace && !isBusy());
    mRefresh->setEnabled(mWorkspace && !isBusy());
}

void LabelingPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void LabelingPanel::setWorkspace(const QString &dir, core::Workspace *workspace,
                                 const QString &checkpoint)
{
    if (workspace && workspace == mWorkspace && dir == mDir) {
        // The same one again (after an import): the analyst goes on where they are, undo
        // history kept; photos imported meanwhile join at the next refresh (at once when the
        // pool was done).
        mCheckpoint = checkpoint;
        if (remaining() == 0)
            refresh();
        return;
    }
    if (mCancel)
        *mCancel = true;
    mWatcher.waitForFinished();
    mDir = dir;
    mWorkspace = workspace;
    mCheckpoint = checkpoint;
    mRefreshPending = false;
    mUndo->clear();
    mAcceptedAt.clear();
    mClasses.clear();
    mPicker->clear();
    if (mWorkspace)
        for (const auto &c : mWorkspace->displayNames())
            mClasses << QString::fromStdString(c);
    for (int i = 0; i < mClasses.size(); ++i)
        mPicker->addItem(i < 10 ? QStringLiteral("%1  %2").arg((i + 1) % 10).arg(mClasses[i])
                                : mClasses[i]);
    mPool.clear();
    mPosition = 0;
    if (mWorkspace)
        refresh();
    else
        showCurrent();
}

void LabelingPanel::setCheckpoint(const QString &checkpoint)
{
    const bool first = mCheckpoint.isEmpty();
    mCheckpoint = checkpoint;
    if (first && !checkpoint.isEmpty() && mWorkspace)
        mRefreshPending = true; // now, or when the running job has finished
    if (mRefreshPending && !isBusy()) {
        mRefreshPending = false;
        refresh();
    }
}

void LabelingPanel::refresh()
{
    startJob(QString(), tr("Ordering the pool by the model's uncertainty…"));
}

void LabelingPanel::importFolder(const QString &folder)
{
    startJob(folder, tr("Importing %1…").arg(folder));
}

void LabelingPanel::startJob(const QString &importFolder, const QString &message)
{
    if (!mWorkspace || isBusy())
        return;
    mCancel = std::make_shared<std::atomic<bool>>(false);
    const QString dir = mDir, checkpoint = mCheckpoint;
    auto cancel = mCancel;
    mError.clear();
    mWatcher.setFuture(QtConcurrent::run([this, dir, importFolder, checkpoint, cancel] {
        // This thread's own connection; an import (into the unlabeled pool) comes first.
        std::unique_ptr<core::Workspace> workspace;
        try {
            workspace = std::make_unique<core::Workspace>(dir.toStdString());
            if (!importFolder.isEmpty()) {
                core::ImportOptions o;
                o.source = importFolder.toStdString();
                o.unlabeled = true;
                o.stop = cancel.get();
                core::importDataset(*workspace, o);
            }
            return core::labelingPool(*workspace, checkpoint.toStdString(), cancel.get());
        } catch (const std::exception &e) {
            mError = tr("Suggestions unavailable: %1").arg(QString::fromStdString(e.what()));
        }
        try {
            return workspace ? core::labelingPool(*workspace, std::string())
                             : std::vector<core::PoolItem>{};
        } catch (const std::exception &e) {
            // Written here, read by the finished handler: the future orders the two.
            mError = tr("Cannot read the unlabeled pool: %1").arg(QString::fromStdString(e.what()));
            return std::vector<core::PoolItem>{};
        }
    }));
    mInfo->setText(message);
    retranslateUi();
}

const core::PoolItem *LabelingPanel::current() const
{
    return mPosition < int(mPool.size()) ? &mPool[size_t(mPosition)] : nullptr;
}

void LabelingPanel::showCurrent()
{
    const core::PoolItem *item = current();
    mAccept->setEnabled(item != nullptr);
    mSkip->setEnabled(item != nullptr);
    if (!item) {
        mImage->clear();
        mInfo->setText(mWorkspace
                           ? tr("Nothing left to label. Import unlabeled photos to grow the pool.")
                           : tr("Open a workspace."));
        return;
    }
    // Through photocat's reader (probed first; a record of a .rec file is not a file Qt opens),
    // small photos enlarged smoothly to the frame.
    const QImage image = readImageForDisplay(QString::fromStdString(item->path), 1024);
    mImage->setPixmap(
        QPixmap::fromImage(image.scaled(320, 320, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
    if (item->suggested >= 0) {
        mPicker->setCurrentIndex(item->suggested);
        mInfo->setText(tr("%1 left. Suggestion: %2 (%3%). %4")
                           .arg(remaining())
                           .arg(mClasses.value(item->suggested))
                           .arg(100 * item->confidence, 0, 'f', 1)
                           .arg(QString::fromStdString(item->path)));
    } else {
        mInfo->setText(tr("%1 left (no model yet: train one for suggestions). %2")
                           .arg(remaining())
                           .arg(QString::fromStdString(item->path)));
    }
}

void LabelingPanel::accept(int label)
{
    const core::PoolItem *item = current();
    if (!mWorkspace || !item)
        return;
    if (label < 0)
        label = item->suggested >= 0 ? item->suggested : mPicker->currentIndex();
    if (label < 0 || label >= mClasses.size())
        return;
    const LabelState before = labelStateOf(*mWorkspace, item->imageId);
    LabelState after = before;
    after.label = label;
    if (after.split == core::Split::None)
        after.split = core::Split::Train;
    auto applied = [this](qint64, const LabelState &, const QString &error) {
        if (!error.isEmpty())
            mInfo->setText(tr("Could not save the label: %1").arg(error));
        Q_EMIT labelsChanged();
    };
    mUndo->push(new LabelChange(mWorkspace, item->imageId, before, after,
                                QStringLiteral("labeling"), applied,
                                tr("Label as %1").arg(mClasses[label])));
    mAcceptedAt.push_back(mPosition);
    ++mPosition;
    showCurrent();
}

void LabelingPanel::undo()
{
    if (!mUndo->canUndo() || mAcceptedAt.empty())
        return;
    mUndo->undo();
    mPosition = mAcceptedAt.back(); // back to the photo whose label was undone
    mAcceptedAt.pop_back();
    showCurrent();
}

void LabelingPanel::skip()
{
    if (current()) {
        ++mPosition;
        showCurrent();
    }
}

void LabelingPanel::keyPressEvent(QKeyEvent *event)
{
    if (!(event->modifiers() & (Qt::ControlModifier | Qt::AltModifier))) {
        if (event->key() >= Qt::Key_0 && event->key() <= Qt::Key_9) {
            const int digit = event->key() - Qt::Key_0;
            accept(digit == 0 ? 9 : digit - 1);
            return;
        }
        if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
            accept(mPicker->currentIndex());
            return;
        }
        if (event->key() == Qt::Key_S) {
            skip();
            return;
        }
    }
    QWidget::keyPressEvent(event);
}

} // namespace photocat::ui
