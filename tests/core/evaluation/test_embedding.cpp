// The map: PCA + exact neighbours + UMAP layout of feature rows.
#include "evaluation/embedding.h"

#include <QTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <random>

using namespace photocat;

namespace {

/** clusters x perCluster rows of dim features around random centres; labels by row. */
core::FeatureTable clusteredTable(int clusters, int perCluster, int dim, double spread,
                                  std::vector<int> &labels, unsigned seed = 7)
{
    std::mt19937 random(seed);
    std::normal_distribution<float> normal;
    std::vector<std::vector<float>> centres(static_cast<size_t>(clusters),
                                            std::vector<float>(static_cast<size_t>(dim)));
    for (auto &c : centres)
        for (auto &v : c)
            v = normal(random);
    core::FeatureTable t;
    t.dim = dim;
    labels.clear();
    for (int i = 0; i < clusters * perCluster; ++i) {
        const int c = i % clusters;
        std::vector<float> row(static_cast<size_t>(dim));
        for (int j = 0; j < dim; ++j)
            row[size_t(j)] = centres[size_t(c)][size_t(j)] + float(spread) * normal(random);
        t.add(1000 + i, row.data());
        labels.push_back(c);
    }
    return t;
}

/** Share of each point's k nearest map neighbours that carry its label. */
double neighbourAgreement(const std::vector<float> &xy, const std::vector<int> &labels, int k)
{
    const size_t n = labels.size();
    double agree = 0;
    std::vector<std::pair<float, size_t>> d(n);
    for (size_t i = 0; i < n; ++i) {
        for (size_t j = 0; j < n; ++j) {
            const float dx = xy[2 * i] - xy[2 * j], dy = xy[2 * i + 1] - xy[2 * j + 1];
            d[j] = {j == i ? 1e30f : dx * dx + dy * dy, j};
        }
        std::partial_sort(d.begin(), d.begin() + k, d.end());
        for (int m = 0; m < k; ++m)
            agree += labels[d[size_t(m)].second] == labels[i];
    }
    return agree / double(n * size_t(k));
}

} // namespace

