// Fine-tuning modes and the cached-feature linear probe.
#include "evaluation/evaluator.h"
#include "inference/predictor.h"
#include "io/checkpoint.h"
#include "io/weights.h"
#include "testdata.h"
#include "training/linearprobe.h"
#include "training/workspacetraining.h"

#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

namespace fs = std::filesystem;
using namespace photocat;

namespace {

/** Tensors of a checkpoint or weight file by name. */
std::map<std::string, torch::Tensor> tensorsOf(const std::string &path)
{
    std::map<std::string, torch::Tensor> out;
    for (auto &t : core::readWeights(path).tensors)
        out[t.name] = t.value;
    return out;
}

/** Names of the tensors that differ between two files, restricted to a prefix. */
std::vector<std::string> changed(const std::map<std::string, torch::Tensor> &a,
                                 const std::map<std::string, torch::Tensor> &b,
                                 const std::string &prefix)
{
    std::vector<std::string> out;
    for (const auto &[name, t] : a)
        if (name.rfind(prefix, 0) == 0 && name.find("num_batches_tracked") == std::string::npos &&
            !torch::equal(t, b.at(name)))
            out.push_back(name);
    return out;
}

core::WorkspaceTrainRequest request(const std::string &weights, const std::string &mode, int epochs)
{
    core::WorkspaceTrainRequest r;
    auto &o = r.options;
    o.model = "resnet-small";
    o.epochs = epochs;
    o.batchSize = 16;
    o.learningRate = 0.05;
    o.warmupEpochs = 0;
    o.seed = 5;
    o.threads = 0; // OMP_NUM_THREADS (1 under ctest)
    o.weights = weights;
    o.finetune = mode;
    r.workers = 2;
    return r;
}

} // namespace

class TestTransfer : public QObject
{
    Q_OBJECT

    QTemporaryDir mDir;
    std::unique_ptr<core::Workspace> mWorkspace;
    std::string mWeights;
    std::map<std::string, torch::Tensor> mStart;

private Q_SLOTS:
    void initTestCase()
    {
        mWorkspace = test::makeWorkspace(mDir.path().toStdString(), 4, 40, 16);
        // "Pretrained" weights: a gray resnet-small of width 8 with 1000 classes, as a .pth.
        torch::manual_seed(11);
        auto net = core::createModel({"resnet-small", 1000, 1, 8});
        mWeights = mDir.filePath("pretrained.pth").toStdString();
        core::writeStateDict(mWeights, core::stateDict(*net));
        mStart = tensorsOf(mWeights);
    }

    void probeTrainsOnlyTheHead()
    {
        core::WorkspaceTraining training(*mWorkspace, request(mWeights, "probe", 2));
        QCOMPARE(training.options().width, 8); // taken from the weights
        const auto r = training.run({});
        QCOMPARE(r.status, core::RunStatus::Finished);
        const auto after = tensorsOf(r.lastCheckpoint);
        // Weights and BatchNorm statistics of the backbone are untouched; the head learned.
        QCOMPARE(changed(mStart, after, "layer").size(), size_t(0));
        QCOMPARE(changed(mStart, after, "bn1").size(), size_t(0));
        QCOMPARE(after.at("fc.weight").size(0), int64_t(4));
    }

    void lastStagesTrainOnlyThem()
    {
        auto req = request(mWeights, "last", 1);
        req.options.trainStages = 1;
        core::WorkspaceTraining training(*mWorkspace, req);
        const auto after = tensorsOf(training.run({}).lastCheckpoint);
        QCOMPARE(changed(mStart, after, "layer3").size(), size_t(0));
        QCOMPARE(changed(mStart, after, "conv1").size(), size_t(0));
        const auto layer4 = changed(mStart, after, "layer4");
        QVERIFY(std::find(layer4.begin(), layer4.end(), "layer4.1.conv2.weight") != layer4.end());
        QVERIFY(std::find(layer4.begin(), layer4.end(), "layer4.0.bn1.running_mean") !=
                layer4.end());
    }

