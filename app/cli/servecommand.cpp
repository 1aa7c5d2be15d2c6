#include "cli.h"

#include "serving/server.h"
#include "store/workspace.h"

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
};

core::Server *gServer = nullptr;

void runServe(ServeArgs &a)
{
    core::ServeOptions &o = a.options;
    if (o.checkpoint.empty()) {
        core::Workspace workspace(a.common.workspace);
        o.checkpoint = workspace.newestCheckpoint();
        if (o.checkpoint.empty())
            throw std::runtime_error("the workspace has no trained model yet; run 'photocat-cli "
                                     "train' or pass --checkpoint");
    }
    if (const char *port = std::getenv("SAGEMAKER_BIND_TO_PORT"); port && *port && o.port == 8080)
        o.port = std::atoi(port);
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
    c->add_option("--checkpoint,-c", a->options.checkpoint,
                  "Checkpoint (default: the workspace's newest run's best)");
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
                  "How long a request waits for others to batch with")
        ->check(CLI::Range(0, 1000))
        ->capture_default_str();
    c->add_option("--max-queue", a->options.maxQueue, "Queued requests before 503")
        ->check(CLI::Range(size_t(1), size_t(1) << 20))
        ->capture_default_str();
    c->add_option("--threads", a->options.threads, "HTTP and decoding threads")
        ->check(CLI::Range(1, 1024))
        ->capture_default_str();
    c->add_option("--timeout", a->options.readTimeoutSeconds,
                  "Seconds a stalled client may hold a connection")
        ->check(CLI::Range(1, 3600))
        ->capture_default_str();
    addPolicyOptions(c, a->options.thresholds);
    c->callback([a] { runServe(*a); });
}

} // namespace photocat::cli
