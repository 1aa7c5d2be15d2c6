#include "common/imagefile.h"
#include "common/tileview.h"
#include "data/im2rec.h"
#include "data/importer.h"
#include "gallery/datasetpanel.h"
#include "gallery/duplicatesdialog.h"
#include "gallery/gallerymodel.h"
#include "gallery/mapdialog.h"
#include "gallery/thumbnailloader.h"
#include "store/workspace.h"
#include "testdata.h"
#include "training/workspacetraining.h"

#include "common/qcustomplot.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>
#include <QWheelEvent>
#include <sys/stat.h>

using namespace photocat;

class TestGallery : public QObject
{
    Q_OBJECT

    QTemporaryDir mDir;
    std::unique_ptr<core::Workspace> mWorkspace;

private Q_SLOTS:
    void initTestCase()
    {
        mWorkspace = test::makeWorkspace(mDir.path().toStdString(), 3, 20, 24, 3);
    }

    void rowsAndFilters()
    {
        ui::ThumbnailLoader loader(mDir.filePath("thumbs"), 32, 1);
        ui::GalleryModel model(&loader);
        model.setWorkspace(mWorkspace.get());
        QCOMPARE(model.rowCount(), 60);
        model.setFilter({1, std::nullopt, std::nullopt, ui::Correctness::Any});
        QCOMPARE(model.rowCount(), 20);
        for (int r = 0; r < model.rowCount(); ++r)
            QCOMPARE(model.index(r).data(ui::GalleryModel::LabelRole).toInt(), 1);
        model.setFilter({std::nullopt, core::Split::Test, std::nullopt, ui::Correctness::Any});
        QCOMPARE(model.rowCount(), int(mWorkspace->imageCount({std::nullopt, core::Split::Test})));
        QVERIFY(!model.hasPredictions());
    }

    void thumbnailArrivesLazilyAndIsCachedOnDisk()
    {
        const QString cache = mDir.filePath("thumbs-lazy");
        ui::ThumbnailLoader loader(cache, 32, 2);
        ui::GalleryModel model(&loader);
        model.setWorkspace(mWorkspace.get());
        // data() never decodes: before a request there is only the placeholder.
        const QPixmap before = qvariant_cast<QPixmap>(model.index(3).data(Qt::DecorationRole));
        QVERIFY(!before.isNull());
        QSignalSpy arrived(&model, &ui::GalleryModel::thumbnailArrived);
        model.requestRange(3, 5, 0);
        QTRY_COMPARE_WITH_TIMEOUT(arrived.count(), 3, 5000);
        QList<int> rows;
        for (const auto &args : arrived)
            rows << args.at(0).toInt();
        std::sort(rows.begin(), rows.end());
        QCOMPARE(rows, (QList<int>{3, 4, 5}));
        const QPixmap after = qvariant_cast<QPixmap>(model.index(3).data(Qt::DecorationRole));
        QVERIFY(after.toImage() != before.toImage());
        QCOMPARE(std::max(after.width(), after.height()), 24); // 24 px images stay 24 px
        int cached = 0;
        QDirIterator it(cache, {QStringLiteral("*.png")}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext())
            it.next(), ++cached;
        QCOMPARE(cached, 3);
    }

    void recordsOfARecShowAsThumbnails()
    {
        // A .rec imported in place: thumbnails and previews read each record by offset.
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        test::makeDataset(d + "/img", 2, 3, 24, 3);
        core::ListOptions list;
        list.prefix = d + "/data";
        list.root = d + "/img";
        list.recursive = true;
        list.shuffle = false;
        core::makeImageLists(list);
        core::PackOptions pack;
        pack.passThrough = true;
        core::packImageLists(list.prefix, list.root, pack);
        core::Workspace ws(d + "/ws", true);
        core::ImportOptions o;
        o.source = d + "/data.rec";
        QCOMPARE(core::importDataset(ws, o).added, size_t(6));
        const auto first = ws.images().front();
        QVERIFY(first.path.find("data.rec#") != std::string::npos);
        const QImage fromRecord = ui::readImageForDisplay(QString::fromStdString(first.path), 64);
        QVERIFY(!fromRecord.isNull());
        QCOMPARE(fromRecord,
                 ui::readImageForDisplay(QString::fromStdString(d + "/img/c0/img-0.png"), 64));

        ui::ThumbnailLoader loader(dir.filePath("thumbs"), 32, 2);
        ui::GalleryModel model(&loader);
        model.setWorkspace(&ws);
        QSignalSpy arrived(&model, &ui::GalleryModel::thumbnailArrived);
        model.requestRange(0, 5, 0);
        QTRY_COMPARE_WITH_TIMEOUT(arrived.count(), 6, 5000);
        const QPixmap thumb = qvariant_cast<QPixmap>(model.index(0).data(Qt::DecorationRole));
        QCOMPARE(std::max(thumb.width(), thumb.height()), 24);
    }

