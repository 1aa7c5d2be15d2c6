#include "testdata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace photocat;

namespace {
QJsonObject parse(const std::string &out)
{
    return QJsonDocument::fromJson(QByteArray::fromStdString(out)).object();
}
} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void importIdxThenImportThenInfo()
    {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        std::vector<uint8_t> px(20 * 28 * 28, 9), y(20);
        for (int i = 0; i < 20; ++i)
            y[size_t(i)] = uint8_t(i % 2 ? 9 : 0);
        test::writeIdx(d + "/img.gz", {20, 28, 28}, px);
        test::writeIdx(d + "/lbl.gz", {20}, y);
        auto r = test::runCli({"import-idx", d + "/img.gz", d + "/lbl.gz", "--out", d + "/data",
                               "--split", "test", "--json"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(parse(r.out)["written"].toInt(), 20);

        r = test::runCli({"import", d + "/data", "--workspace", d + "/ws", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        QCOMPARE(parse(r.out)["added"].toInt(), 20);

        r = test::runCli({"info", "--workspace", d + "/ws", "--json"});
        QCOMPARE(r.exitCode, 0);
        const auto info = parse(r.out);
        const auto classes = info["classes"].toArray();
        QCOMPARE(classes.size(), 2);
        QCOMPARE(classes[0].toObject()["name"].toString(), QString("Ankle_boot"));
        QCOMPARE(classes[0].toObject()["test"].toInt(), 10);
        QCOMPARE(info["width"].toObject()["max"].toInt(), 28);

        r = test::runCli({"info", "--workspace", d + "/ws"});
        QVERIFY(QString::fromStdString(r.out).contains("T-shirt_top"));
    }

    void badInputGivesOneClearLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no workspace") << QStringList{"info", "--workspace", "/nonexistent/ws"}
                                      << "not a photocat workspace";
        QTest::newRow("unknown option") << QStringList{"info", "--frobnicate"} << "frobnicate";
        QTest::newRow("no command") << QStringList{} << "subcommand";
        QTest::newRow("missing source") << QStringList{"import", "/nonexistent/src", "-w", "WS"}
                                        << "no such file or folder";
    }

    void badInputGivesOneClearLine()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QTemporaryDir dir;
        std::vector<std::string> a;
        for (const auto &s : args)
            a.push_back(s == "WS" ? dir.filePath("ws").toStdString() : s.toStdString());
        const auto r = test::runCli(a);
        QVERIFY(r.exitCode != 0);
        const QString err = QString::fromStdString(r.err).trimmed();
        QVERIFY2(err.contains(message), r.err.c_str());
        QCOMPARE(err.count('\n'), 0);
    }

    void everyCommandHasHelp()
    {
        for (const char *command : {"import-idx", "import", "info"}) {
            const auto r = test::runCli({command, "--help"});
            QCOMPARE(r.exitCode, 0);
            QVERIFY(QString::fromStdString(r.out).contains("--json"));
        }
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
