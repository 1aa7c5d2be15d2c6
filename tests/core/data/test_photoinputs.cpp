// The photos named by predict's arguments and by folders dropped on the Classify page.
#include "data/photoinputs.h"
#include "testdata.h"

#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

namespace fs = std::filesystem;
using namespace photocat;

class TestPhotoInputs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void foldersAreWalkedSortedWithoutHiddenEntries()
    {
        QTemporaryDir dir;
        const std::string root = dir.filePath("photos").toStdString();
        fs::create_directories(root + "/b/deep");
        fs::create_directories(root + "/.cache");
        for (const char *f :
             {"/b/deep/3.png", "/a.png", "/b/2.png", "/.hidden.png", "/.cache/x.png"})
            test::writeFile(root + f, "x");
        // A dangling link in the middle of the walk is skipped, not the end of it.
        fs::create_symlink(root + "/gone.png", root + "/b/0-dangling.png");
        const auto files = core::expandPhotoInputs({"/explicit/first.png", root});
        const std::vector<std::string> expected = {"/explicit/first.png", root + "/a.png",
                                                   root + "/b/2.png", root + "/b/deep/3.png"};
        QCOMPARE(files, expected);
    }

    void linkedFoldersAreNotFollowed()
    {
        QTemporaryDir dir, elsewhere;
        test::writeFile(elsewhere.filePath("outside.png").toStdString(), "x");
        const std::string root = dir.filePath("photos").toStdString();
        fs::create_directories(root);
        test::writeFile(root + "/in.png", "x");
        fs::create_directory_symlink(elsewhere.path().toStdString(), root + "/link");
        QCOMPARE(core::expandPhotoInputs({root}), std::vector<std::string>{root + "/in.png"});
    }
};

QTEST_GUILESS_MAIN(TestPhotoInputs)
#include "test_photoinputs.moc"
