#include "data/importer.h"
#include "evaluation/evaluator.h"
#include "evaluation/metrics.h"
#include "inference/predictor.h"
#include "io/checkpoint.h"
#include "io/checkpointmeta.h"
#include "testdata.h"
#include "training/options.h"
#include "training/workspacetraining.h"

#include <QTemporaryDir>
#include <QTest>

#include <QElapsedTimer>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>

namespace fs = std::filesystem;
using namespace photocat;

namespace {

/** A 4-class workspace of learnable 16x16 gray patterns, split 80/10/10 per class. */
std::unique_ptr<core::Workspace> makeWorkspace(const QTemporaryDir &dir, int perClass = 60)
{
    return test::makeWorkspace(dir.path().toStdString(), 4, perClass, 16);
}

core::WorkspaceTrainRequest tinyRequest(int epochs)
{
    core::WorkspaceTrainRequest r;
    auto &o = r.options;
    o.model = "resnet-small";
    o.width = 8;
    o.epochs = epochs;
    o.batchSize = 16;
    o.learningRate = 0.05;
    o.warmupEpochs = 0.5;
    o.seed = 3;
    o.threads = 0; // OMP_NUM_THREADS (1 under ctest)
    r.workers = 2;
    return r;
}

std::vector<double> losses(const std::vector<core::EpochMetrics> &history)
{
    std::vector<double> out;
    for (const auto &m : history)
        out.push_back(m.trainLoss);
    return out;
}

} // namespace

