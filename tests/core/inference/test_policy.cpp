#include "evaluation/metrics.h"
#include "evaluation/operating.h"
#include "inference/policy.h"
#include "inference/predictor.h"

#include <QTest>

#include <cmath>
#include <random>
#include <tuple>

using namespace photocat;
using Probs = std::vector<float>;
using Ids = std::vector<int>;

namespace {

/** P(X >= k) for X ~ Binomial(n, p), summed term by term in log space. */
double binomialTail(int64_t k, int64_t n, double p)
{
    double sum = 0;
    for (int64_t i = k; i <= n; ++i)
        sum += std::exp(std::lgamma(double(n + 1)) - std::lgamma(double(i + 1)) -
                        std::lgamma(double(n - i + 1)) + double(i) * std::log(p) +
                        double(n - i) * std::log1p(-p));
    return sum;
}

/** Perfectly calibrated probabilities over 10 classes: the truth is drawn from them. */
void calibratedSet(std::mt19937 &rng, int count, std::vector<Probs> &probs, Ids &labels)
{
    std::uniform_real_distribution<float> u(0.f, 1.f);
    probs.clear();
    labels.clear();
    for (int i = 0; i < count; ++i) {
        Probs p(10);
        const float top = 1.f - 0.9f * std::pow(u(rng), 6.f); // mostly confident
        p[0] = top;
        float rest = 0;
        for (size_t c = 1; c < p.size(); ++c)
            rest += (p[c] = std::pow(u(rng), 4.f)); // the rest mostly on one or two
        for (size_t c = 1; c < p.size(); ++c)
            p[c] *= (1.f - top) / rest;
        std::shuffle(p.begin(), p.end(), rng);
        float r = u(rng), mass = 0;
        int truth = 9;
        for (int c = 0; c < 10; ++c)
            if (r < (mass += p[size_t(c)])) {
                truth = c;
                break;
            }
        probs.push_back(p);
        labels.push_back(truth);
    }
}

} // namespace

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
        // Threshold 1 is auto-assignment off, even for a saturated softmax's 1.0f.
        QTest::newRow("auto off") << Probs{1.0f, 0.0f, 0.0f} << 1.0 << "shortlist" << Ids{0};
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
        // Macro F1 averages the classes the split has (labeled or predicted), as scikit-learn:
        // a fourth class with neither does not pull it down.
        QCOMPARE(m.macroF1, (0.5 + 2.0 / 3 + 0.0) / 3);
        std::vector<Probs> four;
        for (auto q : p) {
            q.push_back(0.0f);
            four.push_back(q);
        }
        QCOMPARE(core::computeMetrics(four, {0, 0, 1, 2}, 2, {}).macroF1, m.macroF1);
        const auto csv = core::confusionCsv(m, {"car", "bike, used", "books"});
        QCOMPARE(QString::fromStdString(csv),
                 QString("true\\predicted,car,\"bike, used\",books\ncar,1,1,0\n\"bike, "
                         "used\",0,1,0\nbooks,1,0,0\n"));
    }

    void clopperPearsonBoundIsExact()
    {
        // All right: the bound is alpha^(1/n); none right: 0.
        QVERIFY(std::abs(core::clopperPearsonLower(10, 10, 0.05) - std::pow(0.05, 0.1)) < 1e-9);
        QCOMPARE(core::clopperPearsonLower(0, 50, 0.05), 0.0);
        QCOMPARE(core::clopperPearsonLower(0, 0, 0.05), 0.0);
        // Elsewhere seeing at least k right at the bound has probability alpha.
        for (auto [k, n, alpha] : {std::tuple{7, 20, 0.05}, std::tuple{990, 1000, 0.0005},
                                   std::tuple{5900, 6000, 1e-4}}) {
            const double p = core::clopperPearsonLower(k, n, alpha);
            QVERIFY(p > 0 && p < double(k) / n);
            QVERIFY2(std::abs(binomialTail(k, n, p) - alpha) < 1e-6 * std::max(1.0, alpha * 1e4),
                     (std::to_string(k) + "/" + std::to_string(n)).c_str());
        }
    }

    void chosenThresholdsHoldOnUnseenPhotos()
    {
        // The analyst asks for 99% precision and the truth in the shortlist 90% of the time;
        // thresholds chosen on 4,000 validation photos must deliver that on 100,000 new ones
        // in (nearly) every draw, and not by giving auto-assignment up.
        std::mt19937 rng(7);
        std::vector<Probs> test;
        Ids testLabels;
        calibratedSet(rng, 100000, test, testLabels);
        core::PolicyTargets targets;
        targets.precision = 0.99;
        targets.hitRate = 0.9;
        // The best threshold knowing the truth: the lowest reaching 99% on the large set.
        double oracleShare = 0;
        for (const auto &point : core::policyCurve(test, testLabels, 2000))
            if (point.accuracy >= 0.99 && oracleShare == 0)
                oracleShare = point.coverage;
        int misses = 0;
        for (int draw = 0; draw < 10; ++draw) {
            std::vector<Probs> val;
            Ids valLabels;
            calibratedSet(rng, 4000, val, valLabels);
            const auto chosen = core::choosePolicy(val, valLabels, targets);
            QVERIFY2(chosen.precisionMet && chosen.hitRateMet,
                     (chosen.messages.at(0) + " / " + chosen.messages.back()).c_str());
            QVERIFY(chosen.precisionLower >= 0.99 * 0.999); // the measured bound, unadjusted
            QCOMPARE(chosen.messages.size(), size_t(2));
            const auto onTest = core::measurePolicy(test, testLabels, chosen);
            misses += onTest.precision < 0.99 || onTest.hitRate < 0.9;
            QVERIFY2(
                onTest.autoShare > 0.7 * oracleShare,
                (std::to_string(onTest.autoShare) + " vs " + std::to_string(oracleShare)).c_str());
            QVERIFY(onTest.shortlistShare > 0.05);
        }
        QVERIFY(misses <= 1);
    }

    void unreachableTargetsSayWhy()
    {
        std::mt19937 rng(3);
        std::vector<Probs> val;
        Ids labels;
        calibratedSet(rng, 300, val, labels);
        core::PolicyTargets targets;
        targets.precision = 0.9999; // 300 photos cannot show this
        targets.hitRate = 0.999;
        core::PolicyThresholds start;
        start.shortlistMax = 2;
        const auto chosen = core::choosePolicy(val, labels, targets, start);
        QVERIFY(!chosen.precisionMet && !chosen.hitRateMet);
        QCOMPARE(chosen.thresholds.autoAssign, 1.0);
        QCOMPARE(chosen.thresholds.shortlistMass, 1.0);
        QCOMPARE(chosen.thresholds.shortlistMax, 2);
        QVERIFY(QString::fromStdString(chosen.messages.at(0)).contains("auto-assignment is off"));
        QVERIFY(QString::fromStdString(chosen.messages.at(1)).contains("at most 2 categories"));
        targets.precision = 1.0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, core::choosePolicy(val, labels, targets));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 core::choosePolicy(val, Ids{1, 2}, core::PolicyTargets{}));
    }

    void storedThresholdsRoundTrip()
    {
        std::mt19937 rng(5);
        std::vector<Probs> val;
        Ids labels;
        calibratedSet(rng, 2000, val, labels);
        core::PolicyTargets targets;
        targets.precision = 0.98;
        const auto chosen = core::choosePolicy(val, labels, targets);
        nlohmann::json meta = {{"temperature", 1.2}};
        QVERIFY(!core::storedPolicy(meta));
        meta["policy"] = core::policyToJson(chosen);
        const auto back = core::storedPolicy(nlohmann::json::parse(meta.dump()));
        QVERIFY(back);
        QCOMPARE(back->thresholds.autoAssign, chosen.thresholds.autoAssign);
        QCOMPARE(back->thresholds.shortlistMass, chosen.thresholds.shortlistMass);
        QCOMPARE(back->targets.precision, 0.98);
        QCOMPARE(back->precision, chosen.precision);
        QVERIFY(back->messages == chosen.messages);
        meta["policy"]["auto_threshold"] = 0.3; // below the shortlist threshold
        meta["policy"]["shortlist_threshold"] = 0.5;
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, core::storedPolicy(meta));
        meta["policy"] = "0.9";
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, core::storedPolicy(meta));
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
