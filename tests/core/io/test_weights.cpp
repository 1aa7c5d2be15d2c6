// Weight import and export against Debian's PyTorch/torchvision as the oracle
// (tests/oracle/*.py, run with /usr/bin/python3; `make test` installs them).
#include "io/checkpoint.h"
#include "io/pickle.h"
#include "io/weights.h"
#include "models/inceptionresnetv2.h"
#include "testdata.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>

#include <fstream>

using namespace photocat;

namespace {

torch::Tensor readFloats(const std::string &path, std::vector<int64_t> shape)
{
    const std::string bytes = test::readFile(path);
    auto t = torch::empty(shape);
    if (bytes.size() != size_t(t.nbytes()))
        throw std::runtime_error(path + ": unexpected size");
    std::memcpy(t.data_ptr(), bytes.data(), bytes.size());
    return t;
}

void writeFloats(const std::string &path, const torch::Tensor &t)
{
    const auto c = t.contiguous();
    test::writeFile(path, std::string(static_cast<const char *>(c.data_ptr()), size_t(c.nbytes())));
}

QString runOracle(const QStringList &args, int *exitCode)
{
    std::vector<std::string> list;
    for (const auto &a : args)
        list.push_back(a.toStdString());
    const auto r = test::runOracle(list, 300000);
    *exitCode = r.exitCode;
    return QString::fromStdString(r.out);
}

template <typename F> QString errorOf(F f)
{
    try {
        f();
    } catch (const std::runtime_error &e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestWeights : public QObject
{
    Q_OBJECT

    QTemporaryDir mDir;
    std::string mOracle;
    torch::Tensor mInput;

    std::string oracle(const std::string &name) const { return mOracle + "/" + name; }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(mDir.isValid());
        mOracle = mDir.filePath("oracle").toStdString();
        int code = 0;
        const QString out = runOracle(
            {PHOTOCAT_ORACLE_DIR "/make_weights.py", QString::fromStdString(mOracle)}, &code);
        QVERIFY2(code == 0, qPrintable("the torchvision oracle failed (is python3-torchvision "
                                       "installed?): " +
                                       out));
        mInput = readFloats(oracle("input.f32"), {2, 3, 112, 112}); // make_weights.py's batch
        // The oracle runs on one thread too: with other thread counts the sums are ordered
        // differently (resnet50 at 2 threads: 1.2e-4 on logits up to 14, all float rounding).
        torch::set_num_threads(1);
    }

    void sameLogitsAsTorchvision_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("arch");
        QTest::addColumn<QString>("format");
        QTest::newRow("resnet18 .pth") << "resnet18.pth"
                                       << "resnet18"
                                       << "pth (zip)";
        QTest::newRow("resnet18 legacy .pth") << "resnet18-legacy.pth"
                                              << "resnet18"
                                              << "pth (legacy)";
        QTest::newRow("resnet18 legacy training checkpoint") << "resnet18-legacy-checkpoint.pth"
                                                             << "resnet18"
                                                             << "pth (legacy)";
        QTest::newRow("resnet18 .safetensors") << "resnet18.safetensors"
                                               << "resnet18"
                                               << "safetensors";
        QTest::newRow("resnet18 wrapped, module.") << "resnet18-wrapped.pth"
                                                   << "resnet18"
                                                   << "pth (zip)";
        QTest::newRow("resnet34 .pth") << "resnet34.pth"
                                       << "resnet34"
                                       << "pth (zip)";
        QTest::newRow("resnet50 .pth") << "resnet50.pth"
                                       << "resnet50"
                                       << "pth (zip)";
    }

    void sameLogitsAsTorchvision()
    {
        QFETCH(QString, file);
        QFETCH(QString, arch);
        QFETCH(QString, format);
        const auto weights = core::readWeights(oracle(file.toStdString()));
        QCOMPARE(QString::fromStdString(weights.format), format);
        auto net = core::createModel({arch.toStdString(), 1000, 3});
        const auto report = core::loadWeights(*net, weights, {/*keepHead=*/true});
        QVERIFY2(report.unused.empty(), report.summary().c_str());
        QCOMPARE(QString::fromStdString(report.headNote), QString("head fc loaded"));
        net->eval();
        torch::NoGradGuard noGrad;
        const auto ours = net->forward(mInput);
        const auto theirs = readFloats(oracle(arch.toStdString() + ".logits.f32"), {2, 1000});
        const double diff = (ours - theirs).abs().max().item<double>();
        qInfo("%s: max abs logit difference %.3g", qPrintable(arch), diff);
        QVERIFY2(diff <= 1e-4, qPrintable(QString::number(diff)));
    }

    void headReplacedAndGrayStemAdapted()
    {
        const auto weights = core::readWeights(oracle("resnet18.pth"));
        torch::manual_seed(1);
        auto net = core::createModel({"resnet18", 5, 1});
        const auto report = core::loadWeights(*net, weights);
        QCOMPARE(QString::fromStdString(report.headNote),
                 QString("head fc initialized for 5 classes (the file's has 1000)"));
        QVERIFY(!report.channelNote.empty());
        torch::Tensor conv1;
        for (const auto &t : weights.tensors)
            if (t.name == "conv1.weight")
                conv1 = t.value;
        QVERIFY(torch::allclose(net->named_parameters()["conv1.weight"], conv1.sum(1, true)));
        QCOMPARE(net->named_parameters()["fc.weight"].size(0), int64_t(5));
    }

    void mismatchesNameTheTensor()
    {
        const auto r50 = core::readWeights(oracle("resnet50.pth"));
        auto r18 = core::createModel({"resnet18", 10, 3});
        const QString shape = errorOf([&] { core::loadWeights(*r18, r50); });
        QVERIFY2(
            shape.contains("resnet50.pth: tensor layer1.0.conv1.weight has shape [64, 64, 1, 1] "
                           "in the file, the model expects [64, 64, 3, 3]"),
            qPrintable(shape));

        // resnet34 holds every resnet18 name plus more blocks: they load, the rest is reported.
        const auto r34 = core::readWeights(oracle("resnet34.pth"));
        const auto report = core::loadWeights(*r18, r34);
        QVERIFY(std::find(report.unused.begin(), report.unused.end(), "layer1.2.conv1.weight") !=
                report.unused.end());

        auto inception = core::createModel({"inception-resnet-v2", 10, 3});
        const QString foreign = errorOf([&] { core::loadWeights(*inception, r34); });
        QVERIFY2(foreign.contains("none of the file's") && foreign.contains("another architecture"),
                 qPrintable(foreign));

        const QString module = errorOf([&] { core::readWeights(oracle("resnet18-module.pth")); });
        QVERIFY2(module.contains("save model.state_dict() instead"), qPrintable(module));
    }

    /** A safetensors header of 384 bytes begins 0x80 0x01, as a legacy torch.save file does;
        a head tensor with no dimensions is a head to replace, not a crash in LibTorch. */
    void safetensorsOfAnyHeaderLength()
    {
        QByteArray header = R"({"conv1.weight": {"dtype": "F32", "shape": [64, 3, 7, 7], )"
                            R"("data_offsets": [0, 37632]}, "fc.bias": {"dtype": "F32", )"
                            R"("shape": [], "data_offsets": [37632, 37636]}})";
        header.append(QByteArray(384 - header.size(), ' '));
        QByteArray length(8, '\0');
        length[0] = char(0x80);
        length[1] = 0x01;
        QByteArray data(37636, '\0');
        const float one = 1.f;
        for (int i = 0; i < 37636 / 4; ++i)
            std::memcpy(data.data() + 4 * i, &one, 4);
        const std::string path = mDir.filePath("headless.safetensors").toStdString();
        test::writeFile(path, (length + header + data).toStdString());
        const auto weights = core::readWeights(path);
        QCOMPARE(QString::fromStdString(weights.format), QString("safetensors"));
        QCOMPARE(weights.tensors.size(), size_t(2));
        QCOMPARE(QString::fromStdString(weights.tensors[0].name), QString("conv1.weight"));
        QCOMPARE(weights.tensors[0].value.sum().item<double>(), 64.0 * 3 * 7 * 7);
        QCOMPARE(weights.tensors[1].value.dim(), int64_t(0));

        auto r18 = core::readWeights(oracle("resnet18.pth"));
        for (auto &t : r18.tensors)
            if (t.name == "fc.weight")
                t.value = torch::tensor(1.f);
        auto net = core::createModel({"resnet18", 10, 3});
        const auto report = core::loadWeights(*net, r18, {/*keepHead=*/true});
        QVERIFY2(QString::fromStdString(report.headNote).contains("initialized for 10 classes"),
                 report.headNote.c_str());
    }

    void damagedAndHostileFiles_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<int>("cut");          // keep this many bytes of source (-1: all)
        QTest::addColumn<QByteArray>("bytes"); // or write these
        QTest::addColumn<QString>("reason");   // expected in the message ("" = any)
        QTest::newRow("zip cut in half") << "resnet18.pth" << 23000000 << QByteArray() << QString();
        QTest::newRow("zip cut in the data")
            << "resnet18.pth" << 46000000 << QByteArray() << QString();
        QTest::newRow("legacy cut")
            << "resnet18-legacy.pth" << 30000000 << QByteArray() << QString();
        QTest::newRow("legacy cut in the pickle")
            << "resnet18-legacy.pth" << 200 << QByteArray() << QString();
        QTest::newRow("safetensors cut")
            << "resnet18.safetensors" << 10000000 << QByteArray() << QString();
        QTest::newRow("empty") << "" << 0 << QByteArray() << QString();
        QTest::newRow("text") << "" << 0 << QByteArray("these are not weights") << QString();
        QByteArray hugeHeader("\xff\xff\xff\xff\xff\xff\x00\x00{", 9);
        QTest::newRow("safetensors header past the end") << "" << 0 << hugeHeader << QString();
        QByteArray header =
            R"({"w": {"dtype": "F32", "shape": [1000000, 1000000], "data_offsets": [0, 16]}})";
        QByteArray st(8, '\0');
        st[0] = char(header.size());
        QTest::newRow("safetensors shape larger than the file")
            << "" << 0 << (st + header + QByteArray(16, '\0')) << QString();
        QByteArray legacy(
            "\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19.\x80\x02M\xe9\x03.", 21);
        QTest::newRow("legacy, huge string")
            << "" << 0 << (legacy + QByteArray("\x80\x02X\xff\xff\xff\x7f", 8))
            << QString("truncated");
        QByteArray nested =
            legacy + QByteArray("\x80\x02}q\x00(X\x0d\x00\x00\x00little_endian\x88u.", 27);
        nested += "\x80\x02" + QByteArray(100000, ']') + QByteArray(99999, 'a') + ".";
        QTest::newRow("legacy, deep nesting") << "" << 0 << nested << QString("nesting");
        // A tensor view whose storage offset is INT64_MAX: offset + extent overflows int64.
        QByteArray info =
            legacy + QByteArray("\x80\x02}q\x00(X\x0d\x00\x00\x00little_endian\x88u.", 27);
        QByteArray view = info + QByteArray("\x80\x02}(X\x01\x00\x00\x00w", 10) +
                          "ctorch._utils\n_rebuild_tensor_v2\n((X" +
                          QByteArray("\x07\x00\x00\x00", 4) + "storagectorch\nFloatStorage\nX" +
                          QByteArray("\x01\x00\x00\x00", 4) + "0X" +
                          QByteArray("\x03\x00\x00\x00", 4) + "cpuK\x02tQ" +
                          QByteArray("\x8a\x08\xff\xff\xff\xff\xff\xff\xff\x7f", 10) +
                          "(K\x02t(K\x01t" + QByteArray("\x89}tRu.", 6) +
                          QByteArray("\x80\x02](X\x01\x00\x00\x00"
                                     "0e.",
                                     12) +
                          QByteArray("\x02\x00\x00\x00\x00\x00\x00\x00", 8) + QByteArray(8, '\0');
        QTest::newRow("legacy, storage offset overflows")
            << "" << 0 << view << QString("starts past its storage");
    }

