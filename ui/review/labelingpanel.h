#pragma once

#include "evaluation/review.h"

#include <QFutureWatcher>
#include <QWidget>

#include <atomic>
#include <memory>

class QComboBox;
class QLabel;
class QPushButton;
class QUndoStack;

namespace photocat::ui {

/**
 * Label page: the workspace's unlabeled pool, one image after another. With a trained model
 * the pool is ordered by the model's uncertainty (most informative first, active learning) and
 * its suggestion is pre-selected (model-assisted labeling). Enter accepts, 1-9 and 0 choose a
 * category, S skips, Ctrl+Z undoes. An accepted image joins its class and the train split,
 * through the label history.
 */
class LabelingPanel : public QWidget
{
    Q_OBJECT

public:
    explicit LabelingPanel(QWidget *parent = nullptr);
    ~LabelingPanel() override;

    /** Another workspace: its pool, a fresh undo history. The same one again (after an
        import): the pool, a running job and the undo history are kept (a finished pool is
        read again). */
    void setWorkspace(const QString &dir, core::Workspace *workspace, const QString &checkpoint);
    /** The model for suggestions (a newly trained one): a first model orders the pool at
        once; a newer one at the next refresh(), not under the analyst's hands. */
    void setCheckpoint(const QString &checkpoint);
    /** Recomputes the pool and suggestions in the background. */
    void refresh();
    /** Imports a folder into the pool (every image unlabeled), then refreshes. */
    void importFolder(const QString &folder);
    bool isBusy() const { return mWatcher.isRunning(); }

    int remaining() const { return int(mPool.size()) - mPosition; }
    const core::PoolItem *current() const;
    /** Labels the current image with label (the suggestion when -1) and moves on. */
    void accept(int label = -1);
    void skip();
    /** Undoes the newest label and shows that photo again. */
    void undo();
    QUndoStack *undoStack() const { return mUndo; }

Q_SIGNALS:
    void labelsChanged();
    void poolReady(int size);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void showCurrent();
    /** Background job: optionally imports a folder into the pool, then orders the pool. */
    void startJob(const QString &importFolder, const QString &message);

    QString mDir, mCheckpoint;
    bool mRefreshPending = false; ///< a first model to order the pool by
    core::Workspace *mWorkspace = nullptr;
    std::vector<core::PoolItem> mPool;
    int mPosition = 0;
    std::vector<int> mAcceptedAt; ///< pool position of each undoable label, newest last
    QStringList mClasses;
    QFutureWatcher<std::vector<core::PoolItem>> mWatcher;
    std::shared_ptr<std::atomic<bool>> mCancel;
    QString mError;
    QUndoStack *mUndo;
    QLabel *mImage, *mInfo, *mKeys;
    QComboBox *mPicker;
    QPushButton *mAccept, *mSkip, *mImport, *mRefresh;
};

} // namespace photocat::ui
