// photocat-cli launch: torchrun's standalone rendezvous without Python. Starts N ranks of a
// command on this machine, forwards Ctrl-C and SIGTERM to them, and ends the job when one fails.
#include "cli.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <stdexcept>
#include <thread>
#include <vector>

namespace photocat::cli {

namespace {

struct LaunchArgs
{
    int nproc = 1;
    std::string masterAddr = "127.0.0.1";
    int masterPort = 0;
    int graceSeconds = 10;
    std::vector<std::string> command;
};

/** A port nobody listens on now (the kernel's pick), as torchrun's standalone mode does. */
int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        throw std::runtime_error(std::string("launch: no socket: ") + std::strerror(errno));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0 &&
                    ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0;
    ::close(fd);
    if (!ok)
        throw std::runtime_error(std::string("launch: no free port: ") + std::strerror(errno));
    return ntohs(addr.sin_port);
}

std::string describeExit(int status)
{
    if (WIFEXITED(status))
        return "exited with status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) {
        const char *name = sigabbrev_np(WTERMSIG(status));
        return "was killed by signal " + std::to_string(WTERMSIG(status)) +
               (name ? std::string(" (SIG") + name + ")" : "");
    }
    return "ended";
}

int exitCodeOf(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1;
}

int runLaunch(const LaunchArgs &a)
{
    if (a.command.empty())
        throw std::invalid_argument("launch: name the command each rank runs, e.g. launch "
                                    "--nproc-per-node 2 train --workspace W");
    const int port = a.masterPort > 0 ? a.masterPort : freePort();
    // Each rank gets an equal share of the cores, unless the caller chose its threads.
    const bool ownThreads = std::getenv("OMP_NUM_THREADS") != nullptr;
    const int threads = std::max(1, int(std::thread::hardware_concurrency()) / a.nproc);
    std::fprintf(stderr,
                 "photocat-cli launch: %d ranks, rendezvous %s:%d, %s intra-op threads each\n",
                 a.nproc, a.masterAddr.c_str(), port,
                 ownThreads ? std::getenv("OMP_NUM_THREADS") : std::to_string(threads).c_str());
    std::fflush(stderr);

    // The launcher takes its signals synchronously (main() blocked them before any thread
    // started); the ranks get them from it only: they run in their own process group, so a
    // terminal's Ctrl-C does not reach them twice.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGCHLD);
    sigset_t previous;
    pthread_sigmask(SIG_BLOCK, &signals, &previous);
    sigset_t unblocked = previous;
    sigdelset(&unblocked, SIGINT);
    sigdelset(&unblocked, SIGTERM);
    sigdelset(&unblocked, SIGCHLD);

    // This very program, by its real path (what ps and the ranks' messages show).
    char self[4096] = {};
    const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    std::vector<std::string> argv{n > 0 ? std::string(self, size_t(n)) : "/proc/self/exe"};
    argv.insert(argv.end(), a.command.begin(), a.command.end());
    std::vector<char *> args;
    for (auto &s : argv)
        args.push_back(s.data());
    args.push_back(nullptr);
    // Each rank's environment, made before fork(): the child only calls exec.
    const std::vector<std::string> names{
        "RANK",        "LOCAL_RANK",  "WORLD_SIZE",     "LOCAL_WORLD_SIZE",
        "MASTER_ADDR", "MASTER_PORT", "OMP_NUM_THREADS"};
    std::vector<std::vector<std::string>> envs(size_t(a.nproc));
    for (int rank = 0; rank < a.nproc; ++rank) {
        auto &env = envs[size_t(rank)];
        for (char **e = environ; *e; ++e) {
            const std::string var(*e);
            const std::string name = var.substr(0, var.find('='));
            if (std::find(names.begin(), names.end(), name) == names.end() ||
                (name == "OMP_NUM_THREADS" && ownThreads))
                env.push_back(var);
        }
        env.push_back("RANK=" + std::to_string(rank));
        env.push_back("LOCAL_RANK=" + std::to_string(rank));
        env.push_back("WORLD_SIZE=" + std::to_string(a.nproc));
        env.push_back("LOCAL_WORLD_SIZE=" + std::to_string(a.nproc));
        env.push_back("MASTER_ADDR=" + a.masterAddr);
        env.push_back("MASTER_PORT=" + std::to_string(port));
        if (!ownThreads)
            env.push_back("OMP_NUM_THREADS=" + std::to_string(threads));
    }
    std::vector<std::vector<char *>> envps(envs.size());
    for (size_t r = 0; r < envs.size(); ++r) {
        for (auto &v : envs[r])
            envps[r].push_back(v.data());
        envps[r].push_back(nullptr);
    }

    std::vector<pid_t> pids;
    const pid_t parent = ::getpid();
    for (int rank = 0; rank < a.nproc; ++rank) {
        const pid_t pid = ::fork();
        if (pid < 0)
            throw std::runtime_error(std::string("launch: fork failed: ") + std::strerror(errno));
        if (pid == 0) {
            ::setpgid(0, 0);
            ::prctl(PR_SET_PDEATHSIG, SIGTERM); // the launcher killed: the ranks end too
            if (::getppid() != parent)
                ::_exit(1);
            pthread_sigmask(SIG_SETMASK, &unblocked, nullptr);
            ::execve(args[0], args.data(), envps[size_t(rank)].data());
            static const char message[] = "photocat-cli launch: cannot start a rank\n";
            [[maybe_unused]] const auto written = ::write(2, message, sizeof message - 1);
            ::_exit(127);
        }
        pids.push_back(pid);
    }

    auto signalAll = [&](int sig) {
        for (pid_t p : pids)
            if (p > 0)
                ::kill(p, sig);
    };
    int running = a.nproc;
    int exitCode = 0;
    bool failing = false;
    bool forwarded = false; ///< a stop was passed on: ranks ending of it are not failures
    std::time_t killAt = 0;
    while (running > 0) {
        timespec wait{1, 0};
        siginfo_t info{};
        const int sig = sigtimedwait(&signals, &info, &wait);
        if (sig == SIGINT || sig == SIGTERM) {
            std::fprintf(stderr, "photocat-cli launch: %s: passing it to every rank\n",
                         sig == SIGINT ? "interrupted" : "terminated");
            signalAll(sig);
            forwarded = true;
        }
        int status = 0;
        pid_t pid;
        while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0) {
            const auto it = std::find(pids.begin(), pids.end(), pid);
            if (it == pids.end())
                continue;
            const int rank = int(it - pids.begin());
            *it = -1;
            --running;
            // A stop passed on ends a rank by the signal, or (train) with 128 + the signal
            // once it has kept its checkpoint.
            const int stopSignal = WIFSIGNALED(status) ? WTERMSIG(status)
                                   : WIFEXITED(status) ? WEXITSTATUS(status) - 128
                                                       : 0;
            const bool stopped = forwarded && (stopSignal == SIGINT || stopSignal == SIGTERM);
            if (stopped && exitCode == 0)
                exitCode = 128 + stopSignal; // as a shell reports a Ctrl-C
            const bool ok = (WIFEXITED(status) && WEXITSTATUS(status) == 0) || stopped;
            if (!ok && !failing) {
                failing = true;
                exitCode = exitCodeOf(status);
                std::fprintf(stderr,
                             "photocat-cli launch: rank %d %s; ending the other %d rank%s\n", rank,
                             describeExit(status).c_str(), running, running == 1 ? "" : "s");
                signalAll(SIGTERM);
                killAt = std::time(nullptr) + a.graceSeconds;
            } else if (!ok) {
                std::fprintf(stderr, "photocat-cli launch: rank %d %s\n", rank,
                             describeExit(status).c_str());
            }
        }
        if (failing && running > 0 && std::time(nullptr) >= killAt) {
            std::fprintf(stderr,
                         "photocat-cli launch: %d rank%s still running %d s after the failure: "
                         "killing\n",
                         running, running == 1 ? "" : "s", a.graceSeconds);
            signalAll(SIGKILL);
            killAt = std::time(nullptr) + 3600;
        }
    }
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    return exitCode;
}

} // namespace

void registerLaunchCommand(CLI::App &app)
{
    auto a = std::make_shared<LaunchArgs>();
    auto *c = app.add_subcommand(
        "launch", "Run a command (train) as N ranks of a data-parallel job on this machine, as "
                  "torchrun --standalone does: launch --nproc-per-node 2 train --workspace W");
    c->add_option("--nproc-per-node,-n", a->nproc, "Ranks to start")
        ->check(CLI::Range(1, 256))
        ->required();
    c->add_option("--master-addr", a->masterAddr, "Rendezvous address (rank 0 listens there)")
        ->capture_default_str();
    c->add_option("--master-port", a->masterPort, "Rendezvous port (0 = a free one)")
        ->check(CLI::Range(0, 65535))
        ->capture_default_str();
    c->add_option("--grace", a->graceSeconds,
                  "Seconds the other ranks get to end after one failed, before SIGKILL")
        ->check(CLI::Range(0, 3600))
        ->capture_default_str();
    c->prefix_command();
    c->callback([a, c] {
        a->command = c->remaining();
        const int code = runLaunch(*a);
        if (code != 0)
            std::exit(code);
    });
}

} // namespace photocat::cli
