#include "cli.h"

#include "serving/server.h"
#include "store/workspace.h"

#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <thread>
#include <vector>

namespace photocat::cli {

namespace {

struct ServeArgs
{
    Common common;
    core::ServeOptions options;
    PolicyFlags policy;
};

core::Server *gServer = nullptr;

/** Input sides from which LibTorch's OpenMP threads had better spin between parallel regions. */
constexpr int kSpinFromInputSize = 96;

/**
 * LibTorch's OpenMP workers either spin between parallel regions or sleep (OMP_WAIT_POLICY,
 * read once when libgomp loads). Which one serves better depends on the model, measured with
 * `wrk` at concurrency 1 / 8 / 64 on 2 cores: the default 28x28 model answers a lone request
 * in 3.6 ms passive against 5-7 ms spinning (p99 8 against 33-136 ms: spinning threads take
 * the decoders' and the connections' time), while resnet18 at 224 spends its time inside
 * the forward pass, whose ~60 parallel regions each wake sleeping workers: 28-31 ms passive
 * against 23-25 spinning, and lower p99 at 8 and 64. So a small model's server runs itself
 * again passive; a caller's OMP_WAIT_POLICY or GOMP_SPINCOUNT is left alone.
 */
void choosePolicyForModel(const core::Server &server)
{
    if (server.inputSize() >= kSpinFromInputSize || std::getenv("OMP_WAIT_POLICY") ||
        std::getenv("GOMP_SPINCOUNT"))
        return;
    std::ifstream in("/proc/self/cmdline", std::ios::binary);
    const std::string line{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::vector<std::string> args;
    for (size_t at = 0; at < line.size();) {
        const size_t end = line.find('\0', at);
        args.push_back(line.substr(at, end - at));
        at = end == std::string::npos ? line.size() : end + 1;
    }
    if (args.empty())
        return; // no /proc: serve anyway with the default policy
    std::vector<char *> argv;
    for (auto &a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    setenv("OMP_WAIT_POLICY", "PASSIVE", 1);
    execv("/proc/self/exe", argv.data());
    unsetenv("OMP_WAIT_POLICY"); // not re-executed: serve with the policy this process has
}

void runServe(ServeArgs &a)
{
    // SIGTERM and SIGINT drain: a thread waits for them, so nothing runs in a signal handler.
    // Blocked before any thread exists (every thread inherits the mask), so that one arriving
    // while the model loads or just after the ready line drains instead of killing.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    core::ServeOptions &o = a.options;
    o.givenThresholds = a.policy.given();
    if (o.checkpoint.empty()) {
        core::Workspace workspace(a.common.workspace);
        o.checkpoint = workspace.newestCheckpoint();
        if (o.checkpoint.empty())
            throw std::runtime_error("the workspace has no trained model yet; run 'photocat-cli "
                                     "train' or pass --checkpoint");
    }
    if (const char *port = std::getenv("SAGEMAKER_BIND_TO_PORT"); port && *port && o.port == 8080)
        o.port = std::atoi(port);
    // A connection is a descriptor: allow as many as the hard limit lets (often 1024 soft).
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }
    core::Server server(o);
    choosePolicyForModel(server);
    const int port = server.bind();
    if (o.host != "127.0.0.1" && o.host != "localhost")
        std::cerr << "photocat-cli serve: listening on " << o.host
                  << ", reachable from other machines\n";
    std::cout << "serving " << o.checkpoint << " on http://" << o.host << ":" << port
              << "/ (POST /invocations or /v1/classify; SIGTERM drains)" << std::endl;
    gServer = &server;
    std::thread waiter([&signals] {
        int signal = 0;
        sigwait(&signals, &signal);
        if (gServer)
            gServer->stop();
    });
    server.run();
    gServer = nullptr;
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    std::cout << "drained: stopped" << std::endl;
}

} // namespace

void registerServeCommand(CLI::App &app)
{
    auto a = std::make_shared<ServeArgs>();
    auto *c = app.add_subcommand("serve", "Serve a model over HTTP: SageMaker's /ping and "
                                          "/invocations, and /v1/classify's decisions");
    addCommon(c, a->common);
    auto *checkpoint = c->add_option("--checkpoint,-c", a->options.checkpoint,
                                     "Checkpoint (default: the workspace's newest run's best)");
    c->add_option("--model-dir", a->options.checkpoint,
                  "A folder holding photocat-cli export's .json + .pth, or a checkpoint "
                  "(SageMaker: /opt/ml/model)")
        ->check(CLI::ExistingDirectory)
        ->excludes(checkpoint);
    c->add_option("--host", a->options.host,
                  "Address to listen on (other than 127.0.0.1: "
                  "reachable from other machines)")
        ->capture_default_str();
    c->add_option("--port,-p", a->options.port, "Port (also SAGEMAKER_BIND_TO_PORT)")
        ->check(CLI::Range(0, 65535))
        ->capture_default_str();
    c->add_option("--max-body", a->options.maxBody, "Largest request body in bytes (413 above)")
        ->check(CLI::Range(size_t(1), size_t(1) << 30))
        ->capture_default_str();
    c->add_option("--max-batch", a->options.maxBatch, "Requests classified together")
        ->check(CLI::Range(1, 1024))
        ->capture_default_str();
    c->add_option("--max-delay-ms", a->options.maxDelayMs,
                  "How long a batch may wait for uploads still being decoded (a lone request "
                  "never waits)")
        ->check(CLI::Range(0, 1000))
        ->capture_default_str();
    c->add_option("--max-queue", a->options.maxQueue,
                  "Requests waiting (for a connection thread or for the model) before 503")
        ->check(CLI::Range(size_t(1), size_t(1) << 20))
        ->capture_default_str();
    c->add_option("--threads", a->options.threads,
                  "Connections served at once (a thread each, started as needed)")
        ->check(CLI::Range(1, 4096))
        ->capture_default_str();
    c->add_option("--decode-threads", a->options.decodeThreads,
                  "Uploads decoded at once (default: one per core)")
        ->check(CLI::Range(0, 1024));
    c->add_option("--timeout", a->options.readTimeoutSeconds,
                  "Seconds a stalled client may hold a connection")
        ->check(CLI::Range(1, 3600))
        ->capture_default_str();
    addPrecisionOption(c, a->options.precision);
    a->policy = addPolicyOptions(c, a->options.thresholds);
    c->callback([a] { runServe(*a); });
}

} // namespace photocat::cli
