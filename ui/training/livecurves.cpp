#include "training/livecurves.h"

#include "common/curveplot.h"

#include <QEvent>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QVBoxLayout>

namespace photocat::ui {

namespace {

enum BatchSeries { kRaw, kSmoothed };
enum EpochSeries { kTrain, kVal };

} // namespace

LiveCurves::LiveCurves(QWidget *parent) : QWidget(parent)
{
    mBatchLoss = new CurvePlot(this);
    mBatchLoss->addSeries(QString(), QColor(150, 180, 220));
    mBatchLoss->addSeries(QString(), QColor(20, 80, 170));
    mEpochLoss = new CurvePlot(this);
    mEpochLoss->addSeries(QString(), QColor(20, 80, 170));
    mEpochLoss->addSeries(QString(), QColor(210, 90, 30));
    mAccuracy = new CurvePlot(this);
    mAccuracy->setFixedYRange(0, 1);
    mAccuracy->addSeries(QString(), QColor(20, 80, 170));
    mAccuracy->addSeries(QString(), QColor(210, 90, 30));
    mLog = new QPlainTextEdit(this);
    mLog->setReadOnly(true);
    mLog->setMaximumBlockCount(2000);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    for (QWidget *w : std::initializer_list<QWidget *>{mBatchLoss, mEpochLoss, mAccuracy, mLog})
        splitter->addWidget(w);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
    retranslateUi();
}

void LiveCurves::reset()
{
    mBatchLoss->clear();
    mEpochLoss->clear();
    mAccuracy->clear();
    mLog->clear();
    mHaveSmoothed = false;
    mGlobalBatch = 0;
}

void LiveCurves::addBatch(const core::BatchProgress &p)
{
    ++mGlobalBatch;
    mBatchLoss->addPoint(kRaw, double(mGlobalBatch), p.loss);
    mSmoothed = mHaveSmoothed ? 0.95 * mSmoothed + 0.05 * p.loss : p.loss;
    mHaveSmoothed = true;
    mBatchLoss->addPoint(kSmoothed, double(mGlobalBatch), mSmoothed);
}

void LiveCurves::addEpoch(const core::EpochMetrics &m)
{
    mEpochLoss->addPoint(kTrain, m.epoch, m.trainLoss);
    mEpochLoss->addPoint(kVal, m.epoch, m.valLoss);
    mAccuracy->addPoint(kTrain, m.epoch, m.trainAccuracy);
    mAccuracy->addPoint(kVal, m.epoch, m.valAccuracy);
    mLog->appendPlainText(
        tr("epoch %1: train loss %2, accuracy %3; validation loss %4, accuracy %5%6")
            .arg(m.epoch)
            .arg(m.trainLoss, 0, 'f', 4)
            .arg(m.trainAccuracy, 0, 'f', 4)
            .arg(m.valLoss, 0, 'f', 4)
            .arg(m.valAccuracy, 0, 'f', 4)
            .arg(m.best ? tr(" (best)") : QString()));
}

void LiveCurves::appendLog(const QString &line) { mLog->appendPlainText(line); }

void LiveCurves::retranslateUi()
{
    mBatchLoss->setLabels(tr("batch"), tr("loss"));
    mBatchLoss->setSeriesName(kRaw, tr("loss per batch"));
    mBatchLoss->setSeriesName(kSmoothed, tr("smoothed"));
    mEpochLoss->setLabels(tr("epoch"), tr("loss"));
    mEpochLoss->setSeriesName(kTrain, tr("train"));
    mEpochLoss->setSeriesName(kVal, tr("validation"));
    mAccuracy->setLabels(tr("epoch"), tr("accuracy"));
    mAccuracy->setSeriesName(kTrain, tr("train"));
    mAccuracy->setSeriesName(kVal, tr("validation"));
}

void LiveCurves::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

} // namespace photocat::ui
