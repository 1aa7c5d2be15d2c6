// Evaluate-and-review engine: label issues, review queues, relabel durability, labeling the
// unlabeled pool, exports, moving files.
#include "data/importer.h"
#include "evaluation/evaluator.h"
#include "evaluation/labelissues.h"
#include "evaluation/report.h"
#include "evaluation/review.h"
#include "testdata.h"
#include "training/workspacetraining.h"

#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <set>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace photocat;

namespace {

core::TrainOptions tinyRecipe(int epochs)
{
    core::TrainOptions o;
    o.model = "resnet-small";
    o.width = 8;
    o.epochs = epochs;
    o.batchSize = 32;
    o.learningRate = 0.05;
    o.warmupEpochs = 0.5;
    o.seed = 3;
    o.threads = 0; // OMP_NUM_THREADS (1 under ctest)
    return o;
}

std::vector<std::vector<std::string>> parseCsv(const std::string &text)
{
    std::vector<std::vector<std::string>> rows;
    std::stringstream in(text);
    for (std::string line; std::getline(in, line);) {
        std::vector<std::string> fields;
        std::stringstream ls(line);
        for (std::string f; std::getline(ls, f, ',');)
            fields.push_back(f);
        rows.push_back(fields);
    }
    return rows;
}

} // namespace

class TestReview : public QObject
{
    Q_OBJECT

    QTemporaryDir mDir;
    std::unique_ptr<core::Workspace> mWorkspace;
    core::EvaluateResult mEval;
    std::string mCheckpoint;

private Q_SLOTS:
    void initTestCase()
    {
        mWorkspace = test::makeWorkspace(mDir.path().toStdString(), 4, 40, 16);
        core::WorkspaceTrainRequest r;
        r.options = tinyRecipe(2); // short: it should make some mistakes
        core::WorkspaceTraining training(*mWorkspace, r);
        const auto result = training.run({});
        core::EvaluateRequest e;
        e.checkpoint = mCheckpoint = result.bestCheckpoint;
        mEval = core::evaluateOnWorkspace(*mWorkspace, e);
    }

    void confusionCellsHoldExactlyTheirImages()
    {
        const auto stored = mWorkspace->predictions(mEval.runId, core::Split::Test);
        size_t total = 0;
        for (int t = 0; t < 4; ++t)
            for (int p = 0; p < 4; ++p) {
                std::set<int64_t> expected;
                for (const auto &s : stored)
                    if (s.trueLabel == t && s.predicted == p)
                        expected.insert(s.imageId);
                const auto cell =
                    core::confusionCell(*mWorkspace, mEval.runId, core::Split::Test, t, p);
                std::set<int64_t> got;
                for (const auto &e : cell)
                    got.insert(e.imageId);
                QCOMPARE(got, expected);
                QCOMPARE(int64_t(cell.size()), mEval.metrics.confusion[size_t(t)][size_t(p)]);
                total += cell.size();
            }
        QCOMPARE(int64_t(total), mEval.metrics.count);
    }

    void aCheckpointFromElsewhereKeepsItsClassOrder()
    {
        // A workspace whose class ids run the other way from the model's: Review must map the
        // model's class numbers to the workspace's, for a checkpoint that no run here wrote.
        QTemporaryDir dir;
        const std::string elsewhere = dir.filePath("elsewhere/m.pt").toStdString();
        fs::create_directories(fs::path(elsewhere).parent_path());
        fs::copy_file(mCheckpoint, elsewhere);
        core::Workspace reversed(dir.filePath("ws").toStdString(), true);
        for (const char *name : {"c3", "c2", "c1", "c0"})
            reversed.ensureClass(name);
        core::ImportOptions o;
        o.source = (fs::path(mWorkspace->directory()).parent_path() / "src").string();
        core::importDataset(reversed, o);
        core::EvaluateRequest e;
        e.checkpoint = elsewhere;
        const auto result = core::evaluateOnWorkspace(reversed, e);
        const auto mistakes =
            core::misclassified(reversed, result.runId, core::Split::Test, core::ReviewOrder::Loss);
        QVERIFY(!mistakes.empty());
        for (const auto &m : mistakes) {
            QCOMPARE(m.labelAtEvaluation, reversed.image(m.imageId)->label);
            QVERIFY(m.predicted != m.labelAtEvaluation);
        }
    }

