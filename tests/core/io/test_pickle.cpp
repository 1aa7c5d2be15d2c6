// The torch-free pickle reader: values of the protocols torch.save and pickle.dump write, GLOBAL
// and REDUCE kept as data (never called), and hostile input refused with bounded work. The byte
// strings are what CPython's pickle.dumps writes for the values named in each comment.
#include "io/pickle.h"

#include <QTest>

#include <string>

using namespace photocat::core;
using pickle::Value;

namespace {

std::string fromHex(const char *hex) { return QByteArray::fromHex(hex).toStdString(); }

pickle::ValuePtr parseAll(const std::string &bytes)
{
    size_t offset = 0;
    auto v = pickle::parse(bytes, offset);
    if (offset != bytes.size())
        throw std::runtime_error("trailing bytes");
    return v;
}

void expectRefused(const std::string &bytes, const char *why)
{
    size_t offset = 0;
    try {
        pickle::parse(bytes, offset);
        QFAIL(qPrintable(QStringLiteral("accepted: %1").arg(why)));
    } catch (const std::runtime_error &e) {
        QVERIFY2(QString(e.what()).startsWith(QLatin1String("pickle")), e.what());
    }
}

} // namespace

class TestPickle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void valuesOfProtocols2And4_data()
    {
        QTest::addColumn<QByteArray>("hex");
        // {'a': 1, 'b': [1.5, 'x'], 'c': (True, None), 'd': b'\x00\x01'}
        QTest::newRow("protocol 2") << QByteArray(
            "80027d71002858010000006171014b0158010000006271025d710328473ff80000000000005801"
            "000000787104655801000000637105884e8671065801000000647107635f636f646563730a65"
            "6e636f64650a710858020000000001710958060000006c6174696e31710a86710b52710c752e");
        QTest::newRow("protocol 4") << QByteArray(
            "80049531000000000000007d94288c0161944b018c0162945d9428473ff80000000000008c01"
            "7894658c016394884e86948c0164944302000194752e");
    }

    void valuesOfProtocols2And4()
    {
        QFETCH(QByteArray, hex);
        const auto v = parseAll(fromHex(hex.constData()));
        QCOMPARE(v->kind, Value::Kind::Dict);
        QCOMPARE(v->items.size(), size_t(8));
        QCOMPARE(v->get("a")->integer, int64_t(1));
        const auto b = v->get("b");
        QCOMPARE(b->kind, Value::Kind::List);
        QCOMPARE(b->items[0]->real, 1.5);
        QCOMPARE(b->items[1]->text, std::string("x"));
        const auto c = v->get("c");
        QCOMPARE(c->kind, Value::Kind::Tuple);
        QCOMPARE(c->items[0]->kind, Value::Kind::Bool);
        QCOMPARE(c->items[0]->integer, int64_t(1));
        QCOMPARE(c->items[1]->kind, Value::Kind::None);
        QVERIFY(!v->get("missing"));
        // Protocol 4 stores bytes directly; protocol 2 as _codecs.encode(...): kept as a call.
        const auto d = v->get("d");
        QVERIFY(d->kind == Value::Kind::Bytes ||
                (d->kind == Value::Kind::Object && d->callable->isGlobal("_codecs.encode")));
        if (d->kind == Value::Kind::Bytes)
            QCOMPARE(d->text, std::string("\x00\x01", 2));
    }

    void orderedDictBecomesADict()
    {
        // collections.OrderedDict([('w', 3), ('v', -7)]): what torch.save writes for state_dicts.
        const auto v = parseAll(
            fromHex("800263636f6c6c656374696f6e730a4f726465726564446963740a7100295271012858"
                    "010000007771024b0358010000007671034af9ffffff752e"));
        QCOMPARE(v->kind, Value::Kind::Dict);
        QCOMPARE(v->get("w")->integer, int64_t(3));
        QCOMPARE(v->get("v")->integer, int64_t(-7));
        QCOMPARE(v->items[0]->text, std::string("w")); // order kept
    }

    void reduceIsDataNotACall()
    {
        // An object whose __reduce__ is (os.system, ('touch /tmp/pwned',)): parsed, not run.
        const auto v = parseAll(
            fromHex("800263706f7369780a73797374656d0a71005810000000746f756368202f746d702f70"
                    "776e656471018571025271032e"));
        QCOMPARE(v->kind, Value::Kind::Object);
        QVERIFY(v->callable->isGlobal("posix.system"));
        QCOMPARE(v->args->items.at(0)->text, std::string("touch /tmp/pwned"));
    }

    void integersWideAndNegative()
    {
        const auto big = parseAll(fromHex("80028a090500000000000000402e")); // 2**70 + 5
        QCOMPARE(big->kind, Value::Kind::Int);
        QVERIFY(big->bigInteger);
        const auto neg = parseAll(fromHex("80028a05ece56641e32e")); // -123456789012
        QVERIFY(!neg->bigInteger);
        QCOMPARE(neg->integer, int64_t(-123456789012));
    }

    void memoSharesValues()
    {
        // x = [1, 2]; [x, x]: the second element is a memo reference to the first.
        const auto v = parseAll(fromHex("80025d7100285d7101284b014b02656801652e"));
        QCOMPARE(v->items.size(), size_t(2));
        QCOMPARE(v->items[1]->items.size(), size_t(2));
        QCOMPARE(v->items[1]->items[1]->integer, int64_t(2));
    }

    void setOfProtocol4()
    {
        const auto v =
            parseAll(fromHex("8004950b000000000000008f94284b014b024b03902e")); // {1, 2, 3}
        QCOMPARE(v->kind, Value::Kind::Set);
        QCOMPARE(v->items.size(), size_t(3));
    }

    void offsetAdvancesPastStop()
    {
        // Two pickles back to back, as torch's legacy format stores them.
        const std::string one = fromHex("80024b012e"), two = fromHex("80024b022e");
        const std::string both = one + two;
        size_t offset = 0;
        QCOMPARE(pickle::parse(both, offset)->integer, int64_t(1));
        QCOMPARE(offset, one.size());
        QCOMPARE(pickle::parse(both, offset)->integer, int64_t(2));
        QCOMPARE(offset, both.size());
    }

    void hostileInputIsRefused()
    {
        expectRefused("", "empty input");
        expectRefused(fromHex("80027d71002858010000"), "truncated in a string");
        expectRefused(fromHex("80024b01"), "no STOP");
        // BINUNICODE claiming 2 GiB in a 12-byte input: refused before allocating.
        expectRefused(fromHex("800258ffffff7f61622e"), "string length past the end");
        // BINBYTES8-like huge lengths and an unknown opcode.
        expectRefused(fromHex("8002ff2e"), "unknown opcode");
        // A memo reference that was never stored.
        expectRefused(fromHex("80026805652e"), "memo get of an unset slot");
        // STOP with an empty stack.
        expectRefused(fromHex("80022e"), "STOP on an empty stack");
        // Nesting deeper than 100: 200 EMPTY_LIST + APPEND chains.
        std::string deep = fromHex("8002");
        for (int i = 0; i < 200; ++i)
            deep += ']';
        for (int i = 0; i < 199; ++i)
            deep += 'a';
        deep += '.';
        expectRefused(deep, "nesting over 100");
    }
};

QTEST_GUILESS_MAIN(TestPickle)
#include "test_pickle.moc"
