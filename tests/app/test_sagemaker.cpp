// photocat-cli's MXNet and SageMaker side: im2rec, import of .rec files, export-rec, and
// train --sagemaker run on a temporary SageMaker root.
#include "testdata.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

namespace fs = std::filesystem;
using namespace photocat;

namespace {

/** A SageMaker root whose train and validation channels hold RecordIO made by im2rec. */
void makeRecordChannels(const std::string &d, const std::string &root)
{
    test::makeDataset(d + "/img", 3, 10, 16, 3);
    auto r = test::runCli(
        {"im2rec", "--list", "--recursive", "--train-ratio", "0.7", d + "/data", d + "/img"});
    QVERIFY2(r.exitCode == 0, r.err.c_str());
    r = test::runCli({"im2rec", d + "/data", d + "/img", "--pass-through", "--num-thread", "2"});
    QVERIFY2(r.exitCode == 0, r.err.c_str());
    for (const auto &[channel, split] :
         {std::pair<std::string, std::string>{"train", "_train"}, {"validation", "_val"}}) {
        fs::create_directories(root + "/input/data/" + channel);
        for (const char *ext : {".rec", ".idx"})
            fs::copy_file(d + "/data" + split + ext,
                          root + "/input/data/" + channel + "/data" + ext);
    }
    // The names im2rec --list wrote, where export-rec puts them too.
    fs::copy_file(d + "/data_classes.txt", root + "/input/data/train/classes.txt");
}

void writeHyperparameters(const std::string &root, const nlohmann::json &h)
{
    fs::create_directories(root + "/input/config");
    std::ofstream(root + "/input/config/hyperparameters.json") << h.dump();
}

nlohmann::json smallJob()
{
    // As SageMaker sends them: every value a string.
    return {{"num_classes", "3"},
            {"num_layers", "18"},
            {"image_shape", "3,16,16"},
            {"epochs", "2"},
            {"mini_batch_size", "8"},
            {"learning_rate", "0.05"},
            {"optimizer", "nag"},
            {"lr_scheduler_step", "1"},
            {"top_k", "2"},
            {"num_training_samples", "21"}};
}

test::CliResult trainSageMaker(const std::string &root)
{
    return test::runCli({"train", "--sagemaker", "--sagemaker-root", root, "--workers", "1"});
}

} // namespace

