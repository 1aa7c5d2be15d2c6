// Export for other runtimes: ONNX (read back by OpenCV's DNN module and ONNX's Python checker)
// and the PyTorch .pth with its model.py (the .json's recipe run as written by Debian's
// PyTorch). Oracles run with /usr/bin/python3; `make test` installs them.
#include "io/checkpoint.h"
#include "io/onnxexport.h"
#include "models/classifier.h"
#include "testdata.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>
#include <opencv2/dnn.hpp>

using namespace photocat;

namespace {

/** A model whose BatchNorm statistics are not the identity, so folding or skipping them
    would show in the logits. */
core::Classifier randomModel(const core::ModelConfig &config)
{
    torch::manual_seed(11);
    auto net = core::createModel(config);
    torch::NoGradGuard noGrad;
    for (auto &b : net->named_buffers()) {
        if (b.key().find("running_var") != std::string::npos)
            b.value().uniform_(0.5, 1.5);
        else if (b.key().find("running_mean") != std::string::npos)
            b.value().uniform_(-0.2, 0.2);
    }
    for (auto &p : net->named_parameters())
        if (p.key().find("bn") != std::string::npos && p.key().find(".bias") != std::string::npos)
            p.value().uniform_(-0.1, 0.1);
    net->eval();
    return net;
}

} // namespace

class TestExport : public QObject
{
    Q_OBJECT

    QTemporaryDir mDir;

    std::string path(const char *name) const { return mDir.filePath(name).toStdString(); }

    std::string checkpoint(const core::Classifier &net, int size, const char *name) const
    {
        std::vector<std::string> classes;
        for (int i = 0; i < net->config().numClasses; ++i)
            classes.push_back("class " + std::to_string(i));
        const std::string file = path(name);
        core::saveCheckpoint(file, net, nullptr,
                             {{"model", core::toJson(net->config())},
                              {"classes", classes},
                              {"preprocessing", {{"size", size}}},
                              {"temperature", 1.5}});
        return file;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(mDir.isValid());
        // The oracles run on one thread, and so does LibTorch here: sums in the same order.
        torch::set_num_threads(1);
    }

    void onnxMatchesLibTorchInOpenCv_data()
    {
        QTest::addColumn<QString>("arch");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("size");
        QTest::newRow("resnet-small, gray, width 16") << "resnet-small" << 1 << 16 << 28;
        QTest::newRow("resnet18") << "resnet18" << 3 << 64 << 64;
        QTest::newRow("resnet50") << "resnet50" << 3 << 64 << 64;
    }