    void picturesAreProbedBeforeTheyAreDecoded()
    {
        // Thumbnails, previews and Classify's rows read a file as the engine does: a picture
        // over the pixel limit is refused from its header, a FIFO never blocks the reader.
        QTemporaryDir dir;
        const std::string png = dir.filePath("a.png").toStdString();
        test::writeImage(png, std::vector<uint8_t>(200 * 100 * 3, 90), 200, 100, 3);
        QString error;
        const QImage small = ui::readImageForDisplay(QString::fromStdString(png), 64, &error);
        QCOMPARE(small.size(), QSize(64, 32));

        std::string bytes = test::readFile(png);
        for (int i = 0; i < 4; ++i) // IHDR width and height: 60000 x 60000
            bytes[size_t(16 + i)] = bytes[size_t(20 + i)] = char(60000u >> (24 - 8 * i));
        const std::string bomb = dir.filePath("bomb.png").toStdString();
        test::writeFile(bomb, bytes);
        QVERIFY(ui::readImageForDisplay(QString::fromStdString(bomb), 64, &error).isNull());
        QVERIFY2(error.contains("image too large (60000×60000"), qPrintable(error));

        const std::string fifo = dir.filePath("pipe.png").toStdString();
        QCOMPARE(::mkfifo(fifo.c_str(), 0644), 0);
        QElapsedTimer t;
        t.start();
        QVERIFY(ui::readImageForDisplay(QString::fromStdString(fifo), 64, &error).isNull());
        QVERIFY(t.elapsed() < 2000);
        QVERIFY2(error.contains("not a regular file"), qPrintable(error));
    }

    void predictionFiltersAfterAnEvaluation()
    {
        const auto test = mWorkspace->images({std::nullopt, core::Split::Test});
        std::vector<core::PredictionRecord> rows;
        for (const auto &img : test) // predict everything as class 0
            rows.push_back({img.id, img.label, 0, 0.5f, {1.f, 0.f, 0.f}});
        const auto run = mWorkspace->createRun({0, "eval", "resnet-small"});
        mWorkspace->storePredictions(run, core::Split::Test, rows);
        ui::ThumbnailLoader loader(mDir.filePath("thumbs"), 32, 1);
        ui::GalleryModel model(&loader);
        model.setWorkspace(mWorkspace.get());
        QVERIFY(model.hasPredictions());
        model.setFilter({std::nullopt, std::nullopt, std::nullopt, ui::Correctness::Wrong});
        int wrong = 0;
        for (const auto &img : test)
            wrong += img.label != 0;
        QCOMPARE(model.rowCount(), wrong);
        model.setFilter({std::nullopt, std::nullopt, std::nullopt, ui::Correctness::Right});
        QCOMPARE(model.rowCount(), int(test.size()) - wrong);
    }

    void panelShowsTheVisibleRowsFirst()
    {
        ui::DatasetPanel panel;
        panel.resize(700, 400);
        panel.setWorkspace(mDir.filePath("ws-panel"), mWorkspace.get());
        QSignalSpy arrived(panel.model(), &ui::GalleryModel::thumbnailArrived);
        QSignalSpy reloaded(panel.model(), &ui::GalleryModel::reloaded);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        // The panel reads its rows off the GUI thread.
        QTRY_COMPARE(reloaded.count(), 1);
        QCOMPARE(panel.model()->rowCount(), 60);
        const auto [first, last] = panel.view()->visibleRows();
        QCOMPARE(first, 0);
        QVERIFY(last > 0 && last < 59);
        QTRY_VERIFY_WITH_TIMEOUT(arrived.count() >= last + 3, 5000);
        // Visible tiles come first; with two decoding threads, one tile from just below the
        // screen may finish while the last visible one is still decoding.
        int outside = 0;
        for (int i = 0; i <= last; ++i)
            outside += arrived.at(i).at(0).toInt() > last;
        QVERIFY2(outside <= 1, QByteArray::number(outside));
    }

