#include "cli.h"

#include "serving/server.h"
#include "store/workspace.h"

#include <sys/resource.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>

namespace photocat::cli {

namespace {

struct ServeArgs
{
    Common common;
    core::ServeOptions options;
    PolicyFlags policy;
};

core::Server *gServer = nullptr;

void runServe(ServeArgs &a)
{
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
    const int port = server.bind();
    if (o.host != "127.0.0.1" && o.host != "localhost")
        std::cerr << "photocat-cli serve: listening on " << o.host
                  << ", reachable from other machines\n";
    std::cout << "serving " << o.checkpoint << " on http://" << o.host << ":" << port
              << "/ (POST /invocations or /v1/classify; SIGTERM drains)" << std::endl;
    // SIGTERM and SIGINT drain: a thread waits for them, so nothing runs in a signal handler.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
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
    c->add_option("--max-queue", a->options.maxQueue, "Queued requests before 503")
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
    a->policy = addPolicyOptions(c, a->options.thresholds);
    c->callback([a] { runServe(*a); });
}

} // namespace photocat::cli
