// "More like this": the workspace's features under a model, cached, and exact cosine search.
#include "data/importer.h"
#include "evaluation/embedding.h"
#include "evaluation/similarity.h"
#include "inference/predictor.h"
#include "io/checkpointmeta.h"
#include "store/workspace.h"
#include "testdata.h"
#include "training/workspacetraining.h"

#include <nlohmann/json.hpp>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <filesystem>
#include <random>

namespace fs = std::filesystem;
using namespace photocat;

class TestSimilarity : public QObject
{
    Q_OBJECT

    QTemporaryDir mDir;
    std::unique_ptr<core::Workspace> mWorkspace;
    std::string mCheckpoint;

private Q_SLOTS:
    void initTestCase()
    {
        // 3 categories of 20 photos, and an exact copy of one photo filed as another image.
        test::makeDataset(mDir.filePath("src").toStdString(), 3, 20, 16);
        fs::copy_file(mDir.filePath("src/c1/img-4.png").toStdString(),
                      mDir.filePath("src/c1/copy-of-4.png").toStdString());
        mWorkspace = std::make_unique<core::Workspace>(mDir.filePath("ws").toStdString(), true);
        core::ImportOptions o;
        o.source = mDir.filePath("src").toStdString();
        core::importDataset(*mWorkspace, o);
        core::WorkspaceTrainRequest r;
        r.options.width = 8;
        r.options.epochs = 2;
        r.options.batchSize = 16;
        r.options.learningRate = 0.05;
        r.options.threads = 0;
        core::WorkspaceTraining training(*mWorkspace, r);
        mCheckpoint = training.run({}).bestCheckpoint;
        QVERIFY(fs::exists(mCheckpoint));
    }

    void featuresAreCachedPerModel()
    {
        core::FeatureRequest request;
        request.checkpoint = mCheckpoint;
        const auto first = core::workspaceFeatures(*mWorkspace, request);
        QCOMPARE(first.computed, size_t(61));
        QCOMPARE(first.cached, size_t(0));
        QVERIFY(fs::exists(first.cacheFile));
        const auto second = core::workspaceFeatures(*mWorkspace, request);
        QCOMPARE(second.computed, size_t(0)); // nothing recomputed
        QCOMPARE(second.cached, size_t(61));
        QCOMPARE(second.cacheFile, first.cacheFile);
        QVERIFY(second.table.data == first.table.data);
        core::Predictor predictor(mCheckpoint, "cpu");
        QCOMPARE(second.table.dim, predictor.featureDim());
    }

