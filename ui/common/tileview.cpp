#include "common/tileview.h"

#include <QApplication>
#include <QListView>
#include <QPainter>
#include <QSlider>
#include <QWheelEvent>

namespace photocat::ui {

namespace {

constexpr int kMargin = 4;

} // namespace

ThumbnailDelegate::ThumbnailDelegate(QListView *view, int textLines)
    : QStyledItemDelegate(view), mView(view), mTextLines(std::max(1, textLines))
{}

QRect ThumbnailDelegate::pictureRect(const QSize &picture, const QRect &tile)
{
    if (picture.isEmpty())
        return {};
    const QSize fitted = picture.scaled(tile.size(), Qt::KeepAspectRatio);
    return QRect(tile.x() + (tile.width() - fitted.width()) / 2,
                 tile.y() + (tile.height() - fitted.height()) / 2, fitted.width(), fitted.height());
}

QSize ThumbnailDelegate::cellSize(int side) const
{
    const int text = mView->fontMetrics().lineSpacing() * mTextLines;
    return {side + 2 * kMargin, side + text + 3 * kMargin};
}

QSize ThumbnailDelegate::sizeHint(const QStyleOptionViewItem &, const QModelIndex &) const
{
    return cellSize(mView->iconSize().width());
}

void ThumbnailDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    // The selection and hover background, as the style draws it.
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);

    const int side = mView->iconSize().width();
    const QRect tile(opt.rect.x() + (opt.rect.width() - side) / 2, opt.rect.y() + kMargin, side,
                     side);
    const QVariant decoration = index.data(Qt::DecorationRole);
    QPixmap picture = decoration.value<QPixmap>();
    if (picture.isNull())
        picture = QPixmap::fromImage(decoration.value<QImage>());
    if (!picture.isNull()) {
        painter->save();
        painter->setRenderHint(QPainter::SmoothPixmapTransform, true);
        painter->drawPixmap(pictureRect(picture.size(), tile), picture);
        painter->restore();
    }

    const QRect text(opt.rect.x() + kMargin, tile.bottom() + kMargin,
                     opt.rect.width() - 2 * kMargin, opt.rect.bottom() - tile.bottom() - kMargin);
    QColor colour = opt.state & QStyle::State_Selected
                        ? opt.palette.color(QPalette::HighlightedText)
                        : opt.palette.color(QPalette::Text);
    const QVariant foreground = index.data(Qt::ForegroundRole);
    if (!(opt.state & QStyle::State_Selected) && foreground.canConvert<QColor>())
        colour = foreground.value<QColor>();
    painter->save();
    painter->setPen(colour);
    painter->setFont(opt.font);
    // Up to mTextLines lines, each elided to the tile.
    const QFontMetrics metrics(opt.font);
    // initStyleOption() turns newlines into QChar::LineSeparator.
    QString joined = opt.text;
    joined.replace(QChar::LineSeparator, QLatin1Char('\n'));
    QStringList lines = joined.split(QLatin1Char('\n'));
    while (lines.size() > mTextLines)
        lines.removeLast();
    int y = text.y();
    for (const QString &line : lines) {
        painter->drawText(QRect(text.x(), y, text.width(), metrics.lineSpacing()),
                          Qt::AlignHCenter | Qt::AlignTop,
                          metrics.elidedText(line, Qt::ElideMiddle, text.width()));
        y += metrics.lineSpacing();
    }
    painter->restore();
}

TileSizer::TileSizer(QListView *view, QSlider *slider, int side, int textLines)
    : QObject(view), mView(view), mSlider(slider), mDelegate(new ThumbnailDelegate(view, textLines))
{
    mView->setItemDelegate(mDelegate);
    mView->viewport()->installEventFilter(this);
    mSlider->setRange(kMinimum, kMaximum);
    mSlider->setSingleStep(8);
    mSlider->setPageStep(32);
    connect(mSlider, &QSlider::valueChanged, this, &TileSizer::setTileSize);
    setTileSize(side);
}

void TileSizer::setTileSize(int side)
{
    side = std::clamp(side, kMinimum, kMaximum);
    if (side == mSide)
        return;
    mSide = side;
    mSlider->setValue(side); // comes back here with the same size
    mView->setIconSize(QSize(side, side));
    mView->setGridSize(mDelegate->cellSize(side));
    Q_EMIT tileSizeChanged(side);
}

bool TileSizer::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == mView->viewport() && event->type() == QEvent::Wheel) {
        auto *wheel = static_cast<QWheelEvent *>(event);
        if (wheel->modifiers() & Qt::ControlModifier) {
            const int steps = wheel->angleDelta().y() / 120;
            if (steps != 0)
                setTileSize(mSide + 16 * steps);
            return true; // Ctrl+wheel never scrolls
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace photocat::ui
