#pragma once

#include "evaluation/embedding.h"

#include <QDialog>
#include <QFutureWatcher>
#include <QImage>
#include <QPolygonF>
#include <QSet>

#include <atomic>
#include <memory>

class QComboBox;
class QCPCurve;
class QCPGraph;
class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;

namespace photocat::ui {

/**
 * The map of the workspace: every image placed by a model's features (core::workspaceMap():
 * features, PCA and UMAP off the GUI thread, with progress and Cancel, cached per model),
 * drawn with QCustomPlot and coloured by label, by the model's prediction or by whether it is
 * right. Box or lasso selection summarises the images selected and shows them in the gallery;
 * hovering shows a point's thumbnail, label and prediction.
 */
class MapDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Colouring { Label, Prediction, Correctness };
    enum class Tool { Pan, Box, Lasso };

    struct Computed
    {
        core::WorkspaceMap map;
        QStringList classNames; ///< display names by workspace class id
        QHash<qint64, QString> paths;
        QString error;
    };

    explicit MapDialog(const QString &workspaceDir, QWidget *parent = nullptr);
    ~MapDialog() override;

    /** Maps the workspace with checkpoint's features (progress shown; Cancel stops it). */
    void compute(const QString &checkpoint);
    bool isComputing() const { return mWatcher.isRunning(); }
    const Computed &computed() const { return mComputed; }

    void setColouring(Colouring colouring);
    void setTool(Tool tool);
    /** Selects the points inside a polygon given in map coordinates (a lasso, a box). */
    void selectInPolygon(const QPolygonF &polygon);
    const QSet<qint64> &selection() const { return mSelection; }
    /** The image whose point is nearest to a widget position of the plot, within radius
        pixels; 0 when none. */
    qint64 pointAt(const QPointF &pixel, double radius = 8) const;
    QCustomPlot *plot() const { return mPlot; }
    QLabel *hoverLabel() const { return mHover; }
    QLabel *summaryLabel() const { return mSummary; }
    QPushButton *showButton() const { return mShow; }

Q_SIGNALS:
    /** The map is ready (computed().error says when it is not). */
    void mapped();
    /** "Show in Gallery": the gallery should show only these images. */
    void showInGallery(const QSet<qint64> &images);
    /** A hovered point's thumbnail arrived. */
    void hoverShown(qint64 image);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void draw();
    void drawSelection();
    void hover(const QPointF &pixel);

    QString mDir;
    QCustomPlot *mPlot;
    QComboBox *mColour, *mTool;
    QLabel *mSummary, *mHover;
    QProgressBar *mProgress;
    QPushButton *mCancel, *mShow;
    QCPGraph *mSelected = nullptr;
    QCPCurve *mLasso = nullptr;
    QPolygonF mDrag; ///< the lasso or box being drawn, in map coordinates
    QPointF mDragStart;
    bool mDragging = false;
    QSet<qint64> mSelection;
    qint64 mHovered = 0;
    std::shared_ptr<std::atomic<bool>> mStop;
    QFutureWatcher<Computed> mWatcher;
    QFutureWatcher<QImage> mThumbnail;
    Computed mComputed;
};

} // namespace photocat::ui
