#pragma once

#include <QListView>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSlider;
class QTimer;
class QCustomPlot;

namespace photocat::core {
class Workspace;
struct WorkspaceSummary;
} // namespace photocat::core

namespace photocat::ui {

class GalleryModel;
class ThumbnailLoader;
class TileSizer;
class DuplicatesDialog;
class MapDialog;

/** A thumbnail grid that asks its model for what it shows, debounced while scrolling. */
class GalleryView : public QListView
{
    Q_OBJECT

public:
    explicit GalleryView(QWidget *parent = nullptr);
    void setGalleryModel(GalleryModel *model);
    /** The rows in the viewport, from indexAt() at its corners (no loop over the rows). */
    std::pair<int, int> visibleRows() const;

protected:
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    void requestVisible();

    GalleryModel *mGallery = nullptr;
    QTimer *mDebounce;
};

/** Dataset panel: filters, the gallery, a per-class histogram and a preview with relabeling. */
class DatasetPanel : public QWidget
{
    Q_OBJECT

public:
    explicit DatasetPanel(QWidget *parent = nullptr);
    ~DatasetPanel() override;

    void setWorkspace(const QString &dir, core::Workspace *workspace);
    GalleryModel *model() const { return mModel; }
    GalleryView *view() const { return mView; }
    TileSizer *tiles() const { return mTiles; }
    void reload();
    /** "Category Names…": a table of folder and display names; the names changed are saved
        (core::Workspace::setDisplayName()) and every list reloads. */
    void editCategoryNames();
    /** Saves display names by class id; false with a message box's text in error. */
    bool saveCategoryNames(const QStringList &names, QString *error = nullptr);
    /** "Find Duplicates…": the near-duplicates view, searching at once (opens it). */
    DuplicatesDialog *showDuplicates();
    /** "Map…": the map of the images under the newest model (opens it, computing or reading
        it from the cache); its selections go to the gallery (showOnly()). Null when the
        workspace has no model yet (a message says so). */
    MapDialog *showMap();
    /** The gallery shows only these images (a map selection) until clearOnly(), keeping the
        other filters. */
    void showOnly(const QSet<qint64> &images);
    void clearOnly();

public Q_SLOTS:
    void showPreview(const QModelIndex &index);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void fillFilters();
    void applyFilters();
    void updateHistogram();
    void showHistogram(const core::WorkspaceSummary &summary);

    core::Workspace *mWorkspace = nullptr;
    ThumbnailLoader *mLoader = nullptr;
    GalleryModel *mModel = nullptr;
    GalleryView *mView;
    QComboBox *mClass, *mSplit, *mPredicted, *mCorrectness;
    QLabel *mClassLabel, *mSplitLabel, *mPredictedLabel, *mCorrectnessLabel, *mCount;
    QCustomPlot *mHistogram;
    QSlider *mTileSlider;
    QPushButton *mNames, *mDuplicates, *mMap, *mClearOnly;
    DuplicatesDialog *mDuplicatesDialog = nullptr;
    MapDialog *mMapDialog = nullptr;
    /** Counts reload() and setWorkspace(): a map computed at another count is computed again. */
    int mGeneration = 0;
    TileSizer *mTiles;
};

} // namespace photocat::ui
