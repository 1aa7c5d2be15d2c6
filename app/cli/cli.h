#pragma once

#include "common/stopflag.h"
#include "inference/policy.h"
#include "store/workspace.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <string>

namespace photocat::cli {

/** Options every subcommand shares. */
struct Common
{
    std::string workspace;
    bool json = false;
};

/** Adds --workspace (required or defaulted) and --json to a subcommand. */
void addCommon(CLI::App *command, Common &common, bool needsWorkspace = true);

/** A subcommand's threshold options, to ask after parsing which were given. */
struct PolicyFlags
{
    CLI::Option *autoAssign = nullptr, *shortlist = nullptr, *mass = nullptr, *max = nullptr;
    core::PolicyOverride given() const;
};

/** Adds the suggestion rule's thresholds (--auto-threshold, --shortlist-threshold, ...); those
    not given come from the model's stored thresholds when it has any (mergePolicy()). */
PolicyFlags addPolicyOptions(CLI::App *command, core::PolicyThresholds &policy);

/** Adds --precision (fp32, bf16 or auto) for inference: see core::Predictor::setPrecision. */
void addPrecisionOption(CLI::App *command, std::string &precision);

/** Prints a JSON value as one line to stdout. */
void printJson(const nlohmann::json &value);

/** Whether stdout is a terminal (progress bars only then). */
bool stdoutIsTty();

/**
 * While alive, the first Ctrl-C sets flag() instead of ending the process: the command stops at
 * its next check and keeps what it has; a second Ctrl-C ends it. The default comes back when
 * the scope ends, also by an exception. One at a time.
 */
class InterruptStop
{
public:
    InterruptStop();
    ~InterruptStop();
    InterruptStop(const InterruptStop &) = delete;
    InterruptStop &operator=(const InterruptStop &) = delete;

    core::StopFlag *flag();
};

/** Thrown by a command that has said what happened and only needs main() to return code
    (a training run stopped by a signal: 128 + the signal, as a shell reports it). */
struct ExitStatus
{
    int code = 1;
};

/** The default workspace folder: $XDG_DATA_HOME/photocat/default (~/.local/share/...). */
std::string defaultWorkspaceDir();

/** The newest run's best checkpoint; throws std::runtime_error saying how to make one. */
std::string latestCheckpoint(core::Workspace &workspace);

void registerImportCommands(CLI::App &app);
void registerInfoCommand(CLI::App &app);
void registerTrainCommand(CLI::App &app);
void registerProbeCommand(CLI::App &app);
void registerEvalCommands(CLI::App &app);
void registerWeightCommands(CLI::App &app);
void registerServeCommand(CLI::App &app);
void registerRecordCommands(CLI::App &app);
void registerLaunchCommand(CLI::App &app);
void registerMapCommand(CLI::App &app);

} // namespace photocat::cli