    void damagedAndHostileFiles()
    {
        QFETCH(QString, source);
        QFETCH(int, cut);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, reason);
        const std::string path = mDir.filePath("bad.bin").toStdString();
        if (!source.isEmpty())
            test::writeFile(path,
                            test::readFile(oracle(source.toStdString())).substr(0, size_t(cut)));
        else
            test::writeFile(path, bytes.toStdString());
        const QString error = errorOf([&] { core::readWeights(path); });
        QVERIFY2(error.startsWith(QString::fromStdString(path) + ": "), qPrintable(error));
        QVERIFY2(error.contains(reason), qPrintable(error));
        QVERIFY2(
            errorOf([&] { core::inspectWeights(path); }).startsWith(QString::fromStdString(path)),
            "inspect must fail the same way");
    }

    void pickleRefusesCyclesAndNonsense_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("error");
        QTest::newRow("self-containing list") << QByteArray("\x80\x02]q\x00h\x00"
                                                            "a.",
                                                            9)
                                              << "cycle";
        QTest::newRow("unset memo") << QByteArray("\x80\x02h\x05.", 5) << "memo entry 5 is not set";
        QTest::newRow("unknown opcode")
            << QByteArray("\x80\x02\xfe.", 4) << "unsupported opcode 0xfe";
        QTest::newRow("underflow") << QByteArray("\x80\x02t.", 4) << "no MARK";
        QTest::newRow("no stop") << QByteArray("\x80\x02}", 3) << "truncated";
        // Containers filled after being nested: depth only shows at the end.
        QByteArray late("\x80\x02", 2);
        for (int i = 0; i < 250; ++i)
            late += "]q" + QByteArray(1, char(i)) + "0"; // EMPTY_LIST, BINPUT i, POP
        for (int i = 1; i < 250; ++i) // list i-1 .append(list i), outermost first
            late += "h" + QByteArray(1, char(i - 1)) + "h" + QByteArray(1, char(i)) + "a0";
        late += "h";
        late += '\0';
        late += ".";
        QTest::newRow("late nesting") << late << "nesting";
    }

    void pickleRefusesCyclesAndNonsense()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, error);
        size_t offset = 0;
        const QString e = errorOf([&] { core::pickle::parse(bytes.toStdString(), offset); });
        QVERIFY2(e.contains(error), qPrintable(e));
    }

    void exportLoadsInTorchvisionStrict()
    {
        torch::manual_seed(3);
        auto net = core::createModel({"resnet18", 7, 3});
        for (auto &b : net->named_buffers())
            if (b.key().find("running_var") != std::string::npos)
                b.value().uniform_(0.5, 1.5);
        net->eval();
        torch::NoGradGuard noGrad;
        const std::string logits = mDir.filePath("export.logits.f32").toStdString();
        writeFloats(logits, net->forward(mInput));
        const std::string checkpoint = mDir.filePath("run/best.pt").toStdString();
        core::saveCheckpoint(checkpoint, net, nullptr,
                             {{"model", core::toJson(net->config())},
                              {"classes", {"a", "b", "c", "d", "e", "f", "g"}},
                              {"preprocessing", {{"size", 224}}},
                              {"temperature", 1.5}});

        const std::string pth = mDir.filePath("out/model.pth").toStdString();
        const auto r = test::runCli({"export", "--checkpoint", checkpoint, "--out", pth, "--json"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        const auto sidecar =
            nlohmann::json::parse(test::readFile(mDir.filePath("out/model.json").toStdString()));
        QCOMPARE(sidecar["classes"].size(), size_t(7));
        QCOMPARE(sidecar["temperature"].get<double>(), 1.5);

        int code = 0;
        const QString out = runOracle(
            {PHOTOCAT_ORACLE_DIR "/check_export.py", QString::fromStdString(pth), "resnet18", "7",
             QString::fromStdString(oracle("input.f32")), QString::fromStdString(logits)},
            &code);
        QVERIFY2(code == 0, qPrintable(out));

        // And back: the export reads as a state_dict with the same tensors.
        const auto back = core::readWeights(pth);
        auto again = core::createModel({"resnet18", 7, 3});
        QCOMPARE(core::loadWeights(*again, back, {true}).loaded, back.tensors.size());
        QVERIFY(torch::equal(again->named_parameters()["layer4.1.conv2.weight"],
                             net->named_parameters()["layer4.1.conv2.weight"]));
    }

    void inceptionWeightsRoundTrip()
    {
        // timm names in, timm names out: a safetensors-free round trip through .pth.
        torch::manual_seed(4);
        auto net = core::createModel({"inception-resnet-v2", 1000, 3});
        const std::string pth = mDir.filePath("irv2.pth").toStdString();
        core::writeStateDict(pth, core::stateDict(*net));
        const auto info = core::inspectWeights(pth);
        QCOMPARE(QString::fromStdString(info.architecture), QString("inception-resnet-v2"));
        QCOMPARE(info.parameters, int64_t(55843464));
        auto other = core::createModel({"inception-resnet-v2", 3, 3});
        const auto report = core::loadWeights(*other, core::readWeights(pth));
        QCOMPARE(report.loaded, info.tensors.size() - 2); // all but classif.weight/bias
        QVERIFY(torch::equal(other->named_parameters()["repeat_1.7.branch1.1.conv.weight"],
                             net->named_parameters()["repeat_1.7.branch1.1.conv.weight"]));
    }
};

QTEST_GUILESS_MAIN(TestWeights)
#include "test_weights.moc"
