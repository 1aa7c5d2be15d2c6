#pragma once

#include <QWidget>

#include <vector>

class QTableWidget;

namespace photocat::core {
class Workspace;
}

namespace photocat::ui {

class CurvePlot;

/** Past runs side by side: validation accuracy per epoch, and a table of their settings. */
class RunComparison : public QWidget
{
    Q_OBJECT

public:
    explicit RunComparison(QWidget *parent = nullptr);

    /** Shows these runs of the workspace (ids that are gone are skipped). */
    void compare(core::Workspace &workspace, const std::vector<qint64> &runIds);
    CurvePlot *plot() const { return mPlot; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    CurvePlot *mPlot;
    QTableWidget *mTable;
};

} // namespace photocat::ui
