#include "serving/server.h"

#include "common/passingthread.h"
#include "data/imageloader.h"
#include "inference/predictor.h"
#include "training/options.h"

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>

namespace photocat::core {

namespace {

using Clock = std::chrono::steady_clock;

const char kSellerPage[] =
#include "sellerpage.inc"
    ;

/** Upper bounds (seconds) of the latency histograms' buckets; +Inf follows. */
constexpr double kLatencyBuckets[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                      0.1,   0.25,   0.5,   1,    2.5,   5};
constexpr size_t kBucketCount = sizeof(kLatencyBuckets) / sizeof(double);

double secondsSince(Clock::time_point t)
{
    return std::chrono::duration<double>(Clock::now() - t).count();
}

/** A Prometheus histogram of durations in seconds, written with cumulative buckets. */
struct Histogram
{
    double sum = 0;
    uint64_t count = 0;
    uint64_t buckets[kBucketCount] = {}; // not cumulative; summed when written

    void add(double seconds)
    {
        sum += seconds;
        ++count;
        for (size_t i = 0; i < kBucketCount; ++i)
            if (seconds <= kLatencyBuckets[i]) {
                ++buckets[i];
                break;
            }
    }

    std::string text(const std::string &name, const std::string &help) const
    {
        std::string s = "# HELP " + name + " " + help + "\n# TYPE " + name + " histogram\n";
        uint64_t cumulative = 0;
        char le[32];
        for (size_t i = 0; i < kBucketCount; ++i) {
            cumulative += buckets[i];
            std::snprintf(le, sizeof le, "%g", kLatencyBuckets[i]);
            s += name + "_bucket{le=\"" + le + "\"} " + std::to_string(cumulative) + "\n";
        }
        return s + name + "_bucket{le=\"+Inf\"} " + std::to_string(count) + "\n" + name + "_sum " +
               std::to_string(sum) + "\n" + name + "_count " + std::to_string(count) + "\n";
    }
};

/** When the connection thread's request reached the pre-routing handler (its body follows),
    and which request that was (method, target, Content-Length): a request whose headers
    failed never got there, and must not be judged by an earlier one's time. */
thread_local Clock::time_point tBodyStarted;
thread_local std::string tBodyRequest;
/** Whether the expect or pre-routing handler refused the thread's request (the error handler
    counts such refusals). */
thread_local bool tRefused = false;
/** A refused body was left unread: cpp-httplib 0.11.4 keeps the connection open whatever the
    answer says and parses the rest as requests, whose 400s are not counted (until a request
    of this thread reaches the handlers again). */
thread_local bool tLeftUnread = false;

std::string requestIdentity(const httplib::Request &req)
{
    return req.method + " " + req.target + " " + req.get_header_value("Content-Length");
}

/** One decoded upload waiting for the model. */
struct Job
{
    std::vector<float> pixels;
    std::promise<std::vector<float>> result;
    Clock::time_point queued; ///< when it joined the queue, decoded
};

/**
 * cpp-httplib's task queue, elastic: a connection is a task that holds its thread while the
 * connection is open (idle keep-alive included), so a fixed pool lets idle connections keep
 * real requests waiting. Here a thread starts whenever every thread is busy, up to max, and
 * waits for the next connection afterwards.
 */
class ElasticPool : public httplib::TaskQueue
{
public:
    explicit ElasticPool(size_t max) : mMax(std::max<size_t>(1, max)) {}
    ~ElasticPool() override { shutdown(); }

    void enqueue(std::function<void()> fn) override
    {
        std::lock_guard lock(mMutex);
        mJobs.push_back(std::move(fn));
        if (mJobs.size() > mIdle && mThreads.size() < mMax) {
            try {
                mThreads.emplace_back([this] { work(); });
            } catch (const std::system_error &) {
                // No thread to be had: the connection waits for a busy one.
            }
        }
        mWake.notify_one();
    }