    void misclassifiedSortedByLossOrConfidence()
    {
        const auto byLoss = core::misclassified(*mWorkspace, mEval.runId, core::Split::Test,
                                                core::ReviewOrder::Loss);
        const auto byConfidence = core::misclassified(*mWorkspace, mEval.runId, core::Split::Test,
                                                      core::ReviewOrder::Confidence);
        int64_t wrong = 0;
        for (int t = 0; t < 4; ++t)
            for (int p = 0; p < 4; ++p)
                wrong += t == p ? 0 : mEval.metrics.confusion[size_t(t)][size_t(p)];
        QCOMPARE(int64_t(byLoss.size()), wrong);
        for (size_t i = 1; i < byLoss.size(); ++i) {
            QVERIFY(byLoss[i - 1].loss >= byLoss[i].loss);
            QVERIFY(byConfidence[i - 1].confidence >= byConfidence[i].confidence);
        }
        for (const auto &e : byLoss) {
            QVERIFY(e.predicted != e.labelAtEvaluation);
            QCOMPARE(e.top.size(), size_t(3));
            QCOMPARE(e.top.front().first, e.predicted);
        }
    }

    void exportsParseBackAndSum()
    {
        const auto confusion = parseCsv(core::confusionCsv(mEval.metrics, mEval.classes));
        QCOMPARE(confusion.size(), size_t(5));
        QCOMPARE(confusion[0][1], mEval.classes[0]); // class names as header row...
        QCOMPARE(confusion[2][0], mEval.classes[1]); // ...and first column
        int64_t sum = 0;
        for (size_t r = 1; r < confusion.size(); ++r)
            for (size_t c = 1; c < confusion[r].size(); ++c)
                sum += std::stoll(confusion[r][c]);
        QCOMPARE(sum, mEval.metrics.count);
        const auto predictions = parseCsv(core::predictionsCsv(*mWorkspace, mEval));
        QCOMPARE(int64_t(predictions.size()) - 1, mEval.metrics.count); // header + one per image

        const std::string html =
            core::evaluationReportHtml(mEval, {"ws", "best.pt", "test", "resnet-small", {}});
        QVERIFY(html.find("<table class=\"cm\">") != std::string::npos);
        QVERIFY(html.find("Suggestion policy") != std::string::npos);
        for (const auto &c : mEval.classes)
            QVERIFY(html.find(c) != std::string::npos);
        // Thresholds that auto-assign nothing on the split: its precision is n/a, not 0%.
        core::EvaluateResult off = mEval;
        core::ChosenPolicy chosen;
        chosen.targets.precision = 0.99;
        chosen.precision = 0.995;
        chosen.autoShare = 0.4;
        core::ChosenPolicy here = chosen;
        here.precision = 0;
        here.autoShare = 0;
        off.chosenPolicy = chosen;
        off.policyOnSplit = here;
        const std::string offHtml =
            core::evaluationReportHtml(off, {"ws", "best.pt", "test", "resnet-small", {}});
        QVERIFY(offHtml.find("<td>n/a of 0.0%</td>") != std::string::npos);
        QVERIFY(offHtml.find("<td>99.5% of 40.0%</td>") != std::string::npos);
        const QString report = mDir.filePath("report.html");
        const auto cli = test::runCli(
            {"eval", "-w", mWorkspace->directory(), "--report", report.toStdString(), "--json"});
        QVERIFY2(cli.exitCode == 0, cli.err.c_str());
        QVERIFY(test::readFile(report.toStdString()).find("Evaluation report") !=
                std::string::npos);
    }

    void policyCurveIsMonotone()
    {
        std::vector<std::vector<float>> probabilities;
        std::vector<int> labels;
        for (const auto &p : mEval.predictions) {
            probabilities.push_back(p.probabilities);
            labels.push_back(p.trueLabel);
        }
        const auto curve = core::policyCurve(probabilities, labels, 20);
        QCOMPARE(curve.size(), size_t(21));
        QCOMPARE(curve.front().coverage, 1.0);
        QCOMPARE(curve.front().accuracy, mEval.metrics.accuracy);
        for (size_t i = 1; i < curve.size(); ++i)
            QVERIFY(curve[i].coverage <= curve[i - 1].coverage);
    }

