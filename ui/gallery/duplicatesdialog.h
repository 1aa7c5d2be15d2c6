#pragma once

#include "evaluation/duplicates.h"

#include <QDialog>
#include <QFutureWatcher>
#include <QImage>

#include <atomic>
#include <memory>

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace photocat::ui {

/**
 * The Dataset page's near-duplicates view: core::findDuplicates() of the workspace off the GUI
 * thread (progress, Cancel), its groups listed with thumbnails — copies with different labels
 * first, then leaks across splits — and a distance threshold to search again with.
 */
class DuplicatesDialog : public QDialog
{
    Q_OBJECT

public:
    struct Found
    {
        core::DuplicateReport report;
        std::vector<std::vector<QImage>> thumbnails; ///< per group, per member
        QStringList classNames;
        QString error;
        bool features = false; ///< the search compared the model's features too
    };

    explicit DuplicatesDialog(const QString &workspaceDir, QWidget *parent = nullptr);
    ~DuplicatesDialog() override;

    void search(int maxDistance);
    /** The hash distance the spin box holds (the analyst's, or the last search's). */
    int maxDistance() const;
    bool isSearching() const { return mWatcher.isRunning(); }
    const Found &found() const { return mFound; }
    QTreeWidget *tree() const { return mTree; }
    QCheckBox *byFeatures() const { return mFeatures; }

Q_SIGNALS:
    void searched();

private:
    void showFound(const Found &found);

    QString mDir;
    QLabel *mSummary;
    QSpinBox *mDistance;
    QCheckBox *mFeatures;
    QPushButton *mSearch, *mCancel;
    QProgressBar *mProgress;
    QTreeWidget *mTree;
    std::shared_ptr<std::atomic<bool>> mStop;
    QFutureWatcher<Found> mWatcher;
    Found mFound;
};

} // namespace photocat::ui