class TestEmbedding : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void curveMatchesUmap()
    {
        // umap-learn's find_ab_params(1.0, 0.1) gives a = 1.5769, b = 0.8951.
        const auto [a, b] = core::umapCurve(0.1);
        QVERIFY2(std::abs(a - 1.577) < 0.01, qPrintable(QString::number(a)));
        QVERIFY2(std::abs(b - 0.895) < 0.01, qPrintable(QString::number(b)));
        // Packing looser: the curve falls later, so a is smaller and b larger.
        const auto [a5, b5] = core::umapCurve(0.5);
        QVERIFY(a5 < a && b5 > b);
    }

    void clustersStaySeparate()
    {
        // 16 categories in 64 dimensions: no two principal components can pull 16 random
        // centres apart, the neighbour graph does.
        std::vector<int> labels;
        const int K = 16;
        const auto table = clusteredTable(K, 80, 64, 0.8, labels);
        core::EmbeddingOptions o;
        o.pcaDims = 20;
        o.epochs = 200;
        const auto e = core::embedFeatures(table, o);
        QVERIFY(!e.cancelled);
        QVERIFY(e.ids == table.ids);
        QCOMPARE(e.xy.size(), 2 * table.ids.size());
        for (float v : e.xy)
            QVERIFY(std::isfinite(v));
        const double umap = neighbourAgreement(e.xy, labels, 10);
        QVERIFY2(umap >= 0.97, qPrintable(QString::number(umap)));

        // The starting layout alone (two principal components) mixes categories.
        core::EmbeddingOptions still = o;
        still.epochs = 1;
        const auto start = core::embedFeatures(table, still);
        const double pca = neighbourAgreement(start.xy, labels, 10);
        qInfo("map neighbours of the same category: PCA %.3f, UMAP %.3f", pca, umap);
        QVERIFY2(pca < umap - 0.1, qPrintable(QString("PCA %1 UMAP %2").arg(pca).arg(umap)));

        // Each category is one island: its spread is small against the distance between them.
        const size_t categories = static_cast<size_t>(K);
        std::vector<double> cx(categories), cy(categories), count(categories), spread(categories);
        for (size_t i = 0; i < labels.size(); ++i) {
            cx[size_t(labels[i])] += e.xy[2 * i];
            cy[size_t(labels[i])] += e.xy[2 * i + 1];
            ++count[size_t(labels[i])];
        }
        for (int c = 0; c < K; ++c)
            cx[size_t(c)] /= count[size_t(c)], cy[size_t(c)] /= count[size_t(c)];
        for (size_t i = 0; i < labels.size(); ++i) {
            const size_t c = size_t(labels[i]);
            spread[c] += std::hypot(e.xy[2 * i] - cx[c], e.xy[2 * i + 1] - cy[c]) / count[c];
        }
        double closest = 1e30, widest = 0;
        for (int c = 0; c < K; ++c) {
            widest = std::max(widest, spread[size_t(c)]);
            for (int d = c + 1; d < K; ++d)
                closest = std::min(closest, std::hypot(cx[size_t(c)] - cx[size_t(d)],
                                                       cy[size_t(c)] - cy[size_t(d)]));
        }
        QVERIFY2(widest < closest / 2, qPrintable(QString("%1 vs %2").arg(widest).arg(closest)));
    }

    void theSameSeedGivesTheSameMap()
    {
        std::vector<int> labels;
        const auto table = clusteredTable(4, 60, 16, 0.3, labels);
        core::EmbeddingOptions o;
        o.epochs = 50;
        const auto a = core::embedFeatures(table, o);
        const auto b = core::embedFeatures(table, o);
        QVERIFY(a.xy == b.xy);
        o.seed = 43;
        const auto c = core::embedFeatures(table, o);
        QVERIFY(a.xy != c.xy);
    }

    void smallAndDegenerateTables()
    {
        core::FeatureTable empty;
        empty.dim = 8;
        QVERIFY(core::embedFeatures(empty, {}).xy.empty());

        std::vector<int> labels;
        for (int rows : {1, 2, 3, 5}) {
            const auto table = clusteredTable(1, rows, 8, 0.5, labels);
            const auto e = core::embedFeatures(table, {}); // 15 neighbours asked, fewer exist
            QCOMPARE(e.xy.size(), size_t(2 * rows));
            for (float v : e.xy)
                QVERIFY(std::isfinite(v));
        }
        // Every row the same (all distances 0), and all-zero rows: no NaN.
        core::FeatureTable same;
        same.dim = 4;
        const float row[4] = {1, 2, 3, 4}, zero[4] = {0, 0, 0, 0};
        for (int i = 0; i < 40; ++i)
            same.add(i, i % 2 ? row : zero);
        const auto e = core::embedFeatures(same, {});
        QCOMPARE(e.xy.size(), size_t(80));
        for (float v : e.xy)
            QVERIFY(std::isfinite(v));
        // A table whose data does not match its ids is refused, not read past its end.
        core::FeatureTable broken;
        broken.dim = 4;
        broken.ids = {1, 2, 3};
        broken.data = {1, 2, 3};
        QVERIFY(core::embedFeatures(broken, {}).xy.empty());
    }

    void stoppingReturnsAtOnce()
    {
        std::vector<int> labels;
        const auto table = clusteredTable(4, 100, 16, 0.3, labels);
        core::StopFlag stop{false};
        core::EmbeddingOptions o;
        o.stop = &stop;
        std::vector<std::string> stages;
        o.progress = [&](const std::string &stage, double) {
            if (stages.empty() || stages.back() != stage)
                stages.push_back(stage);
            if (stage == "layout")
                stop = true;
        };
        const auto e = core::embedFeatures(table, o);
        QVERIFY(e.cancelled);
        QVERIFY(e.xy.empty());
        QVERIFY((stages == std::vector<std::string>{"pca", "neighbours", "layout"}));
    }
};

QTEST_GUILESS_MAIN(TestEmbedding)
#include "test_embedding.moc"