    void theCopyIsTheNearestNeighbour()
    {
        core::FeatureRequest request;
        request.checkpoint = mCheckpoint;
        const auto f = core::workspaceFeatures(*mWorkspace, request);
        int64_t original = 0, copy = 0;
        for (const auto &img : mWorkspace->images()) {
            if (fs::path(img.path).filename() == "img-4.png" &&
                fs::path(img.path).parent_path().filename() == "c1")
                original = img.id;
            if (fs::path(img.path).filename() == "copy-of-4.png")
                copy = img.id;
        }
        QVERIFY(original && copy);
        const float *row = f.table.row(original);
        QVERIFY(row);
        const std::vector<float> query(row, row + f.table.dim);
        const auto near = core::nearestNeighbours(f.table, query, 5, original);
        QCOMPARE(near.size(), size_t(5));
        QCOMPARE(near[0].imageId, copy);
        QVERIFY(near[0].similarity > 0.9999);
        for (size_t i = 1; i < near.size(); ++i) {
            QVERIFY(near[i - 1].similarity >= near[i].similarity);
            QVERIFY(near[i].imageId != original);
        }
        // Against a plain loop over every row.
        double best = -2;
        for (size_t r = 0; r < f.table.ids.size(); ++r) {
            if (f.table.ids[r] == original || f.table.ids[r] == copy)
                continue;
            const float *x = f.table.data.data() + r * size_t(f.table.dim);
            double dot = 0, a = 0, b = 0;
            for (int64_t i = 0; i < f.table.dim; ++i)
                dot += x[i] * query[size_t(i)], a += x[i] * x[i],
                    b += query[size_t(i)] * query[size_t(i)];
            best = std::max(best, dot / std::sqrt(a * b));
        }
        QVERIFY(std::abs(near[1].similarity - best) < 1e-5);
        // A photo from outside the workspace: the same features as the file it copies.
        core::Predictor predictor(mCheckpoint, "cpu");
        const auto outside = predictor.features(mDir.filePath("src/c1/img-4.png").toStdString());
        const auto fromFile = core::nearestNeighbours(f.table, outside, 2);
        QVERIFY(fromFile[0].imageId == original || fromFile[0].imageId == copy);
        QVERIFY(fromFile[0].similarity > 0.9999);
        QVERIFY(core::nearestNeighbours(f.table, {1.f, 2.f}, 3).empty()); // wrong dimension

        // The same from the command line.
        const auto cli = test::runCli({"similar", "--image", std::to_string(original), "-w",
                                       mWorkspace->directory(), "-k", "3", "--json"});
        QVERIFY2(cli.exitCode == 0, cli.err.c_str());
        const auto j = QJsonDocument::fromJson(QByteArray::fromStdString(cli.out)).object();
        QCOMPARE(j["neighbours"].toArray().size(), 3);
        QCOMPARE(j["neighbours"].toArray()[0].toObject()["image"].toInteger(), copy);
        QCOMPARE(j["computed"].toInt(), 0); // the cache this test filled
        const auto none = test::runCli({"similar", "-w", mWorkspace->directory()});
        QVERIFY(none.exitCode != 0);
        QVERIFY2(none.err.find("name a photo") != std::string::npos, none.err.c_str());
    }

    /** The cache holds what the user sees now: a photo replaced and imported again is
        computed again, an excluded one is not searched, a calibration (new metadata, same
        weights) keeps the cache, and a search with nothing new writes nothing. */
    void theCacheFollowsTheFilesAndTheWeights()
    {
        const std::string src = mDir.filePath("src2").toStdString();
        test::makeDataset(src, 2, 5, 16);
        core::Workspace workspace(mDir.filePath("ws2").toStdString(), true);
        core::ImportOptions o;
        o.source = src;
        core::importDataset(workspace, o);
        core::FeatureRequest request;
        request.checkpoint = mCheckpoint;
        const auto first = core::workspaceFeatures(workspace, request);
        QCOMPARE(first.computed, size_t(10));

        // Another picture under the same name, imported again.
        const std::string replaced = src + "/c0/img-1.png";
        const auto other = test::classPattern(1, 3, 24, 3);
        test::writeImage(replaced, other, 24, 24, 3);
        core::importDataset(workspace, o);
        const auto second = core::workspaceFeatures(workspace, request);
        QCOMPARE(second.computed, size_t(1));
        QCOMPARE(second.cached, size_t(9));
        int64_t replacedId = 0, excludedId = 0;
        for (const auto &img : workspace.images()) {
            if (img.path == replaced)
                replacedId = img.id;
            else if (!excludedId)
                excludedId = img.id;
        }
        core::Predictor predictor(mCheckpoint, "cpu");
        const auto now = predictor.features(replaced);
        const auto near = core::nearestNeighbours(second.table, now, 1);
        QCOMPARE(near[0].imageId, replacedId);
        QVERIFY(near[0].similarity > 0.9999);

        // Excluded: not searched, not counted.
        workspace.setStatus(excludedId, core::ImageStatus::Excluded);
        const auto cacheTime = fs::last_write_time(second.cacheFile);
        const auto third = core::workspaceFeatures(workspace, request);
        QCOMPARE(third.table.ids.size(), size_t(9));
        QVERIFY(!third.table.row(excludedId));
        QCOMPARE(third.computed, size_t(0));
        QVERIFY(fs::last_write_time(third.cacheFile) == cacheTime); // nothing new: not rewritten
        for (const auto &n : core::nearestNeighbours(third.table, now, 20))
            QVERIFY(n.imageId != excludedId);

        // Replaced by a file that passes import's header probe but does not decode: not
        // searched under its old picture's features.
        const std::string broken = src + "/c1/img-2.png";
        const std::string whole = test::readFile(broken);
        test::writeImage(broken, test::classPattern(0, 7, 40, 3), 40, 40, 3);
        std::string png = test::readFile(broken);
        for (size_t i = 100; i < 400 && i < png.size() - 20; ++i) // inside IDAT: bad CRC, data
            png[i] = char(png[i] ^ 0x5a);
        test::writeFile(broken, png);
        core::importDataset(workspace, o);
        int64_t brokenId = 0;
        for (const auto &img : workspace.images())
            if (img.path == broken)
                brokenId = img.id;
        QVERIFY(brokenId);
        const auto damaged = core::workspaceFeatures(workspace, request);
        QVERIFY(!damaged.table.row(brokenId));
        QCOMPARE(damaged.skippedFiles.size(), size_t(1));
        test::writeFile(broken, whole); // as it was, for what follows
        core::importDataset(workspace, o);
        QCOMPARE(core::workspaceFeatures(workspace, request).table.ids.size(), size_t(9));

        // New metadata (as a calibration writes), same weights: the same cache.
        const std::string calibrated = mDir.filePath("calibrated.pt").toStdString();
        fs::copy_file(mCheckpoint, calibrated);
        auto meta = nlohmann::json::parse(core::readCheckpointMeta(calibrated));
        meta["temperature"] = 1.7;
        core::writeCheckpointMeta(calibrated, meta.dump());
        request.checkpoint = calibrated;
        const auto fourth = core::workspaceFeatures(workspace, request);
        QCOMPARE(fourth.cacheFile, third.cacheFile);
        QCOMPARE(fourth.computed, size_t(0));
        QCOMPARE(fourth.cached, size_t(9));
    }