    void rankingPutsConfidentDisagreementFirst()
    {
        // Class 0 images: three look like class 0, one (id 4) looks clearly like class 1.
        const std::vector<std::vector<float>> p = {{0.9f, 0.1f}, {0.8f, 0.2f}, {0.85f, 0.15f},
                                                   {0.1f, 0.9f}, {0.2f, 0.8f}, {0.3f, 0.7f}};
        const auto ranked = core::rankLabelIssues(p, {0, 0, 0, 0, 1, 1}, {1, 2, 3, 4, 5, 6});
        QCOMPARE(ranked.front().imageId, int64_t(4));
        QVERIFY(ranked.front().candidate);
        QCOMPARE(ranked.front().suggestedLabel, 1);
        QVERIFY(!ranked.back().candidate);
    }

    void crossValidationFindsFlippedLabels()
    {
        QTemporaryDir dir;
        auto w = test::makeWorkspace(dir.path().toStdString(), 4, 100, 16);
        core::ImageFilter train;
        train.split = core::Split::Train;
        auto images = w->images(train);
        std::set<int64_t> flipped;
        for (size_t i = 0; i < images.size() && flipped.size() < 20; i += images.size() / 20) {
            w->relabel(images[i].id, (images[i].label + 1) % 4, "test");
            flipped.insert(images[i].id);
        }
        QCOMPARE(flipped.size(), size_t(20));
        core::LabelIssueRequest request;
        request.options = tinyRecipe(4);
        request.folds = 4;
        const auto result = core::findLabelIssues(*w, request);
        QVERIFY(!result.cancelled);
        int found = 0;
        for (size_t i = 0; i < result.issues.size() && i < 40; ++i)
            found += int(flipped.count(result.issues[i].imageId));
        qInfo("%d of the 20 flipped labels in the top 40 (%zu flagged)", found, result.candidates);
        QVERIFY2(found >= 16, std::to_string(found).c_str());
        // The queue is kept in the workspace for the Review page.
        QCOMPARE(w->labelIssues().size(), result.issues.size());
        QCOMPARE(core::labelIssueQueue(*w).front().imageId, result.issues.front().imageId);
    }

    void crossValidationFindsFlippedLabelsAtScale()
    {
        // The statistical check behind the fast one above (`make test-slow`): 8 classes of 150
        // photos, 60 flipped labels, 5 folds; at least 85% of them in the top 120.
        if (!qEnvironmentVariableIsSet("PHOTOCAT_SLOW_TESTS"))
            QSKIP("statistical check at scale: run with `make test-slow`");
        QTemporaryDir dir;
        auto w = test::makeWorkspace(dir.path().toStdString(), 8, 150, 16);
        auto images = w->images({std::nullopt, core::Split::Train});
        std::set<int64_t> flipped;
        for (size_t i = 0; i < images.size() && flipped.size() < 60; i += images.size() / 60) {
            w->relabel(images[i].id, (images[i].label + 3) % 8, "test");
            flipped.insert(images[i].id);
        }
        core::LabelIssueRequest request;
        request.options = tinyRecipe(6);
        request.folds = 5;
        const auto result = core::findLabelIssues(*w, request);
        int found = 0;
        for (size_t i = 0; i < result.issues.size() && i < 120; ++i)
            found += int(flipped.count(result.issues[i].imageId));
        qInfo("%d of the 60 flipped labels in the top 120 (%zu flagged)", found, result.candidates);
        QVERIFY2(found >= 51, std::to_string(found).c_str());
    }

