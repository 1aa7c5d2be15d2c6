#include "training/runcomparison.h"

#include "common/curveplot.h"
#include "store/workspace.h"

#include <QEvent>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace photocat::ui {

RunComparison::RunComparison(QWidget *parent) : QWidget(parent)
{
    mPlot = new CurvePlot(this);
    mPlot->setFixedYRange(0, 1);
    mTable = new QTableWidget(this);
    mTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(mPlot);
    splitter->addWidget(mTable);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
    retranslateUi();
}

void RunComparison::compare(core::Workspace &workspace, const std::vector<qint64> &runIds)
{
    mPlot->removeAllSeries();
    const QStringList keys = {QStringLiteral("model"),         QStringLiteral("width"),
                              QStringLiteral("epochs"),        QStringLiteral("batch_size"),
                              QStringLiteral("learning_rate"), QStringLiteral("optimizer"),
                              QStringLiteral("schedule"),      QStringLiteral("label_smoothing"),
                              QStringLiteral("precision")};
    mTable->clear();
    mTable->setRowCount(int(keys.size()) + 1);
    mTable->setColumnCount(int(runIds.size()));
    QStringList rowNames = keys;
    rowNames << tr("best validation accuracy");
    mTable->setVerticalHeaderLabels(rowNames);
    static const QColor colors[] = {QColor(20, 80, 170), QColor(210, 90, 30), QColor(40, 150, 60),
                                    QColor(150, 40, 150), QColor(120, 120, 120)};
    const auto runs = workspace.runs();
    for (int c = 0; c < int(runIds.size()); ++c) {
        const qint64 id = runIds[size_t(c)];
        const auto run =
            std::find_if(runs.begin(), runs.end(), [&](const auto &r) { return r.id == id; });
        if (run == runs.end())
            continue;
        const int series = mPlot->addSeries(
            QStringLiteral("#%1 %2").arg(id).arg(QString::fromStdString(run->name)), colors[c % 5]);
        for (const auto &e : workspace.epochs(id))
            mPlot->addPoint(series, e.epoch, e.valAccuracy);
        const auto params =
            QJsonDocument::fromJson(QByteArray::fromStdString(run->paramsJson)).object();
        mTable->setHorizontalHeaderItem(c, new QTableWidgetItem(QStringLiteral("#%1").arg(id)));
        for (int k = 0; k < keys.size(); ++k)
            mTable->setItem(k, c,
                            new QTableWidgetItem(params.value(keys[k]).toVariant().toString()));
        mTable->setItem(int(keys.size()), c,
                        new QTableWidgetItem(QString::number(run->bestValAccuracy, 'f', 4)));
    }
}

void RunComparison::retranslateUi() { mPlot->setLabels(tr("epoch"), tr("validation accuracy")); }

void RunComparison::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

} // namespace photocat::ui
