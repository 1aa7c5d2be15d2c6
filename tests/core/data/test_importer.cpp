#include "data/importer.h"
#include "store/summary.h"
#include "testdata.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <thread>

namespace fs = std::filesystem;
using namespace photocat;

namespace {

std::string reasonFor(const core::ImportReport &r, const std::string &pathSuffix)
{
    for (const auto &s : r.skipped)
        if (s.path.size() >= pathSuffix.size() &&
            s.path.compare(s.path.size() - pathSuffix.size(), pathSuffix.size(), pathSuffix) == 0)
            return s.reason;
    return {};
}

std::map<std::string, int> splitsByPath(core::Workspace &w)
{
    std::map<std::string, int> out;
    for (const auto &img : w.images())
        out[fs::path(img.path).filename().string() +
            fs::path(img.path).parent_path().filename().string()] = int(img.split);
    return out;
}

} // namespace

class TestImporter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void folderImportHandlesAwkwardFiles()
    {
        QTemporaryDir dir;
        const std::string src = dir.filePath("src").toStdString();
        test::makeDataset(src, 3, 10, 16);
        std::vector<uint8_t> px(32 * 32 * 4, 200);
        test::writeImage(src + "/c0/rgba.png", px, 32, 32, 4);
        test::writeImage(src + "/c1/deep.png", px, 32, 32, 3, 16);
        test::writeImage(src + "/c2/zażółć-ñ.png", px, 32, 32, 1);
        test::writeJpegWithOrientation(src + "/c2/rotated.jpg", 40, 10, 8);
        test::writeFile(src + "/c0/empty.png", "");
        test::writeFile(src + "/c0/notes.png", "not an image");
        const std::string full = test::readFile(src + "/c1/img-0.png");
        test::writeFile(src + "/c1/cut.png", full.substr(0, full.size() / 2));
        fs::create_symlink(src + "/gone.png", src + "/c1/dangling.png");
        test::writeFile(src + "/c0/.DS_Store", "junk");
        test::writeFile(src + "/c0/Thumbs.db", "junk");
        test::writeFile(src + "/.hidden/x.png", "junk");

        core::Workspace w(dir.filePath("ws").toStdString(), true);
        core::ImportOptions o;
        o.source = src;
        const auto r = core::importDataset(w, o);
        QCOMPARE(r.added, size_t(30 + 4));
        QCOMPARE(r.skipped.size(), size_t(4));
        QVERIFY(reasonFor(r, "c0/empty.png").find("empty file") != std::string::npos);
        QVERIFY(reasonFor(r, "c0/notes.png").find("not an image") != std::string::npos);
        QVERIFY(reasonFor(r, "c1/cut.png").find("truncated") != std::string::npos);
        QVERIFY(reasonFor(r, "c1/dangling.png").find("broken symbolic link") != std::string::npos);

        QCOMPARE(w.classNames(), (std::vector<std::string>{"c0", "c1", "c2"}));
        std::map<std::string, core::ImageRecord> byName;
        for (auto &img : w.images())
            byName[fs::path(img.path).filename().string()] = img;
        QCOMPARE(byName["rgba.png"].channels, 4);
        QCOMPARE(byName["deep.png"].bitDepth, 16);
        QCOMPARE(byName["zażółć-ñ.png"].label, 2);
        QCOMPARE(byName["rotated.jpg"].width, 10);
        QCOMPARE(byName["rotated.jpg"].height, 40);
        // The skipped files are remembered for `info`.
        QCOMPARE(w.skippedFiles().size(), size_t(4));
    }

    void splitIsDeterministicAndStratified()
    {
        QTemporaryDir dir;
        const std::string src = dir.filePath("src").toStdString();
        test::makeDataset(src, 4, 50, 8);
        std::map<std::string, int> first;
        for (int run = 0; run < 3; ++run) {
            core::Workspace w(dir.filePath("ws" + QString::number(run)).toStdString(), true);
            core::ImportOptions o;
            o.source = src;
            o.seed = run < 2 ? 7 : 8;
            core::importDataset(w, o);
            const auto s = core::summarize(w);
            for (const auto &c : s.counts) {
                QCOMPARE(c[0], int64_t(40));
                QCOMPARE(c[1], int64_t(5));
                QCOMPARE(c[2], int64_t(5));
            }
            const auto splits = splitsByPath(w);
            if (run == 0)
                first = splits;
            else if (run == 1)
                QCOMPARE(splits, first); // same seed, same split
            else
                QVERIFY(splits != first); // another seed, another split
        }
    }

    void splitFoldersAreHonouredAndValidationCarved()
    {
        QTemporaryDir dir;
        const std::string src = dir.filePath("src").toStdString();
        test::makeDataset(src + "/train", 2, 20, 8);
        test::makeDataset(src + "/test", 2, 5, 8);
        // A photo directly in test/ (Kaggle's unlabeled test set): not a class named "test".
        test::writeImage(src + "/test/flat.png", std::vector<uint8_t>(64, 7), 8, 8, 1);
        core::Workspace w(dir.filePath("ws").toStdString(), true);
        core::ImportOptions o;
        o.source = src;
        core::importDataset(w, o);
        const auto s = core::summarize(w);
        QCOMPARE(s.classes, (std::vector<std::string>{"c0", "c1"}));
        for (const auto &image : w.images())
            if (image.path == src + "/test/flat.png") {
                QCOMPARE(image.label, -1);
                QCOMPARE(int(image.split), int(core::Split::Test));
            }
        for (const auto &c : s.counts) {
            QCOMPARE(c[0], int64_t(18));
            QCOMPARE(c[1], int64_t(2));
            QCOMPARE(c[2], int64_t(5));
        }
    }

    void reimportIsIncremental()
    {
        QTemporaryDir dir;
        const std::string src = dir.filePath("src").toStdString();
        test::makeDataset(src, 2, 10, 8);
        core::Workspace w(dir.filePath("ws").toStdString(), true);
        core::ImportOptions o;
        o.source = src;
        core::importDataset(w, o);
        const auto img = w.images().front();
        const int other = img.label == 0 ? 1 : 0;
        w.relabel(img.id, other, "review");

        auto r = core::importDataset(w, o);
        QCOMPARE(r.unchanged, size_t(20));
        QCOMPARE(r.added + r.updated + r.missing, size_t(0));

        const std::string stash = dir.filePath("stash.png").toStdString();
        fs::rename(src + "/c0/img-3.png", stash);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        test::writeImage(src + "/c1/img-4.png", std::vector<uint8_t>(12 * 9, 5), 12, 9, 1);
        test::writeImage(src + "/c1/new.png", std::vector<uint8_t>(64, 5), 8, 8, 1);
        r = core::importDataset(w, o);
        QCOMPARE(r.unchanged, size_t(18));
        QCOMPARE(r.updated, size_t(1));
        QCOMPARE(r.added, size_t(1));
        QCOMPARE(r.missing, size_t(1));
        QCOMPARE(w.imageCount({std::nullopt, std::nullopt, core::ImageStatus::Missing}),
                 int64_t(1));
        QCOMPARE(w.imageCount(), int64_t(20));
        for (const auto &i : w.images())
            if (i.path == src + "/c1/img-4.png")
                QCOMPARE(i.width, 12);
        // A relabel made in the app survives re-import.
        QCOMPARE(w.image(img.id)->label, other);

        // The file comes back: the image is restored with its history.
        fs::rename(stash, src + "/c0/img-3.png");
        r = core::importDataset(w, o);
        QCOMPARE(r.restored, size_t(1));
        QCOMPARE(r.updated, size_t(0));
        QCOMPARE(w.imageCount(), int64_t(21));

        // The folder named with a trailing slash, as the README and tab completion write it:
        // a vanished file is still found missing.
        fs::rename(src + "/c0/img-3.png", stash);
        o.source = src + "/";
        r = core::importDataset(w, o);
        QCOMPARE(r.missing, size_t(1));
        fs::rename(stash, src + "/c0/img-3.png");
        r = core::importDataset(w, o);
        QCOMPARE(r.restored, size_t(1));

        // An excluded photo stays excluded when its file changes, or vanishes and comes back.
        const auto excluded = w.images().back();
        w.setStatus(excluded.id, core::ImageStatus::Excluded, "review");
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        test::writeImage(excluded.path, std::vector<uint8_t>(10 * 10, 9), 10, 10, 1);
        r = core::importDataset(w, o);
        QCOMPARE(r.updated, size_t(1));
        QCOMPARE(int(w.image(excluded.id)->status), int(core::ImageStatus::Excluded));
        fs::rename(excluded.path, stash);
        core::importDataset(w, o);
        fs::rename(stash, excluded.path);
        core::importDataset(w, o);
        QCOMPARE(int(w.image(excluded.id)->status), int(core::ImageStatus::Excluded));
    }

    void lstImportWithClassMap()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        test::makeDataset(root + "/imgs", 2, 4, 8);
        test::writeFile(root + "/classes.txt", "Bike\nCar\n");
        std::string lst;
        for (int c = 0; c < 2; ++c)
            for (int i = 0; i < 4; ++i)
                lst += std::to_string(c * 4 + i) + "\t" + std::to_string(c) + ".000000\timgs/c" +
                       std::to_string(c) + "/img-" + std::to_string(i) + ".png\n";
        lst += "garbage line\n";
        lst += "9\t1.0\timgs/none.png\n";
        test::writeFile(root + "/data.lst", lst);
        core::Workspace w(root + "/ws", true);
        core::ImportOptions o;
        o.source = root + "/data.lst";
        o.classMap = root + "/classes.txt";
        const auto r = core::importDataset(w, o);
        QCOMPARE(r.added, size_t(8));
        QCOMPARE(r.skipped.size(), size_t(2));
        QVERIFY(reasonFor(r, "data.lst:9").find("malformed") != std::string::npos);
        QVERIFY(reasonFor(r, "none.png").find("cannot read") != std::string::npos);
        QCOMPARE(w.classNames(), (std::vector<std::string>{"Bike", "Car"}));
        QCOMPARE(w.imageCount({0}), int64_t(4));

        // im2rec's PREFIX_test.lst: its photos are the test split, not split again.
        test::makeDataset(root + "/more", 2, 3, 8);
        std::string testLst;
        for (int c = 0; c < 2; ++c)
            for (int i = 0; i < 3; ++i)
                testLst += std::to_string(c * 3 + i) + "\t" + std::to_string(c) + "\tmore/c" +
                           std::to_string(c) + "/img-" + std::to_string(i) + ".png\n";
        test::writeFile(root + "/data_test.lst", testLst);
        o.source = root + "/data_test.lst";
        QCOMPARE(core::importDataset(w, o).added, size_t(6));
        int fromTestList = 0;
        for (const auto &image : w.images())
            if (image.path.find("/more/") != std::string::npos) {
                QCOMPARE(int(image.split), int(core::Split::Test));
                ++fromTestList;
            }
        QCOMPARE(fromTestList, 6);
    }

    void lstClassesFollowLabelOrderNotLineOrder()
    {
        // im2rec shuffles its lists: without --classes, label 2 coming first must not become
        // class 0 (export-rec would write it back as 0).
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        test::makeDataset(root + "/imgs", 3, 2, 8);
        std::string lst;
        int index = 0;
        for (int c : {2, 0, 1})
            for (int i = 0; i < 2; ++i)
                lst += std::to_string(index++) + "\t" + std::to_string(c) + "\timgs/c" +
                       std::to_string(c) + "/img-" + std::to_string(i) + ".png\n";
        test::writeFile(root + "/shuffled.lst", lst);
        core::Workspace w(root + "/ws", true);
        core::ImportOptions o;
        o.source = root + "/shuffled.lst";
        QCOMPARE(core::importDataset(w, o).added, size_t(6));
        QCOMPARE(w.classNames(), (std::vector<std::string>{"0", "1", "2"}));
        for (const auto &image : w.images())
            QCOMPARE(image.path.find("/c" + std::to_string(image.label) + "/") != std::string::npos,
                     true);
    }

    void hostileClassMapsAndLabelsAreRefused_data()
    {
        QTest::addColumn<QString>("classMap");
        QTest::addColumn<QString>("lstLabel");
        QTest::addColumn<QString>("expected"); // in the error, or in the skipped line's reason
        QTest::newRow("id past 2^64") << "18446744073709551615\tevil\n"
                                      << "0"
                                      << "out of range";
        QTest::newRow("id wider than stoul") << "99999999999999999999999\tx\n"
                                             << "0"
                                             << "out of range";
        QTest::newRow("3 million classes from 13 bytes") << "3000000\tx\n"
                                                         << "0"
                                                         << "out of range";
        QTest::newRow("a sea of gaps") << "0\ta\n90000\tb\n"
                                       << "0"
                                       << "gap of unnamed classes";
        QTest::newRow("13 bytes naming 50,000 classes") << "50000\tx\n"
                                                        << "0"
                                                        << "gap of unnamed classes";
        QTest::newRow("lst label 1e300") << "Bike\nCar\n"
                                         << "1e300"
                                         << "not a class index";
        QTest::newRow("lst label -0.5") << "Bike\nCar\n"
                                        << "-0.5"
                                        << "not a class index";
        QTest::newRow("lst label nan") << "Bike\nCar\n"
                                       << "nan"
                                       << "not a class index";
    }

    void hostileClassMapsAndLabelsAreRefused()
    {
        QFETCH(QString, classMap);
        QFETCH(QString, lstLabel);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        test::makeDataset(root + "/imgs", 1, 1, 8);
        test::writeFile(root + "/classes.txt", classMap.toStdString());
        test::writeFile(root + "/data.lst",
                        "0\t" + lstLabel.toStdString() + "\timgs/c0/img-0.png\n");
        core::Workspace w(root + "/ws", true);
        core::ImportOptions o;
        o.source = root + "/data.lst";
        o.classMap = root + "/classes.txt";
        try {
            const auto r = core::importDataset(w, o);
            QCOMPARE(r.added, size_t(0));
            QVERIFY2(reasonFor(r, "data.lst:1").find(expected.toStdString()) != std::string::npos,
                     reasonFor(r, "data.lst:1").c_str());
        } catch (const std::runtime_error &e) {
            QVERIFY2(QString(e.what()).contains(expected) &&
                         QString(e.what()).contains("classes.txt"),
                     e.what());
        }
        QVERIFY(w.classNames().size() < 10);
    }

    void listsTakeOnlyTheirOwnFolder()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        test::makeDataset(root + "/list/imgs", 1, 2, 8);
        test::makeDataset(root + "/elsewhere", 1, 1, 8);
        fs::create_symlink(root + "/elsewhere/c0/img-0.png", root + "/list/imgs/link.png");
        // A record of a .rec file elsewhere, named through a link inside: the locator itself
        // names no file, its .rec does.
        test::writeFile(root + "/elsewhere/x.rec", std::string(64, '\0'));
        fs::create_symlink(root + "/elsewhere/x.rec", root + "/list/imgs/link.rec");
        // ... and a link whose own name reads as a locator.
        fs::create_symlink(root + "/elsewhere/c0/img-0.png", root + "/list/imgs/x#0+1");
        test::writeFile(root + "/list/data.csv", "path,label\n"
                                                 "imgs/c0/img-0.png,a\n"
                                                 "../elsewhere/c0/img-0.png,b\n" +
                                                     root +
                                                     "/elsewhere/c0/img-0.png,c\n"
                                                     "imgs/link.png,d\n"
                                                     "/proc/self/environ,e\n"
                                                     "imgs/link.rec#0+64,f\n"
                                                     "imgs/x#0+1,g\n");
        {
            core::Workspace w(root + "/ws", true);
            core::ImportOptions o;
            o.source = root + "/list/data.csv";
            const auto r = core::importDataset(w, o);
            QCOMPARE(r.added, size_t(1));
            for (const char *line : {"data.csv:3", "data.csv:4", "data.csv:5", "data.csv:6",
                                     "data.csv:7", "data.csv:8"})
                QVERIFY2(reasonFor(r, line).find("outside the list's folder") != std::string::npos,
                         (std::string(line) + ": " + reasonFor(r, line)).c_str());
            for (const auto &img : w.images())
                QVERIFY(img.path.find("/list/") != std::string::npos);
        }
        {
            // Asked for: outside files are taken, and /proc is still never read as an image.
            core::Workspace w(root + "/ws2", true);
            core::ImportOptions o;
            o.source = root + "/list/data.csv";
            o.allowOutside = true;
            const auto r = core::importDataset(w, o);
            // The in-folder file, ../elsewhere (= /elsewhere), link.png, and x#0+1, a file (the
            // photo it links to); link.rec's record is no image.
            QCOMPARE(r.added, size_t(4));
            QVERIFY2(reasonFor(r, "/proc/self/environ").find("not a regular file") !=
                         std::string::npos,
                     reasonFor(r, "/proc/self/environ").c_str());
        }
    }

    void specialFilesAreNeverOpened()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        test::makeDataset(root + "/imgs", 1, 1, 8);
        QCOMPARE(::mkfifo((root + "/imgs/c0/pipe.png").c_str(), 0644), 0);
        test::writeFile(root + "/data.csv", "imgs/c0/pipe.png,a\nimgs/c0/img-0.png,a\n");
        core::Workspace w(root + "/ws", true);
        core::ImportOptions o;
        o.source = root + "/data.csv";
        QElapsedTimer t;
        t.start();
        const auto r = core::importDataset(w, o); // a blocking open of the FIFO would hang here
        QVERIFY(t.elapsed() < 5000);
        QCOMPARE(r.added, size_t(1));
        QVERIFY2(reasonFor(r, "pipe.png").find("not a regular file") != std::string::npos,
                 reasonFor(r, "pipe.png").c_str());
    }

    void overlongLinesEndTheImportUnread()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        test::makeDataset(root + "/imgs", 1, 1, 8);
        test::writeFile(root + "/data.csv", "imgs/c0/img-0.png,a\nimgs/c0/img-0.png," +
                                                std::string(200000, 'x') + "\n");
        core::Workspace w(root + "/ws", true);
        core::ImportOptions o;
        o.source = root + "/data.csv";
        try {
            core::importDataset(w, o);
            QFAIL("a 200 KB line was taken");
        } catch (const std::runtime_error &e) {
            QVERIFY2(QString(e.what()).contains("data.csv:2: line longer than 64 KB"), e.what());
        }
        QCOMPARE(w.images().size(), size_t(0)); // nothing half-imported
    }

    void folderErrorsAreReportedAndTheWalkGoesOn()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString() + "/data";
        test::makeDataset(root, 3, 2, 8); // c0, c1, c2
        // A chain of folders whose full path passes PATH_MAX: listing it fails with "File name
        // too long", made relative to each parent as a user's deep tree would be.
        std::string deep = root + "/c1/deep";
        fs::create_directories(deep);
        int fd = ::open(deep.c_str(), O_DIRECTORY | O_RDONLY);
        QVERIFY(fd >= 0);
        const std::string name(200, 'd');
        for (int i = 0; i < 24; ++i) {
            QCOMPARE(::mkdirat(fd, name.c_str(), 0755), 0);
            const int next = ::openat(fd, name.c_str(), O_DIRECTORY | O_RDONLY);
            ::close(fd);
            fd = next;
            QVERIFY(fd >= 0);
        }
        ::close(fd);
        core::Workspace w(root + "-ws", true);
        core::ImportOptions o;
        o.source = root;
        const auto r = core::importDataset(w, o);
        QCOMPARE(r.added, size_t(6)); // every image of every class, before and after the error
        bool reported = false;
        for (const auto &s : r.skipped)
            reported = reported || s.reason.find("too long") != std::string::npos;
        QVERIFY2(reported, r.skipped.empty() ? "nothing skipped" : r.skipped[0].reason.c_str());
    }

    void imagesOverMaxPixelsAreSkipped()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        test::makeDataset(root + "/imgs", 2, 2, 16);
        core::Workspace w(root + "/ws", true);
        core::ImportOptions o;
        o.source = root + "/imgs";
        o.maxPixels = 255;
        const auto r = core::importDataset(w, o);
        QCOMPARE(r.added, size_t(0));
        QVERIFY2(reasonFor(r, "img-0.png").find("image too large (16×16") != std::string::npos,
                 reasonFor(r, "img-0.png").c_str());
        o.maxPixels = 256;
        QCOMPARE(core::importDataset(w, o).added, size_t(4));
    }

    void csvImportWithQuotesAndSplits()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        test::makeDataset(root + "/imgs", 2, 3, 8);
        test::writeFile(root + "/labels.csv", "path,label,split\n"
                                              "imgs/c0/img-0.png,\"Mobile phone\",train\n"
                                              "imgs/c0/img-1.png,\"Mobile phone\",test\n"
                                              "imgs/c1/img-0.png,\"Books, used\",train\n"
                                              "imgs/c1/img-1.png,,\n"
                                              "imgs/c1/img-2.png,Books,sideways\n");
        core::Workspace w(root + "/ws", true);
        core::ImportOptions o;
        o.source = root + "/labels.csv";
        o.valFromTrain = 0;
        const auto r = core::importDataset(w, o);
        QCOMPARE(r.added, size_t(4));
        QCOMPARE(r.skipped.size(), size_t(1));
        QCOMPARE(w.classNames(), (std::vector<std::string>{"Mobile phone", "Books, used"}));
        QCOMPARE(w.imageCount({-1}), int64_t(1)); // the unlabeled one
        QCOMPARE(w.imageCount({0, core::Split::Test}), int64_t(1));
    }

    void cancelLeavesWorkspaceUntouched()
    {
        QTemporaryDir dir;
        const std::string src = dir.filePath("src").toStdString();
        test::makeDataset(src, 2, 10, 8);
        core::Workspace w(dir.filePath("ws").toStdString(), true);
        std::atomic<bool> cancel{true};
        core::ImportOptions o;
        o.source = src;
        o.stop = &cancel;
        const auto r = core::importDataset(w, o);
        QVERIFY(r.cancelled);
        QCOMPARE(w.imageCount(), int64_t(0));
    }

    void badSourceIsAClearError()
    {
        QTemporaryDir dir;
        core::Workspace w(dir.filePath("ws").toStdString(), true);
        core::ImportOptions o;
        o.source = dir.filePath("nope").toStdString();
        try {
            core::importDataset(w, o);
            QFAIL("expected an error");
        } catch (const std::runtime_error &e) {
            QVERIFY(QString(e.what()).contains("no such file or folder"));
        }
    }
};

QTEST_GUILESS_MAIN(TestImporter)
#include "test_importer.moc"
