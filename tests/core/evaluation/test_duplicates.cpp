// Near-duplicates and leaks: perceptual hashes find planted resized, recompressed and mirrored
// copies, and the report flags copies across splits and with different labels.
#include "data/importer.h"
#include "evaluation/duplicates.h"
#include "store/workspace.h"
#include "testdata.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>

namespace fs = std::filesystem;
using namespace photocat;

namespace {

/** A photo-like picture: a few soft coloured blobs on a coloured background. */
cv::Mat blobs(std::mt19937 &rng, int size)
{
    std::uniform_int_distribution<int> colour(0, 255), at(0, size - 1), radius(size / 10, size / 3);
    cv::Mat image(size, size, CV_8UC3, cv::Scalar(colour(rng), colour(rng), colour(rng)));
    for (int i = 0; i < 6; ++i)
        cv::circle(image, {at(rng), at(rng)}, radius(rng),
                   cv::Scalar(colour(rng), colour(rng), colour(rng)), cv::FILLED, cv::LINE_AA);
    cv::GaussianBlur(image, image, {0, 0}, size / 32.0);
    return image;
}

/** A /proc/self/status figure ("VmRSS", "VmHWM") in bytes. */
int64_t statusBytes(const std::string &key)
{
    std::ifstream in("/proc/self/status");
    for (std::string line; std::getline(in, line);)
        if (line.compare(0, key.size() + 1, key + ":") == 0)
            return std::stoll(line.substr(key.size() + 1)) * 1024;
    return -1;
}

} // namespace