class TestTraining : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void trainingLiftsAccuracyFarAboveChance()
    {
        QTemporaryDir dir;
        auto w = makeWorkspace(dir);
        core::WorkspaceTraining training(*w, tinyRequest(5));
        int epochs = 0;
        const auto r = training.run({nullptr, [&](const core::EpochMetrics &) { ++epochs; }});
        QCOMPARE(r.status, core::RunStatus::Finished);
        QCOMPARE(epochs, 5);
        QVERIFY2(r.bestValAccuracy >= 0.8, std::to_string(r.bestValAccuracy).c_str());
        QVERIFY(fs::exists(r.bestCheckpoint));
        QVERIFY(r.temperature > 0.05 && r.temperature < 20);
        // The run and its curve are in the workspace.
        QCOMPARE(w->epochs(training.runId()).size(), size_t(5));
        QCOMPARE(w->runs().back().status, core::RunStatus::Finished);

        core::EvaluateRequest eval;
        eval.checkpoint = r.bestCheckpoint;
        const auto e = core::evaluateOnWorkspace(*w, eval);
        QVERIFY(e.metrics.accuracy >= 0.7);
        int64_t sum = 0;
        for (const auto &row : e.metrics.confusion)
            for (auto v : row)
                sum += v;
        QCOMPARE(sum, w->imageCount({std::nullopt, core::Split::Test}));
        // The stored per-image predictions agree with the confusion matrix.
        const auto stored = w->predictions(e.runId, core::Split::Test);
        QCOMPARE(int64_t(stored.size()), sum);
        std::vector<std::vector<int64_t>> fromStored(4, std::vector<int64_t>(4, 0));
        for (const auto &p : stored)
            ++fromStored[size_t(p.trueLabel)][size_t(p.predicted)];
        QCOMPARE(fromStored, e.metrics.confusion);

        // Test-time augmentation: a photo's logits averaged with its mirror image's.
        auto pixels = test::classPattern(2, 7, 16, 1);
        auto mirrored = pixels;
        for (int y = 0; y < 16; ++y)
            std::reverse(mirrored.begin() + y * 16, mirrored.begin() + (y + 1) * 16);
        QVERIFY(mirrored != pixels);
        const std::string photo = dir.filePath("photo.png").toStdString();
        const std::string mirror = dir.filePath("mirror.png").toStdString();
        test::writeImage(photo, pixels, 16, 16, 1);
        test::writeImage(mirror, mirrored, 16, 16, 1);
        core::Predictor predictor(r.bestCheckpoint, "cpu");
        auto logitsOf = [&](const std::string &path) {
            core::Batch b;
            if (!core::ImageLoader::loadOne(path, predictor.preprocessing(), b.pixels))
                throw std::runtime_error("cannot decode " + path);
            b.n = 1;
            b.channels = 1;
            b.height = b.width = predictor.preprocessing().size;
            return predictor.logits(b).front();
        };
        const auto plain = logitsOf(photo), plainMirror = logitsOf(mirror);
        QVERIFY(plain != plainMirror);
        std::vector<float> mean(plain.size());
        for (size_t c = 0; c < plain.size(); ++c)
            mean[c] = (plain[c] + plainMirror[c]) / 2;
        const auto expected = core::softmax(mean, predictor.temperature());
        predictor.setMirrorAveraging(true);
        const auto averaged = predictor.probabilities(photo);
        const auto averagedMirror = predictor.probabilities(mirror);
        for (size_t c = 0; c < expected.size(); ++c) {
            QVERIFY(std::abs(averaged[c] - expected[c]) < 1e-5);
            QVERIFY(std::abs(averagedMirror[c] - expected[c]) < 1e-5);
        }
        eval.mirrorAveraging = true;
        const auto e2 = core::evaluateOnWorkspace(*w, eval);
        QVERIFY(e2.mirrorAveraged);
        QCOMPARE(e2.predictions.size(), e.predictions.size());
        float change = 0;
        for (size_t i = 0; i < e2.predictions.size(); ++i) {
            const auto &p = e2.predictions[i];
            QCOMPARE(p.imageId, e.predictions[i].imageId);
            const auto again = predictor.probabilities(w->image(p.imageId)->path);
            for (size_t c = 0; c < again.size(); ++c) {
                QVERIFY(std::abs(again[c] - p.probabilities[c]) < 1e-5);
                // Log space: confident predictions saturate near 1 in float.
                const auto logOf = [](float v) { return std::log(std::max(v, 1e-30f)); };
                change = std::max(change, std::abs(logOf(p.probabilities[c]) -
                                                   logOf(e.predictions[i].probabilities[c])));
            }
        }
        QVERIFY2(change > 1e-3, std::to_string(change).c_str());
    }

    void resumeAtEpochBoundaryMatchesUninterruptedRun()
    {
        QTemporaryDir dir;
        auto w = makeWorkspace(dir, 30);
        core::WorkspaceTraining full(*w, tinyRequest(3));
        const auto reference = full.run({});

        core::WorkspaceTraining first(*w, tinyRequest(3));
        core::StopFlag stop{false};
        auto cb = core::TrainCallbacks{};
        cb.onEpoch = [&](const core::EpochMetrics &m) {
            if (m.epoch == 1)
                stop = true;
        };
        const auto stopped = first.run(cb, &stop);
        QCOMPARE(stopped.status, core::RunStatus::Cancelled);
        QCOMPARE(stopped.epochsCompleted, 1);

        auto request = tinyRequest(3);
        request.resume = stopped.lastCheckpoint;
        core::WorkspaceTraining resumed(*w, request);
        const auto r = resumed.run({});
        QCOMPARE(r.status, core::RunStatus::Finished);
        const auto a = losses(reference.history), b = losses(r.history);
        QCOMPARE(b.size(), size_t(3));
        for (size_t i = 0; i < 3; ++i)
            QVERIFY2(std::abs(a[i] - b[i]) <= 1e-6 * std::abs(a[i]),
                     (std::to_string(a[i]) + " vs " + std::to_string(b[i])).c_str());
    }

    void resumeMidEpochMatchesUninterruptedRun()
    {
        QTemporaryDir dir;
        auto w = makeWorkspace(dir, 30);
        core::WorkspaceTraining full(*w, tinyRequest(2));
        const auto reference = full.run({});

        core::WorkspaceTraining first(*w, tinyRequest(2));
        core::StopFlag stop{false};
        core::TrainCallbacks cb;
        cb.onBatch = [&](const core::BatchProgress &p) {
            if (p.epoch == 2 && p.batch == 3)
                stop = true;
        };
        const auto stopped = first.run(cb, &stop);
        QCOMPARE(stopped.status, core::RunStatus::Cancelled);

        auto request = tinyRequest(2);
        request.resume = stopped.lastCheckpoint;
        core::WorkspaceTraining resumed(*w, request);
        const auto r = resumed.run({});
        const auto a = losses(reference.history), b = losses(r.history);
        QCOMPARE(b.size(), size_t(2));
        for (size_t i = 0; i < 2; ++i)
            QVERIFY2(std::abs(a[i] - b[i]) <= 1e-6 * std::abs(a[i]),
                     (std::to_string(a[i]) + " vs " + std::to_string(b[i])).c_str());
    }

    void pauseHoldsBetweenBatchesAndContinues()
    {
        QTemporaryDir dir;
        auto w = makeWorkspace(dir, 20);
        core::WorkspaceTraining training(*w, tinyRequest(1));
        std::thread resumer;
        std::atomic<size_t> batchesWhilePaused{0};
        std::atomic<bool> paused{false};
        core::TrainCallbacks cb;
        cb.onBatch = [&](const core::BatchProgress &p) {
            if (paused)
                ++batchesWhilePaused;
            if (p.batch == 2) {
                paused = true;
                resumer = std::thread([&] {
                    std::this_thread::sleep_for(std::chrono::milliseconds(300));
                    paused = false;
                });
            }
        };
        QElapsedTimer timer;
        timer.start();
        const auto r = training.run(cb, nullptr, &paused);
        resumer.join();
        QCOMPARE(r.status, core::RunStatus::Finished);
        QVERIFY(timer.elapsed() >= 300);
        QCOMPARE(batchesWhilePaused.load(), size_t(0));
    }

    void aBf16RunIsCalibratedOnFp32Probabilities()
    {
        // predict, eval and serve compute fp32 probabilities by default: the temperature fitted
        // at the end of a bf16 run must be the one those probabilities need.
        QTemporaryDir dir;
        auto w = makeWorkspace(dir, 30);
        auto request = tinyRequest(2);
        request.options.precision = "bf16";
        core::WorkspaceTraining training(*w, request);
        const auto r = training.run({});
        QCOMPARE(r.status, core::RunStatus::Finished);
        core::Predictor predictor(r.bestCheckpoint, "cpu");
        QCOMPARE(predictor.precision(), std::string("fp32"));
        core::LoaderOptions lo;
        lo.batchSize = 16;
        lo.preprocessing = predictor.preprocessing();
        core::ImageLoader loader(core::samplesOf(*w, core::Split::Val), lo);
        loader.startEpoch(0);
        std::vector<std::vector<float>> logits;
        std::vector<int> labels;
        core::Batch b;
        while (loader.next(b)) {
            const auto z = predictor.logits(b);
            for (int i = 0; i < b.n; ++i) {
                logits.push_back(z[size_t(i)]);
                labels.push_back(int(b.labels[size_t(i)]));
            }
        }
        const double fp32 = core::fitTemperature(logits, labels);
        QVERIFY2(std::abs(fp32 - r.temperature) < 1e-4,
                 qPrintable(QString("%1 fitted, %2 from fp32").arg(r.temperature).arg(fp32)));
    }

    void corruptImageMidEpochIsSkippedAndCounted()
    {
        QTemporaryDir dir;
        auto w = makeWorkspace(dir, 20);
        // Damaged after import: the index still lists it, decoding fails during training.
        const auto victim = w->images({std::nullopt, core::Split::Train}).front().path;
        test::writeFile(victim, "\x89PNG\r\n\x1a\ngarbage that is no longer an image");
        core::WorkspaceTraining training(*w, tinyRequest(1));
        size_t skipped = 0;
        const auto r = training.run(
            {nullptr, [&](const core::EpochMetrics &m) { skipped = m.skippedImages; }});
        QCOMPARE(r.status, core::RunStatus::Finished);
        QCOMPARE(skipped, size_t(1));
        QCOMPARE(r.skippedFiles, std::vector<std::string>{victim});

        // Alone in its batch, it leaves an empty one: passed over but counted, so progress, the
        // schedule and a checkpoint's position follow the loader's batches (a resume would
        // otherwise train one batch twice).
        auto request = tinyRequest(1);
        request.options.batchSize = 1;
        core::WorkspaceTraining single(*w, request);
        std::vector<size_t> reported;
        size_t batches = 0;
        core::TrainCallbacks cb;
        cb.onBatch = [&](const core::BatchProgress &p) {
            reported.push_back(p.batch);
            batches = p.batches;
        };
        QCOMPARE(single.run(cb).status, core::RunStatus::Finished);
        QCOMPARE(reported.size(), batches - 1);
        QCOMPARE(reported.back(), batches); // the empty batch was not the last one here
    }

    void nanLossStopsWithoutSavingNanWeights()
    {
        QTemporaryDir dir;
        auto w = makeWorkspace(dir, 20);
        auto request = tinyRequest(2);
        request.options.learningRate = 1e30;
        request.options.warmupEpochs = 0;
        request.options.schedule = "constant";
        core::WorkspaceTraining training(*w, request);
        const auto r = training.run({});
        QCOMPARE(r.status, core::RunStatus::Failed);
        QVERIFY2(r.error.find("loss became") != std::string::npos, r.error.c_str());
        QVERIFY(r.bestCheckpoint.empty());
        QCOMPARE(w->runs().back().status, core::RunStatus::Failed);
    }

    void setupFailureAfterTheRunIsRecordedMarksItFailed()
    {
        // The run row is written before the trainer is built; building it throws (no training
        // images). The run must be stored as failed, never left "running".
        QTemporaryDir dir;
        auto w = makeWorkspace(dir, 4);
        for (const auto &img : w->images({std::nullopt, core::Split::Train}))
            w->setSplit(img.id, core::Split::Val);
        try {
            core::WorkspaceTraining t(*w, tinyRequest(1));
            QFAIL("expected an error");
        } catch (const std::invalid_argument &e) {
            QVERIFY2(QString(e.what()).contains("no training images"), e.what());
        }
        QCOMPARE(w->runs().size(), size_t(1));
        QCOMPARE(w->runs().back().status, core::RunStatus::Failed);
    }

    void checkpointWhoseClassesDoNotFitItsModelIsRefused_data()
    {
        QTest::addColumn<QByteArray>("classes");
        QTest::addColumn<double>("temperature");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no class names") << QByteArray("[]") << 1.0 << "names 0 classes";
        QTest::newRow("one name too many") << QByteArray(R"(["a","b","c","d","e"])") << 1.0
                                           << "names 5 classes but its model has 4 outputs";
        QTest::newRow("negative temperature")
            << QByteArray(R"(["a","b","c","d"])") << -2.0 << "temperature";
    }

    void checkpointWhoseClassesDoNotFitItsModelIsRefused()
    {
        // A genuine checkpoint whose metadata was edited: predict must refuse it, not index past
        // the class list.
        QFETCH(QByteArray, classes);
        QFETCH(double, temperature);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        auto w = makeWorkspace(dir, 8);
        core::WorkspaceTraining training(*w, tinyRequest(1));
        const auto r = training.run({});
        auto ckpt = core::loadCheckpoint(r.lastCheckpoint);
        ckpt.meta["classes"] = nlohmann::json::parse(classes.toStdString());
        ckpt.meta["temperature"] = temperature;
        const std::string edited = dir.filePath("edited.pt").toStdString();
        core::saveCheckpoint(edited, ckpt.net, nullptr, ckpt.meta);
        try {
            core::Predictor predictor(edited, "cpu");
            QFAIL("expected an error");
        } catch (const std::runtime_error &e) {
            QVERIFY2(QString(e.what()).contains(expected) &&
                         QString(e.what()).contains("edited.pt"),
                     e.what());
        }
    }

    void storedThresholdsKeepTheRunResumable()
    {
        // calibrate rewrites a checkpoint's metadata: the weights, optimizer state and RNG
        // must survive, and predict must find the thresholds (and refuse broken ones).
        QTemporaryDir dir;
        auto w = makeWorkspace(dir, 8);
        core::WorkspaceTraining training(*w, tinyRequest(1));
        const auto r = training.run({});
        const auto before = core::loadCheckpoint(r.lastCheckpoint);
        core::ChosenPolicy chosen;
        chosen.thresholds.autoAssign = 0.42;
        chosen.thresholds.shortlist = 0.3;
        chosen.targets.precision = 0.95;
        chosen.messages = {"chosen in a test"};
        auto meta = before.meta;
        meta["policy"] = core::policyToJson(chosen);
        core::writeCheckpointMeta(r.lastCheckpoint, meta.dump());

        core::Predictor predictor(r.lastCheckpoint, "cpu");
        QVERIFY(predictor.policy());
        QCOMPARE(predictor.policy()->thresholds.autoAssign, 0.42);
        QCOMPARE(predictor.policy()->targets.precision, 0.95);
        const auto after = core::loadCheckpoint(r.lastCheckpoint);
        const auto a = before.net->parameters(), b = after.net->parameters();
        QCOMPARE(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i)
            QVERIFY(torch::equal(a[i], b[i]));
        torch::optim::SGD sgd(after.net->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9));
        QVERIFY(core::loadOptimizerState(r.lastCheckpoint, sgd)); // still resumable

        meta["policy"]["auto_threshold"] = 0.2; // below the shortlist threshold
        core::writeCheckpointMeta(r.lastCheckpoint, meta.dump());
        try {
            core::Predictor broken(r.lastCheckpoint, "cpu");
            QFAIL("expected an error");
        } catch (const std::runtime_error &e) {
            QVERIFY2(QString(e.what()).contains("thresholds") && QString(e.what()).contains(".pt"),
                     e.what());
        }
        // Display names that are not a list of names: refused naming the file, not thrown raw.
        meta["policy"] = core::policyToJson(chosen);
        meta["display_names"] = 7;
        core::writeCheckpointMeta(r.lastCheckpoint, meta.dump());
        try {
            core::Predictor broken(r.lastCheckpoint, "cpu");
            QFAIL("expected an error");
        } catch (const std::runtime_error &e) {
            QVERIFY2(QString(e.what()).contains("corrupt checkpoint metadata"), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(
            std::runtime_error,
            core::writeCheckpointMeta(dir.filePath("none.pt").toStdString(), meta.dump()));
    }

    void precisionAutoFollowsTheCpu()
    {
        // The kernel's view of the CPU is the independent oracle for cpuid.
        std::ifstream cpuinfo("/proc/cpuinfo");
        std::string line;
        bool listed = false;
        while (std::getline(cpuinfo, line))
            if (line.rfind("flags", 0) == 0) {
                listed = line.find(" avx512_bf16") != std::string::npos ||
                         line.find(" amx_bf16") != std::string::npos;
                break;
            }
        QCOMPARE(core::cpuHasBf16(), listed);
        QCOMPARE(core::resolvePrecision("auto", true), std::string("bf16"));
        QCOMPARE(core::resolvePrecision("auto", false), std::string(listed ? "bf16" : "fp32"));
        QCOMPARE(core::resolvePrecision("fp32", true), std::string("fp32"));

        // A run asked for "auto" records what it chose, and says so.
        QTemporaryDir dir;
        auto w = makeWorkspace(dir, 8);
        auto request = tinyRequest(1);
        request.options.precision = "auto";
        request.options.device = "cpu";
        core::WorkspaceTraining t(*w, request);
        std::string log;
        core::TrainCallbacks cb;
        cb.onLog = [&log](const std::string &l) { log += l + "\n"; };
        const auto r = t.run(cb);
        QCOMPARE(int(r.status), int(core::RunStatus::Finished));
        QVERIFY2(log.find(std::string("precision auto: ") + (listed ? "bf16" : "fp32")) !=
                     std::string::npos,
                 log.c_str());
        const auto meta = nlohmann::json::parse(core::readCheckpointMeta(r.lastCheckpoint));
        QCOMPARE(meta["options"]["precision"].get<std::string>(),
                 std::string(listed ? "bf16" : "fp32"));
    }

    void badOptionsAreClearErrors()
    {
        QTemporaryDir dir;
        auto w = makeWorkspace(dir, 4);
        auto request = tinyRequest(1);
        request.options.model = "resnet9000";
        try {
            core::WorkspaceTraining t(*w, request);
            QFAIL("expected an error");
        } catch (const std::invalid_argument &e) {
            QVERIFY(QString(e.what()).contains("resnet9000"));
        }
    }
};

QTEST_GUILESS_MAIN(TestTraining)
#include "test_training.moc"
