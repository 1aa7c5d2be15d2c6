#include "serving/server.h"

#include "data/imageloader.h"
#include "inference/predictor.h"
#include "training/options.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

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
#include <thread>

namespace photocat::core {

namespace {

using Clock = std::chrono::steady_clock;

const char kSellerPage[] =
#include "sellerpage.inc"
    ;

/** Upper bounds (seconds) of the request-latency histogram's buckets; +Inf follows. */
constexpr double kLatencyBuckets[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                      0.1,   0.25,   0.5,   1,    2.5,   5};
constexpr size_t kBucketCount = sizeof(kLatencyBuckets) / sizeof(double);

/** One decoded upload waiting for the model. */
struct Job
{
    std::vector<float> pixels;
    std::promise<std::vector<float>> result;
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
    Predictor predictor;
    std::string modelId;
    httplib::Server http;
    int port = 0;
    std::atomic<bool> draining{false};

    std::mutex mutex;
    std::condition_variable wake;
    std::deque<std::shared_ptr<Job>> queue;
    bool stopping = false;
    std::thread worker;

    // Metrics, under metricsMutex.
    std::mutex metricsMutex;
    std::map<int, uint64_t> byStatus;
    std::map<std::string, uint64_t> decisions;
    std::map<int, uint64_t> batchSizes;
    double latencySum = 0;
    uint64_t latencyCount = 0;
    uint64_t latencyBuckets[kBucketCount] = {}; // not cumulative; summed when written

    explicit Impl(ServeOptions options)
        : o(std::move(options)), predictor(o.checkpoint, "auto"), modelId(o.checkpoint)
    {}

    void count(int status, const std::string &decision, double seconds)
    {
        if (status == -1)
            status = 200; // set by the library after the handler
        std::lock_guard lock(metricsMutex);
        ++byStatus[status];
        if (!decision.empty())
            ++decisions[decision];
        latencySum += seconds;
        ++latencyCount;
        for (size_t i = 0; i < kBucketCount; ++i)
            if (seconds <= kLatencyBuckets[i]) {
                ++latencyBuckets[i];
                break;
            }
    }

    /** The inference thread: takes up to maxBatch jobs, waiting at most maxDelayMs after the
        first for the others. */
    void infer()
    {
        const Preprocessing &pre = predictor.preprocessing();
        const size_t imageSize = size_t(pre.channels) * size_t(pre.size) * size_t(pre.size);
        for (;;) {
            std::vector<std::shared_ptr<Job>> jobs;
            {
                std::unique_lock lock(mutex);
                wake.wait(lock, [&] { return stopping || !queue.empty(); });
                if (queue.empty())
                    return; // stopping, nothing left
                const auto deadline = Clock::now() + std::chrono::milliseconds(o.maxDelayMs);
                wake.wait_until(lock, deadline,
                                [&] { return stopping || queue.size() >= size_t(o.maxBatch); });
                while (!queue.empty() && jobs.size() < size_t(o.maxBatch)) {
                    jobs.push_back(std::move(queue.front()));
                    queue.pop_front();
                }
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
            std::lock_guard lock(metricsMutex);
            ++batchSizes[b.n];
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
            body = req.files.begin()->second.content;
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
        if (!ImageLoader::loadFromMemory(body, predictor.preprocessing(), job->pixels, &error)) {
            fail(res, 400, "not a usable image: " + error);
            return false;
        }
        auto future = job->result.get_future();
        {
            std::lock_guard lock(mutex);
            if (queue.size() >= o.maxQueue) {
                res.set_header("Retry-After", "1");
                fail(res, 503, "busy: " + std::to_string(queue.size()) + " requests queued");
                return false;
            }
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

    static void fail(httplib::Response &res, int status, const std::string &why)
    {
        res.status = status;
        res.set_content(nlohmann::json{{"error", why}}.dump() + "\n", "application/json");
    }

    nlohmann::json modelJson() const
    {
        return {{"id", modelId},
                {"architecture", predictor.modelName()},
                {"classes", predictor.classNames()},
                {"preprocessing", toJson(predictor.preprocessing())},
                {"thresholds",
                 {{"auto", o.thresholds.autoAssign},
                  {"shortlist", o.thresholds.shortlist},
                  {"shortlist_mass", o.thresholds.shortlistMass},
                  {"shortlist_max", o.thresholds.shortlistMax}}},
                {"temperature", predictor.temperature()}};
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
        s += "# HELP photocat_request_seconds Time from a request's arrival to its answer\n"
             "# TYPE photocat_request_seconds histogram\n";
        uint64_t cumulative = 0;
        char le[32];
        for (size_t i = 0; i < kBucketCount; ++i) {
            cumulative += latencyBuckets[i];
            std::snprintf(le, sizeof le, "%g", kLatencyBuckets[i]);
            s += "photocat_request_seconds_bucket{le=\"" + std::string(le) + "\"} " +
                 std::to_string(cumulative) + "\n";
        }
        s += "photocat_request_seconds_bucket{le=\"+Inf\"} " + std::to_string(latencyCount) +
             "\nphotocat_request_seconds_sum " + std::to_string(latencySum) +
             "\nphotocat_request_seconds_count " + std::to_string(latencyCount) + "\n";
        return s;
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
            count(res.status, "", std::chrono::duration<double>(Clock::now() - start).count());
        });
        http.Post("/v1/classify", [this](const httplib::Request &req, httplib::Response &res) {
            const auto start = Clock::now();
            std::vector<float> probs;
            std::string decision;
            if (classify(req, res, probs)) {
                const auto &names = predictor.classNames();
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
            count(res.status, decision,
                  std::chrono::duration<double>(Clock::now() - start).count());
        });
        http.Get("/v1/model", [this](const httplib::Request &, httplib::Response &res) {
            res.set_content(modelJson().dump(), "application/json");
        });
        http.Get("/metrics", [this](const httplib::Request &, httplib::Response &res) {
            res.set_content(metricsText(), "text/plain; version=0.0.4");
        });
        http.set_error_handler([this](const httplib::Request &, httplib::Response &res) {
            if (res.body.empty())
                fail(res, res.status,
                     res.status == 413 ? "request body over " + std::to_string(o.maxBody) + " bytes"
                                       : "HTTP status " + std::to_string(res.status));
            if (res.status == 413 || res.status == 404) // refused before any route ran
                count(res.status, "", 0);
        });
        http.set_exception_handler([](const httplib::Request &, httplib::Response &res,
                                      std::exception_ptr) { fail(res, 500, "internal error"); });
    }
};

Server::Server(ServeOptions options) : d(std::make_unique<Impl>(std::move(options)))
{
    d->http.set_payload_max_length(d->o.maxBody);
    d->http.set_read_timeout(d->o.readTimeoutSeconds, 0);
    d->http.set_write_timeout(d->o.readTimeoutSeconds, 0);
    const int threads = std::max(1, d->o.threads);
    d->http.new_task_queue = [threads] { return new httplib::ThreadPool(size_t(threads)); };
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
    return d->port;
}

void Server::run() { d->http.listen_after_bind(); }

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
    d->http.stop();
}

} // namespace photocat::core
