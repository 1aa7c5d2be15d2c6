#include "training/trainingworker.h"

#include "common/passingthread.h"
#include "store/workspace.h"
#include "training/options.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QProcess>

#include <nlohmann/json.hpp>

#include <csignal>

namespace photocat::ui {

namespace {

/** photocat-cli beside this program (the build folder, /usr/bin); $PHOTOCAT_CLI overrides. */
QString cliPath()
{
    const QString env = qEnvironmentVariable("PHOTOCAT_CLI");
    if (!env.isEmpty())
        return env;
    return QCoreApplication::applicationDirPath() + QStringLiteral("/photocat-cli");
}

/** The train command's options for a request (what the form can set). A resumed run takes
    its recipe from the checkpoint: only what this run decides is passed. */
QStringList trainArguments(const QString &workspaceDir, const core::WorkspaceTrainRequest &r)
{
    const auto &o = r.options;
    auto number = [](double v) { return QString::number(v, 'g', 10); };
    QStringList a{QStringLiteral("train"), QStringLiteral("--workspace"), workspaceDir,
                  QStringLiteral("--json")};
    a << QStringLiteral("--epochs") << QString::number(o.epochs) << QStringLiteral("--device")
      << QString::fromStdString(o.device) << QStringLiteral("--workers")
      << QString::number(r.workers) << QStringLiteral("--dist-timeout")
      << QString::number(r.dist.timeoutSeconds);
    if (o.limitBatches > 0)
        a << QStringLiteral("--limit-batches") << QString::number(o.limitBatches);
    if (!r.runName.empty())
        a << QStringLiteral("--name") << QString::fromStdString(r.runName);
    if (r.dist.syncBatchNorm)
        a << QStringLiteral("--sync-bn");
    if (!r.resume.empty())
        return a << QStringLiteral("--resume") << QString::fromStdString(r.resume);
    a << QStringLiteral("--model") << QString::fromStdString(o.model) << QStringLiteral("--width")
      << QString::number(o.width) << QStringLiteral("--batch-size") << QString::number(o.batchSize)
      << QStringLiteral("--optimizer") << QString::fromStdString(o.optimizer)
      << QStringLiteral("--lr") << number(o.learningRate) << QStringLiteral("--schedule")
      << QString::fromStdString(o.schedule) << QStringLiteral("--label-smoothing")
      << number(o.labelSmoothing) << QStringLiteral("--precision")
      << QString::fromStdString(o.precision) << QStringLiteral("--seed")
      << QString::number(qulonglong(o.seed));
    if (o.augmentation.crop != "rrc")
        a << QStringLiteral("--augment") << QString::fromStdString(o.augmentation.crop);
    if (!o.weights.empty())
        a << QStringLiteral("--weights") << QString::fromStdString(o.weights)
          << QStringLiteral("--finetune") << QString::fromStdString(o.finetune)
          << QStringLiteral("--train-stages") << QString::number(o.trainStages)
          << QStringLiteral("--head-epochs") << QString::number(o.headEpochs)
          << QStringLiteral("--backbone-lr-scale") << number(o.backboneLrScale);
    if (!o.augmentation.flip)
        a << QStringLiteral("--no-flip");
    if (o.augmentation.colorJitter > 0)
        a << QStringLiteral("--color-jitter") << number(o.augmentation.colorJitter);
    if (o.augmentation.erasing > 0)
        a << QStringLiteral("--erasing") << number(o.augmentation.erasing);
    if (r.inputSize > 0)
        a << QStringLiteral("--input-size") << QString::number(r.inputSize);
    if (r.channels > 0)
        a << QStringLiteral("--channels") << QString::number(r.channels);
    return a;
}

} // namespace

void TrainingWorker::runLaunched(const QString &workspaceDir,
                                 const core::WorkspaceTrainRequest &request)
{
    QProcess process;
    QStringList args{QStringLiteral("launch"), QStringLiteral("--nproc-per-node"),
                     QString::number(request.dist.localRanks)};
    args << trainArguments(workspaceDir, request);
    process.start(cliPath(), args);
    if (!process.waitForStarted()) {
        const QString error = tr("Cannot start %1: %2").arg(cliPath(), process.errorString());
        Q_EMIT errorOccurred(error);
        Q_EMIT finished(core::RunStatus::Failed, QString(), error);
        return;
    }
    Q_EMIT logMessage(QStringLiteral("photocat-cli ") + args.join(QLatin1Char(' ')));
    core::RunStatus status = core::RunStatus::Failed;
    QString best, error, lastError;
    bool ended = false, stopSent = false;
    auto readEvents = [&] {
        while (process.canReadLine()) {
            const QByteArray line = process.readLine().trimmed();
            const auto j = nlohmann::json::parse(line.toStdString(), nullptr, false);
            if (j.is_discarded() || !j.is_object() || !j.contains("event"))
                continue;
            const std::string event = j.value("event", "");
            try {
                if (event == "start") {
                    Q_EMIT started(j.value("run", qint64(0)));
                } else if (event == "batch") {
                    core::BatchProgress p;
                    p.epoch = j.at("epoch");
                    p.epochs = j.value("epochs", request.options.epochs);
                    p.batch = j.at("batch");
                    p.batches = j.at("batches");
                    p.loss = j.at("loss");
                    p.learningRate = j.at("lr");
                    p.imagesPerSecond = j.at("images_per_second");
                    p.etaSeconds = j.at("eta_seconds");
                    Q_EMIT batchFinished(p);
                } else if (event == "epoch") {
                    Q_EMIT epochFinished(core::epochMetricsFromJson(j));
                } else if (event == "log") {
                    Q_EMIT logMessage(QString::fromStdString(j.value("message", "")));
                } else if (event == "end") {
                    ended = true;
                    status = core::parseRunStatus(j.value("status", "failed"));
                    best = QString::fromStdString(j.value("best_checkpoint", ""));
                    error = QString::fromStdString(j.value("error", ""));
                }
            } catch (const std::exception &) {
                // An event of another version: its line is skipped, the run goes on.
            }
        }
        process.setReadChannel(QProcess::StandardError);
        while (process.canReadLine()) {
            const QString line = QString::fromUtf8(process.readLine()).trimmed();
            if (line.isEmpty())
                continue;
            // The first error a rank printed is the cause; what follows is its peers'
            // "another rank ended" and the launcher's summary.
            if (lastError.isEmpty() && line.startsWith(QLatin1String("photocat-cli: ")))
                lastError = line.mid(14);
            Q_EMIT logMessage(line);
        }
        process.setReadChannel(QProcess::StandardOutput);
    };
    while (!process.waitForFinished(100)) {
        if (mStop && !stopSent) {
            // launch passes it to every rank: they stop after the same batch, with a checkpoint.
            ::kill(pid_t(process.processId()), SIGINT);
            stopSent = true;
        }
        readEvents();
    }
    readEvents();
    if (!ended || (status == core::RunStatus::Failed && error.isEmpty()))
        error = lastError.isEmpty()
                    ? tr("photocat-cli launch ended with status %1").arg(process.exitCode())
                    : lastError;
    if (!ended && stopSent)
        status = core::RunStatus::Cancelled; // stopped before the ranks could say so
    Q_EMIT finished(status, best, status == core::RunStatus::Failed ? error : QString());
}

void TrainingWorker::run(const QString &workspaceDir, const core::WorkspaceTrainRequest &request)
{
    if (request.dist.localRanks > 1)
        return runLaunched(workspaceDir, request);
    // The engine runs on a thread that ends with the run: the OpenMP team its passes use ends
    // with it, instead of idling on this long-lived thread and slowing every later torch job
    // of the application (Classify, Review's explain, the map; see core::onPassingThread).
    finish(onItsOwnThread([&]() -> Outcome {
        core::Workspace workspace(workspaceDir.toStdString());
        core::WorkspaceTraining training(workspace, request);
        core::TrainCallbacks cb;
        cb.onBatch = [this](const core::BatchProgress &p) { Q_EMIT batchFinished(p); };
        cb.onEpoch = [this](const core::EpochMetrics &m) { Q_EMIT epochFinished(m); };
        cb.onLog = [this](const std::string &line) {
            Q_EMIT logMessage(QString::fromStdString(line));
        };
        Q_EMIT started(training.runId());
        const auto result = training.run(cb, &mStop, &mPaused);
        return {result.status, QString::fromStdString(result.bestCheckpoint),
                QString::fromStdString(result.error), false};
    }));
}

void TrainingWorker::runProbe(const QString &workspaceDir, const core::ProbeRequest &request)
{
    finish(onItsOwnThread([&]() -> Outcome {
        core::Workspace workspace(workspaceDir.toStdString());
        core::ProbeCallbacks cb;
        cb.onEpoch = [this](const core::EpochMetrics &m) { Q_EMIT epochFinished(m); };
        cb.onLog = [this](const std::string &line) {
            Q_EMIT logMessage(QString::fromStdString(line));
        };
        cb.onProgress = [this](const core::ProbeProgress &p) {
            Q_EMIT probeProgress(QString::fromStdString(p.phase), qint64(p.done), qint64(p.total));
        };
        Q_EMIT started(0);
        const auto result = core::runLinearProbe(workspace, request, cb, &mStop);
        return {result.status, QString::fromStdString(result.checkpoint), QString(), false};
    }));
}

TrainingWorker::Outcome TrainingWorker::onItsOwnThread(const std::function<Outcome()> &run)
{
    try {
        return core::onPassingThread(run);
    } catch (const std::exception &e) { // the engine's, or no thread to be had (system_error)
        return {core::RunStatus::Failed, QString(), QString::fromStdString(e.what()), true};
    }
}

void TrainingWorker::finish(const Outcome &outcome)
{
    if (outcome.threw)
        Q_EMIT errorOccurred(outcome.error);
    Q_EMIT finished(outcome.status, outcome.checkpoint, outcome.error);
}

} // namespace photocat::ui
