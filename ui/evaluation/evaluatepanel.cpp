#include "evaluation/evaluatepanel.h"

#include "common/statustext.h"
#include "evaluation/confusionplot.h"
#include "evaluation/policychart.h"
#include "evaluation/report.h"
#include "store/workspace.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QEventLoop>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPageSize>
#include <QPdfWriter>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTextDocument>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace photocat::ui {

namespace {

enum ExportKind { kConfusionCsv, kConfusionImage, kPredictionsCsv, kReport };

/** A table item that sorts by its number, not its text. */
QTableWidgetItem *numberItem(double value, int decimals)
{
    auto *item = new QTableWidgetItem;
    item->setData(Qt::DisplayRole, decimals
                                       ? QVariant(QString::number(value, 'f', decimals).toDouble())
                                       : QVariant(qlonglong(value)));
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

EvaluatePanel::EvaluatePanel(QWidget *parent) : QWidget(parent)
{
    mCheckpoint = new QComboBox(this);
    mCheckpoint->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    mSplit = new QComboBox(this);
    mSplit->addItem(QString(), int(core::Split::Test));
    mSplit->addItem(QString(), int(core::Split::Val));
    mSplit->addItem(QString(), int(core::Split::Train));
    mMirror = new QCheckBox(this);
    mRun = new QPushButton(this);
    mCancelButton = new QPushButton(this);
    mExport = new QToolButton(this);
    mExport->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(mExport);
    for (int kind : {kConfusionCsv, kConfusionImage, kPredictionsCsv, kReport})
        menu->addAction(QString())->setData(kind);
    mExport->setMenu(menu);
    connect(menu, &QMenu::triggered, this,
            [this](QAction *a) { exportWithDialog(a->data().toInt()); });
    mProgress = new QProgressBar(this);
    mSummary = new QLabel(this);
    mSummary->setWordWrap(true);
    auto *bar = new QHBoxLayout;
    bar->addWidget(mCheckpoint, 1);
    bar->addWidget(mSplit);
    bar->addWidget(mMirror);
    bar->addWidget(mRun);
    bar->addWidget(mCancelButton);
    bar->addWidget(mProgress, 1);
    bar->addWidget(mExport);

    auto *cards = new QHBoxLayout;
    for (auto *&card : mCards) {
        card = new QLabel(this);
        card->setFrameShape(QFrame::StyledPanel);
        card->setAlignment(Qt::AlignCenter);
        card->setMinimumWidth(120);
        cards->addWidget(card);
    }
    cards->addStretch(1);

    mConfusion = new ConfusionPlot(this);
    mTable = new QTableWidget(this);
    mTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    mTable->setSortingEnabled(true);
    mTable->verticalHeader()->hide();
    mTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    mTable->horizontalHeader()->setStretchLastSection(true);
    mPolicy = new PolicyChart(this);
    mOperating = new QLabel(this);
    mOperating->setWordWrap(true);
    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(mTable);
    auto *policyBox = new QWidget(this);
    auto *policyLayout = new QVBoxLayout(policyBox);
    policyLayout->setContentsMargins(0, 0, 0, 0);
    policyLayout->addWidget(mPolicy, 1);
    policyLayout->addWidget(mOperating);
    mTargetPrecisionLabel = new QLabel(this);
    mTargetPrecision = new QDoubleSpinBox(this);
    mTargetPrecision->setRange(50, 99.99);
    mTargetPrecision->setDecimals(2);
    mTargetPrecision->setSuffix(QStringLiteral(" %"));
    mTargetPrecision->setValue(99);
    mTargetPrecisionLabel->setBuddy(mTargetPrecision);
    mTargetHitRateLabel = new QLabel(this);
    mTargetHitRate = new QDoubleSpinBox(this);
    mTargetHitRate->setRange(0, 99.99);
    mTargetHitRate->setDecimals(2);
    mTargetHitRate->setSuffix(QStringLiteral(" %"));
    mTargetHitRate->setValue(99);
    mTargetHitRateLabel->setBuddy(mTargetHitRate);
    mChoose = new QPushButton(this);
    auto *targets = new QHBoxLayout;
    targets->addWidget(mTargetPrecisionLabel);
    targets->addWidget(mTargetPrecision);
    targets->addWidget(mTargetHitRateLabel);
    targets->addWidget(mTargetHitRate);
    targets->addWidget(mChoose);
    targets->addStretch(1);
    policyLayout->addLayout(targets);
    right->addWidget(policyBox);
    auto *split = new QSplitter(this);
    split->addWidget(mConfusion);
    split->addWidget(right);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(mSummary);
    layout->addLayout(cards);
    layout->addWidget(split, 1);

    connect(mRun, &QPushButton::clicked, this, &EvaluatePanel::evaluate);
    connect(mCancelButton, &QPushButton::clicked, this, &EvaluatePanel::cancel);
    connect(&mWatcher, &QFutureWatcherBase::progressValueChanged, mProgress,
            &QProgressBar::setValue);
    connect(&mWatcher, &QFutureWatcherBase::progressRangeChanged, mProgress,
            &QProgressBar::setRange);
    connect(&mWatcher, &QFutureWatcherBase::finished, this, [this] {
        retranslateUi();
        if (mJobGeneration != mGeneration)
            return; // evaluated another workspace
        if (mWatcher.future().resultCount() == 0) {
            mSummary->setText(mCancel && *mCancel ? tr("Evaluation cancelled.")
                                                  : tr("Evaluation failed: %1").arg(mError));
            return;
        }
        const core::EvaluateResult result = mWatcher.result();
        if (result.metrics.count == 0) {
            mSummary->setText(tr("Evaluation failed: none of the split's images could be read."));
            return;
        }
        mResultSplit = mPendingSplit;
        showResult(result);
    });
    connect(mConfusion, &ConfusionPlot::cellClicked, this, [this](int t, int p) {
        if (mHasResult)
            Q_EMIT reviewCellRequested(mResult.runId, mResultSplit, t, p);
    });
    connect(mPolicy, &PolicyChart::thresholdsChanged, this, &EvaluatePanel::updateOperatingPoint);
    connect(mPolicy, &PolicyChart::thresholdsChanged, this, [this] { mPolicyDragged = true; });
    connect(mCheckpoint, &QComboBox::currentIndexChanged, this, [this] { mPolicyDragged = false; });
    connect(mChoose, &QPushButton::clicked, this, &EvaluatePanel::chooseThresholds);
    connect(&mChooseWatcher, &QFutureWatcherBase::finished, this, [this] {
        retranslateUi();
        if (mJobGeneration != mGeneration)
            return;
        if (mChooseWatcher.future().resultCount() == 0) {
            mOperating->setText(tr("Choosing thresholds failed: %1").arg(mError));
            return;
        }
        mPolicyDragged = false; // show the model's new thresholds
        evaluate();
    });
    retranslateUi();
}

void EvaluatePanel::setTargets(double precision, double hitRate)
{
    mTargetPrecision->setValue(100 * precision);
    mTargetHitRate->setValue(100 * hitRate);
}

void EvaluatePanel::chooseThresholds()
{
    if (checkpoint().isEmpty() || mWatcher.isRunning() || mChooseWatcher.isRunning())
        return;
    mCancel = std::make_shared<std::atomic<bool>>(false);
    core::ThresholdRequest request;
    request.checkpoint = checkpoint().toStdString();
    request.targets.precision = mTargetPrecision->value() / 100;
    request.targets.hitRate = mTargetHitRate->value() / 100;
    request.stop = mCancel.get();
    mJobGeneration = mGeneration;
    const QString dir = mWorkspaceDir;
    auto cancelFlag = mCancel;
    mError.clear();
    mChooseWatcher.setFuture(
        QtConcurrent::run([this, dir, request, cancelFlag](QPromise<core::ChosenPolicy> &promise) {
            try {
                core::Workspace workspace(dir.toStdString());
                promise.addResult(core::chooseThresholds(workspace, request));
            } catch (const std::exception &e) {
                mError = QString::fromStdString(e.what()); // read after finished()
            }
        }));
    mOperating->setText(tr("Choosing thresholds on the validation split…"));
    retranslateUi();
}

EvaluatePanel::~EvaluatePanel()
{
    cancel();
    mWatcher.waitForFinished();
    mChooseWatcher.waitForFinished(); // its job writes mError
}

void EvaluatePanel::retranslateUi()
{
    mSplit->setItemText(0, tr("Test split"));
    mSplit->setItemText(1, tr("Validation split"));
    mSplit->setItemText(2, tr("Train split"));
    mMirror->setText(tr("Mirror averaging"));
    mMirror->setToolTip(tr("Test-time augmentation: average each photo's prediction with its "
                           "mirror image's (twice the time)"));
    mRun->setText(tr("E&valuate"));
    mCancelButton->setText(tr("Cancel"));
    mExport->setText(tr("Export"));
    const QStringList exports = {
        tr("Confusion matrix as CSV…"), tr("Confusion matrix as PNG or PDF…"),
        tr("Per-image predictions as CSV…"), tr("Evaluation report (HTML or PDF)…")};
    const auto actions = mExport->menu()->actions();
    for (int i = 0; i < actions.size(); ++i)
        actions[i]->setText(exports[i]);
    mTargetPrecisionLabel->setText(tr("Auto-assign at &precision:"));
    mTargetHitRateLabel->setText(tr("shortlists &holding the truth:"));
    mTargetHitRate->setSpecialValueText(tr("as they are"));
    mChoose->setText(tr("C&hoose Thresholds"));
    mChoose->setToolTip(
        tr("Choose the auto-assign threshold and shortlist length on the validation split so "
           "that these hold on new photos with 95% confidence, and store them with the model "
           "(predict, serve and the Classify page use them)"));
    const bool running = mWatcher.isRunning() || mChooseWatcher.isRunning();
    mRun->setEnabled(mCheckpoint->count() > 0 && !running);
    mChoose->setEnabled(mCheckpoint->count() > 0 && !running);
    mCancelButton->setEnabled(running);
    mExport->setEnabled(mHasResult && !running);
    mTable->setHorizontalHeaderLabels(
        {tr("category"), tr("precision"), tr("recall"), tr("F1"), tr("images")});
    if (!mHasResult && !running)
        mSummary->setText(mCheckpoint->count() ? tr("Choose a model and a split, then Evaluate.")
                                               : tr("No trained model yet."));
}

void EvaluatePanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void EvaluatePanel::setWorkspace(const QString &dir, const QString &checkpoint)
{
    if (!dir.isEmpty() && dir == mWorkspaceDir)
        return; // the same one again (after an import): a running evaluation goes on
    cancel();
    mWatcher.waitForFinished();
    ++mGeneration;
    mWorkspaceDir = dir;
    mHasResult = false;
    setCheckpoint(checkpoint);
}

void EvaluatePanel::setCheckpoint(const QString &checkpoint)
{
    // The given checkpoint is chosen at once; the workspace's runs join the list when they have
    // been read, on a worker thread with its own connection.
    mCheckpoint->clear();
    if (!checkpoint.isEmpty())
        mCheckpoint->addItem(QFileInfo(checkpoint).fileName(), checkpoint);
    retranslateUi();
    if (mWorkspaceDir.isEmpty())
        return;
    auto *watcher = new QFutureWatcher<RunList>(this);
    const int generation = mGeneration;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, checkpoint, generation] {
        watcher->deleteLater();
        if (generation == mGeneration && checkpoint == mRequestedCheckpoint)
            showRuns(watcher->result(), checkpoint);
    });
    mRequestedCheckpoint = checkpoint;
    const std::string dir = mWorkspaceDir.toStdString();
    watcher->setFuture(QtConcurrent::run([dir] {
        RunList list;
        try {
            core::Workspace workspace(dir);
            list.runs = workspace.runs();
            std::reverse(list.runs.begin(), list.runs.end());
            const auto gone = [](const core::RunRecord &run) {
                return run.checkpoint.empty() ||
                       !QFile::exists(QString::fromStdString(run.checkpoint));
            };
            list.runs.erase(std::remove_if(list.runs.begin(), list.runs.end(), gone),
                            list.runs.end());
        } catch (const std::exception &e) {
            list.error = QString::fromStdString(e.what());
        }
        return list;
    }));
}