class TestSageMaker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aTrainingJobWritesMetricsModelAndCheckpoints()
    {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString(), root = d + "/opt/ml";
        makeRecordChannels(d, root);
        auto job = smallJob();
        job["kv_store"] = "dist_sync"; // the built-in's, not used here
        job["photo_size"] = "3";       // nobody's
        writeHyperparameters(root, job);
        auto r = trainSageMaker(root);
        QVERIFY2(r.exitCode == 0, (r.out + r.err).c_str());
        QVERIFY(!fs::exists(root + "/output/failure"));
        // The built-in algorithm's metric lines, once per epoch.
        for (int e = 0; e < 2; ++e)
            for (const std::string metric :
                 {"Train-accuracy", "Validation-accuracy", "Validation-top_k_accuracy_2"}) {
                const std::regex line("Epoch\\[" + std::to_string(e) + "\\] " + metric +
                                      "=([0-9.]+)\n");
                QVERIFY2(std::regex_search(r.out, line), (metric + "\n" + r.out).c_str());
            }
        QVERIFY(r.out.find("unknown hyperparameter photo_size") != std::string::npos);
        QVERIFY(r.out.find("kv_store is not used") != std::string::npos);
        QVERIFY(r.out.find("train: 21 images") != std::string::npos);
        QVERIFY(r.out.find("validation: 9 images") != std::string::npos);
        QVERIFY(fs::exists(root + "/checkpoints/last.pt"));

        // model/ is what serve --model-dir and predict read: the classes by name.
        for (const char *f : {"model.pth", "model.json", "model.py", "best.pt"})
            QVERIFY2(fs::exists(root + "/model/" + f), f);
        r = test::runCli({"predict", "--checkpoint", root + "/model", d + "/img/c1/img-0.png",
                          "--json", "--top-k", "3"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        const auto p = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
        std::set<std::string> names;
        for (const auto &s : p.at("top"))
            names.insert(s.at("category").get<std::string>());
        QVERIFY(names == (std::set<std::string>{"c0", "c1", "c2"}));
    }

    void aRestartedJobContinuesFromItsCheckpoint()
    {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString(), root = d + "/ml";
        makeRecordChannels(d, root);
        auto job = smallJob();
        job["epochs"] = "1";
        writeHyperparameters(root, job);
        auto r = trainSageMaker(root);
        QVERIFY2(r.exitCode == 0, (r.out + r.err).c_str());
        job["epochs"] = "2";
        writeHyperparameters(root, job);
        r = trainSageMaker(root);
        QVERIFY2(r.exitCode == 0, (r.out + r.err).c_str());
        QVERIFY(r.out.find("resuming from " + root + "/checkpoints/last.pt") != std::string::npos);
        QVERIFY(r.out.find("Epoch[0]") == std::string::npos);
        QVERIFY(r.out.find("Epoch[1] Validation-accuracy=") != std::string::npos);
    }

    void aJobStartsFromPretrainedWeights()
    {
        // use_pretrained_model: torchvision-named weights from the pretrained channel (here a
        // first job's model.pth, trained on other categories): the backbone is taken, the head
        // is new.
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString(), root = d + "/ml";
        makeRecordChannels(d, root);
        auto job = smallJob();
        job["epochs"] = "1";
        writeHyperparameters(root, job);
        auto r = trainSageMaker(root);
        QVERIFY2(r.exitCode == 0, (r.out + r.err).c_str());
        fs::create_directories(root + "/input/data/pretrained");
        fs::rename(root + "/model/model.pth", root + "/input/data/pretrained/resnet18.pth");
        fs::remove_all(root + "/checkpoints");
        fs::remove_all(root + "/model");
        job["use_pretrained_model"] = "1";
        writeHyperparameters(root, job);
        r = trainSageMaker(root);
        QVERIFY2(r.exitCode == 0, (r.out + r.err).c_str());
        QVERIFY2((r.out + r.err).find("resnet18.pth") != std::string::npos,
                 (r.out + r.err).c_str());
        QVERIFY(fs::exists(root + "/model/model.pth"));
    }

    void listChannelsTrainToo()
    {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString(), root = d + "/ml";
        // Images in train/ and validation/, their lists in train_lst/ and validation_lst/.
        for (const char *channel : {"train", "validation"}) {
            test::makeDataset(root + "/input/data/" + channel, 2, 6, 16, 3);
            fs::create_directories(root + "/input/data/" + std::string(channel) + "_lst");
            std::ofstream lst(root + "/input/data/" + std::string(channel) + "_lst/a.lst");
            for (int c = 0; c < 2; ++c)
                for (int i = 0; i < 6; ++i)
                    lst << c * 6 + i << '\t' << c << ".000000\tc" << c << "/img-" << i << ".png\n";
        }
        auto job = smallJob();
        job["num_classes"] = "2";
        job["epochs"] = "1";
        job["num_training_samples"] = "99";
        writeHyperparameters(root, job);
        const auto r = trainSageMaker(root);
        QVERIFY2(r.exitCode == 0, (r.out + r.err).c_str());
        QVERIFY(r.out.find("train: 12 images") != std::string::npos);
        QVERIFY(r.out.find("num_training_samples is 99; the train channel holds 12") !=
                std::string::npos);
        QVERIFY(r.out.find("Epoch[0] Validation-accuracy=") != std::string::npos);
    }

    void badJobsFailWithOneLineNamingTheCause_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("optimizer")
            << "optimizer"
            << "rmsprop"
            << "hyperparameter optimizer: \"rmsprop\" is not sgd, adam or nag";
        QTest::newRow("epochs") << "epochs"
                                << "ten"
                                << "hyperparameter epochs: \"ten\" is not a number";
        QTest::newRow("layers") << "num_layers"
                                << "152"
                                << "hyperparameter num_layers: 152 is not supported";
        QTest::newRow("shape") << "image_shape"
                               << "3,16,20"
                               << "hyperparameter image_shape: photocat trains square";
        QTest::newRow("classes") << "num_classes"
                                 << "5"
                                 << "num_classes is 5 but the data's labels name 3";
        QTest::newRow("pretrained") << "use_pretrained_model"
                                    << "1"
                                    << "hyperparameter use_pretrained_model: 1, but";
    }

    void badJobsFailWithOneLineNamingTheCause()
    {
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(QString, message);
        // One set of channels for every row.
        if (mShared.path().isEmpty() || !fs::exists(mShared.path().toStdString() + "/ml")) {
            makeRecordChannels(mShared.path().toStdString(), mShared.path().toStdString() + "/ml");
        }
        const std::string root = mShared.path().toStdString() + "/ml";
        fs::remove_all(root + "/output");
        auto job = smallJob();
        job[name.toStdString()] = value.toStdString();
        writeHyperparameters(root, job);
        const auto r = trainSageMaker(root);
        QVERIFY(r.exitCode != 0);
        const std::string failure = test::readFile(root + "/output/failure");
        QVERIFY2(failure.rfind(message.toStdString(), 0) == 0, failure.c_str());
        QCOMPARE(std::count(failure.begin(), failure.end(), '\n'), 1);
        QVERIFY(!fs::exists(root + "/model/model.pth"));
    }

    void importTakesSeveralRecFilesAndExportRecRoundTrips()
    {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        test::makeDataset(d + "/img", 3, 10, 16, 3);
        auto r = test::runCli({"im2rec", "--list", "--recursive", "--train-ratio", "0.6",
                               "--test-ratio", "0.2", d + "/data", d + "/img"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        r = test::runCli({"im2rec", d + "/data", d + "/img", "--encoding", ".png"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        r = test::runCli({"import", d + "/data_train.rec", d + "/data_val.rec",
                          d + "/data_test.rec", "--classes", d + "/data_classes.txt", "--workspace",
                          d + "/ws", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        const auto reports = nlohmann::json::parse(r.out);
        QCOMPARE(reports.size(), size_t(3));
        QCOMPARE(reports[0]["added"].get<int>(), 18);
        QCOMPARE(reports[1]["added"].get<int>(), 6);
        QCOMPARE(reports[2]["added"].get<int>(), 6);
        r = test::runCli({"info", "--workspace", d + "/ws", "--json"});
        const auto info = nlohmann::json::parse(r.out);
        QCOMPARE(info["classes"][1]["name"].get<std::string>(), std::string("c1"));
        QCOMPARE(info["classes"][1]["train"].get<int>() + info["classes"][1]["val"].get<int>() +
                     info["classes"][1]["test"].get<int>(),
                 10);

        // The workspace back out as RecordIO, and in again: the same splits and labels.
        r = test::runCli({"export-rec", d + "/out", "--workspace", d + "/ws", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        QCOMPARE(nlohmann::json::parse(r.out)["packed"].get<int>(), 30);
        r = test::runCli({"import", d + "/out/train.rec", d + "/out/val.rec", d + "/out/test.rec",
                          "--classes", d + "/out/classes.txt", "--workspace", d + "/ws2"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        const auto again =
            nlohmann::json::parse(test::runCli({"info", "--workspace", d + "/ws2", "--json"}).out);
        QVERIFY(again["classes"] == info["classes"]);
    }

private:
    QTemporaryDir mShared;
};

QTEST_GUILESS_MAIN(TestSageMaker)
#include "test_sagemaker.moc"
