#pragma once

#include <QObject>
#include <QStyledItemDelegate>

class QListView;
class QSlider;

namespace photocat::ui {

/**
 * Paints an icon-mode item as a tile: its picture (the decoration) fills the view's icon size,
 * small photos enlarged and large ones reduced with smooth filtering, keeping their shape, and
 * the item's text centred under it (elided to the tile, in its foreground colour when set).
 */
class ThumbnailDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    /** textLines: the lines of text under each tile (more are cut, the last elided). */
    explicit ThumbnailDelegate(QListView *view, int textLines = 1);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /** Where a picture of size picture goes in a square tile: as large as fits, centred. */
    static QRect pictureRect(const QSize &picture, const QRect &tile);
    /** The grid cell of a tile of side pixels with its label lines under it. */
    QSize cellSize(int side) const;

private:
    QListView *mView;
    int mTextLines;
};

/**
 * The tile size of an icon-mode view: the slider and Ctrl+wheel over the view change it
 * (48 to 256 pixels); the view's icon and grid sizes follow, and a ThumbnailDelegate paints it.
 */
class TileSizer : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMinimum = 48, kMaximum = 256;

    TileSizer(QListView *view, QSlider *slider, int side = 112, int textLines = 1);
    void setTileSize(int side);
    int tileSize() const { return mSide; }

Q_SIGNALS:
    void tileSizeChanged(int side);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QListView *mView;
    QSlider *mSlider;
    ThumbnailDelegate *mDelegate;
    int mSide = 0;
};

} // namespace photocat::ui