    /** Connections waiting for a thread. */
    size_t waiting()
    {
        std::lock_guard lock(mMutex);
        return mJobs.size();
    }

    /** Finishes the connections queued and open, then returns (httplib calls it last). */
    void shutdown() override
    {
        {
            std::lock_guard lock(mMutex);
            if (mShutdown)
                return;
            mShutdown = true;
        }
        mWake.notify_all();
        for (auto &t : mThreads)
            t.join();
    }

private:
    void work()
    {
        std::unique_lock lock(mMutex);
        for (;;) {
            ++mIdle;
            mWake.wait(lock, [this] { return mShutdown || !mJobs.empty(); });
            --mIdle;
            if (mJobs.empty())
                return;
            auto fn = std::move(mJobs.front());
            mJobs.pop_front();
            lock.unlock();
            fn();
            lock.lock();
        }
    }

    const size_t mMax;
    std::mutex mMutex;
    std::condition_variable mWake;
    std::deque<std::function<void()>> mJobs;
    std::vector<std::thread> mThreads;
    size_t mIdle = 0;
    bool mShutdown = false;
};

bool isImageType(const std::string &type)
{
    const std::string t = type.substr(0, type.find(';'));
    return t == "image/jpeg" || t == "image/png" || t == "application/x-image" ||
           t == "image/webp" || t == "image/bmp" || t == "image/tiff";
}

} // namespace

struct Server::Impl
{
    ServeOptions o;
    std::unique_ptr<Predictor> model;
    Predictor &predictor; ///< its forward passes on the inference thread only
    std::string modelId;
    httplib::Server http;
    std::atomic<ElasticPool *> pool{nullptr}; ///< cpp-httplib's, while run() listens
    int port = 0;
    int listenSocket = -1; ///< seen by the socket-options callback, for the backlog
    std::atomic<bool> draining{false};
    /** run() and stop() from two threads: cpp-httplib's stop() is lost when it comes before
        listen has begun (seen under load: a test's server thread not yet scheduled), so
        stop() waits for the listen it would otherwise miss. */
    std::mutex runMutex;
    bool runStarted = false, stopRequested = false;
    std::atomic<bool> listenEnded{false};

    // Decoding slots: the connection threads take one to decode, so at most decodeThreads
    // uploads are decoded at once however many connections wait.
    std::mutex decodeMutex;
    std::condition_variable decodeFree;
    int decodeSlots = 1;

    std::mutex mutex;
    std::condition_variable wake;
    std::deque<std::shared_ptr<Job>> queue;
    int decoding = 0; ///< uploads being decoded now: the next batch waits for them
    bool stopping = false;
    std::thread worker;

    // Metrics, under metricsMutex.
    std::mutex metricsMutex;
    std::map<int, uint64_t> byStatus;
    std::map<std::string, uint64_t> decisions;
    std::map<int, uint64_t> batchSizes;
    Histogram latency;    ///< arrival to answer, every request
    Histogram decodeTime; ///< one upload's decode and preprocessing
    Histogram queueWait;  ///< decoded to its batch starting on the inference thread
    Histogram inference;  ///< one batch's forward pass

    // Loaded on a passing thread so the caller keeps no idle OpenMP team that would slow the
    // inference thread's forward passes (see onPassingThread).
    explicit Impl(ServeOptions options)
        : o(std::move(options)), model(onPassingThread([this] {
              return std::make_unique<Predictor>(o.checkpoint, "auto");
          })),
          predictor(*model), modelId(o.checkpoint)
    {
        predictor.setPrecision(o.precision);
        decodeSlots = o.decodeThreads > 0 ? o.decodeThreads
                                          : int(std::max(1u, std::thread::hardware_concurrency()));
        if (const auto &stored = predictor.policy())
            o.thresholds = mergePolicy(o.thresholds, o.givenThresholds, stored->thresholds);
        decide({}, o.thresholds); // inconsistent thresholds fail at start, not per request
    }