void EvaluatePanel::showRuns(const RunList &list, const QString &checkpoint)
{
    mCheckpoint->clear();
    for (const auto &run : list.runs)
        mCheckpoint->addItem(tr("#%1 %2 (%3, val %4)")
                                 .arg(run.id)
                                 .arg(QString::fromStdString(run.name), runStatusText(run.status))
                                 .arg(run.bestValAccuracy, 0, 'f', 4),
                             QString::fromStdString(run.checkpoint));
    if (!checkpoint.isEmpty() && mCheckpoint->findData(checkpoint) < 0)
        mCheckpoint->insertItem(0, QFileInfo(checkpoint).fileName(), checkpoint);
    mCheckpoint->setCurrentIndex(std::max(0, mCheckpoint->findData(checkpoint)));
    retranslateUi();
    if (!list.error.isEmpty()) // after retranslateUi(), which sets the summary line
        mSummary->setText(tr("Cannot list the workspace's runs: %1").arg(list.error));
    Q_EMIT checkpointsListed();
}

QString EvaluatePanel::checkpoint() const { return mCheckpoint->currentData().toString(); }

void EvaluatePanel::setSplit(core::Split split)
{
    mSplit->setCurrentIndex(mSplit->findData(int(split)));
}

void EvaluatePanel::evaluate()
{
    if (checkpoint().isEmpty() || mWatcher.isRunning())
        return;
    mCancel = std::make_shared<std::atomic<bool>>(false);
    core::EvaluateRequest request;
    request.checkpoint = checkpoint().toStdString();
    request.split = static_cast<core::Split>(mSplit->currentData().toInt());
    request.policy = {mPolicy->autoThreshold(), mPolicy->shortlistThreshold()};
    if (mPolicyDragged)
        request.givenPolicy = {true, true, false, false};
    request.mirrorAveraging = mMirror->isChecked();
    request.stop = mCancel.get();
    mPendingSplit = request.split;
    mJobGeneration = mGeneration;
    const QString dir = mWorkspaceDir;
    auto cancelFlag = mCancel;
    mError.clear();
    mWatcher.setFuture(QtConcurrent::run(
        [this, dir, request, cancelFlag](QPromise<core::EvaluateResult> &promise) mutable {
            request.progress = [&promise](size_t done, size_t total) {
                promise.setProgressRange(0, int(total));
                promise.setProgressValue(int(done));
            };
            try {
                core::Workspace workspace(dir.toStdString());
                auto result = core::evaluateOnWorkspace(workspace, request);
                if (!result.cancelled)
                    promise.addResult(std::move(result));
            } catch (const std::exception &e) {
                mError = QString::fromStdString(e.what()); // read after finished()
            }
        }));
    mSummary->setText(tr("Evaluating…"));
    retranslateUi();
}

