#include "testdata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <future>

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
        QCOMPARE(classes[0].toObject()["display_name"].toString(), QString("Ankle boot"));

        // Names people read, kept apart from the folders.
        r = test::runCli(
            {"classes", "--workspace", d + "/ws", "--set", "T-shirt_top=T-shirt/top", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        const auto named = parse(r.out)["classes"].toArray();
        QCOMPARE(named[1].toObject()["folder"].toString(), QString("T-shirt_top"));
        QCOMPARE(named[1].toObject()["display"].toString(), QString("T-shirt/top"));
        r = test::runCli({"classes", "--workspace", d + "/ws", "--set", "Sandal=Sandals"});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.find("no class \"Sandal\"") != std::string::npos, r.err.c_str());
    }

    void badInputGivesOneClearLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no workspace")
            << QStringList{"info", "--workspace", "/nonexistent/ws"} << "not a photocat workspace";
        QTest::newRow("unknown option") << QStringList{"info", "--frobnicate"} << "frobnicate";
        QTest::newRow("no command") << QStringList{} << "subcommand";
        QTest::newRow("missing source")
            << QStringList{"import", "/nonexistent/src", "-w", "WS"} << "no such file or folder";
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
        // Every subcommand the top-level help lists (none may be missing from it), each with
        // its own help that names its options.
        const auto top = test::runCli({"--help"});
        QCOMPARE(top.exitCode, 0);
        const QString text = QString::fromStdString(top.out);
        const int at = text.indexOf(QLatin1String("Subcommands:"));
        QVERIFY(at >= 0);
        QStringList listed;
        for (const QString &line : text.mid(at).split(QLatin1Char('\n')).mid(1)) {
            const QString name = line.trimmed().section(QLatin1Char(' '), 0, 0);
            if (line.startsWith(QLatin1String("  ")) && !name.isEmpty())
                listed << name;
        }
        const QStringList expected = {"import-idx", "import",       "info",   "train",
                                      "probe",      "label-issues", "eval",   "predict",
                                      "weights",    "export",       "launch", "calibrate"};
        for (const QString &command : expected)
            QVERIFY2(listed.contains(command), qPrintable(command + " is not in --help"));
        // All at once: each process loads LibTorch, which is most of its time.
        std::vector<std::future<test::CliResult>> helps;
        for (const QString &command : listed)
            helps.push_back(std::async(std::launch::async, [command] {
                return test::runCli({command.toStdString(), "--help"});
            }));
        for (int i = 0; i < listed.size(); ++i) {
            const QString &command = listed[i];
            const auto r = helps[size_t(i)].get();
            QVERIFY2(r.exitCode == 0, qPrintable(command + ": " + QString::fromStdString(r.err)));
            const QString help = QString::fromStdString(r.out);
            QVERIFY2(help.contains(QLatin1String("Usage:")) &&
                         help.contains(QLatin1String("Options:")),
                     qPrintable(command + ": " + help));
            // launch passes its command's options (train --json) through.
            QVERIFY2(command == QLatin1String("launch") || help.contains(QLatin1String("--json")),
                     qPrintable(command + " has no --json"));
        }
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
