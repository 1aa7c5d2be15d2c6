// photocat-cli train / eval / predict end to end, including a run killed with SIGKILL.
#include "testdata.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <filesystem>
#include <sstream>

namespace fs = std::filesystem;
using namespace photocat;

namespace {

std::vector<QJsonObject> jsonLines(const std::string &out)
{
    std::vector<QJsonObject> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);)
        lines.push_back(QJsonDocument::fromJson(QByteArray::fromStdString(line)).object());
    return lines;
}

const std::vector<std::string> kTiny = {
    "--model", "resnet-small", "--width", "8", "--batch-size", "16", "--lr", "0.05", "--json"};

/** Small batches over 3 epochs: batch events arrive in the middle of an epoch. */
const std::vector<std::string> kMidEpoch = {
    "--model", "resnet-small", "--width",  "8", "--batch-size", "4", "--lr",
    "0.05",    "--json",       "--epochs", "3"};

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string> &b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

} // namespace

class TestEngineCli : public QObject
{
    Q_OBJECT

    QTemporaryDir mDir;
    std::string mWs;

private Q_SLOTS:
    void initTestCase()
    {
        const std::string src = mDir.filePath("src").toStdString();
        test::makeDataset(src, 3, 60, 16);
        mWs = mDir.filePath("ws").toStdString();
        QCOMPARE(test::runCli({"import", src, "-w", mWs}).exitCode, 0);
        // A display name: the model keeps it, predict answers with it.
        QCOMPARE(test::runCli({"classes", "-w", mWs, "--set", "c1=Class one"}).exitCode, 0);
    }

