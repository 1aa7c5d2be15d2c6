#include "evaluation/metrics.h"
#include "inference/policy.h"
#include "inference/predictor.h"

#include <QTest>

#include <random>

using namespace photocat;
using Probs = std::vector<float>;
using Ids = std::vector<int>;

class TestPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cpuBatchesAreCappedByInputSize()
    {
        // Batches of large inputs ran slower per image on a CPU: 4 photos at 3x224x224.
        core::Preprocessing photo;
        QCOMPARE(core::inferenceBatchSize(photo, false, 128), 4);
        QCOMPARE(core::inferenceBatchSize(photo, true, 128), 128);
        core::Preprocessing gray;
        gray.channels = 1;
        gray.size = 28;
        QCOMPARE(core::inferenceBatchSize(gray, false, 128), 128);
        gray.size = 1024;
        gray.channels = 3;
        QCOMPARE(core::inferenceBatchSize(gray, false, 128), 1);
    }

    void decisionsFollowThresholds_data()
    {
        QTest::addColumn<Probs>("p");
        QTest::addColumn<double>("autoAt");
        QTest::addColumn<QString>("decision");
        QTest::addColumn<Ids>("categories");
        QTest::newRow("confident") << Probs{0.02f, 0.95f, 0.03f} << 0.9 << "auto" << Ids{1};
        QTest::newRow("exactly auto") << Probs{0.9f, 0.1f, 0.0f} << 0.9 << "auto" << Ids{0};
        QTest::newRow("two needed") << Probs{0.6f, 0.35f, 0.05f} << 0.9 << "shortlist" << Ids{0, 1};
        QTest::newRow("capped at three")
            << Probs{0.5f, 0.2f, 0.15f, 0.1f, 0.05f} << 0.9 << "shortlist" << Ids{0, 1, 2};
        QTest::newRow("unsure") << Probs{0.3f, 0.45f, 0.25f} << 0.9 << "manual" << Ids{1, 0, 2};
        QTest::newRow("lower auto") << Probs{0.6f, 0.35f, 0.05f} << 0.55 << "auto" << Ids{0};
    }

    void decisionsFollowThresholds()
    {
        QFETCH(Probs, p);
        QFETCH(double, autoAt);
        QFETCH(QString, decision);
        QFETCH(Ids, categories);
        core::PolicyThresholds t;
        t.autoAssign = autoAt;
        const auto s = core::decide(p, t);
        QCOMPARE(QString(core::decisionName(s.decision)), decision);
        QCOMPARE(s.categories, categories);
    }

    void inconsistentThresholdsAreRejected()
    {
        core::PolicyThresholds t;
        t.shortlist = 0.95;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, core::decide({0.5f, 0.5f}, t));
    }

    void metricsAddUp()
    {
        // 3 classes; truth 0,0,1,2 predicted 0,1,1,0.
        const std::vector<Probs> p = {
            {0.8f, 0.1f, 0.1f}, {0.3f, 0.6f, 0.1f}, {0.1f, 0.85f, 0.05f}, {0.5f, 0.2f, 0.3f}};
        const auto m = core::computeMetrics(p, {0, 0, 1, 2}, 2, {});
        QCOMPARE(m.count, int64_t(4));
        QCOMPARE(m.accuracy, 0.5);
        QCOMPARE(m.topKAccuracy, 1.0);
        QCOMPARE(m.confusion, (std::vector<std::vector<int64_t>>{{1, 1, 0}, {0, 1, 0}, {1, 0, 0}}));
        QCOMPARE(m.perClass[0].precision, 0.5);
        QCOMPARE(m.perClass[0].recall, 0.5);
        QCOMPARE(m.perClass[1].precision, 0.5);
        QCOMPARE(m.perClass[1].recall, 1.0);
        QCOMPARE(m.perClass[2].f1, 0.0);
        QCOMPARE(m.operating.autoShare, 0.0);
        QCOMPARE(m.operating.shortlistShare, 1.0); // 0.5 top-1 counts as a shortlist
        QCOMPARE(m.operating.manualShare, 0.0);
        const auto csv = core::confusionCsv(m, {"car", "bike, used", "books"});
        QCOMPARE(QString::fromStdString(csv),
                 QString("true\\predicted,car,\"bike, used\",books\ncar,1,1,0\n\"bike, "
                         "used\",0,1,0\nbooks,1,0,0\n"));
    }

    void temperatureCalibratesOverconfidence()
    {
        // Logits scaled 4x past calibration: the fit must undo most of that.
        std::mt19937 rng(1);
        std::normal_distribution<float> noise(0.f, 1.f);
        std::vector<Probs> logits;
        std::vector<int> labels;
        std::uniform_real_distribution<float> u(0.f, 1.f);
        for (int i = 0; i < 2000; ++i) {
            Probs z = {noise(rng), noise(rng), noise(rng)};
            const auto p = core::softmax(z);
            const float r = u(rng);
            labels.push_back(r < p[0] ? 0 : r < p[0] + p[1] ? 1 : 2);
            for (auto &v : z)
                v *= 4.f;
            logits.push_back(z);
        }
        const double t = core::fitTemperature(logits, labels);
        QVERIFY2(t > 3.2 && t < 4.8, std::to_string(t).c_str());
    }
};

QTEST_GUILESS_MAIN(TestPolicy)
#include "test_policy.moc"