    void twoPhaseUnfreezesAfterTheHeadEpochs()
    {
        auto req = request(mWeights, "two-phase", 2);
        req.options.headEpochs = 1;
        core::WorkspaceTraining training(*mWorkspace, req);
        std::vector<size_t> backboneChanges;
        std::string lastLog;
        core::TrainCallbacks cb;
        cb.onLog = [&](const std::string &line) { lastLog += line + "\n"; };
        cb.onEpoch = [&](const core::EpochMetrics &) {
            const auto now = tensorsOf(training.options().runDir + "/last.pt");
            backboneChanges.push_back(changed(mStart, now, "layer").size());
        };
        training.run(cb);
        QCOMPARE(backboneChanges.size(), size_t(2));
        QCOMPARE(backboneChanges[0], size_t(0));
        QVERIFY(backboneChanges[1] > 10);
        QVERIFY2(lastLog.find("epoch 2: backbone unfrozen") != std::string::npos, lastLog.c_str());
        QVERIFY2(lastLog.find("head fc initialized for 4 classes (the file's has 1000)") !=
                     std::string::npos,
                 lastLog.c_str());
    }

    void backboneLearnsAtItsOwnRate()
    {
        auto change = [&](double scale) {
            auto req = request(mWeights, "full", 1);
            req.options.backboneLrScale = scale;
            core::WorkspaceTraining training(*mWorkspace, req);
            const auto after = tensorsOf(training.run({}).lastCheckpoint);
            return (after.at("layer2.0.conv1.weight") - mStart.at("layer2.0.conv1.weight"))
                .abs()
                .max()
                .item<double>();
        };
        const double slow = change(1e-6), normal = change(1.0);
        QVERIFY2(slow < 1e-5 && normal > 1e-3,
                 (std::to_string(slow) + " vs " + std::to_string(normal)).c_str());
    }

    void linearProbeCachesFeatures()
    {
        // A backbone that knows these patterns: train one briefly, then probe with it.
        auto base = request("", "full", 3);
        base.options.width = 8;
        core::WorkspaceTraining pretrain(*mWorkspace, base);
        const auto source = pretrain.run({});

        core::ProbeRequest probe;
        probe.weights = source.bestCheckpoint;
        probe.model = "resnet-small";
        probe.epochs = 20;
        probe.batchSize = 32;
        probe.learningRate = 1e-2;
        probe.threads = 0;
        const auto first = core::runLinearProbe(*mWorkspace, probe);
        const int64_t labeled = mWorkspace->imageCount();
        QCOMPARE(int64_t(first.computedImages), labeled);
        QCOMPARE(first.cachedImages, size_t(0));
        QCOMPARE(first.featureDim, int64_t(64));
        QVERIFY(fs::exists(first.cacheFile));
        QVERIFY2(first.bestValAccuracy >= 0.8, std::to_string(first.bestValAccuracy).c_str());

        // Other head hyperparameters: the features come from the cache.
        probe.learningRate = 3e-3;
        mWorkspace->setDisplayName(1, "Class one"); // the probe's model keeps it
        const auto second = core::runLinearProbe(*mWorkspace, probe);
        mWorkspace->setDisplayName(1, "");
        QCOMPARE(core::Predictor(second.checkpoint, "cpu").displayNames().at(1),
                 std::string("Class one"));
        QCOMPARE(second.computedImages, size_t(0));
        QCOMPARE(int64_t(second.cachedImages), labeled);
        QCOMPARE(second.cacheFile, first.cacheFile);
        QVERIFY(second.runId != first.runId);

        // The probe's checkpoint is a complete model: eval runs the whole network on images
        // and agrees with what the head saw.
        core::EvaluateRequest eval;
        eval.checkpoint = second.checkpoint;
        eval.split = core::Split::Val;
        const auto e = core::evaluateOnWorkspace(*mWorkspace, eval);
        QVERIFY2(
            std::abs(e.metrics.accuracy - second.bestValAccuracy) < 1e-9,
            (std::to_string(e.metrics.accuracy) + " vs " + std::to_string(second.bestValAccuracy))
                .c_str());
    }

    void cliTrainsFromWeights()
    {
        const auto r = test::runCli({"train", "-w", mWorkspace->directory(), "--weights", mWeights,
                                     "--finetune", "two-phase", "--epochs", "2", "--head-epochs",
                                     "1", "--batch-size", "16", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        QVERIFY2(r.out.find("backbone unfrozen") != std::string::npos, r.out.c_str());
        const auto bad = test::runCli({"train", "-w", mWorkspace->directory(), "--model",
                                       "resnet18", "--weights", mWeights, "--epochs", "1"});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(
            bad.err.find("pretrained.pth: tensor conv1.weight has shape [8, 1, 3, 3] in the file, "
                         "the model expects [64, 1, 7, 7]") != std::string::npos,
            bad.err.c_str());
    }
};

QTEST_GUILESS_MAIN(TestTransfer)
#include "test_transfer.moc"