    bool decode(const std::string &body, std::vector<float> &pixels, std::string &error)
    {
        {
            std::unique_lock lock(decodeMutex);
            decodeFree.wait(lock, [&] { return decodeSlots > 0; });
            --decodeSlots;
        }
        const auto start = Clock::now();
        bool ok = false;
        try { // the slot goes back whatever happens: a lost one would stall every later upload
            ok = ImageLoader::loadFromMemory(body, predictor.preprocessing(), pixels, &error);
        } catch (const std::exception &e) {
            error = std::string("cannot decode the image (") + e.what() + ")";
        }
        const double seconds = secondsSince(start);
        {
            std::lock_guard lock(decodeMutex);
            ++decodeSlots;
        }
        decodeFree.notify_one();
        std::lock_guard lock(metricsMutex);
        decodeTime.add(seconds);
        return ok;
    }

    void count(int status, const std::string &decision, double seconds)
    {
        if (status == -1)
            status = 200; // set by the library after the handler
        std::lock_guard lock(metricsMutex);
        ++byStatus[status];
        if (!decision.empty())
            ++decisions[decision];
        latency.add(seconds);
    }

    /** The inference thread: takes up to maxBatch jobs, waiting at most maxDelayMs after the
        first for the others. */
    void infer()
    {
        const Preprocessing &pre = predictor.preprocessing();
        const size_t imageSize = size_t(pre.channels) * size_t(pre.size) * size_t(pre.size);
        const size_t maxBatch =
            size_t(inferenceBatchSize(predictor.preprocessing(), predictor.onGpu(), o.maxBatch));
        for (;;) {
            std::vector<std::shared_ptr<Job>> jobs;
            {
                std::unique_lock lock(mutex);
                wake.wait(lock, [&] { return stopping || !queue.empty(); });
                if (queue.empty())
                    return; // stopping, nothing left
                // Wait for the uploads being decoded right now, at most maxDelayMs: a lone
                // request runs at once, and under load the batch fills while the previous one
                // computes.
                const auto deadline = Clock::now() + std::chrono::milliseconds(o.maxDelayMs);
                wake.wait_until(lock, deadline, [&] {
                    return stopping || queue.size() >= maxBatch || decoding == 0;
                });
                while (!queue.empty() && jobs.size() < maxBatch) {
                    jobs.push_back(std::move(queue.front()));
                    queue.pop_front();
                }
            }
            const auto start = Clock::now();
            {
                std::lock_guard lock(metricsMutex);
                for (const auto &j : jobs)
                    queueWait.add(std::chrono::duration<double>(start - j->queued).count());
            }
            Batch b;
            b.n = int(jobs.size());
            b.channels = pre.channels;
            b.height = b.width = pre.size;
            b.pixels.resize(jobs.size() * imageSize);
            for (size_t i = 0; i < jobs.size(); ++i)
                std::copy(jobs[i]->pixels.begin(), jobs[i]->pixels.end(),
                          b.pixels.begin() + long(i * imageSize));
            try {
                auto rows = predictor.probabilities(b);
                for (size_t i = 0; i < jobs.size(); ++i)
                    jobs[i]->result.set_value(std::move(rows[i]));
            } catch (...) {
                for (auto &j : jobs)
                    j->result.set_exception(std::current_exception());
            }
            const double seconds = secondsSince(start);
            std::lock_guard lock(metricsMutex);
            ++batchSizes[b.n];
            inference.add(seconds);
        }
    }

