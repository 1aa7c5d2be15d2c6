#include "data/importer.h"
#include "store/sqlite.h"
#include "store/workspace.h"
#include "testdata.h"

#include <QTemporaryDir>
#include <QTest>

using namespace photocat;

class TestWorkspace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reopensIntact()
    {
        QTemporaryDir dir;
        const std::string ws = dir.filePath("ws").toStdString();
        test::makeDataset(dir.filePath("src").toStdString(), 3, 6, 8);
        std::vector<core::ImageRecord> before;
        int64_t runId = 0;
        {
            core::Workspace w(ws, true);
            core::ImportOptions o;
            o.source = dir.filePath("src").toStdString();
            core::importDataset(w, o);
            w.relabel(w.images()[2].id, 0, "review");
            runId =
                w.createRun({0, "first", "resnet-small", core::RunStatus::Running, "{\"lr\":0.1}"});
            w.addEpoch(runId, {1, 1.5, 0.4, 1.6, 0.35, 0.1, 2.0});
            w.storePredictions(runId, core::Split::Test,
                               {{w.images()[0].id, 0, 1, 0.7f, {0.2f, 0.7f, 0.1f}}});
            before = w.images();
        }
        core::Workspace w(ws);
        const auto after = w.images();
        QCOMPARE(after.size(), before.size());
        for (size_t i = 0; i < after.size(); ++i) {
            QCOMPARE(after[i].path, before[i].path);
            QCOMPARE(after[i].label, before[i].label);
            QCOMPARE(int(after[i].split), int(before[i].split));
        }
        QCOMPARE(w.labelHistory().size(), size_t(1));
        QCOMPARE(w.labelHistory().front().source, std::string("review"));
        QCOMPARE(w.runs().size(), size_t(1));
        QCOMPARE(w.epochs(runId).front().valAccuracy, 0.35);
        const auto preds = w.predictions(runId, core::Split::Test);
        QCOMPARE(preds.size(), size_t(1));
        QCOMPARE(preds.front().probabilities, (std::vector<float>{0.2f, 0.7f, 0.1f}));
    }

    void migratesVersionOneSchema()
    {
        QTemporaryDir dir;
        const std::string ws = dir.path().toStdString();
        {
            // A workspace as the first schema left it: no runs table yet.
            core::Database db(ws + "/workspace.db");
            db.exec("CREATE TABLE classes(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
                    "CREATE TABLE images(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, bytes "
                    "INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, width INTEGER NOT NULL, height "
                    "INTEGER NOT NULL, channels INTEGER NOT NULL, bit_depth INTEGER NOT NULL "
                    "DEFAULT 8, orientation INTEGER NOT NULL DEFAULT 1, label INTEGER REFERENCES "
                    "classes(id), split INTEGER, status INTEGER NOT NULL DEFAULT 0);"
                    "CREATE TABLE label_history(id INTEGER PRIMARY KEY, image_id INTEGER, "
                    "old_label INTEGER, new_label INTEGER, at TEXT, source TEXT);"
                    "CREATE TABLE skipped(path TEXT PRIMARY KEY, reason TEXT NOT NULL);"
                    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
                    "INSERT INTO classes VALUES(0, 'car');"
                    "INSERT INTO images(path, bytes, mtime_ns, width, height, channels, label) "
                    "VALUES('/x.png', 1, 1, 2, 2, 1, 0);"
                    "PRAGMA user_version = 1;");
        }
        core::Workspace w(ws);
        QCOMPARE(w.schemaVersion(), core::Workspace::kSchemaVersion);
        QCOMPARE(w.imageCount(), int64_t(1));
        QVERIFY(w.createRun({0, "r", "resnet18"}) > 0);
    }

    void refusesNewerSchemaAndNonWorkspaces()
    {
        QTemporaryDir dir;
        {
            core::Database db(dir.filePath("workspace.db").toStdString());
            db.exec("PRAGMA user_version = 99");
        }
        try {
            core::Workspace w(dir.path().toStdString());
            QFAIL("expected an error");
        } catch (const std::runtime_error &e) {
            QVERIFY(QString(e.what()).contains("newer"));
        }
        QTemporaryDir empty;
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, core::Workspace(empty.path().toStdString()));
        QTemporaryDir garbage;
        test::writeFile(garbage.filePath("workspace.db").toStdString(), std::string(4096, 'x'));
        try {
            core::Workspace w(garbage.path().toStdString());
            QFAIL("expected an error");
        } catch (const std::runtime_error &e) {
            QVERIFY(QString(e.what()).contains("unreadable workspace"));
        }
    }

    void damagedDatabasesAreRefusedNotTrusted_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("expected");
        QTest::newRow("class id -1") << "INSERT INTO classes(id, name) VALUES(-1, 'evil')"
                                     << "class id -1 is out of range";
        QTest::newRow("class id 10^9") << "INSERT INTO classes(id, name) VALUES(1000000000, 'big')"
                                       << "class id 1000000000 is out of range";
        QTest::newRow("schema version -1") << "PRAGMA user_version = -1"
                                           << "schema version -1";
    }

    void damagedDatabasesAreRefusedNotTrusted()
    {
        QFETCH(QString, sql);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const std::string ws = dir.path().toStdString();
        {
            core::Workspace w(ws, true);
        }
        {
            core::Database db(ws + "/workspace.db");
            db.exec(sql.toStdString());
        }
        try {
            core::Workspace w(ws);
            w.classNames();
            QFAIL("expected an error");
        } catch (const std::runtime_error &e) {
            QVERIFY2(QString(e.what()).contains(expected), e.what());
        }
    }

    void displayNamesAreKeptApartFromFolders()
    {
        QTemporaryDir dir;
        core::Workspace w(dir.path().toStdString(), true);
        const int shirt = w.ensureClass("T-shirt_top");
        w.ensureClass("Ankle_boot");
        QVERIFY(w.displayNames() == std::vector<std::string>({"T-shirt top", "Ankle boot"}));
        w.setDisplayName(shirt, "T-shirt/top");
        QVERIFY(w.displayNames() == std::vector<std::string>({"T-shirt/top", "Ankle boot"}));
        QVERIFY(w.classNames() == std::vector<std::string>({"T-shirt_top", "Ankle_boot"}));
        // A model's class list, in its own order, with a class the workspace lacks.
        QVERIFY(w.displayNamesFor({"Ankle_boot", "Bag_x", "T-shirt_top"}) ==
                std::vector<std::string>({"Ankle boot", "Bag x", "T-shirt/top"}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, w.setDisplayName(7, "x"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, w.setDisplayName(shirt, "a\nb"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 w.setDisplayName(shirt, std::string(101, 'x')));
        {
            core::Workspace again(dir.path().toStdString());
            QCOMPARE(again.displayNames()[0], std::string("T-shirt/top")); // persisted
            again.setDisplayName(shirt, "");
        }
        QCOMPARE(w.displayNames()[0], std::string("T-shirt top")); // back to the default
    }

    void relabelRecordsHistoryAndRejectsUnknownClass()
    {
        QTemporaryDir dir;
        core::Workspace w(dir.path().toStdString(), true);
        test::makeDataset(dir.filePath("src").toStdString(), 2, 2, 8);
        core::ImportOptions o;
        o.source = dir.filePath("src").toStdString();
        core::importDataset(w, o);
        const auto id = w.images().front().id;
        w.relabel(id, 1, "review");
        w.relabel(id, -1, "review");
        const auto h = w.labelHistory(id);
        QCOMPARE(h.size(), size_t(2));
        QCOMPARE(h[0].oldLabel, 0);
        QCOMPARE(h[0].newLabel, 1);
        QCOMPARE(h[1].newLabel, -1);
        QCOMPARE(w.image(id)->label, -1);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, w.relabel(id, 5, "review"));

        // Review's undo and redo: label, status and split together, each change in the history.
        w.setLabelState(id, 1, core::ImageStatus::Excluded, core::Split::Val, "undo");
        QCOMPARE(w.image(id)->label, 1);
        QCOMPARE(int(w.image(id)->status), int(core::ImageStatus::Excluded));
        QCOMPARE(int(w.image(id)->split), int(core::Split::Val));
        QCOMPARE(w.labelHistory(id).size(), size_t(4));
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument,
            w.setLabelState(id, 5, core::ImageStatus::Ok, core::Split::Test, "undo"));
        QCOMPARE(int(w.image(id)->status), int(core::ImageStatus::Excluded));
        QCOMPARE(int(w.image(id)->split), int(core::Split::Val));
    }

    void runGuardNeverLeavesARunRunning()
    {
        QTemporaryDir dir;
        core::Workspace w(dir.path().toStdString(), true);
        int64_t thrown = 0, finished = 0;
        try {
            core::RunGuard guard(w, {0, "will fail", "resnet-small"});
            thrown = guard.id();
            QCOMPARE(w.runs().back().status, core::RunStatus::Running);
            throw std::runtime_error("setup failed");
        } catch (const std::runtime_error &) {
        }
        {
            core::RunGuard guard(w, {0, "ok", "resnet-small"});
            finished = guard.id();
            w.setRunParams(finished, R"({"epochs":3})");
            guard.finish(core::RunStatus::StoppedEarly, 0.75, "/ckpt.pt");
        }
        const auto runs = w.runs();
        QCOMPARE(runs.size(), size_t(2));
        QCOMPARE(runs[0].id, thrown);
        QCOMPARE(runs[0].status, core::RunStatus::Failed);
        QCOMPARE(runs[1].status, core::RunStatus::StoppedEarly);
        QCOMPARE(runs[1].bestValAccuracy, 0.75);
        QCOMPARE(runs[1].checkpoint, std::string("/ckpt.pt"));
        QCOMPARE(runs[1].paramsJson, std::string(R"({"epochs":3})"));
    }

    void runStatusNamesRoundTrip()
    {
        for (auto s :
             {core::RunStatus::Running, core::RunStatus::Finished, core::RunStatus::StoppedEarly,
              core::RunStatus::Cancelled, core::RunStatus::Failed, core::RunStatus::Imported})
            QCOMPARE(core::parseRunStatus(core::runStatusName(s)), s);
        QCOMPARE(std::string(core::runStatusName(core::RunStatus::StoppedEarly)),
                 std::string("stopped-early"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, core::parseRunStatus("exploded"));
    }

    void latestPredictionsAndImagePaths()
    {
        QTemporaryDir dir;
        auto workspace = test::makeWorkspace(dir.path().toStdString(), 2, 2, 8);
        core::Workspace &w = *workspace;
        QCOMPARE(w.latestPredictions().first, int64_t(0));
        QVERIFY(w.latestPredictedLabels().empty());
        const auto images = w.images();
        const int64_t older = w.createRun({0, "a", "resnet-small"});
        const int64_t newer = w.createRun({0, "b", "resnet-small"});
        w.storePredictions(older, core::Split::Test, {{images[0].id, 0, 0, 0.1f, {0.9f, 0.1f}}});
        w.storePredictions(newer, core::Split::Val, {{images[1].id, 0, 1, 0.1f, {0.2f, 0.8f}}});
        w.storePredictions(newer, core::Split::Test, {{images[2].id, 1, 1, 0.1f, {0.3f, 0.7f}}});
        QCOMPARE(w.latestPredictions().first, newer);
        QCOMPARE(int(w.latestPredictions().second), int(core::Split::Test));
        const auto labels = w.latestPredictedLabels();
        QCOMPARE(labels.size(), size_t(2)); // the newest run only, both its splits
        QCOMPARE(labels.at(images[1].id), 1);
        QVERIFY(!labels.count(images[0].id));

        w.setImagePath(images[0].id, "/moved/x.png");
        QCOMPARE(core::Workspace(w.directory()).image(images[0].id)->path,
                 std::string("/moved/x.png"));
    }
};

QTEST_GUILESS_MAIN(TestWorkspace)
#include "test_workspace.moc"
