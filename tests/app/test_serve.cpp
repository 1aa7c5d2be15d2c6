// photocat-cli serve's engine: the SageMaker contract, photocat's decisions, dynamic batching and
// bad requests, against an in-process server on a free port of 127.0.0.1.
#include "inference/predictor.h"
#include "io/checkpoint.h" // torch::manual_seed
#include "io/weightinfo.h"
#include "serving/server.h"
#include "testdata.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <future>
#include <map>
#include <thread>

using namespace photocat;

class TestServe : public QObject
{
    Q_OBJECT

    QTemporaryDir mDir;
    std::string mCheckpoint, mImage;

    std::string image(const std::string &name, int value)
    {
        const std::string path = mDir.filePath(QString::fromStdString(name)).toStdString();
        std::vector<uint8_t> px(16 * 16);
        for (size_t i = 0; i < px.size(); ++i)
            px[i] = uint8_t((i * value) % 251);
        test::writeImage(path, px, 16, 16, 1);
        return path;
    }

    /** A server on a free port, run on its own thread until the object goes. */
    struct Running
    {
        core::Server server;
        int port;
        std::thread thread;
        explicit Running(const core::ServeOptions &o)
            : server(o), port(server.bind()), thread([this] { server.run(); })
        {}
        ~Running()
        {
            server.stop();
            thread.join();
        }
        httplib::Client client() const
        {
            httplib::Client c("127.0.0.1", port);
            c.set_read_timeout(30, 0);
            return c;
        }
    };

    /** A checkpoint of the test model (3 classes, gray) for inputs of the given side. */
    std::string writeCheckpoint(const QString &name, int size)
    {
        const std::string path = mDir.filePath(name).toStdString();
        test::writeUntrainedCheckpoint(path, size);
        return path;
    }