    /** Decodes the request's image and waits for its probabilities; on failure sets the
        response (status, one-line reason) and returns false. */
    bool classify(const httplib::Request &req, httplib::Response &res, std::vector<float> &probs)
    {
        std::string body, type = req.get_header_value("Content-Type");
        if (req.is_multipart_form_data()) {
            if (req.files.empty()) {
                fail(res, 400, "multipart request without a file");
                return false;
            }
            // The first part with a file name: parts come sorted by field name, so a form's
            // other fields may come first. Without one, the first part.
            auto file = std::find_if(req.files.begin(), req.files.end(), [](const auto &part) {
                return !part.second.filename.empty();
            });
            body = (file != req.files.end() ? file : req.files.begin())->second.content;
        } else if (!isImageType(type)) {
            fail(res, 415,
                 "unsupported content type \"" + type +
                     "\" (image/jpeg, image/png, application/x-image, multipart/form-data)");
            return false;
        } else {
            body = req.body;
        }
        if (body.empty()) {
            fail(res, 400, "empty body: no image");
            return false;
        }
        auto job = std::make_shared<Job>();
        std::string error;
        {
            std::lock_guard lock(mutex);
            ++decoding;
        }
        const bool decoded = decode(body, job->pixels, error);
        auto future = job->result.get_future();
        {
            std::lock_guard lock(mutex);
            --decoding;
            if (!decoded) {
                wake.notify_one(); // one fewer to wait for
                fail(res, 400, "not a usable image: " + error);
                return false;
            }
            // Waiting: decoded uploads before the model, and connections before a thread (each
            // thread holds one upload at most, so the first alone would stay under the limit).
            ElasticPool *connections = pool;
            const size_t waiting = queue.size() + (connections ? connections->waiting() : 0);
            if (waiting >= o.maxQueue) {
                res.set_header("Retry-After", "1");
                fail(res, 503, "busy: " + std::to_string(waiting) + " requests waiting");
                return false;
            }
            job->queued = Clock::now();
            queue.push_back(std::move(job));
        }
        wake.notify_one();
        try {
            probs = future.get();
        } catch (const std::exception &e) {
            fail(res, 500, std::string("inference failed: ") + e.what());
            return false;
        }
        return true;
    }

    /** The request's Content-Length; 0 when absent or not a plain number. */
    static uint64_t declaredLength(const httplib::Request &req)
    {
        const std::string length = req.get_header_value("Content-Length");
        if (length.empty() || length.size() > 18 ||
            length.find_first_not_of("0123456789") != std::string::npos)
            return 0;
        return std::stoull(length);
    }

    /** Refuses a body cpp-httplib would read without --max-body's limit (which holds only for
        a declared Content-Length, of the bytes as sent): a chunked body or one that runs until
        the connection closes (411), a compressed one (415). False when the body is bounded. */
    static bool refuseUnboundedBody(const httplib::Request &req, httplib::Response &res)
    {
        const std::string encoding = req.get_header_value("Content-Encoding");
        const bool hasBody = req.method == "POST" || req.method == "PUT" || req.method == "PATCH" ||
                             req.method == "PRI"; // read by cpp-httplib
        if (req.has_header("Transfer-Encoding"))
            fail(res, 411,
                 "send the body with a Content-Length (Transfer-Encoding: " +
                     req.get_header_value("Transfer-Encoding") + " is not accepted)");
        else if (!encoding.empty() && encoding != "identity")
            fail(res, 415,
                 "compressed bodies are not accepted (Content-Encoding: " + encoding +
                     "): send the image as it is");
        else if (hasBody && !req.has_header("Content-Length"))
            fail(res, 411, "a " + req.method + " needs a Content-Length");
        else
            return false;
        return true;
    }

    std::string overLimit(const httplib::Request &req) const
    {
        return "request body of " + std::to_string(declaredLength(req)) +
               " bytes is over the limit of " + std::to_string(o.maxBody) + " bytes (--max-body)";
    }

    static void fail(httplib::Response &res, int status, const std::string &why)
    {
        res.status = status;
        // why may quote a header, which cpp-httplib has URL-decoded into any bytes.
        res.set_content(nlohmann::json{{"error", why}}.dump(
                            -1, ' ', false, nlohmann::json::error_handler_t::replace) +
                            "\n",
                        "application/json");
    }

