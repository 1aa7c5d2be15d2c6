#include "gallery/datasetpanel.h"

#include "gallery/gallerymodel.h"
#include "gallery/thumbnailloader.h"
#include "inference/heatmap.h"
#include "inference/predictor.h"
#include "store/summary.h"
#include "store/workspace.h"

#include "common/imagefile.h"
#include "common/qcustomplot.h"
#include "common/similardialog.h"
#include "common/tileview.h"
#include "gallery/duplicatesdialog.h"
#include "gallery/mapdialog.h"
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSlider>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace photocat::ui {

GalleryView::GalleryView(QWidget *parent) : QListView(parent), mDebounce(new QTimer(this))
{
    setViewMode(QListView::IconMode);
    setMovement(QListView::Static);
    setResizeMode(QListView::Adjust);
    setUniformItemSizes(true);
    setLayoutMode(QListView::Batched);
    setBatchSize(2000);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSpacing(4);
    mDebounce->setSingleShot(true);
    mDebounce->setInterval(30);
    connect(mDebounce, &QTimer::timeout, this, &GalleryView::requestVisible);
}

void GalleryView::setGalleryModel(GalleryModel *model)
{
    mGallery = model;
    setModel(model);
    connect(model, &QAbstractItemModel::modelReset, mDebounce, qOverload<>(&QTimer::start));
}

std::pair<int, int> GalleryView::visibleRows() const
{
    const int n = model() ? model()->rowCount() : 0;
    const QRect r = viewport()->rect();
    const QModelIndex first = indexAt(r.topLeft() + QPoint(spacing() + 1, spacing() + 1));
    if (n == 0 || !first.isValid())
        return {n > 0 ? 0 : -1, n > 0 ? 0 : -1};
    const QModelIndex last = indexAt(r.bottomRight() - QPoint(spacing() + 1, spacing() + 1));
    if (last.isValid())
        return {first.row(), last.row()};
    // The bottom-right corner is empty (a short last row, or past the end): estimate from the
    // grid how many tiles fit on screen.
    const QSize cell = gridSize().isValid()
                           ? gridSize()
                           : QSize(iconSize().width() + 16, iconSize().height() + 32);
    const int columns = std::max(1, r.width() / std::max(1, cell.width()));
    const int rows = r.height() / std::max(1, cell.height()) + 1;
    return {first.row(), std::min(n - 1, first.row() + columns * rows - 1)};
}

void GalleryView::requestVisible()
{
    if (!mGallery || !isVisible())
        return;
    const auto [first, last] = visibleRows();
    if (first < 0)
        return;
    // About two screens around what is visible, so scrolling a little shows ready tiles.
    mGallery->requestRange(first, last, 2 * std::max(1, last - first + 1));
}

void GalleryView::resizeEvent(QResizeEvent *event)
{
    QListView::resizeEvent(event);
    mDebounce->start();
}

void GalleryView::scrollContentsBy(int dx, int dy)
{
    QListView::scrollContentsBy(dx, dy);
    mDebounce->start();
}

DatasetPanel::DatasetPanel(QWidget *parent) : QWidget(parent)
{
    mView = new GalleryView(this);
    mClass = new QComboBox(this);
    mSplit = new QComboBox(this);
    mPredicted = new QComboBox(this);
    mCorrectness = new QComboBox(this);
    mClassLabel = new QLabel(this);
    mSplitLabel = new QLabel(this);
    mPredictedLabel = new QLabel(this);
    mCorrectnessLabel = new QLabel(this);
    mCount = new QLabel(this);
    auto *filters = new QHBoxLayout;
    for (auto [label, box] : {std::pair{mClassLabel, mClass},
                              {mSplitLabel, mSplit},
                              {mPredictedLabel, mPredicted},
                              {mCorrectnessLabel, mCorrectness}}) {
        label->setBuddy(box);
        filters->addWidget(label);
        filters->addWidget(box);
        connect(box, qOverload<int>(&QComboBox::activated), this, &DatasetPanel::applyFilters);
    }
    filters->addStretch();
    filters->addWidget(mCount);
    mClearOnly = new QPushButton(this);
    mClearOnly->hide();
    filters->addWidget(mClearOnly);
    connect(mClearOnly, &QPushButton::clicked, this, &DatasetPanel::clearOnly);
    mNames = new QPushButton(this);
    filters->addWidget(mNames);
    mDuplicates = new QPushButton(this);
    filters->addWidget(mDuplicates);
    mMap = new QPushButton(this);
    filters->addWidget(mMap);
    connect(mMap, &QPushButton::clicked, this, &DatasetPanel::showMap);
    connect(mDuplicates, &QPushButton::clicked, this, &DatasetPanel::showDuplicates);
    connect(mNames, &QPushButton::clicked, this, &DatasetPanel::editCategoryNames);
    mTileSlider = new QSlider(Qt::Horizontal, this);
    mTileSlider->setFixedWidth(120);
    filters->addWidget(mTileSlider);
    mTiles = new TileSizer(mView, mTileSlider, 112);

    mHistogram = new QCustomPlot(this);
    mHistogram->setMinimumWidth(260);
    auto *splitter = new QSplitter(this);
    splitter->addWidget(mView);
    splitter->addWidget(mHistogram);
    splitter->setStretchFactor(0, 3);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(splitter, 1);
    connect(mView, &QListView::doubleClicked, this, &DatasetPanel::showPreview);
    retranslateUi();
}

DatasetPanel::~DatasetPanel() = default;

void DatasetPanel::setWorkspace(const QString &dir, core::Workspace *workspace)
{
    // The duplicates and map of another workspace go: their image ids mean other photos here.
    for (QDialog *dialog :
         {static_cast<QDialog *>(mDuplicatesDialog), static_cast<QDialog *>(mMapDialog)})
        if (dialog && (!workspace || dialog->property("workspace").toString() != dir)) {
            dialog->hide();
            dialog->deleteLater();
            if (dialog == mMapDialog)
                mMapDialog = nullptr;
            else
                mDuplicatesDialog = nullptr;
        }
    ++mGeneration;
    mClearOnly->hide(); // the new gallery shows every image
    mWorkspace = workspace;
    delete mModel;
    delete mLoader;
    mModel = nullptr;
    mLoader = nullptr;
    if (workspace) {
        mLoader = new ThumbnailLoader(dir + QStringLiteral("/thumbnails"), 96, 2, this);
        mModel = new GalleryModel(mLoader, this);
        mModel->setAsynchronous(true);
        connect(mModel, &GalleryModel::reloaded, this, &DatasetPanel::fillFilters);
        mView->setGalleryModel(mModel);
        mModel->setWorkspace(workspace);
    } else {
        mView->setModel(nullptr);
    }
    fillFilters();
    updateHistogram();
}

void DatasetPanel::reload()
{
    if (!mModel)
        return;
    ++mGeneration;
    mModel->reload();
    fillFilters();
    updateHistogram();
}

bool DatasetPanel::saveCategoryNames(const QStringList &names, QString *error)
{
    if (!mWorkspace)
        return false;
    try {
        const auto current = mWorkspace->displayNames();
        const auto folders = mWorkspace->classNames();
        for (int c = 0; c < names.size() && size_t(c) < current.size(); ++c) {
            const std::string name = names[c].trimmed().toStdString();
            if (name == current[size_t(c)])
                continue;
            // The folder's own default needs no stored name.
            mWorkspace->setDisplayName(
                c, name == core::defaultDisplayName(folders[size_t(c)]) ? std::string() : name);
        }
    } catch (const std::exception &e) {
        if (error)
            *error = QString::fromStdString(e.what());
        reload();
        return false;
    }
    reload();
    return true;
}

DuplicatesDialog *DatasetPanel::showDuplicates()
{
    if (!mWorkspace)
        return nullptr;
    const QString dir = QString::fromStdString(mWorkspace->directory());
    if (!mDuplicatesDialog || mDuplicatesDialog->property("workspace").toString() != dir) {
        delete mDuplicatesDialog;
        mDuplicatesDialog = new DuplicatesDialog(dir, this);
        mDuplicatesDialog->setProperty("workspace", dir);
    }
    mDuplicatesDialog->show();
    mDuplicatesDialog->raise();
    // Shown again it keeps the analyst's threshold and result, unless the images changed
    // since (an import, relabels) or that search did not finish.
    const auto &last = mDuplicatesDialog->found();
    const bool unfinished =
        !mDuplicatesDialog->isSearching() && (last.report.cancelled || !last.error.isEmpty());
    const QVariant searchedAt = mDuplicatesDialog->property("generation");
    if (!searchedAt.isValid() || searchedAt.toInt() != mGeneration || unfinished) {
        mDuplicatesDialog->setProperty("generation", mGeneration);
        mDuplicatesDialog->search(searchedAt.isValid() ? mDuplicatesDialog->maxDistance() : 8);
    }
    return mDuplicatesDialog;
}

MapDialog *DatasetPanel::showMap()
{
    if (!mWorkspace)
        return nullptr;
    std::string checkpoint;
    try {
        checkpoint = mWorkspace->newestCheckpoint();
    } catch (const std::exception &) {
        // Reported below, as for a workspace without a model.
    }
    if (checkpoint.empty()) {
        QMessageBox::information(this, tr("Map"),
                                 tr("The map places images by a model's features: train a "
                                    "model first (the Train page)."));
        return nullptr;
    }
    const QString dir = QString::fromStdString(mWorkspace->directory());
    const QString model = QString::fromStdString(checkpoint);
    if (!mMapDialog || mMapDialog->property("workspace").toString() != dir ||
        mMapDialog->property("checkpoint").toString() != model) {
        delete mMapDialog;
        mMapDialog = new MapDialog(dir, this);
        mMapDialog->setProperty("workspace", dir);
        mMapDialog->setProperty("checkpoint", model);
        connect(mMapDialog, &MapDialog::showInGallery, this, &DatasetPanel::showOnly);
        mMapDialog->setProperty("generation", -1);
    }
    if (mMapDialog->property("generation").toInt() != mGeneration) { // new, or images changed
        mMapDialog->setProperty("generation", mGeneration);
        mMapDialog->compute(model); // the layout is read from its cache when it still holds
    }
    mMapDialog->show();
    mMapDialog->raise();
    return mMapDialog;
}

void DatasetPanel::showOnly(const QSet<qint64> &images)
{
    if (!mModel)
        return;
    GalleryFilter filter = mModel->filter();
    filter.images = images;
    mModel->setFilter(filter);
    mClearOnly->setText(tr("Map selection (%n) ✕", "", int(images.size())));
    mClearOnly->show();
    mCount->setText(tr("%n image(s)", "", mModel->rowCount()));
}

void DatasetPanel::clearOnly()
{
    if (!mModel)
        return;
    GalleryFilter filter = mModel->filter();
    filter.images.reset();
    mModel->setFilter(filter);
    mClearOnly->hide();
    mCount->setText(tr("%n image(s)", "", mModel->rowCount()));
}

void DatasetPanel::editCategoryNames()
{
    if (!mWorkspace)
        return;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Category Names"));
    auto *table = new QTableWidget(&dialog);
    table->setColumnCount(2);
    table->setHorizontalHeaderLabels({tr("folder"), tr("name shown")});
    table->horizontalHeader()->setStretchLastSection(true);
    table->verticalHeader()->hide();
    try {
        const auto folders = mWorkspace->classNames();
        const auto display = mWorkspace->displayNames();
        table->setRowCount(int(folders.size()));
        for (size_t c = 0; c < folders.size(); ++c) {
            auto *folder = new QTableWidgetItem(QString::fromStdString(folders[c]));
            folder->setFlags(folder->flags() & ~Qt::ItemIsEditable);
            table->setItem(int(c), 0, folder);
            table->setItem(int(c), 1, new QTableWidgetItem(QString::fromStdString(display[c])));
        }
    } catch (const std::exception &e) {
        QMessageBox::warning(this, tr("Category Names"), QString::fromStdString(e.what()));
        return;
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(table, 1);
    layout->addWidget(buttons);
    dialog.resize(420, 420);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QStringList names;
    for (int r = 0; r < table->rowCount(); ++r)
        names << table->item(r, 1)->text();
    QString error;
    if (!saveCategoryNames(names, &error))
        QMessageBox::warning(this, tr("Category Names"), error);
}

void DatasetPanel::retranslateUi()
{
    mClassLabel->setText(tr("&Class:"));
    mSplitLabel->setText(tr("S&plit:"));
    mPredictedLabel->setText(tr("P&redicted:"));
    mCorrectnessLabel->setText(tr("Pre&diction:"));
    mHistogram->yAxis->setLabel(tr("images"));
    mTileSlider->setToolTip(tr("Tile size (Ctrl+wheel over the gallery)"));
    mDuplicates->setText(tr("Find D&uplicates…"));
    mDuplicates->setToolTip(tr("Near-identical images (resized, recompressed, mirrored "
                               "copies); leaks across splits and copies with different labels "
                               "first"));
    mMap->setText(tr("&Map…"));
    mMap->setToolTip(tr("Every image placed by the newest model's features: similar images lie "
                        "close. Colour by label, prediction or mistakes; select a region to see "
                        "its images here"));
    mClearOnly->setToolTip(tr("Show every image again"));
    mNames->setText(tr("Category &Names…"));
    mNames->setToolTip(tr("The names people read for each category (\"T-shirt/top\"), "
                          "separate from the folder names"));
    fillFilters();
}

void DatasetPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void DatasetPanel::fillFilters()
{
    const GalleryFilter f = mModel ? mModel->filter() : GalleryFilter{};
    const QStringList classes = [&] {
        QStringList names;
        if (mWorkspace)
            for (const auto &n : mWorkspace->displayNames())
                names << QString::fromStdString(n);
        return names;
    }();
    // Item data: the value to filter on; no data for "All".
    auto fill = [](QComboBox *box, const QList<std::pair<QString, QVariant>> &items,
                   const QVariant &current) {
        box->clear();
        for (const auto &[text, value] : items)
            box->addItem(text, value);
        box->setCurrentIndex(current.isValid() ? std::max(0, box->findData(current)) : 0);
    };
    auto data = [](const auto &optional) {
        return optional ? QVariant(int(*optional)) : QVariant();
    };
    QList<std::pair<QString, QVariant>> classItems = {{tr("All"), QVariant()},
                                                      {tr("Unlabeled"), -1}};
    QList<std::pair<QString, QVariant>> predictedItems = {{tr("All"), QVariant()}};
    for (int i = 0; i < classes.size(); ++i) {
        classItems.append({classes[i], i});
        predictedItems.append({classes[i], i});
    }
    fill(mClass, classItems, data(f.label));
    fill(mSplit,
         {{tr("All"), QVariant()},
          {tr("Train"), int(core::Split::Train)},
          {tr("Validation"), int(core::Split::Val)},
          {tr("Test"), int(core::Split::Test)},
          {tr("None"), int(core::Split::None)}},
         data(f.split));
    fill(mPredicted, predictedItems, data(f.predicted));
    fill(mCorrectness,
         {{tr("All"), int(Correctness::Any)},
          {tr("Right"), int(Correctness::Right)},
          {tr("Wrong"), int(Correctness::Wrong)}},
         int(f.correctness));
    const bool evaluated = mModel && mModel->hasPredictions();
    mPredicted->setEnabled(evaluated);
    mCorrectness->setEnabled(evaluated);
    mCount->setText(tr("%n image(s)", "", mModel ? mModel->rowCount() : 0));
}

void DatasetPanel::applyFilters()
{
    if (!mModel)
        return;
    auto chosen = [](const QComboBox *box) {
        const QVariant v = box->currentData();
        return v.isValid() ? std::optional<int>(v.toInt()) : std::nullopt;
    };
    GalleryFilter filter;
    filter.label = chosen(mClass);
    if (const auto split = chosen(mSplit))
        filter.split = static_cast<core::Split>(*split);
    filter.predicted = chosen(mPredicted);
    filter.correctness = static_cast<Correctness>(mCorrectness->currentData().toInt());
    filter.images = mModel->filter().images; // a map selection stays until cleared
    mModel->setFilter(filter);
    mCount->setText(tr("%n image(s)", "", mModel->rowCount()));
}

void DatasetPanel::updateHistogram()
{
    if (!mWorkspace) {
        mHistogram->clearPlottables();
        mHistogram->replot();
        return;
    }
    // Counting 100K rows takes a while: do it off the GUI thread.
    const std::string dir = mWorkspace->directory();
    auto *watcher = new QFutureWatcher<core::WorkspaceSummary>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        if (watcher->future().resultCount() > 0)
            showHistogram(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([dir] {
        core::Workspace workspace(dir);
        return core::summarize(workspace);
    }));
}

void DatasetPanel::showHistogram(const core::WorkspaceSummary &s)
{
    mHistogram->clearPlottables();
    auto *bars = new QCPBars(mHistogram->yAxis, mHistogram->xAxis); // horizontal bars
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    double top = 1;
    for (size_t c = 0; c < s.classes.size(); ++c) {
        double total = 0;
        for (auto n : s.counts[c])
            total += double(n);
        bars->addData(double(c), total);
        ticker->addTick(
            double(c),
            QString::fromStdString(c < s.displayNames.size() ? s.displayNames[c] : s.classes[c]));
        top = std::max(top, total);
    }
    bars->setBrush(QColor(70, 130, 200));
    mHistogram->yAxis->setTicker(ticker);
    mHistogram->yAxis->setRange(-0.7, double(s.classes.size()) - 0.3);
    mHistogram->xAxis->setRange(0, top * 1.1);
    mHistogram->xAxis->setLabel(tr("images"));
    mHistogram->replot();
}

void DatasetPanel::showPreview(const QModelIndex &index)
{
    if (!index.isValid() || !mWorkspace)
        return;
    const qint64 id = index.data(GalleryModel::ImageIdRole).toLongLong();
    const auto record = mWorkspace->image(id);
    if (!record)
        return;
    QDialog dialog(this);
    dialog.setWindowTitle(QFileInfo(QString::fromStdString(record->path)).fileName());
    auto *picture = new QLabel(&dialog);
    QString error;
    QImage image = readImageForDisplay(QString::fromStdString(record->path), 512, &error);
    if (!image.isNull() && image.width() < 256 && image.height() < 256) // a 28x28 product photo
        image = image.scaled(256, 256, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    picture->setPixmap(image.isNull() ? QPixmap() : QPixmap::fromImage(image));
    if (image.isNull())
        picture->setText(tr("Cannot read this image: %1").arg(error));
    picture->setAlignment(Qt::AlignCenter);
    auto *form = new QFormLayout;
    form->addRow(tr("File:"), new QLabel(QString::fromStdString(record->path), &dialog));
    form->addRow(tr("Size:"), new QLabel(QStringLiteral("%1 × %2, %3 channel(s), %4 bytes")
                                             .arg(record->width)
                                             .arg(record->height)
                                             .arg(record->channels)
                                             .arg(record->bytes),
                                         &dialog));
    form->addRow(tr("Split:"),
                 new QLabel(QString::fromLatin1(core::splitName(record->split)), &dialog));
    auto *label = new QComboBox(&dialog);
    label->addItem(tr("Unlabeled"), -1);
    const auto classes = mWorkspace->displayNames();
    for (size_t c = 0; c < classes.size(); ++c)
        label->addItem(QString::fromStdString(classes[c]), int(c));
    label->setCurrentIndex(label->findData(record->label));
    form->addRow(tr("Label:"), label);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    std::string checkpoint;
    try {
        checkpoint = mWorkspace->newestCheckpoint();
    } catch (const std::exception &) {
        // No model listed: no "More Like This".
    }
    auto *whyRow = new QHBoxLayout;
    if (!checkpoint.empty()) {
        // Show why: the newest model's Grad-CAM for its suggestion, computed off the GUI thread.
        auto *why = new QCheckBox(tr("Show &why"), &dialog);
        why->setObjectName(QStringLiteral("showWhy"));
        why->setToolTip(tr("Where the photo holds the evidence for the newest model's suggestion "
                           "(Grad-CAM heat map)"));
        auto *opacity = new QSlider(Qt::Horizontal, &dialog);
        opacity->setObjectName(QStringLiteral("opacity"));
        opacity->setRange(0, 100);
        opacity->setValue(50);
        opacity->setEnabled(false);
        opacity->setToolTip(tr("Heat map opacity"));
        auto *verdict = new QLabel(&dialog);
        verdict->setObjectName(QStringLiteral("verdict"));
        whyRow->addWidget(why);
        whyRow->addWidget(opacity, 1);
        whyRow->addWidget(verdict);
        using Result = std::shared_ptr<const std::pair<core::Explanation, QString>>;
        auto *watcher = new QFutureWatcher<Result>(&dialog);
        auto explanation = std::make_shared<Result>();
        const QImage original = image;
        auto render = [picture, why, opacity, explanation, original] {
            QImage shown = original;
            if (why->isChecked() && *explanation) {
                int side = 0;
                const std::vector<uint8_t> rgb = core::heatmapOverlayRgb(
                    (*explanation)->first, opacity->value() / 100.0, side, 256);
                if (!rgb.empty())
                    shown = QImage(rgb.data(), side, side, side * 3, QImage::Format_RGB888).copy();
            }
            if (!shown.isNull())
                picture->setPixmap(QPixmap::fromImage(shown));
        };
        const QString path = QString::fromStdString(record->path);
        connect(watcher, &QFutureWatcherBase::finished, &dialog,
                [watcher, explanation, verdict, render, this] {
                    *explanation = watcher->result();
                    if (const auto &found = *explanation) {
                        const auto &[e, name] = *found;
                        const auto &p = e.probabilities;
                        verdict->setText(tr("evidence for %1 (%2%)")
                                             .arg(name)
                                             .arg(size_t(e.category) < p.size()
                                                      ? 100.0 * p[size_t(e.category)]
                                                      : 0.0,
                                                  0, 'f', 1));
                    } else {
                        verdict->setText(tr("cannot explain this photo"));
                    }
                    render();
                });
        connect(opacity, &QSlider::valueChanged, &dialog, render);
        connect(why, &QCheckBox::toggled, &dialog,
                [why, opacity, watcher, explanation, render, checkpoint, path] {
                    opacity->setEnabled(why->isChecked());
                    if (why->isChecked() && !*explanation && !watcher->isRunning())
                        watcher->setFuture(QtConcurrent::run([checkpoint, path]() -> Result {
                            try {
                                core::Predictor predictor(checkpoint, "auto");
                                auto e = predictor.explain(path.toStdString());
                                const auto &names = predictor.displayNames();
                                const QString name =
                                    size_t(e.category) < names.size()
                                        ? QString::fromStdString(names[size_t(e.category)])
                                        : QString();
                                return std::make_shared<std::pair<core::Explanation, QString>>(
                                    std::move(e), name);
                            } catch (const std::exception &) {
                                return nullptr;
                            }
                        }));
                    render();
                });
        auto *more = buttons->addButton(tr("More Like This"), QDialogButtonBox::ActionRole);
        more->setToolTip(tr("The workspace's images most similar to this one, by the newest "
                            "model's features"));
        const QString dir = QString::fromStdString(mWorkspace->directory());
        connect(more, &QPushButton::clicked, &dialog, [&dialog, dir, checkpoint, id, path] {
            auto *similar = new SimilarDialog(&dialog);
            similar->setAttribute(Qt::WA_DeleteOnClose);
            similar->find(dir, QString::fromStdString(checkpoint), id, path);
            similar->show();
        });
    }
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(picture, 1);
    layout->addLayout(whyRow);
    layout->addLayout(form);
    layout->addWidget(buttons);
    if (dialog.exec() != QDialog::Accepted || label->currentData().toInt() == record->label)
        return;
    try {
        mWorkspace->relabel(id, label->currentData().toInt(), "gallery");
    } catch (const std::exception &e) {
        QMessageBox::warning(this, tr("Relabel"), QString::fromStdString(e.what()));
        return;
    }
    reload();
}

} // namespace photocat::ui