void EvaluatePanel::cancel()
{
    if (mCancel)
        *mCancel = true;
}

void EvaluatePanel::showResult(const core::EvaluateResult &r)
{
    mResult = r;
    mHasResult = true;
    const auto &m = r.metrics;
    mSummary->setText(tr("%1 images of the %2. Click a cell of the matrix to review its images.")
                          .arg(m.count)
                          .arg(mSplit->itemText(mSplit->findData(int(mResultSplit)))));
    mCards[0]->setText(tr("accuracy\n%1%").arg(100 * m.accuracy, 0, 'f', 2));
    mCards[1]->setText(tr("top-%1\n%2%").arg(m.topK).arg(100 * m.topKAccuracy, 0, 'f', 2));
    mCards[2]->setText(tr("macro F1\n%1").arg(m.macroF1, 0, 'f', 4));
    mCards[3]->setText(tr("images\n%1").arg(m.count));
    QStringList names;
    for (const auto &c : r.displayNames.size() == r.classes.size() ? r.displayNames : r.classes)
        names << QString::fromStdString(c);
    mConfusion->setMatrix(m.confusion, names);

    mTable->setSortingEnabled(false);
    mTable->clearContents();
    mTable->setColumnCount(5);
    mTable->setRowCount(int(names.size()));
    for (int i = 0; i < names.size(); ++i) {
        const auto &c = m.perClass[size_t(i)];
        mTable->setItem(i, 0, new QTableWidgetItem(names[i]));
        mTable->setItem(i, 1, numberItem(c.precision, 4));
        mTable->setItem(i, 2, numberItem(c.recall, 4));
        mTable->setItem(i, 3, numberItem(c.f1, 4));
        mTable->setItem(i, 4, numberItem(double(c.support), 0));
    }
    mTable->setSortingEnabled(true);
    mTable->sortByColumn(3, Qt::AscendingOrder); // weakest categories first

    std::vector<std::vector<float>> probabilities;
    std::vector<int> labels;
    for (const auto &p : r.predictions) {
        probabilities.push_back(p.probabilities);
        labels.push_back(p.trueLabel);
    }
    mPolicy->setCurve(core::policyCurve(probabilities, labels));
    mPolicy->setThresholds(r.policy.autoAssign, r.policy.shortlist);
    mPolicy->setTargetPrecision(r.chosenPolicy ? r.chosenPolicy->targets.precision : 0);
    updateOperatingPoint(mPolicy->autoThreshold(), mPolicy->shortlistThreshold());
    retranslateUi();
    Q_EMIT evaluated(r.runId);
}