    void duplicatesByFeatures()
    {
        // The exact copy is found by its hash and by the model's features; the JSON says how
        // many feature pairs were compared in.
        const auto cli = test::runCli({"duplicates", "-w", mWorkspace->directory(), "--features",
                                       "--min-feature-similarity", "0.9999", "--json"});
        QVERIFY2(cli.exitCode == 0, cli.err.c_str());
        const auto j = QJsonDocument::fromJson(QByteArray::fromStdString(cli.out)).object();
        QVERIFY(j["feature_pairs"].toInt() >= 1);
        QCOMPARE(j["min_feature_similarity"].toDouble(), 0.9999);
        bool found = false;
        for (const auto &g : j["top"].toArray()) {
            QStringList files;
            for (const auto &img : g.toObject()["images"].toArray())
                files << QString::fromStdString(
                    fs::path(img.toObject()["path"].toString().toStdString()).filename().string());
            found |= files.contains("copy-of-4.png") && files.contains("img-4.png");
        }
        QVERIFY(found);
        // In the library: the pairs at that similarity include the copy, and none is below it.
        core::FeatureRequest request;
        request.checkpoint = mCheckpoint;
        const auto f = core::workspaceFeatures(*mWorkspace, request);
        bool truncated = true;
        const auto pairs = core::similarPairs(f.table, 0.9999, 1000, &truncated);
        QVERIFY(!truncated);
        QVERIFY(!pairs.empty());
        for (const auto &p : pairs) {
            QVERIFY2(p.a < p.b && p.cosine >= 0.9999f,
                     qPrintable(QString("%1 %2 %3").arg(p.a).arg(p.b).arg(p.cosine)));
        }
        // Bounded: asking for every pair keeps only the most similar.
        const auto few = core::similarPairs(f.table, -1.0, 10, &truncated);
        QVERIFY(truncated);
        QCOMPARE(few.size(), size_t(10));
    }

