// Model architecture and checkpoint files; the one test that includes LibTorch.
#include "io/checkpoint.h"
#include "testdata.h"

#include <QTemporaryDir>
#include <QTest>

using namespace photocat;

namespace {
int64_t parameterCount(core::ResNet &net)
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
        QTest::addColumn<qint64>("parameters");   // torchvision's, 1000 classes
        QTest::addColumn<QString>("key");
        QTest::addColumn<QList<qint64>>("shape");
        QTest::newRow("resnet18") << "resnet18" << qint64(11689512) << "layer4.1.bn2.weight" << QList<qint64>{512};
        QTest::newRow("resnet34") << "resnet34" << qint64(21797672) << "layer3.5.conv2.weight" << QList<qint64>{256, 256, 3, 3};
        QTest::newRow("resnet50") << "resnet50" << qint64(25557032) << "layer2.0.downsample.0.weight" << QList<qint64>{512, 256, 1, 1};
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

    void smallModelTakesGrayTinyImages()
    {
        auto net = core::createModel({"resnet-small", 10, 1, 16});
        net->eval();
        torch::NoGradGuard noGrad;
        QCOMPARE(net->forward(torch::randn({3, 1, 28, 28})).sizes(), (torch::IntArrayRef{3, 10}));
        QCOMPARE(net->named_parameters()["fc.weight"].sizes(), (torch::IntArrayRef{10, 128}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, core::createModel({"resnet-small", 1, 1}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, core::createModel({"vgg", 10, 3}));
    }

    void checkpointRoundTripAndDamage()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("run/last.pt").toStdString();
        auto net = core::createModel({"resnet-small", 4, 1, 8});
        nlohmann::json meta = {{"model", core::toJson(net->config())}, {"classes", {"a", "b", "c", "d"}}};
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
};

QTEST_GUILESS_MAIN(TestModels)
#include "test_models.moc"
