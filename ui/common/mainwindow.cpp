#include "common/mainwindow.h"

#include "store/summary.h"
#include "store/workspace.h"

#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>

namespace photocat::ui {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("photocat"));
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    mStatus = new QLabel(tr("No workspace open"), central);
    mCounts = new QTableWidget(central);
    mCounts->setEditTriggers(QAbstractItemView::NoEditTriggers);
    mCounts->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    layout->addWidget(mStatus);
    layout->addWidget(mCounts);
    setCentralWidget(central);

    auto *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open Workspace…"), QKeySequence::Open, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Workspace"));
        if (!dir.isEmpty())
            openWorkspace(dir);
    });
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    resize(size().expandedTo(QSize(900, 600)));
}

MainWindow::~MainWindow()
{
    QSettings().setValue(QStringLiteral("window/geometry"), saveGeometry());
}

bool MainWindow::openWorkspace(const QString &dir)
{
    try {
        mWorkspace = std::make_unique<core::Workspace>(dir.toStdString());
    } catch (const std::exception &e) {
        mStatus->setText(tr("Cannot open workspace: %1").arg(QString::fromStdString(e.what())));
        return false;
    }
    setWindowTitle(tr("%1 — photocat").arg(dir));
    refreshSummary();
    Q_EMIT workspaceOpened(dir);
    return true;
}

void MainWindow::refreshSummary()
{
    const auto s = core::summarize(*mWorkspace);
    const QStringList headers = {tr("Train"), tr("Validation"), tr("Test"), tr("No split")};
    mCounts->clear();
    mCounts->setColumnCount(headers.size());
    mCounts->setHorizontalHeaderLabels(headers);
    mCounts->setRowCount(int(s.classes.size()));
    for (size_t c = 0; c < s.classes.size(); ++c) {
        mCounts->setVerticalHeaderItem(int(c),
                                       new QTableWidgetItem(QString::fromStdString(s.classes[c])));
        for (int k = 0; k < headers.size(); ++k)
            mCounts->setItem(int(c), k,
                             new QTableWidgetItem(QString::number(s.counts[c][size_t(k)])));
    }
    mStatus->setText(tr("%n image(s) indexed, %1 skipped, %2 missing", "", int(s.total))
                         .arg(s.skipped.size())
                         .arg(s.missing));
}

} // namespace photocat::ui