    nlohmann::json modelJson() const
    {
        return {{"id", modelId},
                {"architecture", predictor.modelName()},
                {"classes", predictor.classNames()},
                {"display_names", predictor.displayNames()},
                {"preprocessing", toJson(predictor.preprocessing())},
                {"thresholds",
                 {{"auto", o.thresholds.autoAssign},
                  {"shortlist", o.thresholds.shortlist},
                  {"shortlist_mass", o.thresholds.shortlistMass},
                  {"shortlist_max", o.thresholds.shortlistMax},
                  {"chosen", predictor.policy() ? policyToJson(*predictor.policy())["chosen_on"]
                                                : nlohmann::json(nullptr)}}},
                {"temperature", predictor.temperature()},
                {"precision", predictor.precision()},
                {"training", predictor.training()}};
    }

    std::string metricsText()
    {
        std::lock_guard lock(metricsMutex);
        std::string s = "# TYPE photocat_requests_total counter\n";
        for (const auto &[status, n] : byStatus)
            s += "photocat_requests_total{status=\"" + std::to_string(status) + "\"} " +
                 std::to_string(n) + "\n";
        s += "# TYPE photocat_decisions_total counter\n";
        for (const auto &[kind, n] : decisions)
            s += "photocat_decisions_total{decision=\"" + kind + "\"} " + std::to_string(n) + "\n";
        s += "# TYPE photocat_batches_total counter\n";
        for (const auto &[size, n] : batchSizes)
            s += "photocat_batches_total{size=\"" + std::to_string(size) + "\"} " +
                 std::to_string(n) + "\n";
        // A request's time, and where it goes: decoding (connection threads), waiting for its
        // batch, the batch's forward pass (the inference thread).
        return s +
               latency.text("photocat_request_seconds",
                            "Time from a request's arrival to its answer") +
               decodeTime.text("photocat_decode_seconds",
                               "Decoding and preprocessing one uploaded image") +
               queueWait.text("photocat_queue_seconds",
                              "Time a decoded image waits for its batch to start") +
               inference.text("photocat_inference_seconds", "One batch's forward pass");
    }

