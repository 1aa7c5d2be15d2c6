#include "cli.h"

#include "io/onnxexport.h"
#include "io/weightinfo.h"

#include <cctype>
#include <cstdio>

namespace photocat::cli {

namespace {

struct WeightsArgs
{
    bool json = false;
    bool all = false;
    std::string file;
};

void runWeights(const WeightsArgs &a)
{
    const core::WeightFileInfo info = core::inspectWeights(a.file);
    if (a.json) {
        nlohmann::json tensors = nlohmann::json::array();
        for (const auto &t : info.tensors)
            tensors.push_back({{"name", t.name}, {"shape", t.shape}, {"dtype", t.dtype}});
        printJson({{"file", a.file},
                   {"format", info.format},
                   {"architecture", info.architecture},
                   {"classes", info.classes},
                   {"parameters", info.parameters},
                   {"tensors", tensors}});
        return;
    }
    std::printf("%s: %s, %zu tensors, %lld parameters\n", a.file.c_str(), info.format.c_str(),
                info.tensors.size(), static_cast<long long>(info.parameters));
    std::printf("architecture: %s\n",
                info.architecture.empty() ? "unknown" : info.architecture.c_str());
    if (info.classes)
        std::printf("classifier head: %lld classes\n", static_cast<long long>(info.classes));
    const size_t shown = a.all ? info.tensors.size() : std::min<size_t>(info.tensors.size(), 8);
    for (size_t i = 0; i < shown; ++i) {
        const auto &t = info.tensors[i];
        std::string shape;
        for (size_t k = 0; k < t.shape.size(); ++k)
            shape += (k ? "x" : "") + std::to_string(t.shape[k]);
        std::printf("  %-40s %-16s %s\n", t.name.c_str(), shape.c_str(), t.dtype.c_str());
    }
    if (shown < info.tensors.size())
        std::printf("  ... %zu more (--all lists them)\n", info.tensors.size() - shown);
}

struct ExportArgs
{
    Common common;
    std::string checkpoint, out, format;
};

void runExport(const ExportArgs &e)
{
    std::string format = e.format;
    if (format.empty()) {
        const auto dot = e.out.rfind('.');
        std::string extension = dot == std::string::npos ? "" : e.out.substr(dot);
        for (char &c : extension)
            c = char(std::tolower(static_cast<unsigned char>(c)));
        format = extension == ".onnx" ? "onnx" : "pth";
    }
    if (format == "onnx") {
        const auto r = core::exportOnnx(e.checkpoint, e.out);
        if (e.common.json)
            printJson({{"onnx", r.path},
                       {"opset", r.opset},
                       {"nodes", r.nodes},
                       {"initializers", r.initializers}});
        else
            std::printf("wrote %s (ONNX opset %d, %zu nodes; input \"image\", outputs \"logits\" "
                        "and \"probabilities\"; classes and preprocessing in its metadata)\n",
                        r.path.c_str(), r.opset, r.nodes);
        return;
    }
    const auto r = core::exportModel(e.checkpoint, e.out);
    if (e.common.json)
        printJson({{"pth", r.pth},
                   {"json", r.json},
                   {"module", r.module},
                   {"tensors", r.tensors},
                   {"python", r.python}});
    else
        std::printf("wrote %s (%zu tensors), %s and %s\nin Python: %s\n", r.pth.c_str(), r.tensors,
                    r.module.c_str(), r.json.c_str(), r.python.c_str());
}

} // namespace

void registerWeightCommands(CLI::App &app)
{
    auto w = std::make_shared<WeightsArgs>();
    auto *c = app.add_subcommand("weights", "Show what a weight file holds (.pth, .safetensors, "
                                            "photocat checkpoint) without Python");
    c->add_option("file", w->file, "Weight file")->required()->check(CLI::ExistingFile);
    c->add_flag("--all", w->all, "List every tensor");
    c->add_flag("--json", w->json, "Print machine-readable JSON instead of text");
    c->callback([w] { runWeights(*w); });

    auto e = std::make_shared<ExportArgs>();
    auto *x = app.add_subcommand("export", "Export a trained model: a PyTorch state_dict .pth "
                                           "(loads with strict=True) with a .py and a .json "
                                           "of classes and preprocessing, or an ONNX model");
    x->add_option("--checkpoint,-c", e->checkpoint, "photocat checkpoint (best.pt)")
        ->required()
        ->check(CLI::ExistingFile);
    x->add_option("--out,-o", e->out, "Output .pth (NAME.py and NAME.json go beside it) or .onnx")
        ->required();
    x->add_option("--format", e->format, "pth or onnx (default: from --out's extension)")
        ->check(CLI::IsMember({"pth", "onnx"}));
    x->add_flag("--json", e->common.json, "Print machine-readable JSON instead of text");
    x->callback([e] { runExport(*e); });
}

} // namespace photocat::cli