    void trainEvalPredict()
    {
        auto r = test::runCli(with({"train", "-w", mWs, "--epochs", "5"}, kTiny));
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        const auto events = jsonLines(r.out);
        int epochs = 0;
        for (const auto &e : events)
            epochs += e["event"].toString() == "epoch";
        QCOMPARE(epochs, 5);
        const auto end = events.back();
        QCOMPARE(end["status"].toString(), QString("finished"));
        const std::string best = end["best_checkpoint"].toString().toStdString();
        QVERIFY(fs::exists(best));

        const std::string csv = mDir.filePath("confusion.csv").toStdString();
        const std::string preds = mDir.filePath("predictions.csv").toStdString();
        r = test::runCli(
            {"eval", "-w", mWs, "--json", "--confusion-csv", csv, "--predictions-csv", preds});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        const auto m = QJsonDocument::fromJson(QByteArray::fromStdString(r.out)).object();
        QCOMPARE(m["count"].toInt(), 18);
        QVERIFY2(m["accuracy"].toDouble() > 0.6, r.out.c_str());
        // CSV: class names as header row and first column; cells sum to the count.
        std::istringstream in(test::readFile(csv));
        std::string line;
        std::getline(in, line);
        QCOMPARE(QString::fromStdString(line), QString("true\\predicted,c0,c1,c2"));
        int sum = 0;
        while (std::getline(in, line)) {
            std::istringstream cells(line);
            std::string cell;
            std::getline(cells, cell, ',');
            QVERIFY(cell == "c0" || cell == "c1" || cell == "c2");
            while (std::getline(cells, cell, ','))
                sum += std::stoi(cell);
        }
        QCOMPARE(sum, 18);
        QCOMPARE(QString::fromStdString(test::readFile(preds)).count(QChar(10)), 19);
        QCOMPARE(m["tta"].toBool(), false);
        r = test::runCli({"eval", "-w", mWs, "--json", "--tta"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        const auto mirrored = QJsonDocument::fromJson(QByteArray::fromStdString(r.out)).object();
        QCOMPARE(mirrored["tta"].toBool(), true);
        QCOMPARE(mirrored["count"].toInt(), 18);
        // The report shows the most confident mistakes, each with its heat map.
        const std::string report = mDir.filePath("report.html").toStdString();
        r = test::runCli({"eval", "-w", mWs, "--report", report, "--report-mistakes", "3"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        const QString html = QString::fromStdString(test::readFile(report));
        const int mistakes = int(std::lround(18 * (1 - m["accuracy"].toDouble())));
        QCOMPARE(html.count(QLatin1String("<img src=\"data:image/png;base64,iVBORw0KGgo")),
                 std::min(3, mistakes));
        QCOMPARE(html.contains(QLatin1String("Most confident mistakes")), mistakes > 0);

        const std::string photo = mDir.filePath("src/c1/img-3.png").toStdString();
        r = test::runCli({"predict", photo, mDir.filePath("missing.png").toStdString(), "-w", mWs,
                          "--json", "--auto-threshold", "0.0", "--shortlist-threshold", "0.0"});
        QVERIFY(r.exitCode != 0); // one photo could not be read
        const auto lines = jsonLines(r.out);
        QCOMPARE(lines.size(), size_t(2));
        QCOMPARE(lines[0]["decision"].toString(), QString("auto"));
        QCOMPARE(lines[0]["top"].toArray().size(), 3);
        for (const auto &t : lines[0]["top"].toArray())
            QCOMPARE(t.toObject()["display_name"].toString(),
                     t.toObject()["category"].toString() == "c1"
                         ? QString("Class one")
                         : t.toObject()["category"].toString());
        QVERIFY(lines[1]["error"].toString().contains("missing.png"));
        QCOMPARE(lines[0]["tta"].toBool(), false);
        r = test::runCli({"predict", photo, "-w", mWs, "--json", "--tta"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        const auto averaged = jsonLines(r.out);
        QCOMPARE(averaged.size(), size_t(1));
        QCOMPARE(averaged[0]["tta"].toBool(), true);
        QCOMPARE(averaged[0]["top"].toArray().size(), 3);
        QCOMPARE(lines[0]["precision"].toString(), QString("fp32"));
        r = test::runCli({"predict", photo, "-w", mWs, "--json", "--precision", "bf16"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        const auto halved = jsonLines(r.out).at(0);
        QCOMPARE(halved["precision"].toString(), QString("bf16"));
        QCOMPARE(halved["top"].toArray()[0].toObject()["category"].toString(),
                 lines[0]["top"].toArray()[0].toObject()["category"].toString());
        r = test::runCli({"eval", "-w", mWs, "--json", "--precision", "bf16"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        QCOMPARE(QJsonDocument::fromJson(QByteArray::fromStdString(r.out))
                     .object()["precision"]
                     .toString(),
                 QString("bf16"));
        r = test::runCli({"predict", photo, "-w", mWs, "--precision", "fp16"});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.find("precision") != std::string::npos, r.err.c_str());

        // Thresholds from targets: chosen on validation, stored with the model, then used by
        // predict and eval unless a flag overrides them.
        r = test::runCli({"calibrate", "-w", mWs, "--json"});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.find("target") != std::string::npos, r.err.c_str());
        r = test::runCli({"calibrate", "-w", mWs, "--target-precision", "0.5", "--target-hit-rate",
                          "0.5", "--confidence", "0.6", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        const auto chosen = QJsonDocument::fromJson(QByteArray::fromStdString(r.out)).object();
        const double autoAt = chosen["auto_threshold"].toDouble();
        QVERIFY2(autoAt >= 0.5 && autoAt <= 1.0, r.out.c_str());
        QVERIFY(chosen["chosen_on"].toObject()["photos"].toInt() > 0);
        QCOMPARE(chosen["chosen_on"].toObject()["target_precision"].toDouble(), 0.5);
        r = test::runCli({"eval", "-w", mWs, "--json"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        const auto held = QJsonDocument::fromJson(QByteArray::fromStdString(r.out)).object();
        QCOMPARE(held["operating_point"].toObject()["auto_threshold"].toDouble(), autoAt);
        const auto onTest = held["chosen_thresholds"].toObject()["on_split"].toObject();
        QCOMPARE(onTest["photos"].toInt(), 18);
        QVERIFY(onTest.contains("precision_lower"));
        r = test::runCli({"predict", photo, "-w", mWs, "--json"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        const auto stored = jsonLines(r.out).at(0);
        const double top = stored["top"].toArray()[0].toObject()["probability"].toDouble();
        QCOMPARE(stored["decision"].toString(), QString(float(top) >= float(autoAt) ? "auto"
                                                        : top >= 0.5                ? "shortlist"
                                                                                    : "manual"));
        r = test::runCli({"predict", photo, "-w", mWs, "--json", "--auto-threshold", "0.0",
                          "--shortlist-threshold", "0.0"});
        QCOMPARE(jsonLines(r.out).at(0)["decision"].toString(), QString("auto"));

        // A target no threshold reaches turns auto-assignment off: nothing is auto-assigned on
        // the split, so its precision is n/a, not 0% "below the target".
        r = test::runCli(
            {"calibrate", "-w", mWs, "--target-precision", "0.9999", "--confidence", "0.99"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        r = test::runCli({"eval", "-w", mWs});
        QVERIFY2(r.out.find("precision n/a") != std::string::npos, r.out.c_str());
        QVERIFY2(r.out.find("BELOW") == std::string::npos, r.out.c_str());
        r = test::runCli({"eval", "-w", mWs, "--json"});
        const auto off = QJsonDocument::fromJson(QByteArray::fromStdString(r.out))
                             .object()["chosen_thresholds"]
                             .toObject()["on_split"]
                             .toObject();
        QCOMPARE(off["auto_share"].toDouble(), 0.0);
        QVERIFY(off["precision"].isNull());
        r = test::runCli({"calibrate", "-w", mWs, "--target-precision", "0.5", "--target-hit-rate",
                          "0.5", "--confidence", "0.6"}); // as before, for the tests after
        QVERIFY2(r.exitCode == 0, r.err.c_str());
    }

    /** Starts train with recipe and returns once it is in the middle of epoch 2, with epoch
        1's checkpoint on disk (its path; empty when that never came). */
    QString startUntilMidEpoch(QProcess &p, const std::vector<std::string> &recipe)
    {
        QStringList args;
        for (const auto &a : with({"train", "-w", mWs}, recipe))
            args << QString::fromStdString(a);
        p.start(qEnvironmentVariable("PHOTOCAT_CLI"), args);
        if (!p.waitForStarted())
            return {};
        QString checkpoint;
        QByteArray pending;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 40000 && p.state() == QProcess::Running) {
            p.waitForReadyRead(500);
            pending += p.readAllStandardOutput();
            while (pending.contains('\n')) {
                const int nl = int(pending.indexOf('\n'));
                const auto e = QJsonDocument::fromJson(pending.left(nl)).object();
                pending.remove(0, nl + 1);
                if (e["event"].toString() == "checkpoint")
                    checkpoint = e["path"].toString();
                else if (!checkpoint.isEmpty() && e["event"].toString() == "batch" &&
                         e["batch"].toInt() < e["batches"].toInt())
                    return checkpoint;
            }
        }
        return {};
    }

    void limitBatchesRunsTheWholeSchedule()
    {
        // A smoke run of 2 batches an epoch still warms up and decays over its own steps: the
        // cosine schedule ends at 0, not where 2 of the epoch's 7 batches leave it.
        const auto r = test::runCli(with(
            {"train", "-w", mWs, "--epochs", "2", "--limit-batches", "2", "--warmup", "0"}, kTiny));
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        double lr = -1;
        for (const auto &e : jsonLines(r.out))
            if (e["event"].toString() == "epoch")
                lr = e["learning_rate"].toDouble();
        QVERIFY2(lr >= 0 && lr < 1e-6, std::to_string(lr).c_str());

        // A smoke epoch resumed without the limit: the schedule continues from the epoch (2 of
        // its 7 batches would leave it 5 steps short, and far from 0 at the end).
        auto smoke = test::runCli(with(
            {"train", "-w", mWs, "--epochs", "1", "--limit-batches", "2", "--warmup", "0"}, kTiny));
        QVERIFY2(smoke.exitCode == 0, smoke.err.c_str());
        const std::string last =
            jsonLines(smoke.out).back()["last_checkpoint"].toString().toStdString();
        const auto resumed =
            test::runCli({"train", "-w", mWs, "--resume", last, "--epochs", "2", "--json"});
        QVERIFY2(resumed.exitCode == 0, resumed.err.c_str());
        lr = -1;
        for (const auto &e : jsonLines(resumed.out))
            if (e["event"].toString() == "epoch")
                lr = e["learning_rate"].toDouble();
        QVERIFY2(lr >= 0 && lr < 1e-6, std::to_string(lr).c_str());
    }

    void sigkilledRunResumes()
    {
        QProcess p;
        const QString checkpoint = startUntilMidEpoch(p, kMidEpoch);
        QVERIFY2(!checkpoint.isEmpty(), qPrintable(QString::fromUtf8(p.readAllStandardError())));
        p.kill(); // SIGKILL
        p.waitForFinished();
        QVERIFY(fs::exists(checkpoint.toStdString()));
        QVERIFY(fs::file_size(checkpoint.toStdString()) > 0);

        const auto r = test::runCli(
            with({"train", "-w", mWs, "--resume", checkpoint.toStdString()}, kMidEpoch));
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        const auto events = jsonLines(r.out);
        std::vector<int> epochs;
        for (const auto &e : events)
            if (e["event"].toString() == "epoch")
                epochs.push_back(e["epoch"].toInt());
        // It continued after the checkpointed epoch instead of starting over, and finished.
        QVERIFY(!epochs.empty());
        QVERIFY2(epochs.front() >= 2, std::to_string(epochs.front()).c_str());
        QCOMPARE(epochs.back(), 3);
        QCOMPARE(events.back()["status"].toString(), QString("finished"));
        QCOMPARE(events.back()["epochs"].toInt(), 3);
    }

    void aStoppedRunExitsAsTheSignalAndResumesItsOwnRecipe()
    {
        // SIGTERM (Slurm's time limit, docker stop) mid-epoch: a checkpoint, the summary, and
        // 143 as a shell reports the signal, so `train && export` does not go on.
        QProcess p;
        const QString checkpoint = startUntilMidEpoch(p, kMidEpoch);
        QVERIFY2(!checkpoint.isEmpty(), qPrintable(QString::fromUtf8(p.readAllStandardError())));
        ::kill(pid_t(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(30000));
        const std::string out = p.readAllStandardOutput().toStdString();
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 143);
        const auto stopped = jsonLines(out);
        QVERIFY2(!stopped.empty() && stopped.back()["event"].toString() == "end", out.c_str());
        QCOMPARE(stopped.back()["status"].toString(), QString("cancelled"));
        const std::string last = stopped.back()["last_checkpoint"].toString().toStdString();
        QVERIFY(fs::exists(last));

        // --resume without --epochs trains to the checkpoint's 3 (the option's default is 10),
        // and says which recipe options it ignores.
        auto r = test::runCli({"train", "-w", mWs, "--resume", last, "--json", "--lr", "0.5"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        auto events = jsonLines(r.out);
        QCOMPARE(events.back()["status"].toString(), QString("finished"));
        QCOMPARE(events.back()["epochs"].toInt(), 3);
        QVERIFY2(r.err.find("ignored: --lr") != std::string::npos, r.err.c_str());
        const std::string firstBest = events.back()["best_checkpoint"].toString().toStdString();
        QVERIFY(fs::exists(firstBest));

        // A resumed run that trains no better epoch (here none: it had all 3) still ends with
        // the best model so far, in its own folder, not with its last weights.
        const std::string finished = events.back()["last_checkpoint"].toString().toStdString();
        r = test::runCli({"train", "-w", mWs, "--resume", finished, "--json"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        events = jsonLines(r.out);
        const std::string carried = events.back()["best_checkpoint"].toString().toStdString();
        QVERIFY2(!carried.empty() && fs::exists(carried), r.out.c_str());
        QVERIFY(fs::path(carried).parent_path() ==
                fs::path(events.back()["last_checkpoint"].toString().toStdString()).parent_path());
        QVERIFY(carried != firstBest);
    }

    void ctrlCStopsALongCommandCleanly()
    {
        // Ctrl-C during label-issues' cross-validation: the command stops after the batch,
        // says so and exits with an error, instead of dying from the signal.
        QProcess p;
        p.start(qEnvironmentVariable("PHOTOCAT_CLI"),
                {"label-issues", "-w", QString::fromStdString(mWs), "--folds", "5", "--epochs",
                 "50", "--width", "8", "--json"});
        QVERIFY(p.waitForStarted());
        QElapsedTimer timer;
        timer.start();
        QByteArray out; // chunks may split a line
        while (!out.contains("\"fold\"") && timer.elapsed() < 30000 &&
               p.state() == QProcess::Running) {
            p.waitForReadyRead(200);
            out += p.readAllStandardOutput();
        }
        QCOMPARE(p.state(), QProcess::Running);
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(30000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() != 0, qPrintable(err));
        QVERIFY2(err.contains(QLatin1String("cancelled")), qPrintable(err));
    }

    void resumeRejectsDamagedCheckpoint()
    {
        const std::string bad = mDir.filePath("bad.pt").toStdString();
        test::writeFile(bad, "PK\x03\x04 truncated");
        const auto r = test::runCli(with({"train", "-w", mWs, "--resume", bad}, kTiny));
        QVERIFY(r.exitCode != 0);
        QVERIFY2(QString::fromStdString(r.err).contains("bad.pt"), r.err.c_str());
    }
};

QTEST_GUILESS_MAIN(TestEngineCli)
#include "test_engine_cli.moc"