void EvaluatePanel::updateOperatingPoint(double autoAssign, double shortlist)
{
    if (!mHasResult)
        return;
    std::vector<std::vector<float>> probabilities;
    std::vector<int> labels;
    for (const auto &p : mResult.predictions) {
        probabilities.push_back(p.probabilities);
        labels.push_back(p.trueLabel);
    }
    core::PolicyThresholds t = mResult.policy;
    t.autoAssign = autoAssign;
    t.shortlist = shortlist;
    const auto op = core::operatingPoint(probabilities, labels, t);
    mResult.metrics.operating = op;
    QString chosen;
    if (mResult.chosenPolicy && mResult.policyOnSplit) {
        const auto &c = *mResult.chosenPolicy, &here = *mResult.policyOnSplit;
        if (c.targets.precision > 0)
            chosen +=
                tr("\nThe model's auto-assign threshold %1 was chosen for %2% precision "
                   "on %3 validation photos%4; on these photos it gives %5% precision over "
                   "%6% of them.")
                    .arg(c.thresholds.autoAssign, 0, 'f', 4)
                    .arg(100 * c.targets.precision, 0, 'f', 1)
                    .arg(c.count)
                    .arg(c.precisionMet ? QString() : tr(" (not reachable: auto-assignment off)"))
                    .arg(100 * here.precision, 0, 'f', 2)
                    .arg(100 * here.autoShare, 0, 'f', 1);
        if (c.targets.hitRate > 0)
            chosen += tr("\nShortlists grow to %1 of the probability for the truth in them %2% "
                         "of the time; here %3%.")
                          .arg(c.thresholds.shortlistMass, 0, 'f', 2)
                          .arg(100 * c.targets.hitRate, 0, 'f', 1)
                          .arg(100 * here.hitRate, 0, 'f', 1);
    }
    mOperating->setText(
        tr("Auto-assign at %1, shortlist at %2: %3% of uploads categorized automatically "
           "(%4% right), %5% shortlisted (truth in the list %6%), %7% manual. Drag the "
           "lines to move the thresholds.")
            .arg(autoAssign, 0, 'f', 4)
            .arg(shortlist, 0, 'f', 2)
            .arg(100 * op.autoShare, 0, 'f', 1)
            .arg(100 * op.autoAccuracy, 0, 'f', 1)
            .arg(100 * op.shortlistShare, 0, 'f', 1)
            .arg(100 * op.shortlistHit, 0, 'f', 1)
            .arg(100 * op.manualShare, 0, 'f', 1) +
        chosen);
}

