#include "cli.h"

#include "io/weightinfo.h"
#include "models/modelnames.h"
#include "training/distributed.h"
#include "training/linearprobe.h"
#include "training/options.h"
#include "training/sagemaker.h"
#include "training/workspacetraining.h"

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <set>
#include <unistd.h>

namespace photocat::cli {

namespace {

core::StopFlag gStop{false};
volatile std::sig_atomic_t gStopSignal = 0; ///< the signal that stopped the run

void onInterrupt(int)
{
    // First Ctrl-C: stop after the current batch and keep a checkpoint; second: default.
    gStop = true;
    gStopSignal = SIGINT;
    std::signal(SIGINT, SIG_DFL);
}

struct TrainArgs
{
    Common common;
    core::WorkspaceTrainRequest request;
    std::string augment = "auto";
    bool noFlip = false;
    bool sagemaker = false;
    std::string sagemakerRoot = "/opt/ml";
    CLI::Option *epochs = nullptr;
    /** The recipe's options: with --resume the checkpoint's recipe holds, and those given are
        named as ignored. */
    std::vector<CLI::Option *> recipe;
};

/** The job layout from torchrun's, Slurm's or SageMaker's environment (a single process when
    none is set), with the --dist-* options. */
void joinJob(core::WorkspaceTrainRequest &request)
{
    request.dist.env = core::distEnvFromEnvironment();
    if (request.dist.env.distributed() && !core::distributedAvailable())
        throw std::runtime_error(core::describe(request.dist.env) +
                                 ": this build of photocat has no torch.distributed support "
                                 "(build with libgloo-dev installed)");
}

void onTerminate(int)
{
    // A scheduler's stop (Slurm's time limit, SageMaker's stop and spot interruption, docker
    // stop): end after this batch with a checkpoint.
    gStop = true;
    gStopSignal = SIGTERM;
    std::signal(SIGTERM, SIG_DFL); // a second one ends it at once
}

/** A run the user or a scheduler stopped exits as a shell reports the signal (130 for
    Ctrl-C, 143 for SIGTERM), after saying where it stopped: a script's `train && export`
    must not go on with a half-trained model. */
void exitIfStopped(const core::TrainResult &r)
{
    if (r.status == core::RunStatus::Cancelled)
        throw ExitStatus{128 + (gStopSignal ? int(gStopSignal) : SIGINT)};
}

/** Copies a file under a temporary name, then renames it: a reader never sees half of it. */
void copyAtomically(const std::string &from, const std::string &to)
{
    namespace fs = std::filesystem;
    fs::create_directories(fs::path(to).parent_path());
    fs::copy_file(from, to + ".tmp", fs::copy_options::overwrite_existing);
    fs::rename(to + ".tmp", to);
}

/** train --sagemaker: the built-in image-classification algorithm's training contract. */
void runSageMakerTrain(const TrainArgs &a)
{
    namespace fs = std::filesystem;
    const std::string &root = a.sagemakerRoot;
    try {
        core::SageMakerJob job = core::readSageMakerJob(root);
        for (const auto &note : job.notes)
            std::printf("photocat: %s\n", note.c_str());
        // The workspace is rebuilt from the channels on every start (an in-place index: fast);
        // what survives a restart is in checkpoints/. Not under output/: SageMaker uploads
        // that folder, and the run's checkpoints are in checkpoints/ and model/ already.
        const std::string wsDir =
            (fs::temp_directory_path() / ("photocat-sagemaker-" + std::to_string(::getpid())))
                .string();
        fs::remove_all(wsDir);
        core::Workspace workspace(wsDir, true);
        for (const auto &note : core::importSageMakerChannels(workspace, job))
            std::printf("photocat: %s\n", note.c_str());
        auto &o = job.request.options;
        o.device = a.request.options.device;
        o.threads = a.request.options.threads;
        o.limitBatches = a.request.options.limitBatches;
        o.seed = a.request.options.seed;
        job.request.workers = a.request.workers;
        job.request.runName = "sagemaker";
        job.request.dist = a.request.dist;
        joinJob(job.request);
        // Every host trains; the first (rank 0) alone writes checkpoints and the model.
        const bool primary = job.request.dist.env.rank == 0;
        if (!o.weights.empty())
            std::printf("photocat: starting from the pretrained weights %s\n", o.weights.c_str());
        const std::string savedLast = job.checkpointDir() + "/last.pt";
        const std::string savedBest = job.checkpointDir() + "/best.pt";
        if (job.request.dist.env.distributed())
            std::printf("photocat: %s\n", core::describe(job.request.dist.env).c_str());
        if (fs::exists(savedLast)) {
            job.request.resume = savedLast;
            std::printf("photocat: resuming from %s\n", savedLast.c_str());
        }
        std::fflush(stdout);
        core::WorkspaceTraining training(workspace, job.request);
        const std::string runDir = training.options().runDir;
        const int topK = training.options().topK;
        core::TrainCallbacks cb;
        cb.onLog = [](const std::string &line) { std::fprintf(stderr, "%s\n", line.c_str()); };
        cb.onEpoch = [&](const core::EpochMetrics &m) {
            if (!primary)
                return;
            // As the built-in algorithm prints them (epochs from 0), for metric regexes.
            const int e = m.epoch - 1;
            std::printf("Epoch[%d] Train-accuracy=%f\n", e, m.trainAccuracy);
            std::printf("Epoch[%d] Train-loss=%f\n", e, m.trainLoss);
            std::printf("Epoch[%d] Time cost=%.3f\n", e, m.seconds);
            std::printf("Epoch[%d] Validation-accuracy=%f\n", e, m.valAccuracy);
            std::printf("Epoch[%d] Validation-loss=%f\n", e, m.valLoss);
            if (topK > 1)
                std::printf("Epoch[%d] Validation-top_k_accuracy_%d=%f\n", e, topK, m.valTopK);
            std::fflush(stdout);
            if (m.best)
                copyAtomically(runDir + "/best.pt", savedBest);
        };
        cb.onCheckpoint = [&](const std::string &path) {
            if (primary)
                copyAtomically(path, savedLast);
        };
        std::signal(SIGTERM, onTerminate);
        const auto r = training.run(cb, &gStop);
        std::signal(SIGTERM, SIG_DFL);
        if (r.status == core::RunStatus::Failed)
            throw std::runtime_error(r.error);
        if (r.status == core::RunStatus::Cancelled)
            throw std::runtime_error("stopped by a signal after epoch " +
                                     std::to_string(r.epochsCompleted) + "; " + savedLast +
                                     " continues it");
        if (!primary) {
            fs::remove_all(wsDir);
            return;
        }
        // The run's best.pt holds the calibration temperature fitted at the end; the copy made
        // during the epochs does not. A resumed run that never beat the earlier best has none.
        if (!r.bestCheckpoint.empty() && fs::exists(r.bestCheckpoint))
            copyAtomically(r.bestCheckpoint, savedBest);
        const std::string best = savedBest;
        fs::create_directories(job.modelDir());
        const auto exported = core::exportModel(best, job.modelDir() + "/model.pth");
        copyAtomically(best, job.modelDir() + "/best.pt");
        std::printf("photocat: model written to %s (%s, %s, best.pt); best validation accuracy "
                    "%f\n",
                    job.modelDir().c_str(), fs::path(exported.pth).filename().c_str(),
                    fs::path(exported.json).filename().c_str(), r.bestValAccuracy);
        fs::remove_all(wsDir);
    } catch (const std::exception &e) {
        core::writeSageMakerFailure(root, e.what());
        throw;
    }
}

std::string duration(double s)
{
    char buf[32];
    const int t = int(s + 0.5);
    std::snprintf(buf, sizeof buf, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
    return buf;
}

void printBar(const core::BatchProgress &p)
{
    const int width = 24;
    const int filled =
        int(double(width) * double(p.batch) / double(std::max<size_t>(1, p.batches)));
    std::fprintf(stderr, "\repoch %d/%d [%s%s] %zu/%zu loss %.4f lr %.4g %.0f img/s ETA %s ",
                 p.epoch, p.epochs, std::string(size_t(filled), '#').c_str(),
                 std::string(size_t(width - filled), '.').c_str(), p.batch, p.batches, p.loss,
                 p.learningRate, p.imagesPerSecond, duration(p.etaSeconds).c_str());
}

void runTrain(TrainArgs &a)
{
    if (a.sagemaker)
        return runSageMakerTrain(a);
    core::Workspace workspace(a.common.workspace);
    auto &o = a.request.options;
    if (a.augment != "auto")
        o.augmentation.crop = a.augment;
    a.request.cropChosen = a.augment != "auto";
    if (!a.request.resume.empty()) {
        if (a.epochs->count() == 0)
            o.epochs = 0; // the checkpoint's
        std::string ignored;
        for (const CLI::Option *option : a.recipe)
            if (option->count() > 0)
                ignored += (ignored.empty() ? "" : ", ") + option->get_name();
        if (!ignored.empty())
            std::fprintf(stderr,
                         "photocat-cli train: --resume continues the checkpoint's recipe; "
                         "ignored: %s (how long, where and how fast it runs still apply: "
                         "--epochs, --device, --threads, --workers, --limit-batches, --dist-*)\n",
                         ignored.c_str());
    }
    o.augmentation.flip = !a.noFlip;
    joinJob(a.request);
    const int rank = a.request.dist.env.rank;
    if (a.request.dist.env.distributed()) {
        // Before the rendezvous, which may take a while: a launcher's stop then ends this rank
        // after its first batch instead of killing it.
        std::signal(SIGINT, onInterrupt);
        std::signal(SIGTERM, onTerminate);
    }
    core::WorkspaceTraining training(workspace, a.request);
    const bool json = a.common.json;
    const bool tty = !json && stdoutIsTty();
    core::TrainCallbacks cb;
    // Ranks other than 0 log with their rank and leave progress, epochs and the summary to 0.
    const std::string prefix = rank > 0 ? "[rank " + std::to_string(rank) + "] " : "";
    cb.onLog = [json, prefix](const std::string &line) {
        if (json)
            printJson({{"event", "log"}, {"message", prefix + line}});
        else
            std::fprintf(stderr, "%s%s\n", prefix.c_str(), line.c_str());
    };
    if (rank > 0) {
        std::signal(SIGINT, onInterrupt);
        std::signal(SIGTERM, onTerminate);
        const auto r = training.run(cb, &gStop);
        if (r.status == core::RunStatus::Failed)
            throw std::runtime_error(r.error);
        exitIfStopped(r);
        return;
    }
    if (json)
        printJson({{"event", "start"},
                   {"run", training.runId()},
                   {"world_size", a.request.dist.env.worldSize}});
    size_t lastBatch = 0;
    cb.onBatch = [json, tty, &lastBatch](const core::BatchProgress &p) {
        if (json && (p.batch - lastBatch >= 10 || p.batch == p.batches || p.batch < lastBatch)) {
            lastBatch = p.batch;
            printJson({{"event", "batch"},
                       {"epoch", p.epoch},
                       {"epochs", p.epochs},
                       {"batch", p.batch},
                       {"batches", p.batches},
                       {"loss", p.loss},
                       {"lr", p.learningRate},
                       {"images_per_second", p.imagesPerSecond},
                       {"eta_seconds", p.etaSeconds}});
        } else if (tty) {
            printBar(p);
        }
    };
    cb.onEpoch = [json, tty](const core::EpochMetrics &m) {
        if (json) {
            auto j = core::toJson(m);
            j["event"] = "epoch";
            printJson(j);
            return;
        }
        if (tty)
            std::fputc('\n', stderr);
        std::printf("epoch %3d  train loss %.4f acc %.4f  val loss %.4f acc %.4f%s  %.1f s  "
                    "%.0f img/s  data wait %.1f s%s\n",
                    m.epoch, m.trainLoss, m.trainAccuracy, m.valLoss, m.valAccuracy,
                    m.best ? " *" : "  ", m.seconds, m.imagesPerSecond, m.dataWaitSeconds,
                    m.skippedImages ? (", " + std::to_string(m.skippedImages) + " skipped").c_str()
                                    : "");
        std::fflush(stdout);
    };
    cb.onCheckpoint = [json](const std::string &path) {
        if (json)
            printJson({{"event", "checkpoint"}, {"path", path}});
    };
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onTerminate);
    const auto r = training.run(cb, &gStop);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    const std::string status = core::runStatusName(r.status);
    if (json) {
        printJson({{"event", "end"},
                   {"status", status},
                   {"error", r.error},
                   {"run", training.runId()},
                   {"epochs", r.epochsCompleted},
                   {"best_val_accuracy", r.bestValAccuracy},
                   {"best_epoch", r.bestEpoch},
                   {"temperature", r.temperature},
                   {"thresholds", r.policyMessages},
                   {"best_checkpoint", r.bestCheckpoint},
                   {"last_checkpoint", r.lastCheckpoint},
                   {"skipped_files", r.skippedFiles}});
    } else {
        std::printf("%s: run %lld, %d epochs, best val accuracy %.4f (epoch %d), temperature "
                    "%.3f\n  best checkpoint %s\n  last checkpoint %s\n",
                    status.c_str(), static_cast<long long>(training.runId()), r.epochsCompleted,
                    r.bestValAccuracy, r.bestEpoch, r.temperature, r.bestCheckpoint.c_str(),
                    r.lastCheckpoint.c_str());
        for (const auto &m : r.policyMessages)
            std::printf("  thresholds: %s\n", m.c_str());
    }
    if (r.status == core::RunStatus::Failed)
        throw std::runtime_error(r.error);
    exitIfStopped(r);
}

} // namespace

void registerTrainCommand(CLI::App &app)
{
    auto a = std::make_shared<TrainArgs>();
    auto &o = a->request.options;
    auto *c = app.add_subcommand("train", "Train a category model on a workspace's train split, "
                                          "validating on its val split");
    addCommon(c, a->common);
    c->add_option("--model,-m", o.model, core::modelNameList())
        ->check(CLI::IsMember(core::modelNames()))
        ->capture_default_str();
    c->add_option("--width", o.width, "resnet-small: channels of the first stage")
        ->capture_default_str()
        ->check(CLI::Range(1, 128));
    a->epochs = c->add_option("--epochs,-e", o.epochs,
                              "Epochs (with --resume: at least the checkpoint's, which is the "
                              "default)")
                    ->check(CLI::PositiveNumber)
                    ->capture_default_str();
    c->add_option("--batch-size,-b", o.batchSize, "Batch size")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    c->add_option("--optimizer", o.optimizer, "sgd (Nesterov momentum) or adamw")
        ->check(CLI::IsMember({"sgd", "adamw"}))
        ->capture_default_str();
    c->add_option("--lr", o.learningRate, "Peak learning rate")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    c->add_option("--momentum", o.momentum, "SGD momentum")->capture_default_str();
    c->add_option("--weight-decay", o.weightDecay, "Weight decay")->capture_default_str();
    c->add_option("--schedule", o.schedule, "cosine (with warmup), onecycle or constant")
        ->check(CLI::IsMember({"cosine", "onecycle", "constant"}))
        ->capture_default_str();
    c->add_option("--warmup", o.warmupEpochs, "Warmup epochs")->capture_default_str();
    c->add_option("--label-smoothing", o.labelSmoothing, "Label smoothing")
        ->check(CLI::Range(0.0, 0.99))
        ->capture_default_str();
    c->add_option("--target-precision", o.targetPrecision,
                  "After training, choose the auto-assign threshold on validation so that "
                  "auto-assigned photos are right this often (0.99: 99%, with 95% confidence) and "
                  "store it with the model")
        ->check(CLI::Range(0.0, 0.99999));
    c->add_option("--target-hit-rate", o.targetHitRate,
                  "After training, choose how long shortlists grow so that they hold the truth "
                  "this often, and store it with the model")
        ->check(CLI::Range(0.0, 0.99999));
    c->add_option("--seed", o.seed, "Seed of initialization, order and augmentation")
        ->capture_default_str();
    c->add_option("--patience", o.patience,
                  "Stop after this many epochs without a better val accuracy (0 = off)")
        ->capture_default_str();
    c->add_option("--device", o.device, "auto, cpu or cuda")
        ->check(CLI::IsMember({"auto", "cpu", "cuda"}))
        ->capture_default_str();
    o.precision = "auto";
    c->add_option("--precision", o.precision,
                  "auto (bf16 on CUDA and on CPUs with AVX512-BF16 or AMX, else fp32), fp32, or "
                  "bf16 autocast")
        ->check(CLI::IsMember({"auto", "fp32", "bf16"}))
        ->capture_default_str();
    c->add_flag("--channels-last,!--no-channels-last", o.channelsLast,
                "channels_last (NHWC) memory format: faster convolutions on CPU and GPU (default "
                "on; always on CUDA)");
    c->add_option("--threads", o.threads, "Intra-op threads (0 = all cores)")
        ->capture_default_str();
    c->add_option("--limit-batches", o.limitBatches,
                  "Stop each epoch after this many batches (smoke runs, benchmarks)");
    c->add_flag("--synthetic", a->request.synthetic,
                "Train on in-memory random batches: the compute-only ceiling");
    c->add_option("--workers", a->request.workers, "Image-decoding threads")->capture_default_str();
    c->add_option("--input-size", a->request.inputSize,
                  "Input side in pixels (0 = from model and data)")
        ->check(CLI::Range(0, core::kMaxInputSize));
    c->add_option("--channels", a->request.channels, "Input channels 1 or 3 (0 = from the data)")
        ->check(CLI::IsMember({0, 1, 3}));
    c->add_option("--augment", a->augment,
                  "Crop augmentation: auto, rrc (random-resized-crop), pad, none")
        ->check(CLI::IsMember({"auto", "rrc", "pad", "none"}))
        ->capture_default_str();
    c->add_flag("--no-flip", a->noFlip, "No random horizontal flips");
    c->add_option("--color-jitter", o.augmentation.colorJitter,
                  "Brightness/contrast/saturation jitter (0 = off)");
    c->add_option("--erasing", o.augmentation.erasing, "Random-erasing probability (0 = off)");
    c->add_option("--resume", a->request.resume, "Continue from this checkpoint (last.pt)")
        ->check(CLI::ExistingFile);
    c->add_option("--name", a->request.runName, "Run name shown in the app");
    c->add_option("--weights", o.weights,
                  "Start from pretrained weights: torchvision/timm .pth, "
                  ".safetensors or a photocat checkpoint")
        ->check(CLI::ExistingFile);
    c->add_option("--finetune", o.finetune,
                  "full; probe (train the head only); last (the last "
                  "--train-stages stages and the head); two-phase (head "
                  "first, then everything)")
        ->check(CLI::IsMember({"full", "probe", "last", "two-phase"}))
        ->capture_default_str();
    c->add_option("--train-stages", o.trainStages, "--finetune last: backbone stages trained")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    c->add_option("--backbone-lr-scale", o.backboneLrScale,
                  "Backbone learning rate = --lr x this "
                  "(0 = 0.1 with --weights, else 1)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    c->add_option("--head-epochs", o.headEpochs,
                  "--finetune two-phase: head-only epochs (0 = a quarter)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    auto &dist = a->request.dist;
    c->add_option("--dist-backend", dist.backend,
                  "Distributed jobs (started by launch, torchrun, srun or SageMaker): auto (nccl "
                  "on CUDA, else gloo), gloo or nccl")
        ->check(CLI::IsMember({"auto", "gloo", "nccl"}))
        ->capture_default_str();
    c->add_option("--dist-timeout", dist.timeoutSeconds,
                  "Seconds a rank waits for the others before the job ends on every rank")
        ->check(CLI::Range(1, 24 * 3600))
        ->capture_default_str();
    c->add_flag("--sync-bn", dist.syncBatchNorm,
                "BatchNorm statistics over the global batch instead of each rank's");
    c->add_flag("--sagemaker", a->sagemaker,
                "Run as a SageMaker training job: hyperparameters and channels from "
                "--sagemaker-root (the built-in image-classification algorithm's names), the "
                "model to its model/, checkpoints to its checkpoints/");
    c->add_option("--sagemaker-root", a->sagemakerRoot, "SageMaker's folder (tests: any folder)")
        ->capture_default_str();
    // What --resume leaves to this run: how long, where and how it runs; the rest is the recipe.
    const std::set<std::string> notRecipe = {
        "--help",           "--workspace",    "--json",         "--epochs",
        "--device",         "--threads",      "--workers",      "--limit-batches",
        "--synthetic",      "--resume",       "--name",         "--sagemaker",
        "--sagemaker-root", "--dist-backend", "--dist-timeout", "--sync-bn"};
    for (CLI::Option *option : c->get_options())
        if (!notRecipe.count(option->get_name()))
            a->recipe.push_back(option);
    c->callback([a] { runTrain(*a); });
}

namespace {

struct ProbeArgs
{
    Common common;
    core::ProbeRequest request;
};

void runProbe(const ProbeArgs &a)
{
    core::Workspace workspace(a.common.workspace);
    const bool json = a.common.json;
    core::ProbeCallbacks cb;
    cb.onLog = [json](const std::string &line) {
        if (json)
            printJson({{"event", "log"}, {"message", line}});
        else
            std::fprintf(stderr, "%s\n", line.c_str());
    };
    const bool tty = !json && stdoutIsTty();
    cb.onProgress = [tty](const core::ProbeProgress &p) {
        if (tty && p.phase == "features")
            std::fprintf(stderr, "\rfeatures %zu/%zu ", p.done, p.total);
    };
    cb.onEpoch = [json](const core::EpochMetrics &m) {
        if (json) {
            auto j = core::toJson(m);
            j["event"] = "epoch";
            printJson(j);
        }
    };
    const auto r = [&] {
        InterruptStop interrupt;
        return core::runLinearProbe(workspace, a.request, cb, interrupt.flag());
    }();
    const std::string status = core::runStatusName(r.status);
    if (json) {
        printJson({{"event", "end"},
                   {"status", status},
                   {"run", r.runId},
                   {"checkpoint", r.checkpoint},
                   {"feature_dim", r.featureDim},
                   {"cached_images", r.cachedImages},
                   {"computed_images", r.computedImages},
                   {"feature_seconds", r.featureSeconds},
                   {"head_seconds", r.headSeconds},
                   {"best_val_accuracy", r.bestValAccuracy},
                   {"temperature", r.temperature},
                   {"cache_file", r.cacheFile}});
        return;
    }
    if (tty)
        std::fputc('\n', stderr);
    std::printf("%s: run %lld, features %.1f s (%zu cached, %zu computed, %lld-d), head %d epochs "
                "%.2f s, best val accuracy %.4f\n  checkpoint %s\n",
                status.c_str(), static_cast<long long>(r.runId), r.featureSeconds, r.cachedImages,
                r.computedImages, static_cast<long long>(r.featureDim), int(r.history.size()),
                r.headSeconds, r.bestValAccuracy, r.checkpoint.c_str());
}

} // namespace

void registerProbeCommand(CLI::App &app)
{
    auto a = std::make_shared<ProbeArgs>();
    auto &r = a->request;
    auto *c = app.add_subcommand("probe", "Linear probe: train only a classifier head on backbone "
                                          "features cached in the workspace (seconds once cached)");
    addCommon(c, a->common);
    c->add_option("--weights", r.weights,
                  "Backbone weights: .pth, .safetensors or photocat checkpoint")
        ->required()
        ->check(CLI::ExistingFile);
    c->add_option("--model,-m", r.model, core::modelNameList())
        ->check(CLI::IsMember(core::modelNames()))
        ->capture_default_str();
    c->add_option("--epochs,-e", r.epochs, "Head epochs")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    c->add_option("--batch-size,-b", r.batchSize, "Batch size")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    c->add_option("--lr", r.learningRate, "AdamW learning rate")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    c->add_option("--weight-decay", r.weightDecay, "Weight decay")->capture_default_str();
    c->add_option("--label-smoothing", r.labelSmoothing, "Label smoothing")
        ->check(CLI::Range(0.0, 0.99));
    c->add_option("--seed", r.seed, "Seed")->capture_default_str();
    c->add_option("--workers", r.workers, "Image-decoding threads")->capture_default_str();
    c->add_option("--input-size", r.inputSize, "Input side in pixels (0 = from model and data)")
        ->check(CLI::Range(0, core::kMaxInputSize));
    c->add_option("--channels", r.channels, "Input channels 1 or 3 (0 = from the weights)")
        ->check(CLI::IsMember({0, 1, 3}));
    c->add_option("--threads", r.threads, "Intra-op threads (0 = all cores)");
    c->add_option("--name", r.runName, "Run name shown in the app");
    c->callback([a] { runProbe(*a); });
}

} // namespace photocat::cli
