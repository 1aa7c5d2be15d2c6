#pragma once

#include "evaluation/operating.h"
#include "inference/policy.h"

#include <QFutureWatcher>
#include <QImage>
#include <QThreadPool>
#include <QWidget>

#include <memory>
#include <mutex>
#include <optional>
#include <vector>

class QCheckBox;
class QLabel;
class QPushButton;
class QSlider;
class QDoubleSpinBox;
class QVBoxLayout;
class QScrollArea;
class QTemporaryDir;

namespace photocat::core {
class Predictor;
class Workspace;
struct Explanation;
} // namespace photocat::core

namespace photocat::ui {

class ServeDialog;
class SimilarDialog;

/** One photo's suggestion, as the Classify panel shows it. */
struct PhotoPrediction
{
    QString path;
    std::vector<float> probabilities; ///< calibrated; empty when error is set
    QString error;
    QImage thumbnail; ///< decoded once, on the prediction thread
    /** Grad-CAM of the predicted category, computed off the GUI thread once "Show why" is on. */
    std::shared_ptr<const core::Explanation> explanation;
};

/**
 * Classify panel: drop photos (or paste, or Open…) and see the top categories as bars with
 * percentages and the auto / shortlist / manual decision; thresholds update the decisions live
 * without predicting again; results export as CSV. Predictions run on a one-thread pool.
 */
class ClassifyPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ClassifyPanel(QWidget *parent = nullptr);
    ~ClassifyPanel() override;

    void setWorkspace(core::Workspace *workspace);
    /** The checkpoint to predict with; loaded on the prediction thread. */
    void setCheckpoint(const QString &checkpoint);
    QString checkpoint() const { return mCheckpoint; }
    void classify(const QStringList &paths);
    const std::vector<PhotoPrediction> &results() const { return mResults; }
    core::PolicyThresholds thresholds() const;
    void setThresholds(double autoAssign, double shortlist);
    /** The decision shown for result i, after the current thresholds. */
    core::Suggestion suggestion(size_t i) const;
    /** "Show why": each photo under the heat map of where it holds the evidence for its
        suggested category (Grad-CAM, computed off the GUI thread), at overlayOpacity(). */
    void setShowWhy(bool on);
    bool showsWhy() const;
    void setOverlayOpacity(double opacity); ///< 0..1
    double overlayOpacity() const;
    /** The picture row i shows (the photo, or it under its heat map). */
    QImage rowPicture(size_t i) const;
    /** "More like this" for row i: the workspace's most similar images (opens the dialog);
        null without a workspace or model. */
    SimilarDialog *showMoreLikeThis(size_t i);
    bool exportCsv(const QString &fileName) const;
    /** "Serve this model…": the endpoint for the chosen model and thresholds (opens it). */
    ServeDialog *showServeDialog();

Q_SIGNALS:
    void predictionAdded(int index);
    void errorOccurred(const QString &message);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void paste();
    void addResult(const PhotoPrediction &p);
    void rebuildRows();
    QWidget *makeRow(size_t index);

    core::Workspace *mWorkspace = nullptr;
    QString mCheckpoint;
    QStringList mClassNames;
    std::shared_ptr<core::Predictor> mPredictor;
    /** The thresholds stored with the model (chosen from a precision target), if any: the
        spin boxes start there and the shortlist's mass and size come from them. */
    std::optional<core::ChosenPolicy> mModelPolicy;
    std::shared_ptr<std::mutex> mPredictorMutex = std::make_shared<std::mutex>();
    QThreadPool mPool;
    QStringList mPending;
    std::vector<PhotoPrediction> mResults;
    std::unique_ptr<QTemporaryDir> mPasteDir;

    QLabel *mHint, *mModelLabel, *mAutoLabel, *mShortlistLabel;
    QPushButton *mOpen, *mChooseModel, *mServe, *mExport, *mClear;
    ServeDialog *mServeDialog = nullptr;
    SimilarDialog *mSimilar = nullptr;
    QDoubleSpinBox *mAuto, *mShortlist;
    QCheckBox *mShowWhy;
    QSlider *mOpacity;
    QScrollArea *mScroll;
    QWidget *mRowsWidget;
    QVBoxLayout *mRows;
};

} // namespace photocat::ui
