// photocat checkpoints as predict, resume and the Train page open them: metadata, the model
// rebuilt from it (checked against the file's tensors first), the optimizer state.
#include "evaluation/operating.h"
#include "fuzztarget.h"
#include "io/checkpoint.h"
#include "io/checkpointmeta.h"
#include "training/options.h"

PHOTOCAT_FUZZ_TARGET(checkpoint)
{
    const photocat::fuzz::InputFile file(data, size);
    using namespace photocat::core;
    try {
        const auto meta = nlohmann::json::parse(readCheckpointMeta(file.path()));
        if (meta.contains("preprocessing"))
            preprocessingFromJson(meta.at("preprocessing"));
        storedPolicy(meta); // the thresholds chosen for the model
        meta.value("display_names", std::vector<std::string>{});
    } catch (const std::exception &) {
    }
    try {
        Checkpoint ckpt = loadCheckpoint(file.path());
        torch::optim::SGD sgd(ckpt.net->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9));
        loadOptimizerState(file.path(), sgd);
    } catch (const std::runtime_error &) {
    } catch (const c10::Error &) {
    } catch (const nlohmann::json::exception &) {
    }
    return 0;
}