    /** photocat-cli serve's OpenMP wait policy once it answers, and its exit code after SIGTERM.
        extra: environment to add ("" for a clean one). */
    static std::pair<QString, int> servedPolicy(const std::string &checkpoint, const QString &extra)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove("OMP_WAIT_POLICY");
        env.remove("GOMP_SPINCOUNT");
        if (!extra.isEmpty())
            env.insert(extra.section('=', 0, 0), extra.section('=', 1));
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(qEnvironmentVariable("PHOTOCAT_CLI"),
                {"serve", "-c", QString::fromStdString(checkpoint), "--port", "0"});
        if (!p.waitForStarted())
            return {"not started", -1};
        QString out;
        QElapsedTimer timer;
        timer.start();
        while (!out.contains("serving ") && timer.elapsed() < 30000 &&
               p.state() == QProcess::Running) {
            p.waitForReadyRead(100);
            out += QString::fromUtf8(p.readAllStandardOutput());
        }
        // The same process after a re-exec: its environment says which policy it runs with.
        QFile environ(QString("/proc/%1/environ").arg(p.processId()));
        QString policy = "none";
        if (environ.open(QIODevice::ReadOnly))
            for (const QByteArray &v : environ.readAll().split('\0'))
                if (v.startsWith("OMP_WAIT_POLICY="))
                    policy = QString::fromUtf8(v.mid(16));
        p.terminate(); // SIGTERM: drains, exits 0
        if (!p.waitForFinished(30000))
            p.kill();
        return {out.contains("serving ") ? policy : "never served: " + out, p.exitCode()};
    }

    core::ServeOptions options() const
    {
        core::ServeOptions o;
        o.checkpoint = mCheckpoint;
        o.port = 0;
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(mDir.isValid());
        torch::manual_seed(3);
        mCheckpoint = writeCheckpoint("best.pt", 16);
        mImage = image("a.png", 7);
    }

    void sageMakerContract()
    {
        Running s(options());
        auto c = s.client();
        auto ping = c.Get("/ping");
        QVERIFY(ping);
        QCOMPARE(ping->status, 200);
        const std::string body = test::readFile(mImage);
        auto r = c.Post("/invocations", body, "image/png");
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        // A bare array of probabilities in class order: what predict computes for the file.
        const auto probs = nlohmann::json::parse(r->body).get<std::vector<float>>();
        core::Predictor predictor(mCheckpoint, "cpu");
        const auto want = predictor.probabilities(mImage);
        QCOMPARE(probs.size(), size_t(3));
        for (size_t i = 0; i < probs.size(); ++i)
            QVERIFY2(std::abs(probs[i] - want[i]) < 1e-6, qPrintable(QString::number(i)));
        // application/x-image, and the jsonlines answer.
        auto lines = c.Post("/invocations", {{"Accept", "application/jsonlines"}}, body,
                            "application/x-image");
        QVERIFY(lines && lines->status == 200);
        QVERIFY(nlohmann::json::parse(lines->body).at("prediction").get<std::vector<float>>() ==
                probs);
        auto params = c.Get("/execution-parameters");
        QVERIFY(params && params->status == 200);
        QCOMPARE(nlohmann::json::parse(params->body).at("MaxPayloadInMB").get<int>(), 6);
    }

    void classifyAnswersWithTheDecision()
    {
        Running s(options());
        auto c = s.client();
        const std::string body = test::readFile(mImage);
        auto r = c.Post("/v1/classify", body, "image/png");
        QVERIFY(r && r->status == 200);
        const auto j = nlohmann::json::parse(r->body);
        core::Predictor predictor(mCheckpoint, "cpu");
        const auto want = core::decide(predictor.probabilities(mImage), {});
        QCOMPARE(j.at("decision").get<std::string>(),
                 std::string(core::decisionName(want.decision)));
        QCOMPARE(j.at("categories").size(), want.categories.size());
        QCOMPARE(j.at("top").size(), size_t(3));
        const std::string best = j.at("top")[0].at("class");
        QVERIFY(best == "shoe" || best == "bag" || best == "shirt");
        // A browser's multipart upload gets the same answer.
        // A browser's multipart upload gets the same answer, whatever other fields its form
        // has ("a" sorts before "photo").
        httplib::MultipartFormDataItems items = {{"a", "1", "", ""},
                                                 {"photo", body, "a.png", "image/png"}};
        auto multipart = c.Post("/v1/classify", items);
        QVERIFY(multipart && multipart->status == 200);
        QVERIFY(nlohmann::json::parse(multipart->body).at("top") == j.at("top"));
        auto model = c.Get("/v1/model");
        QVERIFY(model && model->status == 200);
        const auto info = nlohmann::json::parse(model->body);
        QCOMPARE(info.at("classes").size(), size_t(3));
        QCOMPARE(info.at("preprocessing").at("size").get<int>(), 16);
        QVERIFY(info.at("thresholds").at("auto").get<double>() == 0.9);
        QVERIFY(info.at("training").is_object()); // this test's checkpoint has no run
        QCOMPARE(info.at("precision").get<std::string>(), std::string("fp32"));

        // --precision bf16: said in /v1/model, and every category's probability stays close.
        auto o = options();
        o.precision = "bf16";
        Running half(o);
        const auto info16 = nlohmann::json::parse(half.client().Get("/v1/model")->body);
        QCOMPARE(info16.at("precision").get<std::string>(), std::string("bf16"));
        auto answer = half.client().Post("/v1/classify", body, "image/png");
        QVERIFY(answer && answer->status == 200);
        std::map<std::string, double> fp32;
        for (const auto &t : j.at("top"))
            fp32[t.at("class")] = t.at("probability");
        const auto top16 = nlohmann::json::parse(answer->body).at("top");
        QCOMPARE(top16.size(), fp32.size());
        for (const auto &t : top16)
            QVERIFY(std::abs(t.at("probability").get<double>() - fp32.at(t.at("class"))) < 0.05);
    }

    void badRequestsNeverReachTheModel_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("status");
        QTest::newRow("wrong content type") << "text" << 415;
        QTest::newRow("garbage bytes") << "garbage" << 400;
        QTest::newRow("zero bytes") << "empty" << 400;
        QTest::newRow("truncated png") << "truncated" << 400;
        QTest::newRow("decompression bomb header") << "bomb" << 400;
        QTest::newRow("body over the limit") << "large" << 413;
    }

    void badRequestsNeverReachTheModel()
    {
        QFETCH(QString, kind);
        QFETCH(int, status);
        Running s(options());
        auto c = s.client();
        std::string body = test::readFile(mImage), type = "image/png";
        if (kind == "text")
            type = "text/plain";
        else if (kind == "garbage")
            body = std::string(1000, '\x5a');
        else if (kind == "empty")
            body.clear();
        else if (kind == "truncated")
            body.resize(body.size() / 2);
        else if (kind == "bomb")
            for (int i = 0; i < 4; ++i) // IHDR: 60000 x 60000
                body[size_t(16 + i)] = body[size_t(20 + i)] = char(60000u >> (24 - 8 * i));
        else if (kind == "large")
            body = std::string(7 << 20, '\0');
        auto r = c.Post("/invocations", body, type.c_str());
        QVERIFY(r);
        QCOMPARE(r->status, status);
        QVERIFY2(nlohmann::json::parse(r->body).contains("error"), r->body.c_str());
        // The server still answers.
        auto ok = c.Post("/invocations", test::readFile(mImage), "image/png");
        QVERIFY(ok && ok->status == 200);
    }

    void aPortInUseIsRefused()
    {
        Running first(options());
        core::ServeOptions o = options();
        o.port = first.port;
        core::Server second(o);
        try {
            second.bind();
            QFAIL("a second server bound the port in use (SO_REUSEPORT would share it)");
        } catch (const std::runtime_error &e) {
            QVERIFY2(std::string(e.what()).find("cannot listen") != std::string::npos, e.what());
        }
    }

    void aStopBeforeTheServerListensIsNotLost()
    {
        // A server thread that is slow to start (a busy machine) must still stop: a stop that
        // came first was lost, and the test's join hung until ctest killed it.
        core::Server server(options());
        server.bind();
        auto running = std::async(std::launch::async, [&server] {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            server.run();
        });
        server.stop();
        QVERIFY(running.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    }

    /** Sends request as it is on a new connection: the first answer's bytes, and seconds. */
    /** A TCP connection to 127.0.0.1:port; -1 when refused. */
    static int connectTo(int port)
    {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(uint16_t(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0)
            return fd;
        ::close(fd);
        return -1;
    }

    static std::pair<std::string, double> exchange(int port, const std::string &request)
    {
        const auto start = std::chrono::steady_clock::now();
        const int fd = connectTo(port);
        std::string answer;
        if (fd >= 0 && ::send(fd, request.data(), request.size(), 0) == ssize_t(request.size())) {
            // The head, then as much body as it announces (they may come in separate writes).
            timeval wait{10, 0};
            ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
            char buffer[4096];
            for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) {
                answer.append(buffer, size_t(n));
                const size_t head = answer.find("\r\n\r\n");
                const size_t field = answer.find("Content-Length: ");
                if (head == std::string::npos || field > head)
                    continue;
                const size_t end = head + 4 + std::stoull(answer.substr(field + 16));
                if (answer.size() >= end) {
                    answer.resize(end); // the first answer only
                    break;
                }
            }
        }
        if (fd >= 0)
            ::close(fd);
        return {answer,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
    }

    void oversizeAndStalledBodiesAnswerQuickly()
    {
        core::ServeOptions o = options();
        o.readTimeoutSeconds = 1;
        Running s(o);
        auto exchange = [&](const std::string &request) {
            return TestServe::exchange(s.port, request);
        };
        // 7 MiB announced with Expect: 100-continue (curl's way for large uploads): 413 from
        // the headers alone, at once, before a byte of the body is sent.
        const auto [oversize, oversizeSeconds] =
            exchange("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
                     "Expect: 100-continue\r\nContent-Length: 7340032\r\n\r\n");
        QVERIFY2(oversize.rfind("HTTP/1.1 413", 0) == 0, oversize.c_str());
        QVERIFY2(oversizeSeconds < 0.9, qPrintable(QString::number(oversizeSeconds)));
        QCOMPARE(s.server.stats().refused, uint64_t(1)); // counted once
        // 5000 bytes declared, 2 sent, then silence: 408 after the read timeout.
        const auto [stalled, stalledSeconds] =
            exchange("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
                     "Content-Length: 5000\r\n\r\nab");
        QVERIFY2(stalled.rfind("HTTP/1.1 408", 0) == 0, stalled.c_str());
        QVERIFY2(stalledSeconds >= 0.9 && stalledSeconds < 10,
                 qPrintable(QString::number(stalledSeconds)));
        auto ok = s.client().Post("/invocations", test::readFile(mImage), "image/png");
        QVERIFY(ok && ok->status == 200);
    }

    void bodiesWithoutABoundAreRefused_data()
    {
        QTest::addColumn<QString>("headers");
        QTest::addColumn<QString>("body");
        QTest::addColumn<int>("status");
        // --max-body holds for a declared Content-Length only: cpp-httplib would store a
        // chunked body, or one read until the connection closes, or inflate a gzip one,
        // however large.
        QTest::newRow("chunked") << "Transfer-Encoding: chunked\r\n"
                                 << "5\r\nhello\r\n0\r\n\r\n"
                                 << 411;
        // Left unread and parsed as further requests by cpp-httplib: still one refusal.
        QTest::newRow("chunked, 20 KB") << "Transfer-Encoding: chunked\r\n"
                                        << "5000\r\n" + QString(0x5000, 'x') + "\r\n0\r\n\r\n"
                                        << 411;
        QTest::newRow("chunked, asking first (curl)")
            << "Transfer-Encoding: chunked\r\nExpect: 100-continue\r\n"
            << "" << 411;
        QTest::newRow("no Content-Length") << ""
                                           << "" << 411;
        QTest::newRow("gzip") << "Content-Encoding: gzip\r\nContent-Length: 10\r\n"
                              << "0123456789" << 415;
        // Not an upload that stopped arriving (408): a malformed one, at once.
        QTest::newRow("multipart without its boundary")
            << "Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 10\r\n"
            << "0123456789" << 400;
        // cpp-httplib URL-decodes header values: the reason quoting one is still JSON.
        QTest::newRow("content type of invalid UTF-8")
            << "Content-Type: text/%FF\r\nContent-Length: 10\r\n"
            << "0123456789" << 415;
    }

    void bodiesWithoutABoundAreRefused()
    {
        QFETCH(QString, headers);
        QFETCH(QString, body);
        QFETCH(int, status);
        core::ServeOptions o = options();
        o.readTimeoutSeconds = 2;
        Running s(o);
        std::string request = "POST /invocations HTTP/1.1\r\nHost: x\r\n";
        if (!headers.contains("Content-Type"))
            request += "Content-Type: image/png\r\n";
        request += headers.toStdString() + "\r\n" + body.toStdString();
        const auto [answer, seconds] = exchange(s.port, request);
        const std::string expected = "HTTP/1.1 " + std::to_string(status);
        QVERIFY2(answer.rfind(expected, 0) == 0, answer.c_str());
        QVERIFY2(seconds < 1.5, qPrintable(QString::number(seconds)));
        const size_t json = answer.find("\r\n\r\n{");
        QVERIFY2(json != std::string::npos, answer.c_str());
        QVERIFY2(nlohmann::json::parse(answer.substr(json + 4)).contains("error"), answer.c_str());
        QTest::qWait(300); // whatever of the body was left is read by now
        QCOMPARE(s.server.stats().refused, uint64_t(1)); // counted once
        auto ok = s.client().Post("/invocations", test::readFile(mImage), "image/png");
        QVERIFY(ok && ok->status == 200);
    }

    void aBacklogOverMaxQueueIsAnswered503()
    {
        // One connection thread, held by an upload that stalls; two more requests wait for the
        // thread. With --max-queue 2 the stalled one, once complete, is told to retry: the
        // backlog counts connections waiting for a thread, not only uploads waiting for the
        // model (at most one per thread, so --max-queue above --threads never applied).
        core::ServeOptions o = options();
        o.threads = 1;
        o.maxQueue = 2;
        Running s(o);
        const std::string png = test::readFile(mImage);
        const std::string head = "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: "
                                 "image/png\r\nConnection: close\r\nContent-Length: " +
                                 std::to_string(png.size()) + "\r\n\r\n";
        auto answer = [](int fd) {
            timeval wait{20, 0};
            ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
            char buffer[64] = {};
            const ssize_t n = ::recv(fd, buffer, sizeof buffer - 1, 0);
            ::close(fd);
            return n > 0 ? std::string(buffer, size_t(n)) : std::string();
        };
        const int stalled = connectTo(s.port);
        QVERIFY(stalled >= 0);
        QVERIFY(::send(stalled, head.data(), head.size(), 0) == ssize_t(head.size()));
        QTest::qWait(300); // the thread is reading its body
        std::vector<int> waiting;
        for (int i = 0; i < 2; ++i) {
            waiting.push_back(connectTo(s.port));
            QVERIFY(waiting.back() >= 0);
            const std::string request = head + png;
            QVERIFY(::send(waiting.back(), request.data(), request.size(), 0) ==
                    ssize_t(request.size()));
        }
        QTest::qWait(300); // both accepted, queued for the thread
        QVERIFY(::send(stalled, png.data(), png.size(), 0) == ssize_t(png.size()));
        const std::string refused = answer(stalled);
        QVERIFY2(refused.rfind("HTTP/1.1 503", 0) == 0, refused.c_str());
        for (int fd : waiting) {
            const std::string served = answer(fd);
            QVERIFY2(served.rfind("HTTP/1.1 200", 0) == 0, served.c_str());
        }
    }

    void concurrentRequestsAreBatched()
    {
        core::ServeOptions o = options();
        o.maxBatch = 8;
        o.maxDelayMs = 1000; // the first waits for the others (or a second)
        Running s(o);
        std::vector<std::string> paths;
        for (int i = 0; i < 8; ++i)
            paths.push_back(image("c" + std::to_string(i) + ".png", i + 2));
        std::vector<std::future<std::string>> answers;
        for (const auto &p : paths)
            answers.push_back(std::async(std::launch::async, [&s, p] {
                auto c = s.client();
                auto r = c.Post("/invocations", test::readFile(p), "image/png");
                return r && r->status == 200 ? r->body : std::string();
            }));
        core::Predictor predictor(mCheckpoint, "cpu");
        for (size_t i = 0; i < paths.size(); ++i) {
            const std::string body = answers[i].get();
            QVERIFY(!body.empty());
            const auto probs = nlohmann::json::parse(body).get<std::vector<float>>();
            const auto want = predictor.probabilities(paths[i]);
            for (size_t k = 0; k < probs.size(); ++k)
                QVERIFY(std::abs(probs[k] - want[k]) < 1e-5); // each answer is its own image's
        }
        auto metrics = s.client().Get("/metrics");
        QVERIFY(metrics && metrics->status == 200);
        QVERIFY2(metrics->body.find("photocat_requests_total{status=\"200\"} 8") !=
                     std::string::npos,
                 metrics->body.c_str());
        int largest = 0;
        for (int size = 2; size <= 8; ++size)
            if (metrics->body.find("photocat_batches_total{size=\"" + std::to_string(size) +
                                   "\"}") != std::string::npos)
                largest = size;
        QVERIFY2(largest >= 2, metrics->body.c_str());
        // The latency histogram: cumulative buckets ending in +Inf = the count.
        QVERIFY2(metrics->body.find("photocat_request_seconds_bucket{le=\"+Inf\"} 8\n") !=
                     std::string::npos,
                 metrics->body.c_str());
        QVERIFY(metrics->body.find("photocat_request_seconds_count 8\n") != std::string::npos);
        // Where the time went: 8 decodes, 8 waits for a batch, one forward pass per batch.
        const auto batches = [&] {
            uint64_t n = 0;
            for (size_t at = metrics->body.find("photocat_batches_total{"); at != std::string::npos;
                 at = metrics->body.find("photocat_batches_total{", at + 1))
                n += std::stoull(metrics->body.substr(metrics->body.find("} ", at) + 2));
            return n;
        }();
        const std::pair<std::string, uint64_t> histograms[] = {
            {"photocat_request_seconds", 8},
            {"photocat_decode_seconds", 8},
            {"photocat_queue_seconds", 8},
            {"photocat_inference_seconds", batches}};
        for (const auto &[name, total] : histograms) {
            uint64_t previous = 0;
            size_t buckets = 0;
            for (size_t at = metrics->body.find(name + "_bucket{le="); at != std::string::npos;
                 at = metrics->body.find(name + "_bucket{le=", at + 1), ++buckets) {
                const uint64_t n =
                    std::stoull(metrics->body.substr(metrics->body.find("} ", at) + 2));
                QVERIFY2(n >= previous, metrics->body.c_str()); // cumulative
                previous = n;
            }
            QVERIFY2(buckets == 13 && previous == total, (name + "\n" + metrics->body).c_str());
            QVERIFY(metrics->body.find(name + "_count " + std::to_string(total) + "\n") !=
                    std::string::npos);
        }
        const core::ServerStats stats = s.server.stats();
        QCOMPARE(stats.requests, uint64_t(8));
        QCOMPARE(stats.refused, uint64_t(0));
    }

    void servesAnExportedModelFolder()
    {
        // --model-dir: SageMaker's /opt/ml/model holding photocat-cli export's .json + .pth.
        const QString folder = mDir.filePath("model-dir");
        const auto exported = core::exportModel(mCheckpoint, (folder + "/model.pth").toStdString());
        core::ServeOptions o = options();
        o.checkpoint = folder.toStdString();
        // Another tool's .json in the folder is passed over, whatever its "format" holds.
        test::writeFile((folder + "/a-notes.json").toStdString(), R"({"format": 5})");
        const std::string body = test::readFile(mImage);
        std::string fromExport, fromCheckpoint;
        {
            Running s(o);
            auto r = s.client().Post("/invocations", body, "image/png");
            QVERIFY(r && r->status == 200);
            fromExport = r->body;
            auto model = s.client().Get("/v1/model");
            QVERIFY(model && model->status == 200);
            QVERIFY(nlohmann::json::parse(model->body).at("classes") ==
                    nlohmann::json({"shoe", "bag", "shirt"}));
        }
        {
            Running s(options());
            auto r = s.client().Post("/invocations", body, "image/png");
            QVERIFY(r && r->status == 200);
            fromCheckpoint = r->body;
        }
        QCOMPARE(fromExport, fromCheckpoint);

        // A .json whose weights point out of its folder is refused, naming it.
        auto sidecar = nlohmann::json::parse(test::readFile(exported.json));
        sidecar["weights"] = "../best.pt";
        test::writeFile(exported.json, sidecar.dump());
        try {
            core::Server server(o);
            QFAIL("a .json naming ../best.pt was served");
        } catch (const std::runtime_error &e) {
            QVERIFY2(std::string(e.what()).find("must name a file in its folder") !=
                         std::string::npos,
                     e.what());
        }
    }

    void sellerPageAndRanking()
    {
        Running s(options());
        auto c = s.client();
        auto page = c.Get("/");
        QVERIFY(page && page->status == 200);
        QVERIFY(page->get_header_value("Content-Type").find("text/html") == 0);
        QVERIFY(page->body.find("v1/classify?top=all") != std::string::npos);
        QVERIFY(page->body.rfind("</html>") != std::string::npos); // the whole file, built in
        const std::string body = test::readFile(mImage);
        auto all = c.Post("/v1/classify?top=all", body, "image/png");
        QVERIFY(all && all->status == 200);
        const auto top = nlohmann::json::parse(all->body).at("top");
        QCOMPARE(top.size(), size_t(3));
        QVERIFY(top[0].at("probability") >= top[1].at("probability"));
        QVERIFY(top[1].at("probability") >= top[2].at("probability"));
        auto one = c.Post("/v1/classify?top=1", body, "image/png");
        QVERIFY(one && one->status == 200);
        QCOMPARE(nlohmann::json::parse(one->body).at("top").size(), size_t(1));
        QCOMPARE(s.server.stats().decisions.size(), size_t(1)); // both answers: one decision kind
    }

    void sellerPageInChromium_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<double>("autoAssign");
        QTest::addColumn<double>("shortlist");
        // Thresholds put the same photo in each decision.
        QTest::newRow("auto") << "auto" << 0.0 << 0.0;
        QTest::newRow("shortlist") << "shortlist" << 1.0 << 0.0;
        QTest::newRow("manual") << "manual" << 1.0 << 1.0;
        QTest::newRow("not a photo") << "" << 0.9 << 0.5;
    }

    /** The seller's page in a real browser: Debian's headless Chromium driven by
        python3-selenium (tests/app/seller_page.py) uploads the photo; what it shows follows
        the decision. Screenshots go to $PHOTOCAT_SCREENSHOTS when set (the README's). */
    void sellerPageInChromium()
    {
        QFETCH(QString, kind);
        QFETCH(double, autoAssign);
        QFETCH(double, shortlist);
        core::ServeOptions o = options();
        o.thresholds.autoAssign = autoAssign;
        o.thresholds.shortlist = shortlist;
        o.thresholds.shortlistMax = 2;
        Running s(o);
        std::string photo = image("seller.png", 5);
        if (kind.isEmpty()) {
            photo = mDir.filePath("seller.jpg").toStdString();
            test::writeFile(photo, "\xff\xd8 not really a JPEG");
        }
        const QString shots = qEnvironmentVariable("PHOTOCAT_SCREENSHOTS", mDir.path());
        QDir().mkpath(shots);
        const std::string shot =
            (shots + "/seller-" + (kind.isEmpty() ? "error" : kind) + ".png").toStdString();
        const auto ran =
            test::runOracle({PHOTOCAT_TESTS_DIR "/app/seller_page.py",
                             "http://127.0.0.1:" + std::to_string(s.port) + "/", photo, shot},
                            60000);
        QVERIFY2(ran.exitCode == 0, ("the browser test failed (are chromium, chromium-driver and "
                                     "python3-selenium installed?): " +
                                     ran.out)
                                        .c_str());
        const auto seen = nlohmann::json::parse(ran.out.substr(ran.out.rfind("{\"")));
        QVERIFY(test::readFile(shot).size() > 1000);
        QCOMPARE(QString::fromStdString(seen.at("decision")), kind);
        if (kind.isEmpty()) {
            QVERIFY2(seen.at("status").get<std::string>().find("could not read") !=
                         std::string::npos,
                     ran.out.c_str());
            return;
        }
        auto answer = s.client().Post("/v1/classify?top=all", test::readFile(photo), "image/png");
        QVERIFY(answer && answer->status == 200);
        const auto j = nlohmann::json::parse(answer->body);
        std::vector<std::string> ranked;
        for (const auto &t : j.at("top"))
            ranked.push_back(t.at("class"));
        const auto options = seen.at("options").get<std::vector<std::string>>();
        if (kind == "auto") {
            // Chosen for the seller, who can continue at once (or change it).
            QCOMPARE(seen.at("selected").get<std::string>(), ranked[0]);
            QVERIFY(seen.at("continue_enabled").get<bool>());
            QVERIFY(options == ranked);
        } else if (kind == "shortlist") {
            const auto categories = j.at("categories").get<std::vector<std::string>>();
            QCOMPARE(categories.size(), size_t(2));
            QVERIFY(seen.at("shortlist").get<std::vector<std::string>>() == categories);
            QCOMPARE(seen.at("selected").get<std::string>(), std::string()); // nothing chosen yet
            QVERIFY(!seen.at("continue_enabled").get<bool>());
            // the list offers the shortlist first, after the "Choose…" placeholder
            QCOMPARE(options[1], categories[0]);
            QCOMPARE(options[2], categories[1]);
            QCOMPARE(seen.at("after_choice").get<std::string>(), categories[0]);
            QVERIFY(seen.at("after_choice_enabled").get<bool>());
        } else {
            // Every category, most likely first, nothing chosen for the seller.
            QCOMPARE(seen.at("selected").get<std::string>(), std::string());
            QVERIFY(std::vector<std::string>(options.begin() + 1, options.end()) == ranked);
            QVERIFY(seen.at("shortlist").empty());
        }
    }

    void cliServeWaitsAsTheModelNeeds()
    {
        // Small inputs: the OpenMP workers sleep between parallel regions (they would spin
        // through the decoders' time); large ones keep libgomp's spinning; a caller's choice
        // stays.
        const auto small = servedPolicy(mCheckpoint, "");
        QCOMPARE(small.first, QString("PASSIVE"));
        QCOMPARE(small.second, 0);
        const std::string large = writeCheckpoint("size96.pt", 96);
        const auto spinning = servedPolicy(large, "");
        QCOMPARE(spinning.first, QString("none"));
        QCOMPARE(spinning.second, 0);
        QCOMPARE(servedPolicy(mCheckpoint, "GOMP_SPINCOUNT=1000").first, QString("none"));
        QCOMPARE(servedPolicy(large, "OMP_WAIT_POLICY=ACTIVE").first, QString("ACTIVE"));
    }

    void stopDrains()
    {
        core::Server server(options());
        const int port = server.bind();
        std::thread t([&server] { server.run(); });
        httplib::Client c("127.0.0.1", port);
        QVERIFY(c.Get("/ping"));
        server.stop();
        t.join(); // returns: requests in flight finished, nothing left listening
        httplib::Client after("127.0.0.1", port);
        after.set_connection_timeout(1, 0);
        QVERIFY(!after.Get("/ping"));
    }
};

QTEST_GUILESS_MAIN(TestServe)
#include "test_serve.moc"
