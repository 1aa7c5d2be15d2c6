#pragma once

#include "evaluation/labelissues.h"
#include "evaluation/review.h"

#include <QFutureWatcher>
#include <QWidget>

#include <atomic>
#include <memory>
#include <mutex>

class QCheckBox;
class QComboBox;
class QLabel;
class QListView;
class QPushButton;
class QSlider;
class QSpinBox;
class QUndoStack;

namespace photocat::core {
class Predictor;
struct Explanation;
} // namespace photocat::core

namespace photocat::ui {

class ReviewModel;
class SimilarDialog;

/**
 * Review page: misclassified images (by loss, or most confidently wrong first), one confusion
 * cell, or the label-issue queue, each with label, prediction and top-3. Relabel with number
 * keys (1-9, 0) or the class picker, X = exclude, A = ambiguous, Ctrl+Z / Ctrl+Shift+Z = undo /
 * redo. Every change is written at once through the label history. Files move to their new
 * class folder only when asked.
 */
class ReviewPanel : public QWidget
{
    Q_OBJECT

public:
    enum Queue { Misclassified, Cell, LabelIssues };

    explicit ReviewPanel(QWidget *parent = nullptr);
    ~ReviewPanel() override;

    void setWorkspace(const QString &dir, core::Workspace *workspace);
    void showMisclassified(qint64 runId, core::Split split);
    void showCell(qint64 runId, core::Split split, int trueClass, int predicted);
    void showLabelIssues();

    ReviewModel *model() const { return mModel; }
    QListView *view() const { return mView; }
    QUndoStack *undoStack() const { return mUndo; }
    Queue queue() const { return mQueue; }

    /** Act on the current image, then move to the next. */
    void relabelCurrent(int label);
    void setCurrentStatus(core::ImageStatus status);
    /** k-fold label-issue search as a background job; the queue shows when it ends. */
    void findLabelIssues(int folds = 4, int epochs = 5);
    bool isSearching() const { return mIssueWatcher.isRunning(); }
    void cancelSearch();
    /** Moves files of images filed under another class's folder, on worker threads with a
        progress dialog and Cancel (asks first when interactive); filesMoved() tells the outcome. */
    void moveMisfiledFiles(bool ask = true);
    bool isMovingFiles() const { return mMoving; }

    /** "Show why": the preview under the Grad-CAM heat map of the reviewed model (the run's
        checkpoint, else the workspace's newest) for the predicted category, or for the
        image's label (whyForLabel), computed off the GUI thread. */
    void setShowWhy(bool on, bool whyForLabel = false);
    bool showsWhy() const;
    void setOverlayOpacity(double opacity); ///< 0..1
    /** The map shown for the current image; null while none is (being computed). */
    std::shared_ptr<const core::Explanation> explanation() const { return mExplanation; }
    /** The preview as shown. */
    QImage previewImage() const;
    /** "More like this" for the current image (opens the dialog); null without one. */
    SimilarDialog *showMoreLikeThis();

Q_SIGNALS:
    /** A label or status changed: other pages reload. */
    void labelsChanged();
    void labelIssuesFound(int ranked, int candidates);
    /** After moveMisfiledFiles(): how many files moved, and "file: reason" for those that did not.
     */
    void filesMoved(int moved, const QStringList &notMoved);
    /** The current image's heat map is shown (or could not be computed: explanation() null). */
    void explanationShown();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void reload();
    void loadClassNames();
    void showDetails();
    void change(int label, core::ImageStatus status, const QString &what);
    void startMoves(std::vector<core::FileMove> moves, bool ask);
    void finishMoves(const std::vector<core::FileMove> &moves, bool ask);
    void requestExplanation();
    /** The model under review: the run's checkpoint, else the workspace's newest. */
    std::string reviewedCheckpoint();
    void showPreview();

    QString mDir;
    core::Workspace *mWorkspace = nullptr;
    Queue mQueue = Misclassified;
    qint64 mRunId = 0;
    core::Split mSplit = core::Split::Test;
    int mCellTrue = -1, mCellPredicted = -1;
    QStringList mClasses;
    ReviewModel *mModel;
    QListView *mView;
    QUndoStack *mUndo;
    QComboBox *mQueueBox, *mOrder, *mPicker;
    QLabel *mInfo, *mPreview, *mDetails, *mKeys;
    QPushButton *mRelabel, *mExclude, *mAmbiguous, *mUndoButton, *mRedoButton, *mFind, *mMove;
    QSpinBox *mFolds, *mEpochs;
    std::shared_ptr<std::atomic<bool>> mCancel;
    QFutureWatcher<core::LabelIssueResult> mIssueWatcher;
    QString mIssueError;
    int mGeneration = 0, mSearchGeneration = 0; ///< a search of another workspace is dropped
    bool mMoving = false;
    QCheckBox *mShowWhy;
    QComboBox *mWhyFor;
    QSlider *mOpacity, *mTileSlider;
    QPushButton *mMoreLikeThis;
    SimilarDialog *mSimilar = nullptr;
    QImage mPreviewImage; ///< the current image, decoded once for the preview
    struct Explainer
    {
        std::mutex mutex; ///< one explanation at a time
        std::string checkpoint;
        std::unique_ptr<core::Predictor> predictor;
        ~Explainer();
    };
    std::shared_ptr<Explainer> mExplainer;
    QFutureWatcher<std::shared_ptr<const core::Explanation>> mExplainWatcher;
    std::shared_ptr<const core::Explanation> mExplanation;
    int mPreviewGeneration = 0;
};

} // namespace photocat::ui
