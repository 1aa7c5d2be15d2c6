#pragma once

#include "evaluation/evaluator.h"

#include <QFutureWatcher>
#include <QWidget>

#include <atomic>
#include <memory>

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;
class QProgressBar;

namespace photocat::ui {

/** Evaluates the newest model on a split off the GUI thread and shows its metrics and
    confusion matrix (the full review tools are their own issue). */
class EvaluatePanel : public QWidget
{
    Q_OBJECT

public:
    explicit EvaluatePanel(QWidget *parent = nullptr);
    ~EvaluatePanel() override;

    void setWorkspace(const QString &dir, const QString &checkpoint);
    void setCheckpoint(const QString &checkpoint);
    void evaluate();
    void cancel();

Q_SIGNALS:
    void evaluated(qint64 runId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void showResult(const core::EvaluateResult &r);

    QString mWorkspaceDir, mCheckpoint;
    std::shared_ptr<std::atomic<bool>> mCancel;
    QFutureWatcher<core::EvaluateResult> mWatcher;
    QComboBox *mSplit;
    QPushButton *mRun, *mCancelButton;
    QProgressBar *mProgress;
    QLabel *mSummary;
    QTableWidget *mConfusion;
};

} // namespace photocat::ui