    void relabelsSurviveReopenAndKill()
    {
        QTemporaryDir dir;
        const std::string ws = dir.filePath("ws").toStdString();
        int64_t first = 0, second = 0;
        {
            auto w = test::makeWorkspace(dir.path().toStdString(), 3, 5, 8);
            first = w->images()[0].id;
            second = w->images()[1].id;
        }
        // A process relabels one image, then is killed before the next change.
        const pid_t child = fork();
        if (child == 0) {
            core::Workspace w(ws);
            w.relabel(first, 2, "review");
            w.setStatus(second, core::ImageStatus::Ambiguous, "review");
            ::kill(::getpid(), SIGKILL);
            _exit(0);
        }
        int status = 0;
        waitpid(child, &status, 0);
        QVERIFY(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        core::Workspace w(ws);
        QCOMPARE(w.image(first)->label, 2);
        QCOMPARE(int(w.image(second)->status), int(core::ImageStatus::Ambiguous));
        const auto history = w.labelHistory();
        QCOMPARE(history.size(), size_t(2));
        QCOMPARE(history[0].newLabel, 2);
        // Undo is a relabel back, also in the history.
        w.relabel(first, history[0].oldLabel, "undo");
        core::Workspace again(ws);
        QCOMPARE(again.image(first)->label, history[0].oldLabel);
        QCOMPARE(again.labelHistory().size(), size_t(3));
    }

    void labelingMovesAPoolImageIntoItsClassAndTrain()
    {
        QTemporaryDir dir;
        auto w = test::makeWorkspace(dir.path().toStdString(), 3, 5, 8);
        const std::string pool = dir.filePath("pool").toStdString();
        test::makeDataset(pool, 2, 3, 8); // in class-like folders, imported unlabeled anyway
        const auto r =
            test::runCli({"import", pool, "-w", w->directory(), "--unlabeled", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        core::ImageFilter unlabeled;
        unlabeled.label = -1;
        const auto items = core::labelingPool(*w, "");
        QCOMPARE(items.size(), size_t(6));
        QCOMPARE(w->imageCount(unlabeled), int64_t(6));
        const int64_t id = items.front().imageId;
        QCOMPARE(int(w->image(id)->split), int(core::Split::None));
        w->labelImage(id, 1, "labeling");
        QCOMPARE(w->image(id)->label, 1);
        QCOMPARE(int(w->image(id)->split), int(core::Split::Train));
        QCOMPARE(w->labelHistory(id).back().source, std::string("labeling"));
        QCOMPARE(w->imageCount(unlabeled), int64_t(5));
        // Importing the pool again keeps the label given.
        QCOMPARE(test::runCli({"import", pool, "-w", w->directory(), "--unlabeled"}).exitCode, 0);
        QCOMPARE(core::Workspace(w->directory()).image(id)->label, 1);
    }

    void filesMoveOnlyWhenAsked()
    {
        QTemporaryDir dir;
        auto w = test::makeWorkspace(dir.path().toStdString(), 2, 3, 8);
        const auto image = w->images()[0]; // in src/c0/
        w->relabel(image.id, 1, "review");
        QVERIFY(fs::exists(image.path)); // relabeling alone moves nothing
        const auto moves = core::misfiledImages(*w);
        QCOMPARE(moves.size(), size_t(1));
        const auto done = core::moveToClassFolders(*w, moves);
        QVERIFY2(done.front().error.empty(), done.front().error.c_str());
        QVERIFY(!fs::exists(image.path));
        QVERIFY(fs::exists(done.front().to));
        QCOMPARE(fs::path(done.front().to).parent_path().filename().string(), std::string("c1"));
        QCOMPARE(fs::path(done.front().to).filename().string(),
                 std::string("img-0-1.png")); // c1 has img-0.png
        QCOMPARE(w->image(image.id)->path, done.front().to);
        QVERIFY(core::misfiledImages(*w).empty());
    }

    void classNamesNeverLeadFilesOutOfTheirFolder_data()
    {
        QTest::addColumn<QString>("className");
        QTest::addColumn<bool>("symlinkFolder");
        QTest::addColumn<QString>("expected");
        QTest::newRow("relative escape")
            << "../../../../tmp/x" << false << "cannot be a folder name";
        QTest::newRow("absolute path") << "/tmp/x" << false << "cannot be a folder name";
        QTest::newRow("dot dot") << ".." << false << "cannot be a folder name";
        QTest::newRow("control character") << "a\nb" << false << "cannot be a folder name";
        QTest::newRow("class folder is a symlink") << "elsewhere" << true << "symbolic link";
    }

    void classNamesNeverLeadFilesOutOfTheirFolder()
    {
        QFETCH(QString, className);
        QFETCH(bool, symlinkFolder);
        QFETCH(QString, expected);
        QTemporaryDir dir, outside;
        auto w = test::makeWorkspace(dir.path().toStdString(), 2, 3, 8);
        const auto image = w->images()[0]; // in src/c0/
        const int evil = w->ensureClass(className.toStdString());
        if (symlinkFolder)
            fs::create_directory_symlink(outside.path().toStdString(),
                                         fs::path(image.path).parent_path().parent_path() /
                                             className.toStdString());
        w->relabel(image.id, evil, "review");
        const auto moves = core::misfiledImages(*w);
        QCOMPARE(moves.size(), size_t(1));
        const auto done = core::moveToClassFolders(*w, moves);
        QVERIFY2(QString::fromStdString(done.front().error).contains(expected),
                 done.front().error.c_str());
        QVERIFY(fs::exists(image.path)); // nothing moved, the index unchanged
        QCOMPARE(w->image(image.id)->path, image.path);
        QVERIFY(fs::is_empty(outside.path().toStdString()));
    }
};

QTEST_GUILESS_MAIN(TestReview)
#include "test_review.moc"