    void routes()
    {
        http.Get("/", [](const httplib::Request &, httplib::Response &res) {
            res.set_content(kSellerPage, sizeof kSellerPage - 1, "text/html; charset=utf-8");
        });
        http.Get("/ping", [this](const httplib::Request &, httplib::Response &res) {
            res.status = draining ? 503 : 200;
            res.set_content(draining ? "draining\n" : "ok\n", "text/plain");
        });
        http.Get("/execution-parameters", [this](const httplib::Request &, httplib::Response &res) {
            res.set_content(nlohmann::json{{"MaxConcurrentTransforms", o.threads},
                                           {"BatchStrategy", "MULTI_RECORD"},
                                           {"MaxPayloadInMB", o.maxBody >> 20}}
                                .dump(),
                            "application/json");
        });
        http.Post("/invocations", [this](const httplib::Request &req, httplib::Response &res) {
            const auto start = Clock::now();
            std::vector<float> probs;
            if (classify(req, res, probs)) {
                const nlohmann::json array = probs;
                if (req.get_header_value("Accept").find("application/jsonlines") !=
                    std::string::npos)
                    res.set_content(nlohmann::json{{"prediction", array}}.dump() + "\n",
                                    "application/jsonlines");
                else
                    res.set_content(array.dump(), "application/json");
            }
            count(res.status, "", secondsSince(start));
        });
        http.Post("/v1/classify", [this](const httplib::Request &req, httplib::Response &res) {
            const auto start = Clock::now();
            std::vector<float> probs;
            std::string decision;
            if (classify(req, res, probs)) {
                const auto &names = predictor.classNames();
                const auto &display = predictor.displayNames();
                const Suggestion s = decide(probs, o.thresholds);
                decision = decisionName(s.decision);
                nlohmann::json top = nlohmann::json::array(), categories = nlohmann::json::array();
                const auto ranked = rankClasses(probs);
                // ?top=N or ?top=all (the seller's page: every category, most likely first)
                size_t topK = size_t(o.topK);
                if (req.has_param("top")) {
                    const std::string t = req.get_param_value("top");
                    topK = t == "all" ? ranked.size()
                                      : size_t(std::clamp(std::atoi(t.c_str()), 1, 1000000));
                }
                for (size_t i = 0; i < ranked.size() && i < topK; ++i)
                    top.push_back({{"class", names[size_t(ranked[i])]},
                                   {"display_name", display[size_t(ranked[i])]},
                                   {"index", ranked[i]},
                                   {"probability", probs[size_t(ranked[i])]}});
                for (int c : s.categories)
                    categories.push_back(names[size_t(c)]);
                const double ms =
                    std::chrono::duration<double, std::milli>(Clock::now() - start).count();
                res.set_content(nlohmann::json{{"decision", decision},
                                               {"categories", categories},
                                               {"top", top},
                                               {"model", modelId},
                                               {"milliseconds", ms}}
                                    .dump(),
                                "application/json");
            }
            count(res.status, decision, secondsSince(start));
        });
        http.Get("/v1/model", [this](const httplib::Request &, httplib::Response &res) {
            res.set_content(modelJson().dump(), "application/json");
        });
        http.Get("/metrics", [this](const httplib::Request &, httplib::Response &res) {
            res.set_content(metricsText(), "text/plain; version=0.0.4");
        });
        // A declared body over the limit: a client that asks first (Expect: 100-continue, as
        // curl does for large uploads) gets 413 before it sends a byte of it; others are
        // answered 413 once cpp-httplib has read and dropped it (never stored), unless it is
        // far over (a reset then: nobody honest sends 4x the limit). The error handler, which
        // cpp-httplib runs for every answer of 400 and above, counts refusals made here.
        http.set_expect_100_continue_handler(
            [this](const httplib::Request &req, httplib::Response &res) {
                // curl asks first for chunked uploads too: refused before it sends them.
                if (refuseUnboundedBody(req, res)) {
                    tRefused = true;
                    return res.status;
                }
                if (declaredLength(req) <= o.maxBody)
                    return 100;
                fail(res, 413, overLimit(req));
                tRefused = true;
                return 413;
            });
        http.set_pre_routing_handler([this](const httplib::Request &req, httplib::Response &res) {
            tBodyStarted = Clock::now();
            tBodyRequest = requestIdentity(req);
            tLeftUnread = false;
            if (refuseUnboundedBody(req, res)) {
                res.set_header("Connection", "close");
                tRefused = tLeftUnread = true;
                return httplib::Server::HandlerResponse::Handled;
            }
            if (declaredLength(req) <= 4 * uint64_t(o.maxBody))
                return httplib::Server::HandlerResponse::Unhandled;
            res.set_header("Connection", "close");
            fail(res, 413, overLimit(req));
            tRefused = tLeftUnread = true;
            return httplib::Server::HandlerResponse::Handled;
        });
        http.set_error_handler([this](const httplib::Request &req, httplib::Response &res) {
            // A body that stopped arriving: cpp-httplib answers 400 when the read times out
            // before Content-Length bytes, as it does for a malformed multipart body; the time
            // taken tells them apart.
            const bool refusedHere = std::exchange(tRefused, false);
            const uint64_t length = declaredLength(req);
            if (res.status == 400 && res.body.empty() && req.body.size() < length &&
                tBodyRequest == requestIdentity(req) &&
                secondsSince(tBodyStarted) >= 0.9 * o.readTimeoutSeconds) {
                res.status = 408;
                fail(res, 408,
                     "the body stopped arriving (" + std::to_string(req.body.size()) + " of " +
                         std::to_string(length) + " bytes within " +
                         std::to_string(o.readTimeoutSeconds) + " s)");
                count(408, "", 0);
                return;
            }
            // cpp-httplib's own answers come without a body; the routes count theirs.
            if (!res.body.empty() && !refusedHere)
                return;
            const bool leftOver = res.body.empty() && !refusedHere && tLeftUnread;
            if (res.body.empty())
                fail(res, res.status,
                     res.status == 413 ? "request body over " + std::to_string(o.maxBody) + " bytes"
                     : res.status == 400 ? "malformed request or body"
                                         : "HTTP status " + std::to_string(res.status));
            if (!leftOver)
                count(res.status, "", 0);
        });
        http.set_exception_handler([](const httplib::Request &, httplib::Response &res,
                                      std::exception_ptr) { fail(res, 500, "internal error"); });
    }
};

Server::Server(ServeOptions options) : d(std::make_unique<Impl>(std::move(options)))
{
    d->http.set_payload_max_length(d->o.maxBody);
    // A connection is handed over once its first bytes arrive (TCP_DEFER_ACCEPT, as nginx's
    // "deferred"), or after the read timeout: idle ones cost no thread until then.
    const int defer = d->o.readTimeoutSeconds;
    d->http.set_socket_options([this, defer](int sock) {
        // SO_REUSEADDR (a restart binds while old connections linger), but not cpp-httplib's
        // default SO_REUSEPORT: a second server on a port in use must fail, not share it.
        const int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        setsockopt(sock, IPPROTO_TCP, TCP_DEFER_ACCEPT, &defer, sizeof defer);
        d->listenSocket = sock;
    });
    d->http.set_keep_alive_max_count(1000);
    // Headers and body go out in separate writes: with Nagle's algorithm the body waits for
    // the client's delayed ACK (40 ms a request on a kept-alive connection).
    d->http.set_tcp_nodelay(true);
    d->http.set_read_timeout(d->o.readTimeoutSeconds, 0);
    d->http.set_write_timeout(d->o.readTimeoutSeconds, 0);
    const int threads = std::max(1, d->o.threads);
    d->http.new_task_queue = [this, threads] {
        auto *pool = new ElasticPool(size_t(threads));
        d->pool = pool;
        return pool;
    };
    d->routes();
    d->worker = std::thread([this] { d->infer(); });
}

Server::~Server()
{
    stop();
    {
        std::lock_guard lock(d->mutex);
        d->stopping = true;
    }
    d->wake.notify_all();
    d->worker.join();
}

int Server::bind()
{
    d->port = d->o.port == 0 ? d->http.bind_to_any_port(d->o.host)
                             : (d->http.bind_to_port(d->o.host, d->o.port) ? d->o.port : -1);
    if (d->port <= 0)
        throw std::runtime_error("cannot listen on " + d->o.host + ":" + std::to_string(d->o.port));
    // cpp-httplib listens with a backlog of 5: a burst of connections would wait for SYN
    // retries (seconds). Listening again on the socket raises it.
    if (d->listenSocket >= 0)
        ::listen(d->listenSocket, SOMAXCONN);
    return d->port;
}

void Server::run()
{
    {
        std::lock_guard lock(d->runMutex);
        if (d->stopRequested)
            return;
        d->runStarted = true;
    }
    d->http.listen_after_bind();
    d->pool = nullptr; // deleted by cpp-httplib
    d->listenEnded = true;
}

int Server::inputSize() const { return d->predictor.preprocessing().size; }

ServerStats Server::stats() const
{
    std::lock_guard lock(d->metricsMutex);
    ServerStats s;
    for (const auto &[status, n] : d->byStatus) {
        s.requests += n;
        if (status >= 400)
            s.refused += n;
    }
    for (const auto &[kind, n] : d->decisions)
        s.decisions[kind] = n;
    return s;
}

void Server::stop()
{
    d->draining = true;
    bool started = false;
    {
        std::lock_guard lock(d->runMutex);
        d->stopRequested = true;
        started = d->runStarted;
    }
    // run() is on its way into listen: wait until it listens (or gave up), then stop it.
    while (started && !d->http.is_running() && !d->listenEnded)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    d->http.stop();
}

} // namespace photocat::core
