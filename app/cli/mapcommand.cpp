#include "cli.h"

#include "evaluation/embedding.h"
#include "evaluation/metrics.h"

#include <cstdio>
#include <fstream>
#include <memory>
#include <unistd.h>

namespace photocat::cli {

namespace {

struct MapArgs
{
    Common common;
    std::string checkpoint, out, device = "auto";
    int workers = 2;
    core::EmbeddingOptions embedding;
};

void runMap(MapArgs &a)
{
    core::Workspace workspace(a.common.workspace);
    if (a.checkpoint.empty())
        a.checkpoint = latestCheckpoint(workspace);
    InterruptStop interrupt;
    core::MapRequest request;
    request.features.checkpoint = a.checkpoint;
    request.features.workers = a.workers;
    request.features.device = a.device;
    request.features.stop = interrupt.flag();
    request.embedding = a.embedding;
    request.embedding.stop = interrupt.flag();
    const bool tty = !a.common.json && isatty(STDERR_FILENO);
    if (tty) {
        request.features.progress = [](size_t done, size_t total) {
            std::fprintf(stderr, "\rfeatures of %zu of %zu images", done, total);
        };
        request.embedding.progress = [](const std::string &stage, double fraction) {
            std::fprintf(stderr, "\r%-10s %3.0f%%          ", stage.c_str(), fraction * 100);
        };
    }
    const auto map = core::workspaceMap(workspace, request);
    if (tty)
        std::fprintf(stderr, "\r%40s\r", "");
    if (map.cancelled)
        throw std::runtime_error("cancelled; the features computed so far are kept");

    const auto classes = workspace.classNames();
    auto name = [&](int id) {
        return id >= 0 && size_t(id) < classes.size() ? classes[size_t(id)] : std::string();
    };
    if (!a.out.empty()) {
        std::unordered_map<int64_t, std::string> paths;
        for (const auto &img : workspace.images())
            paths[img.id] = img.path;
        const bool json = a.out.size() >= 5 && a.out.compare(a.out.size() - 5, 5, ".json") == 0;
        std::ofstream file(a.out, std::ios::trunc);
        if (json) {
            nlohmann::json points = nlohmann::json::array();
            for (const auto &p : map.points)
                points.push_back({{"image", p.imageId},
                                  {"x", p.x},
                                  {"y", p.y},
                                  {"label", name(p.label)},
                                  {"predicted", name(p.predicted)},
                                  {"confidence", p.confidence},
                                  {"split", core::splitName(p.split)},
                                  {"path", paths[p.imageId]}});
            file << nlohmann::json{{"checkpoint", a.checkpoint}, {"points", points}}.dump() << '\n';
        } else {
            file << "image,x,y,label,predicted,confidence,split,path\n";
            for (const auto &p : map.points)
                file << p.imageId << ',' << p.x << ',' << p.y << ','
                     << core::csvField(name(p.label)) << ',' << core::csvField(name(p.predicted))
                     << ',' << p.confidence << ',' << core::splitName(p.split) << ','
                     << core::csvField(paths[p.imageId]) << '\n';
        }
        if (!file.flush())
            throw std::runtime_error(a.out + ": cannot write");
    }
    size_t wrong = 0, labeled = 0;
    for (const auto &p : map.points)
        if (p.label >= 0) {
            ++labeled;
            wrong += p.predicted != p.label;
        }
    const auto &e = map.embedding;
    if (a.common.json) {
        printJson({{"images", map.points.size()},
                   {"features_computed", map.features.computed},
                   {"features_cached", map.features.cached},
                   {"feature_seconds", map.features.seconds},
                   {"layout_cached", map.layoutCached},
                   {"pca_seconds", e.pcaSeconds},
                   {"neighbour_seconds", e.neighbourSeconds},
                   {"layout_seconds", e.layoutSeconds},
                   {"labeled", labeled},
                   {"predicted_wrong", wrong},
                   {"out", a.out},
                   {"skipped_files", map.features.skippedFiles}});
        return;
    }
    std::printf("map of %zu images: features %.1f s (%zu computed, %zu cached); ",
                map.points.size(), map.features.seconds, map.features.computed,
                map.features.cached);
    if (map.layoutCached)
        std::printf("layout read from the cache\n");
    else
        std::printf("PCA %.1f s, nearest neighbours %.1f s, UMAP layout %.1f s\n", e.pcaSeconds,
                    e.neighbourSeconds, e.layoutSeconds);
    if (!a.out.empty())
        std::printf("wrote %s\n", a.out.c_str());
    for (const auto &f : map.features.skippedFiles)
        std::fprintf(stderr, "photocat-cli: skipped %s\n", f.c_str());
    if (!map.features.cacheError.empty())
        std::fprintf(stderr, "photocat-cli: warning: %s\n", map.features.cacheError.c_str());
}

} // namespace

void registerMapCommand(CLI::App &app)
{
    auto m = std::make_shared<MapArgs>();
    auto *c = app.add_subcommand("map", "A 2-D map of every image where similar images lie close "
                                        "(the model's features, PCA, UMAP), with labels and "
                                        "predictions: cached per model");
    addCommon(c, m->common);
    c->add_option("--checkpoint,-c", m->checkpoint,
                  "Model whose features are mapped (default: the newest run's best)")
        ->check(CLI::ExistingPath);
    c->add_option("--out,-o", m->out,
                  "Write the points here: .csv (image,x,y,label,predicted,confidence,split,path) "
                  "or .json");
    c->add_option("--neighbours", m->embedding.neighbours, "UMAP's n_neighbors")
        ->check(CLI::Range(2, 200))
        ->capture_default_str();
    c->add_option("--min-dist", m->embedding.minDist, "How tightly similar images pack")
        ->check(CLI::Range(0.0, 0.99))
        ->capture_default_str();
    c->add_option("--pca", m->embedding.pcaDims, "Dimensions kept before the neighbour search")
        ->check(CLI::Range(2, 4096))
        ->capture_default_str();
    c->add_option("--epochs", m->embedding.epochs,
                  "Layout epochs (0: 500 up to 10,000 images, 200 beyond)")
        ->check(CLI::Range(0, 5000))
        ->capture_default_str();
    c->add_option("--seed", m->embedding.seed, "The same seed gives the same map")
        ->capture_default_str();
    c->add_option("--workers", m->workers, "Decoding threads")->capture_default_str();
    c->add_option("--device", m->device, "auto, cpu or cuda")
        ->check(CLI::IsMember({"auto", "cpu", "cuda"}))
        ->capture_default_str();
    c->callback([m] { runMap(*m); });
}

} // namespace photocat::cli