    void smallPhotosFillTheirTilesAtAnySize()
    {
        // 24x24 photos: each tile's picture fills the tile (enlarged smoothly), whatever size
        // the slider or Ctrl+wheel sets; the label stays under it.
        ui::DatasetPanel panel;
        panel.resize(700, 400);
        panel.setWorkspace(mDir.filePath("ws-tiles"), mWorkspace.get());
        QSignalSpy arrived(panel.model(), &ui::GalleryModel::thumbnailArrived);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QTRY_VERIFY_WITH_TIMEOUT(arrived.count() >= 1, 5000);
        auto *view = panel.view();
        auto filled = [&](int row) {
            // The share of the tile's square that is not the view's background.
            const QRect cell = view->visualRect(panel.model()->index(row));
            const int side = view->iconSize().width();
            const QImage shot = view->viewport()->grab(cell).toImage();
            const QColor background = view->viewport()->palette().color(QPalette::Base);
            int painted = 0;
            const int x0 = (cell.width() - side) / 2;
            for (int y = 4; y < 4 + side; ++y)
                for (int x = x0; x < x0 + side; ++x)
                    painted += shot.pixelColor(x, y) != background;
            return double(painted) / (side * side);
        };
        const int row = arrived.at(0).at(0).toInt();
        QCOMPARE(view->iconSize(), QSize(112, 112));
        QVERIFY2(filled(row) > 0.95, qPrintable(QString::number(filled(row))));
        panel.tiles()->setTileSize(200);
        QCOMPARE(view->iconSize(), QSize(200, 200));
        QVERIFY(view->gridSize().height() > 200 + view->fontMetrics().lineSpacing());
        QVERIFY2(filled(row) > 0.95, qPrintable(QString::number(filled(row))));
        // Ctrl+wheel: one notch up is 16 pixels more, never past the limits.
        QWheelEvent wheel(QPointF(20, 20), view->viewport()->mapToGlobal(QPointF(20, 20)), {},
                          QPoint(0, 120), Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase,
                          false);
        QApplication::sendEvent(view->viewport(), &wheel);
        QCOMPARE(panel.tiles()->tileSize(), 216);
        panel.tiles()->setTileSize(5000);
        QCOMPARE(panel.tiles()->tileSize(), ui::TileSizer::kMaximum);
        QCOMPARE(ui::ThumbnailDelegate::pictureRect(QSize(28, 14), QRect(0, 0, 100, 100)),
                 QRect(0, 25, 100, 50));
        // Category names: what the tiles and filters show, not the folders.
        QVERIFY(panel.saveCategoryNames({"Class zero", "c1", ""}));
        QTRY_COMPARE(panel.model()->index(0).data().toString(), QString("Class zero"));
        auto *filter = panel.findChildren<QComboBox *>().first();
        QVERIFY(filter->findText("Class zero") >= 0);
        QCOMPARE(mWorkspace->displayNames()[2], std::string("c2")); // empty: the default
        QString error;
        QVERIFY(!panel.saveCategoryNames({"tab\there"}, &error));
        QVERIFY(error.contains("control"));
        QVERIFY(panel.saveCategoryNames({"c0"})); // back to the folder's name
    }

    void duplicatesViewFlagsACopyWithAnotherLabel()
    {
        QTemporaryDir dir;
        const std::string src = dir.filePath("src").toStdString();
        test::makeDataset(src, 2, 4, 24, 3);
        QFile::copy(QString::fromStdString(src + "/c0/img-1.png"),
                    QString::fromStdString(src + "/c1/copy.png"));
        core::Workspace workspace(dir.filePath("ws").toStdString(), true);
        core::ImportOptions o;
        o.source = src;
        core::importDataset(workspace, o);
        ui::DatasetPanel panel;
        panel.setWorkspace(dir.filePath("ws"), &workspace);
        auto *dialog = panel.showDuplicates();
        QVERIFY(dialog);
        QSignalSpy searched(dialog, &ui::DuplicatesDialog::searched);
        QTRY_COMPARE_WITH_TIMEOUT(searched.count(), 1, 20000);
        QVERIFY2(dialog->found().error.isEmpty(), qPrintable(dialog->found().error));
        QCOMPARE(dialog->found().report.images.size(), size_t(9));
        // The copy filed under another category comes first, flagged, with both photos.
        QVERIFY(dialog->tree()->topLevelItemCount() >= 1);
        const auto *first = dialog->tree()->topLevelItem(0);
        QVERIFY2(first->text(2).contains("labels disagree"), qPrintable(first->text(2)));
        QStringList files;
        for (int i = 0; i < first->childCount(); ++i)
            files << QFileInfo(first->child(i)->text(0)).fileName();
        QVERIFY2(files.contains("img-1.png") && files.contains("copy.png"),
                 qPrintable(files.join(',')));
        QVERIFY(!first->child(0)->icon(0).isNull());
    }

