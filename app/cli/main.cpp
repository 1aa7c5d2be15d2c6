// photocat-cli: the headless face of photocat (no Qt), for terminals, scripts and GPU servers.
#include "cli.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <pthread.h>
#include <unistd.h>

namespace photocat::cli {

void addCommon(CLI::App *command, Common &common, bool needsWorkspace)
{
    if (needsWorkspace)
        common.workspace = defaultWorkspaceDir();
    command->add_option("--workspace,-w", common.workspace, "Workspace folder")
        ->capture_default_str();
    command->add_flag("--json", common.json, "Print machine-readable JSON instead of text");
}

core::PolicyOverride PolicyFlags::given() const
{
    return {autoAssign && autoAssign->count() > 0, shortlist && shortlist->count() > 0,
            mass && mass->count() > 0, max && max->count() > 0};
}

PolicyFlags addPolicyOptions(CLI::App *c, core::PolicyThresholds &policy)
{
    PolicyFlags f;
    f.autoAssign = c->add_option("--auto-threshold", policy.autoAssign,
                                 "Top-1 probability to choose a category automatically (default: "
                                 "the model's chosen threshold, else 0.9)")
                       ->check(CLI::Range(0.0, 1.0));
    f.shortlist = c->add_option("--shortlist-threshold", policy.shortlist,
                                "Top-1 probability to offer a shortlist (default: the model's, "
                                "else 0.5)")
                      ->check(CLI::Range(0.0, 1.0));
    f.mass = c->add_option("--shortlist-mass", policy.shortlistMass,
                           "Shortlist grows until its probabilities reach this (default: the "
                           "model's, else 0.9)")
                 ->check(CLI::Range(0.0, 1.0));
    f.max = c->add_option("--shortlist-max", policy.shortlistMax,
                          "At most this many shortlisted categories (default: the model's, "
                          "else 3)")
                ->check(CLI::PositiveNumber);
    return f;
}

void printJson(const nlohmann::json &value)
{
    std::cout << value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n'
              << std::flush;
}

bool stdoutIsTty() { return ::isatty(STDOUT_FILENO) == 1; }

void addPrecisionOption(CLI::App *command, std::string &precision)
{
    command
        ->add_option("--precision", precision,
                     "Inference precision: fp32, bf16 (autocast: about twice as fast where the "
                     "CPU computes bf16, and on CUDA) or auto (bf16 there, else fp32)")
        ->check(CLI::IsMember({"fp32", "bf16", "auto"}))
        ->capture_default_str();
}

namespace {

core::StopFlag gInterrupted{false};

void onInterrupt(int)
{
    gInterrupted = true;
    std::signal(SIGINT, SIG_DFL);
}

} // namespace

InterruptStop::InterruptStop()
{
    gInterrupted = false;
    std::signal(SIGINT, onInterrupt);
}

InterruptStop::~InterruptStop() { std::signal(SIGINT, SIG_DFL); }

core::StopFlag *InterruptStop::flag() { return &gInterrupted; }

std::string defaultWorkspaceDir()
{
    const char *xdg = std::getenv("XDG_DATA_HOME");
    const char *home = std::getenv("HOME");
    const std::string base = xdg && *xdg ? xdg : std::string(home ? home : ".") + "/.local/share";
    return base + "/photocat/default";
}

} // namespace photocat::cli

int main(int argc, char **argv)
{
    if (argc > 1 && std::strcmp(argv[1], "launch") == 0) {
        // launch takes its signals synchronously (sigtimedwait): blocked before any thread
        // exists, so every thread inherits the mask and none dies of an early Ctrl-C.
        sigset_t signals;
        sigemptyset(&signals);
        sigaddset(&signals, SIGINT);
        sigaddset(&signals, SIGTERM);
        sigaddset(&signals, SIGCHLD);
        pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    }
    using namespace photocat::cli;
    CLI::App app{"photocat-cli: index product photos, train and evaluate category models, and "
                 "suggest categories, without a display"};
    app.require_subcommand(1);
    app.set_help_all_flag("--help-all", "Show help for all subcommands");
    registerImportCommands(app);
    registerInfoCommand(app);
    registerTrainCommand(app);
    registerProbeCommand(app);
    registerEvalCommands(app);
    registerMapCommand(app);
    registerWeightCommands(app);
    registerServeCommand(app);
    registerRecordCommands(app);
    registerLaunchCommand(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp &e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp &e) {
        return app.exit(e);
    } catch (const CLI::ParseError &e) {
        std::cerr << "photocat-cli: " << e.what() << " (see --help)\n";
        return 2;
    } catch (const ExitStatus &status) {
        return status.code;
    } catch (const std::exception &e) {
        std::cerr << "photocat-cli: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