bool EvaluatePanel::writeText(const QString &file, const std::string &text)
{
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        out.write(text.data(), qint64(text.size())) != qint64(text.size())) {
        mError = tr("Cannot write %1: %2").arg(file, out.errorString());
        return false;
    }
    return true;
}

bool EvaluatePanel::exportConfusionCsv(const QString &file)
{
    return mHasResult && writeText(file, core::confusionCsv(mResult.metrics, mResult.classes));
}

bool EvaluatePanel::exportConfusionImage(const QString &file)
{
    if (mHasResult && mConfusion->exportTo(file))
        return true;
    mError = tr("Cannot write %1").arg(file);
    return false;
}

bool EvaluatePanel::exportPredictionsCsv(const QString &file)
{
    if (!mHasResult)
        return false;
    try {
        core::Workspace workspace(mWorkspaceDir.toStdString());
        return writeText(file, core::predictionsCsv(workspace, mResult));
    } catch (const std::exception &e) {
        mError = QString::fromStdString(e.what());
        return false;
    }
}

bool EvaluatePanel::exportReport(const QString &file)
{
    if (!mHasResult)
        return false;
    core::PolicyThresholds policy = mResult.policy;
    policy.autoAssign = mPolicy->autoThreshold();
    policy.shortlist = mPolicy->shortlistThreshold();
    core::ReportInfo info{mWorkspaceDir.toStdString(),
                          checkpoint().toStdString(),
                          core::splitName(mResultSplit),
                          mCheckpoint->currentText().toStdString(),
                          policy,
                          {}};
    // The mistakes' heat maps are computed off the GUI thread; the page waits for them.
    const std::string dir = mWorkspaceDir.toStdString(), model = checkpoint().toStdString();
    const core::EvaluateResult result = mResult;
    QFutureWatcher<std::vector<core::ReportMistake>> watcher;
    QEventLoop loop;
    connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
    watcher.setFuture(QtConcurrent::run([dir, model, result] {
        try {
            core::Workspace workspace(dir);
            return core::explainMistakes(workspace, result, model);
        } catch (const std::exception &) {
            return std::vector<core::ReportMistake>{}; // the report without them
        }
    }));
    if (!watcher.isFinished())
        loop.exec();
    info.mistakes = watcher.result();
    const std::string html = core::evaluationReportHtml(mResult, info);
    if (!file.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive))
        return writeText(file, html);
    QPdfWriter pdf(file);
    pdf.setPageSize(QPageSize(QPageSize::A4));
    pdf.setResolution(150);
    QTextDocument document;
    document.setHtml(QString::fromStdString(html));
    document.setPageSize(pdf.pageLayout().paintRectPixels(pdf.resolution()).size());
    document.print(&pdf);
    return QFile::exists(file);
}

void EvaluatePanel::exportWithDialog(int kind)
{
    static const char *const filters[] = {"CSV (*.csv)", "PNG (*.png);;PDF (*.pdf)", "CSV (*.csv)",
                                          "HTML (*.html);;PDF (*.pdf)"};
    static const char *const names[] = {"confusion.csv", "confusion.png", "predictions.csv",
                                        "report.html"};
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Export"), QString::fromLatin1(names[kind]), QString::fromLatin1(filters[kind]));
    if (file.isEmpty())
        return;
    bool ok = false;
    switch (kind) {
    case kConfusionCsv: ok = exportConfusionCsv(file); break;
    case kConfusionImage: ok = exportConfusionImage(file); break;
    case kPredictionsCsv: ok = exportPredictionsCsv(file); break;
    default: ok = exportReport(file); break;
    }
    if (!ok)
        QMessageBox::warning(this, tr("Export"), mError);
}

} // namespace photocat::ui