    void onnxMatchesLibTorchInOpenCv()
    {
        QFETCH(QString, arch);
        QFETCH(int, channels);
        QFETCH(int, width);
        QFETCH(int, size);
        if (!core::onnxExportAvailable())
            QSKIP("built without ONNX (libonnx-dev)");
        auto net = randomModel({arch.toStdString(), 7, channels, width});
        const std::string ckpt = checkpoint(net, size, "onnx.pt");
        const std::string onnx = path("out/model.onnx");
        const auto r = test::runCli({"export", "--checkpoint", ckpt, "--out", onnx, "--json"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        QCOMPARE(nlohmann::json::parse(r.out)["opset"].get<int>(), 13);

        // A batch of 3: the batch dimension is dynamic.
        const torch::Tensor input = torch::randn({3, channels, size, size});
        torch::NoGradGuard noGrad;
        const torch::Tensor ours = net->forward(input).contiguous();

        cv::dnn::Net dnn = cv::dnn::readNetFromONNX(onnx);
        QVERIFY(!dnn.empty());
        const int dims[] = {3, channels, size, size};
        cv::Mat blob(4, dims, CV_32F, input.data_ptr<float>());
        dnn.setInput(blob, "image");
        std::vector<cv::Mat> outs;
        dnn.forward(outs, std::vector<cv::String>{"logits", "probabilities"});
        QCOMPARE(outs.size(), size_t(2));
        QCOMPARE(outs[0].total(), size_t(3 * 7));
        const torch::Tensor theirs =
            torch::from_blob(outs[0].ptr<float>(), {3, 7}, torch::kFloat32).clone();
        const double diff = (ours - theirs).abs().max().item<double>();
        qInfo("%s: max abs logit difference OpenCV DNN vs LibTorch %.3g", qPrintable(arch), diff);
        QVERIFY2(diff <= 1e-4, qPrintable(QString::number(diff)));
        // probabilities = softmax(logits / temperature), the temperature from the checkpoint
        const torch::Tensor probs =
            torch::from_blob(outs[1].ptr<float>(), {3, 7}, torch::kFloat32).clone();
        const double pdiff = (probs - torch::softmax(ours / 1.5, 1)).abs().max().item<double>();
        QVERIFY2(pdiff <= 1e-5, qPrintable(QString::number(pdiff)));

        // ONNX's own checker, in Python (full check: shape inference too), and the metadata.
        const auto checked = test::runOracle(
            {"-c",
             "import json, sys, onnx; m = onnx.load(sys.argv[1]); "
             "onnx.checker.check_model(m, full_check=True); "
             "meta = {p.key: p.value for p in m.metadata_props}; "
             "print(json.loads(meta['classes'])[6], json.loads(meta['preprocessing'])['size'], "
             "m.opset_import[0].version, m.graph.input[0].type.tensor_type.shape.dim[0].dim_param)",
             onnx});
        QVERIFY2(checked.exitCode == 0, checked.out.c_str());
        QCOMPARE(QString::fromStdString(checked.out).trimmed(),
                 QString("class 6 %1 13 batch").arg(size));
    }

    void onnxRefusesWhatItCannotExport()
    {
        if (!core::onnxExportAvailable())
            QSKIP("built without ONNX (libonnx-dev)");
        // Not a checkpoint: a clear message, and no file left behind.
        test::writeFile(path("junk.pt"), "not a checkpoint at all");
        const auto r = test::runCli(
            {"export", "--checkpoint", path("junk.pt"), "--out", path("junk/model.onnx")});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.find("junk.pt") != std::string::npos, r.err.c_str());
        QVERIFY(!QFile::exists(mDir.filePath("junk/model.onnx")));
    }

    /** Exports never overwrite each other's files, their weights or their checkpoint. */
    void exportsKeepTheirOwnFiles()
    {
        auto five = randomModel({"resnet-small", 5, 1, 8});
        auto seven = randomModel({"resnet-small", 7, 1, 8});
        const std::string a = checkpoint(five, 28, "five.pt"),
                          b = checkpoint(seven, 28, "seven.pt");
        const QString folder = mDir.filePath("both");
        for (const auto &[ckpt, name] : {std::pair{a, "a.pth"}, std::pair{b, "b.pth"}}) {
            const auto r = test::runCli(
                {"export", "--checkpoint", ckpt, "--out", (folder + "/" + name).toStdString()});
            QVERIFY2(r.exitCode == 0, r.err.c_str());
        }
        // a.pth's module still builds five classes, and each .json names its own.
        const std::string moduleA = test::readFile((folder + "/a.py").toStdString());
        QVERIFY2(moduleA.find("def build(num_classes=5)") != std::string::npos, moduleA.c_str());
        QVERIFY(test::readFile((folder + "/b.py").toStdString()).find("num_classes=7") !=
                std::string::npos);
        const auto jsonA =
            nlohmann::json::parse(test::readFile((folder + "/a.json").toStdString()));
        QCOMPARE(QString::fromStdString(jsonA["module"].get<std::string>()), QString("a.py"));

        // Names whose files would collide are refused before anything is written.
        const std::string before = test::readFile(a);
        for (const std::string &out : {path("clash.json"), path("clash.py"), a}) {
            const auto r = test::runCli({"export", "--checkpoint", a, "--out", out});
            QVERIFY2(r.exitCode != 0, out.c_str());
            QVERIFY2(r.err.find("would overwrite") != std::string::npos, r.err.c_str());
        }
        // torch.py beside torch.pth would shadow the torch its recipe imports.
        const auto shadow = test::runCli({"export", "--checkpoint", a, "--out", path("torch.pth")});
        QVERIFY(shadow.exitCode != 0);
        QVERIFY2(shadow.err.find("hide Python's torch") != std::string::npos, shadow.err.c_str());
        QVERIFY(!QFile::exists(mDir.filePath("torch.pth")));
        QVERIFY(!QFile::exists(mDir.filePath("clash.json")));
        QVERIFY(!QFile::exists(mDir.filePath("clash.py")));
        QVERIFY(test::readFile(a) == before);
        if (core::onnxExportAvailable()) {
            const auto r = test::runCli({"export", "--checkpoint", a, "--out", path("UPPER.ONNX")});
            QVERIFY2(r.exitCode == 0, r.err.c_str());
            QVERIFY(!QFile::exists(mDir.filePath("UPPER.json"))); // an ONNX file, not a .pth
            QVERIFY(test::readFile(path("UPPER.ONNX")).find("photocat") != std::string::npos);
        }
    }

    void pythonRecipeLoadsStrictly_data()
    {
        QTest::addColumn<QString>("arch");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("size");
        QTest::newRow("resnet-small width 16 (the default model)")
            << "resnet-small" << 1 << 16 << 28;
        QTest::newRow("resnet-small width 64") << "resnet-small" << 3 << 64 << 32;
        QTest::newRow("resnet18, gray") << "resnet18" << 1 << 64 << 64;
    }

    void pythonRecipeLoadsStrictly()
    {
        QFETCH(QString, arch);
        QFETCH(int, channels);
        QFETCH(int, width);
        QFETCH(int, size);
        auto net = randomModel({arch.toStdString(), 5, channels, width});
        const std::string ckpt = checkpoint(net, size, "recipe.pt");
        static int exports = 0;
        const QString folder = mDir.filePath(QString("recipe%1").arg(++exports));
        const std::string pth = (folder + "/fashion.pth").toStdString();
        const auto r = test::runCli({"export", "--checkpoint", ckpt, "--out", pth, "--json"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        const auto sidecar =
            nlohmann::json::parse(test::readFile((folder + "/fashion.json").toStdString()));
        QVERIFY(QFile::exists(folder + "/fashion.py"));
        QCOMPARE(QString::fromStdString(sidecar["module"].get<std::string>()),
                 QString("fashion.py"));
        const std::string recipe = sidecar["python"].get<std::string>();
        QVERIFY2(recipe.find('#') == std::string::npos, recipe.c_str());

        const torch::Tensor input = torch::randn({2, channels, size, size});
        torch::NoGradGuard noGrad;
        const torch::Tensor ours = net->forward(input).contiguous();
        const std::string in = path("recipe.in.f32"), logits = path("recipe.logits.f32");
        test::writeFile(
            in, std::string(static_cast<const char *>(input.data_ptr()), size_t(input.nbytes())));
        test::writeFile(
            logits, std::string(static_cast<const char *>(ours.data_ptr()), size_t(ours.nbytes())));
        // The recipe exactly as the .json gives it (paths as export was given them), then
        // the logits: strict loading is the recipe's own (model.py's load()).
        const auto ran = test::runOracle(
            {"-c",
             "import sys, json, numpy as np, torch\n"
             "torch.set_num_threads(1)\n"
             "recipe = json.load(open(sys.argv[1]))['python']\n"
             "scope = {}\n"
             "exec(recipe, scope)\n"
             "model = scope['model']\n"
             "shape = [int(v) for v in sys.argv[4].split(',')]\n"
             "x = torch.from_numpy(np.fromfile(sys.argv[2], dtype=np.float32)).view(*shape)\n"
             "with torch.no_grad():\n"
             "    ours = model(x).numpy()\n"
             "theirs = np.fromfile(sys.argv[3], dtype=np.float32).reshape(ours.shape)\n"
             "diff = float(np.abs(ours - theirs).max())\n"
             "print(f'max abs difference {diff:.3g}')\n"
             "sys.exit(0 if diff <= 1e-4 and not model.training else 1)\n",
             (folder + "/fashion.json").toStdString(), in, logits,
             QString("2,%1,%2,%2").arg(channels).arg(size).toStdString()});
        QVERIFY2(ran.exitCode == 0, ran.out.c_str());
    }
};

QTEST_GUILESS_MAIN(TestExport)
#include "test_export.moc"
