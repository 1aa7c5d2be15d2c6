#include "inference/predictor.h"
#include "testdata.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <random>

namespace fs = std::filesystem;
using namespace photocat;

namespace {

/** 32x32 gray noise whose class is decided only by an 8x8 patch in the bottom-right corner:
    horizontal ("h"), vertical ("v") or diagonal ("d") stripes two pixels wide, or none ("n":
    so that no striped class can be told by the others' absence alone). */
void makeCornerSet(const std::string &root, int perClass)
{
    std::mt19937 rng(11);
    std::uniform_int_distribution<int> noise(90, 165);
    for (const char *cls : {"h", "v", "d", "n"}) {
        fs::create_directories(root + "/" + cls);
        for (int i = 0; i < perClass; ++i) {
            std::vector<uint8_t> px(32 * 32);
            for (auto &v : px)
                v = uint8_t(noise(rng));
            for (int y = 24; y < 32 && cls[0] != 'n'; ++y)
                for (int x = 24; x < 32; ++x) {
                    const int stripe = cls[0] == 'h' ? y : cls[0] == 'v' ? x : x + y;
                    px[size_t(y * 32 + x)] = (stripe / 2) % 2 ? 255 : 0;
                }
            test::writeImage(root + "/" + cls + "/" + std::to_string(i) + ".png", px, 32, 32, 1);
        }
    }
}

} // namespace

class TestExplain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void heatPeaksWhereTheEvidenceIs()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        makeCornerSet(root + "/src", 60);
        const std::string ws = root + "/ws";
        auto r = test::runCli({"import", root + "/src", "-w", ws});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        r = test::runCli({"train", "-w", ws, "--model", "resnet-small", "--width", "8", "--epochs",
                          "4", "--batch-size", "16", "--no-flip", "--workers", "1", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        const auto end = nlohmann::json::parse(
            QString::fromStdString(r.out).trimmed().split('\n').last().toStdString());
        const std::string best = end.at("best_checkpoint");
        QVERIFY2(end.at("best_val_accuracy").get<double>() >= 0.9, r.out.c_str());

        core::Predictor predictor(best);
        int inCorner = 0, total = 0;
        for (const char *cls : {"h", "v", "d"})
            for (int i = 0; i < 60; i += 3) {
                const auto e =
                    predictor.explain(root + "/src/" + cls + "/" + std::to_string(i) + ".png");
                QCOMPARE(e.size, 32);
                QCOMPARE(int(e.heat.size()), 32 * 32);
                QCOMPARE(*std::max_element(e.heat.begin(), e.heat.end()), 1.0f);
                inCorner += e.peakX >= 16 && e.peakY >= 16;
                ++total;
            }
        QVERIFY2(
            inCorner >= total * 9 / 10,
            qPrintable(QStringLiteral("%1 of %2 peaks in the corner").arg(inCorner).arg(total)));

        // The other category's map, and the command line's overlay.
        const auto other = predictor.explain(root + "/src/h/0.png", 1);
        QCOMPARE(other.category, 1);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 predictor.explain(root + "/src/h/0.png", 4));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, predictor.explain(root + "/missing.png"));
        const std::string out = root + "/heat.png";
        r = test::runCli({"explain", root + "/src/v/1.png", "-c", best, "--category", "v", "--out",
                          out, "--json"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        const auto j = nlohmann::json::parse(r.out);
        QCOMPARE(j.at("category").get<std::string>(), std::string("v"));
        QVERIFY(j.at("peak").at("x").get<double>() >= 0.5 &&
                j.at("peak").at("y").get<double>() >= 0.5);
        QVERIFY(fs::file_size(out) > 1000);
        r = test::runCli({"explain", root + "/src/v/1.png", "-c", best, "--category", "nope"});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.find("not one of the model's categories") != std::string::npos,
                 r.err.c_str());
    }
};

QTEST_GUILESS_MAIN(TestExplain)
#include "test_explain.moc"