class TestDuplicates : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mirrorHashIsTheFlippedImagesHash()
    {
        std::mt19937 rng(3);
        std::uniform_real_distribution<float> u(0.f, 1.f);
        std::vector<float> image(32 * 32), flipped(32 * 32);
        for (int y = 0; y < 32; ++y)
            for (int x = 0; x < 32; ++x)
                image[size_t(y * 32 + x)] = u(rng) + 0.05f * float(x) + 0.02f * float(y);
        for (int y = 0; y < 32; ++y)
            for (int x = 0; x < 32; ++x)
                flipped[size_t(y * 32 + x)] = image[size_t(y * 32 + 31 - x)];
        uint64_t mirrored = 0, flippedMirror = 0;
        const uint64_t hash = core::perceptualHash(image.data(), &mirrored);
        const uint64_t flippedHash = core::perceptualHash(flipped.data(), &flippedMirror);
        QCOMPARE(mirrored, flippedHash);
        QCOMPARE(flippedMirror, hash);
        QVERIFY(hash != flippedHash); // the image is not symmetric: the mirror term matters
        core::HashedImage a{
            1, "", 0, core::Split::Train, hash, mirrored, core::thumbnailOf(image.data())};
        core::HashedImage b{2,
                            "",
                            0,
                            core::Split::Train,
                            flippedHash,
                            flippedMirror,
                            core::thumbnailOf(flipped.data())};
        QCOMPARE(core::hashDistance(a, b), 0);
        QVERIFY(core::thumbnailSimilarity(a, b) > 0.99); // mirrored thumbnails match too
        std::vector<float> other(32 * 32);
        for (auto &v : other)
            v = u(rng);
        core::HashedImage c{3, "", 0, core::Split::Train, 0, 0, core::thumbnailOf(other.data())};
        QVERIFY(core::thumbnailSimilarity(a, c) < 0.8);
    }

    void plantedCopiesAreFoundAndLeaksFlagged()
    {
        // 150 distinct photos in 3 categories, and 60 planted copies of 60 of them: 20
        // resized (0.6x or 1.6x), 20 recompressed as JPEG at quality 40, 20 mirrored. Five
        // of the copies sit in another category's folder (conflicting labels).
        QTemporaryDir dir;
        const fs::path src = dir.filePath("src").toStdString();
        std::mt19937 rng(11);
        std::map<std::string, std::string> copyOf; // copy file name -> original's
        for (int c = 0; c < 3; ++c)
            fs::create_directories(src / ("c" + std::to_string(c)));
        for (int i = 0; i < 150; ++i) {
            const int c = i % 3;
            const std::string name = "img-" + std::to_string(i);
            const cv::Mat image = blobs(rng, 64);
            QVERIFY(
                cv::imwrite((src / ("c" + std::to_string(c)) / (name + ".png")).string(), image));
            if (i >= 60)
                continue;
            const int folder = i < 5 ? (c + 1) % 3 : c;
            const fs::path copyDir = src / ("c" + std::to_string(folder));
            std::string copy;
            if (i % 3 == 0) {
                cv::Mat resized;
                cv::resize(image, resized, {}, i % 2 ? 0.6 : 1.6, i % 2 ? 0.6 : 1.6,
                           i % 2 ? cv::INTER_AREA : cv::INTER_LINEAR);
                copy = name + "-resized.png";
                QVERIFY(cv::imwrite((copyDir / copy).string(), resized));
            } else if (i % 3 == 1) {
                copy = name + "-q40.jpg";
                QVERIFY(
                    cv::imwrite((copyDir / copy).string(), image, {cv::IMWRITE_JPEG_QUALITY, 40}));
            } else {
                cv::Mat mirrored;
                cv::flip(image, mirrored, 1);
                copy = name + "-mirror.png";
                QVERIFY(cv::imwrite((copyDir / copy).string(), mirrored));
            }
            copyOf[copy] = name + ".png";
        }
        core::Workspace workspace(dir.filePath("ws").toStdString(), true);
        core::ImportOptions o;
        o.source = src.string();
        core::importDataset(workspace, o);
        QCOMPARE(workspace.imageCount(), int64_t(210));

        core::DuplicateRequest request;
        request.threads = 2;
        const auto r = core::findDuplicates(workspace, request);
        QVERIFY(!r.cancelled);
        QCOMPARE(r.images.size(), size_t(210));
        QVERIFY(r.skippedFiles.empty());

        // Pairs the report links (unordered, by file name) against the planted pairs.
        auto pairOf = [](std::string x, std::string y) {
            return x < y ? std::pair{x, y} : std::pair{y, x};
        };
        std::set<std::pair<std::string, std::string>> found, planted;
        for (const auto &[copy, original] : copyOf)
            planted.insert(pairOf(copy, original));
        int conflicts = 0;
        for (const auto &g : r.groups) {
            std::set<int> labels;
            std::set<core::Split> splits;
            for (size_t a : g.members) {
                labels.insert(r.images[a].label);
                splits.insert(r.images[a].split);
                for (size_t b : g.members)
                    if (a < b)
                        found.insert(pairOf(fs::path(r.images[a].path).filename().string(),
                                            fs::path(r.images[b].path).filename().string()));
            }
            QCOMPARE(g.conflictingLabels, labels.size() > 1);
            QCOMPARE(g.crossSplit,
                     splits.count(core::Split::Train) &&
                         (splits.count(core::Split::Val) || splits.count(core::Split::Test)));
            conflicts += g.conflictingLabels;
        }
        size_t hits = 0;
        for (const auto &pair : planted)
            hits += found.count(pair);
        const size_t linkedPairs = found.size();
        const double recall = double(hits) / double(planted.size());
        const double precision = double(hits) / double(std::max<size_t>(1, linkedPairs));
        QVERIFY2(recall >= 0.95, qPrintable(QString::number(recall)));
        QVERIFY2(precision >= 0.95, qPrintable(QString::number(precision)));
        QVERIFY(conflicts >= 4);
        // Conflicting labels first, then leaks.
        for (size_t i = 1; i < r.groups.size(); ++i)
            QVERIFY(r.groups[i - 1].conflictingLabels >= r.groups[i].conflictingLabels);

        // The same from the command line.
        const auto cli = test::runCli({"duplicates", "-w", workspace.directory(), "--json"});
        QVERIFY2(cli.exitCode == 0, cli.err.c_str());
        const auto j = QJsonDocument::fromJson(QByteArray::fromStdString(cli.out)).object();
        QCOMPARE(j["groups"].toInt(), int(r.groups.size()));
        QCOMPARE(j["conflicting_labels"].toInt(), conflicts);
        QCOMPARE(j["images"].toInt(), 210);
    }

    /** A loose threshold over many near-identical shots matches every pair (8 million of
        4,000 images): the search keeps a few rows' matches at a time, not all of them. */
    void everyPairMatchingStaysInBoundedMemory()
    {
        std::mt19937_64 random(5);
        core::HashedImage shot;
        shot.hash = shot.mirrored = random();
        for (auto &v : shot.thumbnail)
            v = int8_t(int(random() % 200) - 100);
        std::vector<core::HashedImage> images(4000, shot);
        for (size_t i = 0; i < images.size(); ++i)
            images[i].imageId = int64_t(i + 1);
        std::ofstream("/proc/self/clear_refs") << "5"; // resets the peak (VmHWM) to now
        const int64_t before = statusBytes("VmRSS");
        if (statusBytes("VmHWM") > before + (8 << 20))
            QSKIP("this kernel does not reset the peak memory (/proc/self/clear_refs)");
        const auto groups = core::groupDuplicates(images, 64, -1.0);
        const int64_t extra = statusBytes("VmHWM") - before;
        QCOMPARE(groups.size(), size_t(1));
        QCOMPARE(groups[0].members.size(), images.size());
        QVERIFY2(extra < (64 << 20), qPrintable(QString("%1 MB").arg(extra >> 20))); // was 306
    }

    void featureLinksGroupWhatHashesMiss()
    {
        // 40 photos whose hashes and thumbnails are all unrelated; a model's features say
        // 0-1, 2-3, ... 8-9 are the same item (a crop, another shot). Hashes alone group
        // nothing; with the feature links, exactly those five pairs, flagged as such.
        std::mt19937_64 random(11);
        std::vector<core::HashedImage> images(40);
        for (size_t i = 0; i < images.size(); ++i) {
            images[i].imageId = int64_t(i + 1);
            images[i].hash = random();
            images[i].mirrored = random();
            for (auto &v : images[i].thumbnail)
                v = int8_t(int(random() % 200) - 100);
            images[i].label = int(i % 3);
            images[i].split = i % 2 ? core::Split::Test : core::Split::Train;
        }
        QVERIFY(core::groupDuplicates(images, 8).empty());
        core::FeatureLinks links;
        for (size_t i = 0; i < 10; i += 2)
            links.pairs.push_back({i, i + 1});
        links.pairs.push_back({20, 30}); // a candidate the similarity then refuses
        links.similarity = [](size_t a, size_t b) {
            return a < 10 && b == a + 1 && a % 2 == 0 ? 0.99 : 0.5;
        };
        links.minSimilarity = 0.98;
        const auto groups = core::groupDuplicates(images, 8, 0.99, nullptr, &links);
        QCOMPARE(groups.size(), size_t(5));
        for (const auto &g : groups) {
            QCOMPARE(g.members.size(), size_t(2));
            QCOMPARE(g.members[1], g.members[0] + 1);
            QVERIFY(g.members[0] % 2 == 0 && g.members[0] < 10);
            QVERIFY(g.byFeatures);
            QVERIFY(g.crossSplit);        // even in train, odd in test: a leak
            QVERIFY(g.conflictingLabels); // labels i % 3 differ for neighbours
        }
    }
};

QTEST_GUILESS_MAIN(TestDuplicates)
#include "test_duplicates.moc"
