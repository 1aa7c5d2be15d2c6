// Model architecture and checkpoint files; the one test that includes LibTorch.
#include "io/checkpoint.h"
#include "io/checkpointmeta.h"
#include "testdata.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <sys/resource.h>

#include <csignal>

#include <QTest>
#include <set>

using namespace photocat;

namespace {
int64_t parameterCount(core::Classifier &net)
{
    int64_t n = 0;
    for (const auto &p : net->parameters())
        n += p.numel();
    return n;
}
} // namespace

class TestModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void torchvisionNamesAndSizes_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<qint64>("parameters"); // torchvision's, 1000 classes
        QTest::addColumn<QString>("key");
        QTest::addColumn<QList<qint64>>("shape");
        QTest::newRow("resnet18") << "resnet18" << qint64(11689512) << "layer4.1.bn2.weight"
                                  << QList<qint64>{512};
        QTest::newRow("resnet34") << "resnet34" << qint64(21797672) << "layer3.5.conv2.weight"
                                  << QList<qint64>{256, 256, 3, 3};
        QTest::newRow("resnet50") << "resnet50" << qint64(25557032)
                                  << "layer2.0.downsample.0.weight"
                                  << QList<qint64>{512, 256, 1, 1};
    }

    void torchvisionNamesAndSizes()
    {
        QFETCH(QString, name);
        QFETCH(qint64, parameters);
        QFETCH(QString, key);
        QFETCH(QList<qint64>, shape);
        auto net = core::createModel({name.toStdString(), 1000, 3});
        QCOMPARE(parameterCount(net), parameters);
        const auto params = net->named_parameters();
        QVERIFY(params.contains(key.toStdString()));
        const auto sizes = params[key.toStdString()].sizes();
        QCOMPARE(QList<qint64>(sizes.begin(), sizes.end()), shape);
        const auto buffers = net->named_buffers();
        QVERIFY(buffers.contains("bn1.running_mean"));
        QVERIFY(buffers.contains("layer1.0.bn1.num_batches_tracked"));
        // Basic-block ResNets' first stage has no projection shortcut; Bottleneck ones do.
        QCOMPARE(params.contains("layer1.0.downsample.0.weight"), name == "resnet50");
        net->eval();
        torch::NoGradGuard noGrad;
        QCOMPARE(net->forward(torch::randn({2, 3, 64, 64})).sizes(), (torch::IntArrayRef{2, 1000}));
    }

    void inceptionResNetV2HasTimmNames_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QList<qint64>>("shape");
        // Keys and shapes of timm's inception_resnet_v2 state_dict.
        QTest::newRow("stem") << "conv2d_1a.conv.weight" << QList<qint64>{32, 3, 3, 3};
        QTest::newRow("stem bn") << "conv2d_4a.bn.running_var" << QList<qint64>{192};
        QTest::newRow("5b 5x5") << "mixed_5b.branch1.1.conv.weight" << QList<qint64>{64, 48, 5, 5};
        QTest::newRow("5b pool") << "mixed_5b.branch3.1.conv.weight"
                                 << QList<qint64>{64, 192, 1, 1};
        QTest::newRow("block35") << "repeat.9.branch2.2.conv.weight" << QList<qint64>{64, 48, 3, 3};
        QTest::newRow("block35 up") << "repeat.0.conv2d.bias" << QList<qint64>{320};
        QTest::newRow("6a") << "mixed_6a.branch1.2.conv.weight" << QList<qint64>{384, 256, 3, 3};
        QTest::newRow("block17 1x7")
            << "repeat_1.19.branch1.1.conv.weight" << QList<qint64>{160, 128, 1, 7};
        QTest::newRow("block17 7x1")
            << "repeat_1.0.branch1.2.conv.weight" << QList<qint64>{192, 160, 7, 1};
        QTest::newRow("7a") << "mixed_7a.branch2.2.conv.weight" << QList<qint64>{320, 288, 3, 3};
        QTest::newRow("block8") << "repeat_2.8.branch1.2.conv.weight"
                                << QList<qint64>{256, 224, 3, 1};
        QTest::newRow("last block8") << "block8.conv2d.weight" << QList<qint64>{2080, 448, 1, 1};
        QTest::newRow("7b") << "conv2d_7b.bn.weight" << QList<qint64>{1536};
        QTest::newRow("head") << "classif.weight" << QList<qint64>{1000, 1536};
    }

    void inceptionResNetV2HasTimmNames()
    {
        QFETCH(QString, key);
        QFETCH(QList<qint64>, shape);
        static auto net = core::createModel({"inception-resnet-v2", 1000, 3});
        auto tensors = net->named_parameters();
        for (const auto &b : net->named_buffers())
            tensors.insert(b.key(), b.value());
        QVERIFY2(tensors.contains(key.toStdString()), qPrintable(key));
        const auto sizes = tensors[key.toStdString()].sizes();
        QCOMPARE(QList<qint64>(sizes.begin(), sizes.end()), shape);
    }

    void inceptionResNetV2SizeAndForward()
    {
        auto net = core::createModel({"inception-resnet-v2", 1000, 3});
        // timm reports 55,843,464 parameters; 204 convolutions have a BatchNorm with 3 buffers
        // each.
        QCOMPARE(parameterCount(net), qint64(55843464));
        QCOMPARE(net->named_parameters().size(), size_t(694));
        QCOMPARE(net->named_buffers().size(), size_t(3 * 204));
        QCOMPARE(net->featureDim(), qint64(1536));
        net->eval();
        torch::NoGradGuard noGrad;
        QCOMPARE(net->forward(torch::randn({1, 3, 299, 299})).sizes(),
                 (torch::IntArrayRef{1, 1000}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, net->forward(torch::randn({1, 3, 64, 64})));
    }

    void everyParameterHasAStage_data()
    {
        QTest::addColumn<QString>("name");
        for (const char *n : {"resnet-small", "resnet18", "resnet50", "inception-resnet-v2"})
            QTest::newRow(n) << n;
    }

    void everyParameterHasAStage()
    {
        QFETCH(QString, name);
        auto net = core::createModel({name.toStdString(), 5, 3, 8});
        std::set<int> seen;
        for (const auto &p : net->named_parameters())
            seen.insert(core::stageOf(*net, p.key()));
        QCOMPARE(int(seen.size()), int(net->stages().size()) + 1); // + the head (-1)
        QCOMPARE(*seen.begin(), -1);
    }

    void smallModelTakesGrayTinyImages()
    {
        auto net = core::createModel({"resnet-small", 10, 1, 16});
        net->eval();
        torch::NoGradGuard noGrad;
        QCOMPARE(net->forward(torch::randn({3, 1, 28, 28})).sizes(), (torch::IntArrayRef{3, 10}));
        QCOMPARE(net->named_parameters()["fc.weight"].sizes(), (torch::IntArrayRef{10, 128}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, core::createModel({"resnet-small", 1, 1}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, core::createModel({"vgg", 10, 3}));
        // A width a file may name: refused before anything is allocated (4096 would be ~180 G
        // parameters).
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 core::createModel({"resnet-small", 10, 1, 4096}));
    }

    void checkpointRoundTripAndDamage()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("run/last.pt").toStdString();
        auto net = core::createModel({"resnet-small", 4, 1, 8});
        nlohmann::json meta = {{"model", core::toJson(net->config())},
                               {"classes", {"a", "b", "c", "d"}}};
        core::saveCheckpoint(path, net, nullptr, meta);
        QVERIFY(!std::filesystem::exists(path + ".tmp"));
        auto loaded = core::loadCheckpoint(path);
        QCOMPARE(loaded.meta["classes"].size(), size_t(4));
        QVERIFY(torch::equal(loaded.net->named_parameters()["layer3.1.conv2.weight"],
                             net->named_parameters()["layer3.1.conv2.weight"]));

        const std::string bytes = test::readFile(path);
        const std::string cut = dir.filePath("cut.pt").toStdString();
        test::writeFile(cut, bytes.substr(0, bytes.size() / 2));
        try {
            core::loadCheckpoint(cut);
            QFAIL("expected an error");
        } catch (const std::runtime_error &e) {
            QVERIFY2(QString(e.what()).contains("cut.pt"), e.what());
        }
        const std::string text = dir.filePath("text.pt").toStdString();
        test::writeFile(text, "not a checkpoint");
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, core::loadCheckpoint(text));
    }

    void optimizerStateRoundTrip_data()
    {
        QTest::addColumn<bool>("adamw");
        QTest::newRow("sgd") << false;
        QTest::newRow("adamw") << true;
    }

    void optimizerStateRoundTrip()
    {
        QFETCH(bool, adamw);
        QTemporaryDir dir;
        const std::string path = dir.filePath("last.pt").toStdString();
        auto make = [&](core::Classifier &net) -> std::unique_ptr<torch::optim::Optimizer> {
            if (adamw)
                return std::make_unique<torch::optim::AdamW>(net->parameters(),
                                                             torch::optim::AdamWOptions(1e-3));
            return std::make_unique<torch::optim::SGD>(
                net->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9).nesterov(true));
        };
        auto step = [](core::Classifier &net, torch::optim::Optimizer &o, int seed) {
            torch::manual_seed(uint64_t(seed));
            o.zero_grad();
            torch::nn::functional::cross_entropy(net->forward(torch::randn({4, 1, 16, 16})),
                                                 torch::tensor({0, 1, 2, 0}))
                .backward();
            o.step();
        };
        auto net = core::createModel({"resnet-small", 3, 1, 4});
        auto optimizer = make(net);
        step(net, *optimizer, 1);
        step(net, *optimizer, 2);
        core::saveCheckpoint(path, net, optimizer.get(), {{"model", core::toJson(net->config())}});
        // The next step after a resume equals the next step without one: same weights.
        auto resumed = core::loadCheckpoint(path).net;
        auto resumedOptimizer = make(resumed);
        QVERIFY(core::loadOptimizerState(path, *resumedOptimizer));
        step(net, *optimizer, 3);
        step(resumed, *resumedOptimizer, 3);
        QVERIFY(torch::allclose(resumed->named_parameters()["layer2.0.conv1.weight"],
                                net->named_parameters()["layer2.0.conv1.weight"]));
        // Without the saved state the optimizer restarts, and says so.
        core::saveCheckpoint(path, net, nullptr, {{"model", core::toJson(net->config())}});
        QVERIFY(!core::loadOptimizerState(path, *make(resumed)));
    }

    void olderCheckpointsAreReadAsData()
    {
        // photocat's checkpoints before version 2: a TorchScript module of the same records.
        QTemporaryDir dir;
        const std::string path = dir.filePath("v1.pt").toStdString();
        auto net = core::createModel({"resnet-small", 3, 1, 4});
        const nlohmann::json meta = {{"model", core::toJson(net->config())},
                                     {"classes", {"a", "b", "c"}}};
        {
            torch::serialize::OutputArchive archive;
            for (const auto &p : net->named_parameters())
                archive.write("model." + p.key(), p.value().detach());
            for (const auto &b : net->named_buffers())
                archive.write("model." + b.key(), b.value(), true);
            archive.write("meta", c10::IValue(meta.dump()));
            archive.save_to(path);
        }
        const auto loaded = core::loadCheckpoint(path);
        QVERIFY(loaded.meta == meta);
        QVERIFY(torch::equal(loaded.net->named_parameters()["fc.weight"],
                             net->named_parameters()["fc.weight"]));
        QVERIFY(nlohmann::json::parse(core::readCheckpointMeta(path)) == meta);

        // Any other TorchScript archive is refused unread: loading one runs its code.
        const std::string script = dir.filePath("script.pt").toStdString();
        {
            torch::serialize::OutputArchive archive;
            archive.write("weight", torch::ones({2}));
            archive.save_to(script);
        }
        try {
            core::loadCheckpoint(script);
            QFAIL("a TorchScript archive was loaded");
        } catch (const std::runtime_error &e) {
            QVERIFY2(QString(e.what()).contains("TorchScript"), e.what());
        }
    }

    void metadataTheTensorsContradictIsRefusedBeforeBuilding()
    {
        // A small checkpoint whose metadata claims a million classes (or a wide model) must not
        // build a 2 GB model before finding out.
        QTemporaryDir dir;
        const std::string path = dir.filePath("last.pt").toStdString();
        auto net = core::createModel({"resnet-small", 3, 1, 4});
        nlohmann::json meta = {{"model", core::toJson(net->config())}};
        for (const auto &[key, value] : std::vector<std::pair<std::string, int>>{
                 {"num_classes", 1000000}, {"width", 4096}, {"in_channels", 3}}) {
            meta["model"] = core::toJson(net->config());
            meta["model"][key] = value;
            core::saveCheckpoint(path, net, nullptr, meta);
            QElapsedTimer t;
            t.start();
            try {
                core::loadCheckpoint(path);
                QFAIL("contradicting metadata was accepted");
            } catch (const std::runtime_error &e) {
                QVERIFY2(QString(e.what()).contains("damaged checkpoint"), e.what());
            }
            QVERIFY2(t.elapsed() < 1000, qPrintable(QString::number(t.elapsed())));
        }
    }

    void aFailedWriteKeepsThePreviousCheckpoint()
    {
        // Disk full mid-write (here: the file-size limit, which fails write() the same way).
        QTemporaryDir dir;
        const std::string path = dir.filePath("last.pt").toStdString();
        auto small = core::createModel({"resnet-small", 3, 1, 4});
        auto large = core::createModel({"resnet-small", 3, 1, 32});
        core::saveCheckpoint(path, small, nullptr, {{"model", core::toJson(small->config())}});
        const std::string before = test::readFile(path);
        rlimit old{};
        ::getrlimit(RLIMIT_FSIZE, &old);
        auto *oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limited = old;
        limited.rlim_cur = 256 * 1024;
        ::setrlimit(RLIMIT_FSIZE, &limited);
        QString error;
        try {
            core::saveCheckpoint(path, large, nullptr, {{"model", core::toJson(large->config())}});
        } catch (const std::runtime_error &e) {
            error = e.what();
        }
        ::setrlimit(RLIMIT_FSIZE, &old);
        std::signal(SIGXFSZ, oldHandler);
        QVERIFY2(error.contains("cannot write checkpoint") && error.contains("too large"),
                 qPrintable(error));
        QVERIFY(test::readFile(path) == before);
        QVERIFY(!std::filesystem::exists(path + ".tmp"));
        QCOMPARE(core::loadCheckpoint(path).model.width, 4);
    }
};

QTEST_GUILESS_MAIN(TestModels)
#include "test_models.moc"
