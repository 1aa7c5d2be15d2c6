#pragma once

#include "inference/policy.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace photocat::core {

struct ServeOptions
{
    std::string checkpoint;
    std::string host = "127.0.0.1";
    int port = 8080; ///< 0: any free port (tests)
    /** Request bodies over this are refused with 413 before they are read (SageMaker's 6 MiB). */
    size_t maxBody = 6u << 20;
    int maxBatch = 64;     ///< requests classified together
    int maxDelayMs = 5;    ///< how long a batch may wait for uploads still being decoded
    size_t maxQueue = 256; ///< requests waiting (for a thread or the model); more: 503, Retry-After
    int threads = 64;      ///< connections served at once (a thread each, mostly waiting)
    int decodeThreads = 0; ///< uploads decoded at once; 0: one per core
    int readTimeoutSeconds = 10; ///< a client that stalls longer is dropped
    int topK = 5;
    std::string precision = "fp32"; ///< fp32, bf16 or auto: see Predictor::setPrecision
    /** The suggestion rule. The fields named in givenThresholds are used as they are; the
        others come from the thresholds stored with the model (chosen from a precision
        target), when it has any. */
    PolicyThresholds thresholds;
    PolicyOverride givenThresholds;
};

/** Counters for a live display (the desktop's "Serve this model…"). */
struct ServerStats
{
    uint64_t requests = 0; ///< answered classification and metadata requests, any status
    uint64_t refused = 0;  ///< of those, answered 4xx or 5xx
    std::map<std::string, uint64_t> decisions; ///< /v1/classify's answers by decision
};

/**
 * The inference endpoint (cpp-httplib): SageMaker's image-classification contract and
 * photocat's richer answer.
 *   GET  /ping                  200 once the model is loaded, 503 while draining
 *   POST /invocations           image/jpeg, image/png or application/x-image body: a bare JSON
 *                               array of class probabilities in class-index order; with
 *                               Accept: application/jsonlines, {"prediction": [...]}
 *   GET  /execution-parameters  for SageMaker batch transform
 *   POST /v1/classify           the same bodies: class names, top-k, the auto / shortlist /
 *                               manual decision, the model's id and the time spent
 *   GET  /v1/model              classes, preprocessing, thresholds, temperature
 *   GET  /metrics               Prometheus text: requests by status, batch sizes, decisions;
 *                               latency histograms of requests, decoding, waiting, batches
 *   GET  /                      the seller's "choose a category" page (HTML + JS, built in)
 * Bad input never reaches the model: 413 (too large), 415 (content type), 400 (not a picture
 * photocat decodes, or over the pixel limit), 503 when the queue is full. Uploads are decoded
 * on the HTTP threads and classified in dynamic batches on one inference thread.
 */
class Server
{
public:
    /** Loads the model; throws std::runtime_error naming the file when it cannot. */
    explicit Server(ServeOptions options);
    ~Server();
    Server(const Server &) = delete;
    Server &operator=(const Server &) = delete;

    /** Binds the socket; returns the port (the chosen one for port 0). Throws
        std::runtime_error when the address cannot be bound. */
    int bind();
    /** Serves until stop(); returns when the last request has been answered. */
    void run();
    /** Drains: /ping turns 503, requests in flight finish, then run() returns. Thread-safe
        (and what SIGTERM calls). */
    void stop();
    /** Thread-safe. */
    ServerStats stats() const;
    /** The model's input side in pixels (its preprocessing's size). */
    int inputSize() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace photocat::core
