#pragma once

#include <QMainWindow>

#include <memory>

class QListWidget;
class QStackedWidget;
class QMenu;
class QLabel;

namespace photocat::core {
class Workspace;
}

namespace photocat::ui {

class DatasetPanel;
class TrainPanel;
class EvaluatePanel;
class ClassifyPanel;
class ReviewPanel;
class LabelingPanel;

/** The top-level window: workspace handling, menus and navigation between the panels. */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    enum Page { DatasetPage, TrainPage, EvaluatePage, ClassifyPage, ReviewPage, LabelPage };

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /** Opens (create: creates) the workspace folder; reports errors in the window. */
    bool openWorkspace(const QString &dir, bool create = false);
    core::Workspace *workspace() const { return mWorkspace.get(); }
    QString workspaceDir() const { return mWorkspaceDir; }
    void showPage(Page page);
    Page currentPage() const;

    DatasetPanel *datasetPanel() const { return mDataset; }
    TrainPanel *trainPanel() const { return mTrain; }
    EvaluatePanel *evaluatePanel() const { return mEvaluate; }
    ClassifyPanel *classifyPanel() const { return mClassify; }
    ReviewPanel *reviewPanel() const { return mReview; }
    LabelingPanel *labelingPanel() const { return mLabeling; }

public Q_SLOTS:
    /** Imports a folder, .lst or CSV with a cancellable progress dialog and a report. */
    void importSource(const QString &source);

Q_SIGNALS:
    void workspaceOpened(const QString &dir);
    void importFinished(int added, int skipped);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    /** Points every page at the open workspace and refreshes the status line. */
    void showWorkspace();

    void createMenus();
    void retranslateUi();
    void updateRecentMenu();
    void refreshAfterTraining(const QString &bestCheckpoint);
    QString newestCheckpoint() const;

    std::unique_ptr<core::Workspace> mWorkspace;
    QString mWorkspaceDir;
    QListWidget *mNavigation;
    QStackedWidget *mPages;
    DatasetPanel *mDataset;
    TrainPanel *mTrain;
    EvaluatePanel *mEvaluate;
    ClassifyPanel *mClassify;
    ReviewPanel *mReview;
    LabelingPanel *mLabeling;
    QLabel *mStatusLabel;
    QMenu *mFileMenu, *mRecentMenu, *mViewMenu, *mSettingsMenu, *mLanguageMenu, *mHelpMenu;
    QAction *mNewAction, *mOpenAction, *mImportFolderAction, *mImportListAction, *mQuitAction,
        *mAboutAction;
    QList<QAction *> mPageActions;
};

} // namespace photocat::ui
