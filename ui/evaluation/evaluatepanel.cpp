#include "evaluation/evaluatepanel.h"

#include "store/workspace.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace photocat::ui {

EvaluatePanel::EvaluatePanel(QWidget *parent) : QWidget(parent)
{
    mSplit = new QComboBox(this);
    mSplit->addItem(QString(), int(core::Split::Test));
    mSplit->addItem(QString(), int(core::Split::Val));
    mSplit->addItem(QString(), int(core::Split::Train));
    mRun = new QPushButton(this);
    mCancelButton = new QPushButton(this);
    mProgress = new QProgressBar(this);
    mSummary = new QLabel(this);
    mSummary->setWordWrap(true);
    mSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mConfusion = new QTableWidget(this);
    mConfusion->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto *bar = new QHBoxLayout;
    bar->addWidget(mSplit);
    bar->addWidget(mRun);
    bar->addWidget(mCancelButton);
    bar->addWidget(mProgress, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(mSummary);
    layout->addWidget(mConfusion, 1);
    connect(mRun, &QPushButton::clicked, this, &EvaluatePanel::evaluate);
    connect(mCancelButton, &QPushButton::clicked, this, &EvaluatePanel::cancel);
    connect(&mWatcher, &QFutureWatcherBase::progressValueChanged, mProgress, &QProgressBar::setValue);
    connect(&mWatcher, &QFutureWatcherBase::progressRangeChanged, mProgress, &QProgressBar::setRange);
    connect(&mWatcher, &QFutureWatcherBase::finished, this, [this] {
        mRun->setEnabled(!mCheckpoint.isEmpty());
        mCancelButton->setEnabled(false);
        if (mWatcher.future().resultCount() == 0) {
            mSummary->setText(tr("Evaluation failed or was cancelled."));
            return;
        }
        showResult(mWatcher.result());
    });
    retranslateUi();
}

EvaluatePanel::~EvaluatePanel()
{
    cancel();
    mWatcher.waitForFinished();
}

void EvaluatePanel::retranslateUi()
{
    mSplit->setItemText(0, tr("Test split"));
    mSplit->setItemText(1, tr("Validation split"));
    mSplit->setItemText(2, tr("Train split"));
    mRun->setText(tr("E&valuate"));
    mCancelButton->setText(tr("Cancel"));
    mRun->setEnabled(!mCheckpoint.isEmpty() && !mWatcher.isRunning());
    mCancelButton->setEnabled(mWatcher.isRunning());
    if (mSummary->text().isEmpty() || mCheckpoint.isEmpty())
        mSummary->setText(mCheckpoint.isEmpty() ? tr("No trained model yet.")
                                                : tr("Model: %1").arg(mCheckpoint));
}

void EvaluatePanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void EvaluatePanel::setWorkspace(const QString &dir, const QString &checkpoint)
{
    mWorkspaceDir = dir;
    setCheckpoint(checkpoint);
}

void EvaluatePanel::setCheckpoint(const QString &checkpoint)
{
    mCheckpoint = checkpoint;
    mSummary->clear();
    retranslateUi();
}

void EvaluatePanel::evaluate()
{
    if (mCheckpoint.isEmpty() || mWatcher.isRunning())
        return;
    mCancel = std::make_shared<std::atomic<bool>>(false);
    core::EvaluateRequest request;
    request.checkpoint = mCheckpoint.toStdString();
    request.split = static_cast<core::Split>(mSplit->currentData().toInt());
    request.cancel = mCancel.get();
    const QString dir = mWorkspaceDir;
    auto cancelFlag = mCancel;
    mWatcher.setFuture(QtConcurrent::run([dir, request, cancelFlag](QPromise<core::EvaluateResult> &promise) mutable {
        request.progress = [&promise](size_t done, size_t total) {
            promise.setProgressRange(0, int(total));
            promise.setProgressValue(int(done));
        };
        try {
            core::Workspace workspace(dir.toStdString());
            auto result = core::evaluateOnWorkspace(workspace, request);
            if (!result.cancelled)
                promise.addResult(std::move(result));
        } catch (const std::exception &) {
        }
    }));
    mRun->setEnabled(false);
    mCancelButton->setEnabled(true);
    mSummary->setText(tr("Evaluating…"));
}

void EvaluatePanel::cancel()
{
    if (mCancel)
        *mCancel = true;
}

void EvaluatePanel::showResult(const core::EvaluateResult &r)
{
    const auto &m = r.metrics;
    const auto &op = m.operating;
    mSummary->setText(tr("%1 images: accuracy %2%, top-%3 %4%, macro-F1 %5. Suggestions: %6% chosen "
                         "automatically (%7% right), %8% shortlisted (truth in list %9%), %10% manual.")
                          .arg(m.count)
                          .arg(100 * m.accuracy, 0, 'f', 2)
                          .arg(m.topK)
                          .arg(100 * m.topKAccuracy, 0, 'f', 2)
                          .arg(m.macroF1, 0, 'f', 4)
                          .arg(100 * op.autoShare, 0, 'f', 1)
                          .arg(100 * op.autoAccuracy, 0, 'f', 1)
                          .arg(100 * op.shortlistShare, 0, 'f', 1)
                          .arg(100 * op.shortlistHit, 0, 'f', 1)
                          .arg(100 * op.manualShare, 0, 'f', 1));
    const int n = int(r.classes.size());
    QStringList names;
    for (const auto &c : r.classes)
        names << QString::fromStdString(c);
    mConfusion->clear();
    mConfusion->setRowCount(n);
    mConfusion->setColumnCount(n);
    mConfusion->setHorizontalHeaderLabels(names);
    mConfusion->setVerticalHeaderLabels(names);
    for (int t = 0; t < n; ++t) {
        int64_t rowTotal = 0;
        for (auto v : m.confusion[size_t(t)])
            rowTotal += v;
        for (int p = 0; p < n; ++p) {
            const auto v = m.confusion[size_t(t)][size_t(p)];
            auto *item = new QTableWidgetItem(QString::number(v));
            const double share = rowTotal ? double(v) / double(rowTotal) : 0;
            item->setBackground(t == p ? QColor::fromRgbF(0.2, 0.6, 0.3, 0.15 + 0.6 * share)
                                       : QColor::fromRgbF(0.85, 0.3, 0.2, std::min(1.0, 3 * share)));
            item->setToolTip(tr("%1 → %2: %3 (%4% of the row)")
                                 .arg(names[t], names[p]).arg(v).arg(100 * share, 0, 'f', 1));
            mConfusion->setItem(t, p, item);
        }
    }
    Q_EMIT evaluated(r.runId);
}

} // namespace photocat::ui
