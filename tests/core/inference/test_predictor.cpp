// The Predictor's inference precision: bf16 autocast gives the same answers as fp32 on a
// trained model, with probabilities that really come from bf16 arithmetic.
#include "inference/predictor.h"
#include "testdata.h"
#include "training/options.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace fs = std::filesystem;
using namespace photocat;

class TestPredictor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bf16AnswersAsFp32Does()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        test::makeDataset(root + "/src", 3, 40, 16, 3);
        const std::string ws = root + "/ws";
        auto r = test::runCli({"import", root + "/src", "-w", ws});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        r = test::runCli({"train", "-w", ws, "--model", "resnet-small", "--width", "8", "--epochs",
                          "4", "--batch-size", "16", "--workers", "1", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        const auto end = nlohmann::json::parse(
            QString::fromStdString(r.out).trimmed().split('\n').last().toStdString());
        const std::string best = end.at("best_checkpoint");

        core::Predictor fp32(best, "cpu");
        core::Predictor bf16(best, "cpu");
        QCOMPARE(QString::fromStdString(fp32.precision()), QString("fp32"));
        bf16.setPrecision("bf16");
        QCOMPARE(QString::fromStdString(bf16.precision()), QString("bf16"));

        int photos = 0, confident = 0;
        double largest = 0;
        for (const auto &entry : fs::recursive_directory_iterator(root + "/src")) {
            if (!entry.is_regular_file() || ++photos > 30)
                continue;
            const auto a = fp32.probabilities(entry.path().string());
            const auto b = bf16.probabilities(entry.path().string());
            QCOMPARE(a.size(), b.size());
            const auto top = std::max_element(a.begin(), a.end()) - a.begin();
            if (a[size_t(top)] > 0.6) { // a clear answer stays the answer
                ++confident;
                QCOMPARE(std::max_element(b.begin(), b.end()) - b.begin(), top);
            }
            for (size_t k = 0; k < a.size(); ++k)
                largest = std::max(largest, std::abs(double(a[k]) - double(b[k])));
        }
        QVERIFY2(confident >= 15, std::to_string(confident).c_str());
        QVERIFY2(largest < 0.05, std::to_string(largest).c_str()); // close to fp32's
        QVERIFY2(largest > 0, "bf16 gave fp32's probabilities bit for bit: autocast was off");
    }

    void autoFollowsTheHardwareAndBadNamesAreRefused()
    {
        QTemporaryDir dir;
        const std::string checkpoint = dir.filePath("m.pt").toStdString();
        test::writeUntrainedCheckpoint(checkpoint, 16);
        core::Predictor p(checkpoint, "cpu");
        p.setPrecision("auto");
        QCOMPARE(QString::fromStdString(p.precision()),
                 QString(core::cpuHasBf16() ? "bf16" : "fp32"));
        p.setPrecision("fp32");
        QCOMPARE(QString::fromStdString(p.precision()), QString("fp32"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, p.setPrecision("fp16"));
        QCOMPARE(QString::fromStdString(p.precision()), QString("fp32")); // unchanged
    }
};

QTEST_MAIN(TestPredictor)
#include "test_predictor.moc"