    void mapOfTheWorkspace()
    {
        core::MapRequest request;
        request.features.checkpoint = mCheckpoint;
        request.embedding.epochs = 100;
        const auto first = core::workspaceMap(*mWorkspace, request);
        QVERIFY(!first.cancelled);
        QVERIFY(!first.layoutCached);
        QCOMPARE(first.points.size(), size_t(61));
        QVERIFY(fs::exists(first.layoutFile));
        core::Predictor predictor(mCheckpoint, "cpu");
        const auto images = mWorkspace->images();
        for (const auto &p : first.points) {
            QVERIFY(std::isfinite(p.x) && std::isfinite(p.y));
            const auto img = std::find_if(images.begin(), images.end(),
                                          [&](const auto &i) { return i.id == p.imageId; });
            QVERIFY(img != images.end());
            QCOMPARE(p.label, img->label);
            QCOMPARE(p.split, img->split);
            // The head on the cached features agrees with the model run on the photo.
            const auto probabilities = predictor.probabilities(img->path);
            const int best = int(std::max_element(probabilities.begin(), probabilities.end()) -
                                 probabilities.begin());
            QCOMPARE(p.predicted, best);
            QVERIFY(std::abs(p.confidence - probabilities[size_t(best)]) < 1e-4);
        }
        // The exact copy lands by its original: among its 6 nearest points on the map (a tenth;
        // the generated photos of a category are near-copies of one another too).
        auto pointOf = [&](const char *folder, const char *file) {
            for (const auto &img : images)
                if (fs::path(img.path).filename() == file &&
                    fs::path(img.path).parent_path().filename() == folder)
                    for (const auto &p : first.points)
                        if (p.imageId == img.id)
                            return p;
            return core::MapPoint{};
        };
        const auto original = pointOf("c1", "img-4.png"), copy = pointOf("c1", "copy-of-4.png");
        QVERIFY(original.imageId && copy.imageId);
        const double toCopy = std::hypot(original.x - copy.x, original.y - copy.y);
        int closer = 0;
        for (const auto &p : first.points)
            closer += p.imageId != original.imageId && p.imageId != copy.imageId &&
                      std::hypot(original.x - p.x, original.y - p.y) < toCopy;
        QVERIFY2(closer < 6, qPrintable(QString("%1 points nearer than the copy").arg(closer)));
        const auto second = core::workspaceMap(*mWorkspace, request);
        QVERIFY(second.layoutCached);
        QCOMPARE(second.features.computed, size_t(0));
        QCOMPARE(second.points.size(), first.points.size());
        for (size_t i = 0; i < first.points.size(); ++i)
            QVERIFY(first.points[i].x == second.points[i].x &&
                    first.points[i].y == second.points[i].y);

        // The command line writes the points (the cached layout has other options: laid out).
        const QString csv = mDir.filePath("map.csv");
        const auto cli = test::runCli({"map", "-w", mWorkspace->directory(), "--epochs", "30",
                                       "--out", csv.toStdString(), "--json"});
        QVERIFY2(cli.exitCode == 0, cli.err.c_str());
        const auto j = QJsonDocument::fromJson(QByteArray::fromStdString(cli.out)).object();
        QCOMPARE(j["images"].toInt(), 61);
        QCOMPARE(j["layout_cached"].toBool(), false);
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto lines = QString::fromUtf8(file.readAll()).trimmed().split('\n');
        QCOMPARE(lines.size(), 62);
        QCOMPARE(lines[0], QString("image,x,y,label,predicted,confidence,split,path"));
        QVERIFY(lines[1].split(',').size() == 8);
        const auto again =
            test::runCli({"map", "-w", mWorkspace->directory(), "--epochs", "30", "--json"});
        QVERIFY2(again.exitCode == 0, again.err.c_str());
        QCOMPARE(QJsonDocument::fromJson(QByteArray::fromStdString(again.out))
                     .object()["layout_cached"]
                     .toBool(),
                 true);
    }
};

QTEST_GUILESS_MAIN(TestSimilarity)
#include "test_similarity.moc"