    void mapSelectionsShowInTheGallery()
    {
        QTemporaryDir dir;
        auto workspace = test::makeWorkspace(dir.path().toStdString(), 3, 20, 24, 3);
        const QString wsDir = QString::fromStdString(workspace->directory());
        core::WorkspaceTrainRequest r;
        r.options.width = 8;
        r.options.epochs = 2;
        r.options.batchSize = 16;
        r.options.threads = 0;
        core::WorkspaceTraining(*workspace, r).run({});
        ui::DatasetPanel panel;
        panel.setWorkspace(wsDir, workspace.get());
        QTRY_COMPARE(panel.model()->rowCount(), 60);
        auto *map = panel.showMap();
        QVERIFY(map);
        QSignalSpy mapped(map, &ui::MapDialog::mapped);
        QTRY_COMPARE_WITH_TIMEOUT(mapped.count(), 1, 30000);
        QVERIFY2(map->computed().error.isEmpty(), qPrintable(map->computed().error));
        const auto &points = map->computed().map.points;
        QCOMPARE(points.size(), size_t(60));
        QVERIFY(QTest::qWaitForWindowExposed(map));
        auto *plot = map->plot();
        plot->replot();

        // Coloured by label: one group per category (and the selection's overlay), named with
        // its count; by correctness: right, wrong, unlabeled at most.
        QCOMPARE(plot->graphCount(), 3 + 1);
        QStringList names;
        for (int g = 0; g < 3; ++g)
            names << plot->graph(g)->name();
        QVERIFY2(names.contains("c0 (20)") && names.contains("c2 (20)"),
                 qPrintable(names.join(',')));
        map->setColouring(ui::MapDialog::Colouring::Correctness);
        QVERIFY(plot->graphCount() <= 3 + 1);
        plot->replot();

        auto pixel = [&](double x, double y) {
            return QPoint(int(std::lround(plot->xAxis->coordToPixel(x))),
                          int(std::lround(plot->yAxis->coordToPixel(y))));
        };
        // Box select with the mouse: the left half of the points.
        std::vector<float> xs;
        float top = -1e30f, bottom = 1e30f;
        for (const auto &p : points) {
            xs.push_back(p.x);
            top = std::max(top, p.y);
            bottom = std::min(bottom, p.y);
        }
        std::sort(xs.begin(), xs.end());
        const double cut = (xs[29] + xs[30]) / 2, left = xs.front() - 1, margin = 0.5;
        map->setTool(ui::MapDialog::Tool::Box);
        const QPoint from = pixel(left, top + margin), to = pixel(cut, bottom - margin);
        QTest::mousePress(plot, Qt::LeftButton, {}, from);
        QTest::mouseMove(plot, (from + to) / 2);
        QTest::mouseMove(plot, to);
        QTest::mouseRelease(plot, Qt::LeftButton, {}, to);
        QSet<qint64> expected;
        for (const auto &p : points) {
            const double px = plot->xAxis->coordToPixel(p.x);
            if (px > plot->xAxis->coordToPixel(left) && px < to.x())
                expected.insert(p.imageId);
        }
        QVERIFY2(std::abs(int(map->selection().size()) - 30) <= 2,
                 qPrintable(QString::number(map->selection().size())));
        QCOMPARE(map->selection(), expected);
        QVERIFY(map->summaryLabel()->text().contains("selected"));

        // "Show in Gallery": the gallery holds exactly the selection, until cleared.
        QVERIFY(map->showButton()->isEnabled());
        map->showButton()->click();
        QTRY_COMPARE(panel.model()->rowCount(), int(expected.size()));
        for (int row = 0; row < panel.model()->rowCount(); ++row)
            QVERIFY(expected.contains(panel.model()->imageId(row)));
        panel.clearOnly();
        QTRY_COMPARE(panel.model()->rowCount(), 60);

        // A lasso (a triangle) around everything selects every image.
        map->setTool(ui::MapDialog::Tool::Lasso);
        const double x0 = xs.front() - 2, x1 = xs.back() + 2, span = x1 - x0;
        const QPoint a = pixel(x0 - span, bottom - 2), b = pixel(x1 + span, bottom - 2),
                     c = pixel((x0 + x1) / 2, top + 2 * (top - bottom) + 4);
        QTest::mousePress(plot, Qt::LeftButton, {}, a);
        for (const QPoint &at : {b, c, a})
            QTest::mouseMove(plot, at);
        QTest::mouseRelease(plot, Qt::LeftButton, {}, a);
        QCOMPARE(map->selection().size(), qsizetype(60));

        // Hovering a point shows its thumbnail with its label.
        const auto &p = points[7];
        QCOMPARE(map->pointAt(pixel(p.x, p.y), 0.75), p.imageId);
        QVERIFY(map->pointAt(QPointF(-100, -100)) == 0);
        map->setTool(ui::MapDialog::Tool::Pan);
        QSignalSpy hovered(map, &ui::MapDialog::hoverShown);
        QTest::mouseMove(plot, pixel(p.x, p.y));
        QTRY_VERIFY_WITH_TIMEOUT(hovered.count() >= 1, 5000);
        QVERIFY(map->hoverLabel()->isVisible());
        QVERIFY(!map->hoverLabel()->pixmap().isNull());

        // Opened again: the same dialog; a new dialog reads the layout from the cache.
        QCOMPARE(panel.showMap(), map);
        ui::MapDialog again(wsDir);
        QSignalSpy mappedAgain(&again, &ui::MapDialog::mapped);
        again.compute(QString::fromStdString(workspace->newestCheckpoint()));
        QTRY_COMPARE_WITH_TIMEOUT(mappedAgain.count(), 1, 30000);
        QVERIFY2(again.computed().map.layoutCached, qPrintable(again.computed().error));

        // The large preview explains too: Show why lays the model's heat map over the photo.
        QString verdict;
        bool changed = false;
        QTimer::singleShot(0, [&] {
            auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            auto *why = dialog->findChild<QCheckBox *>("showWhy");
            auto *label = dialog->findChild<QLabel *>("verdict");
            QVERIFY(why && label);
            QLabel *picture = nullptr;
            for (auto *l : dialog->findChildren<QLabel *>())
                if (!l->pixmap().isNull())
                    picture = l;
            QVERIFY(picture);
            const QImage before = picture->pixmap().toImage();
            why->setChecked(true);
            QTRY_VERIFY_WITH_TIMEOUT(!label->text().isEmpty(), 20000);
            verdict = label->text();
            changed = picture->pixmap().toImage() != before;
            dialog->reject();
        });
        panel.showPreview(panel.model()->index(0));
        QVERIFY2(verdict.startsWith("evidence for c"), qPrintable(verdict));
        QVERIFY(changed);

        // The duplicates view can compare the model's features too.
        auto *duplicates = panel.showDuplicates();
        QSignalSpy searched(duplicates, &ui::DuplicatesDialog::searched);
        QTRY_COMPARE_WITH_TIMEOUT(searched.count(), 1, 20000);
        QCOMPARE(duplicates->found().report.featureSeconds, 0.0);
        duplicates->byFeatures()->setChecked(true);
        duplicates->search(8);
        QTRY_COMPARE_WITH_TIMEOUT(searched.count(), 2, 20000);
        QVERIFY2(duplicates->found().error.isEmpty(), qPrintable(duplicates->found().error));
        QVERIFY(duplicates->found().report.featureSeconds > 0);
        QCOMPARE(duplicates->found().report.images.size(), size_t(60));
        QVERIFY(again.summaryLabel()->text().contains("from the cache"));

        // Shown again, the duplicates keep the analyst's search and result.
        duplicates->byFeatures()->setChecked(false);
        QCOMPARE(panel.showDuplicates(), duplicates);
        QTest::qWait(300);
        QCOMPARE(searched.count(), 2);
        QVERIFY(duplicates->found().report.featureSeconds > 0);

        // After a reload the map is computed again (its layout from the cache: nothing changed).
        QSignalSpy remapped(map, &ui::MapDialog::mapped);
        panel.reload();
        QCOMPARE(panel.showMap(), map);
        QTRY_COMPARE_WITH_TIMEOUT(remapped.count(), 1, 30000);
        QVERIFY(map->computed().map.layoutCached);
        QCOMPARE(panel.showDuplicates(), duplicates); // and the duplicates are searched again
        QTRY_COMPARE_WITH_TIMEOUT(searched.count(), 3, 20000);

        // Another workspace: the map and duplicates of this one close (their image ids would
        // pick other photos there), and the gallery shows all of the new one's images.
        QPointer<ui::MapDialog> oldMap(map);
        QPointer<ui::DuplicatesDialog> oldDuplicates(duplicates);
        QTemporaryDir other;
        auto small = test::makeWorkspace(other.path().toStdString(), 2, 3, 24, 3);
        panel.setWorkspace(QString::fromStdString(small->directory()), small.get());
        QTRY_VERIFY(oldMap.isNull() && oldDuplicates.isNull());
        QTRY_COMPARE(panel.model()->rowCount(), 6);
    }
};

QTEST_MAIN(TestGallery)
#include "test_gallery.moc"
