#include "cli.h"

#include "data/importer.h"
#include "io/idx.h"
#include "store/summary.h"

#include <cstdio>
#include <iostream>

namespace photocat::cli {

namespace {

struct ImportIdxArgs
{
    std::string images, labels, out, split = "train", classes;
    bool json = false;
};

void runImportIdx(const ImportIdxArgs &a)
{
    std::vector<std::string> names;
    if (!a.classes.empty()) {
        std::stringstream ss(a.classes);
        for (std::string n; std::getline(ss, n, ',');)
            names.push_back(n);
    }
    const auto report = core::unpackIdx(a.images, a.labels, a.out, a.split, names);
    const auto &classNames = names.empty() ? core::fashionMnistClasses() : names;
    if (a.json) {
        nlohmann::json perClass = nlohmann::json::object();
        for (size_t i = 0; i < classNames.size(); ++i)
            perClass[core::safeFolderName(classNames[i])] = report.perClass[i];
        printJson({{"written", report.written},
                   {"split", a.split},
                   {"out", a.out},
                   {"classes", perClass}});
        return;
    }
    std::cout << "Wrote " << report.written << " PNG files to " << a.out << "/" << a.split
              << "/<class>/\n";
    for (size_t i = 0; i < classNames.size(); ++i)
        std::printf("  %-14s %6zu\n", core::safeFolderName(classNames[i]).c_str(),
                    report.perClass[i]);
}

struct ImportArgs
{
    Common common;
    core::ImportOptions options;
    std::string format = "auto";
    size_t listSkipped = 20;
};

nlohmann::json reportJson(const core::ImportReport &r)
{
    nlohmann::json skipped = nlohmann::json::array();
    for (const auto &s : r.skipped)
        skipped.push_back({{"path", s.path}, {"reason", s.reason}});
    return {{"found", r.found},         {"added", r.added},         {"updated", r.updated},
            {"unchanged", r.unchanged}, {"missing", r.missing},     {"restored", r.restored},
            {"skipped", skipped},       {"cancelled", r.cancelled}, {"seconds", r.seconds}};
}

void runImport(ImportArgs &a)
{
    static const std::map<std::string, core::SourceFormat> kFormats = {
        {"auto", core::SourceFormat::Auto},
        {"folder", core::SourceFormat::Folder},
        {"lst", core::SourceFormat::Lst},
        {"csv", core::SourceFormat::Csv}};
    a.options.format = kFormats.at(a.format);
    core::Workspace workspace(a.common.workspace, true);
    if (!a.common.json && stdoutIsTty())
        a.options.progress = [](size_t done, size_t total) {
            std::fprintf(stderr, "\rReading image headers: %zu / %zu", done, total);
            if (done == total)
                std::fputc('\n', stderr);
        };
    const auto r = core::importDataset(workspace, a.options);
    if (a.common.json) {
        printJson(reportJson(r));
        return;
    }
    std::printf("Imported %s into %s in %.1f s\n", a.options.source.c_str(),
                a.common.workspace.c_str(), r.seconds);
    std::printf("  %zu found, %zu added, %zu updated, %zu unchanged, %zu missing, %zu restored, "
                "%zu skipped\n",
                r.found, r.added, r.updated, r.unchanged, r.missing, r.restored, r.skipped.size());
    for (size_t i = 0; i < r.skipped.size() && i < a.listSkipped; ++i)
        std::printf("  skipped %s: %s\n", r.skipped[i].path.c_str(), r.skipped[i].reason.c_str());
    if (r.skipped.size() > a.listSkipped)
        std::printf("  ... and %zu more skipped (photocat-cli info --json lists all)\n",
                    r.skipped.size() - a.listSkipped);
}

} // namespace

void registerImportCommands(CLI::App &app)
{
    auto idxArgs = std::make_shared<ImportIdxArgs>();
    auto *idx = app.add_subcommand("import-idx", "Unpack an IDX image/label pair (MNIST format, "
                                                 ".gz or plain) into a folder-per-class PNG set");
    idx->add_option("images", idxArgs->images, "IDX image file")
        ->required()
        ->check(CLI::ExistingFile);
    idx->add_option("labels", idxArgs->labels, "IDX label file")
        ->required()
        ->check(CLI::ExistingFile);
    idx->add_option("--out,-o", idxArgs->out, "Output folder (files go to OUT/SPLIT/CLASS/)")
        ->required();
    idx->add_option("--split", idxArgs->split, "Split folder name")
        ->check(CLI::IsMember({"train", "val", "test"}))
        ->capture_default_str();
    idx->add_option("--classes", idxArgs->classes,
                    "Comma-separated class names in label order (default: Fashion-MNIST's)");
    idx->add_flag("--json", idxArgs->json, "Print machine-readable JSON");
    idx->callback([idxArgs] { runImportIdx(*idxArgs); });

    auto args = std::make_shared<ImportArgs>();
    auto *imp = app.add_subcommand(
        "import", "Index a folder-per-class tree (optionally under train/ val/ test/), an MXNet "
                  ".lst file or a path,label CSV into a workspace (created when absent)");
    imp->add_option("source", args->options.source, "Folder, .lst or .csv file")->required();
    addCommon(imp, args->common);
    imp->add_option("--format", args->format, "Source format")
        ->check(CLI::IsMember({"auto", "folder", "lst", "csv"}))
        ->capture_default_str();
    imp->add_option("--classes", args->options.classMap,
                    "For .lst: class names, one per line in label order (or 'LABEL<TAB>NAME')")
        ->check(CLI::ExistingFile);
    imp->add_option("--seed", args->options.seed, "Seed of the stratified split")
        ->capture_default_str();
    imp->add_option("--train", args->options.trainFraction,
                    "Train share when the source has no split folders")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    imp->add_option("--val", args->options.valFraction, "Validation share (test gets the rest)")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    imp->add_option("--val-from-train", args->options.valFromTrain,
                    "With train/ and test/ folders but no val/: share of train used for validation")
        ->check(CLI::Range(0.0, 0.99))
        ->capture_default_str();
    imp->add_flag("--unlabeled", args->options.unlabeled,
                  "Import every image into the unlabeled pool (labeled in the app's Label page)");
    imp->add_flag("--allow-outside", args->options.allowOutside,
                  "Lists: also take files outside the list's folder (../, absolute paths)");
    imp->add_option("--max-pixels", args->options.maxPixels,
                    "Skip images with more pixels than this as too large (Pillow's limit; at most "
                    "1073741824)")
        ->check(CLI::Range(int64_t(1), core::kMaxDecodePixels))
        ->capture_default_str();
    imp->add_option("--threads", args->options.threads, "Header-reading threads (0 = all cores)");
    imp->add_option("--list-skipped", args->listSkipped, "How many skipped files to list")
        ->capture_default_str();
    imp->callback([args] { runImport(*args); });
}

} // namespace photocat::cli
