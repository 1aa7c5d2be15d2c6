#pragma once

#include <QMainWindow>

#include <memory>

class QTableWidget;
class QLabel;

namespace photocat::core {
class Workspace;
}

namespace photocat::ui {

/** The top-level window: opens a workspace and shows its panels. */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /** Opens the workspace folder; shows the error in the window when it cannot. */
    bool openWorkspace(const QString &dir);

Q_SIGNALS:
    void workspaceOpened(const QString &dir);

private:
    void refreshSummary();

    std::unique_ptr<core::Workspace> mWorkspace;
    QTableWidget *mCounts = nullptr;
    QLabel *mStatus = nullptr;
};

} // namespace photocat::ui
