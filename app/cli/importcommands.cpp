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
    std::vector<std::string> sources;
    std::string format = "auto";
    size_t listSkipped = 20;
};

nlohmann::json reportJson(const core::ImportReport &r)
{
    nlohmann::json skipped = nlohmann::json::array();
    for (const auto &s : r.skipped)
        skipped.push_back({{"path", s.path}, {"reason", s.reason}});
    return {{"found", r.found},         {"added", r.added},     {"updated", r.updated},
            {"unchanged", r.unchanged}, {"missing", r.missing}, {"restored", r.restored},
            {"skipped", skipped},       {"notes", r.notes},     {"cancelled", r.cancelled},
            {"seconds", r.seconds}};
}

void printReport(const core::ImportOptions &o, const core::ImportReport &r, const Common &common,
                 size_t listSkipped)
{
    std::printf("Imported %s into %s in %.1f s\n", o.source.c_str(), common.workspace.c_str(),
                r.seconds);
    std::printf("  %zu found, %zu added, %zu updated, %zu unchanged, %zu missing, %zu restored, "
                "%zu skipped\n",
                r.found, r.added, r.updated, r.unchanged, r.missing, r.restored, r.skipped.size());
    for (const auto &note : r.notes)
        std::printf("  note: %s\n", note.c_str());
    for (size_t i = 0; i < r.skipped.size() && i < listSkipped; ++i)
        std::printf("  skipped %s: %s\n", r.skipped[i].path.c_str(), r.skipped[i].reason.c_str());
    if (r.skipped.size() > listSkipped)
        std::printf("  ... and %zu more skipped (photocat-cli info --json lists all)\n",
                    r.skipped.size() - listSkipped);
}

void runImport(ImportArgs &a)
{
    static const std::map<std::string, core::SourceFormat> kFormats = {
        {"auto", core::SourceFormat::Auto},
        {"folder", core::SourceFormat::Folder},
        {"lst", core::SourceFormat::Lst},
        {"csv", core::SourceFormat::Csv},
        {"rec", core::SourceFormat::Rec}};
    a.options.format = kFormats.at(a.format);
    if (a.sources.size() > 1 && !a.options.recordIndex.empty())
        throw std::invalid_argument("--idx names the index of one .rec: import one file with it");
    core::Workspace workspace(a.common.workspace, true);
    if (!a.common.json && stdoutIsTty())
        a.options.progress = [](size_t done, size_t total) {
            std::fprintf(stderr, "\rReading image headers: %zu / %zu", done, total);
            if (done == total)
                std::fputc('\n', stderr);
        };
    // Each source in its own transaction: train.rec and val.rec, or a folder and a list.
    nlohmann::json reports = nlohmann::json::array();
    for (const auto &source : a.sources) {
        a.options.source = source;
        const auto r = core::importDataset(workspace, a.options);
        if (a.common.json)
            reports.push_back(reportJson(r));
        else
            printReport(a.options, r, a.common, a.listSkipped);
    }
    if (a.common.json)
        printJson(reports.size() == 1 ? reports[0] : reports);
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
                  ".lst or RecordIO .rec file (in place) or a path,label CSV into a workspace "
                  "(created when absent)");
    imp->add_option("source", args->sources,
                    "Folder, .lst, .csv or .rec file; several are imported one after another "
                    "(data_train.rec data_val.rec: the split from each .rec's name)")
        ->required();
    addCommon(imp, args->common);
    imp->add_option("--format", args->format, "Source format")
        ->check(CLI::IsMember({"auto", "folder", "lst", "csv", "rec"}))
        ->capture_default_str();
    imp->add_option("--idx", args->options.recordIndex,
                    "For .rec: its MXNet .idx (default: the .idx beside it, else the .rec is read "
                    "once from the start)");
    imp->add_flag("--write-idx", args->options.writeRecordIndex,
                  "For a .rec without an .idx: write one (beside it, or at --idx)");
    imp->add_option(
           "--classes", args->options.classMap,
           "For .lst and .rec: class names, one per line in label order (or 'LABEL<TAB>NAME')")
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
