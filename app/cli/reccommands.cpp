#include "cli.h"

#include "data/im2rec.h"

#include <cstdio>
#include <fstream>

namespace photocat::cli {

namespace {

struct Im2recArgs
{
    core::ListOptions list;
    core::PackOptions pack;
    bool makeList = false;
    bool noShuffle = false;
    bool json = false;
};

void addPackOptions(CLI::App *command, core::PackOptions &pack)
{
    command->add_option("--resize", pack.resize, "Resize the shorter side to this (0: keep)")
        ->check(CLI::Range(0, 16384))
        ->capture_default_str();
    command->add_flag("--center-crop", pack.centerCrop, "Crop the center square first");
    command
        ->add_option("--quality", pack.quality,
                     "JPEG quality (1-100), or PNG compression level (0-9) with .png")
        ->check(CLI::Range(0, 100))
        ->capture_default_str();
    command->add_option("--encoding", pack.encoding, "Encoding of re-encoded images")
        ->check(CLI::IsMember({".jpg", ".png"}))
        ->capture_default_str();
    command->add_option("--color", pack.color, "1 color, 0 gray, -1 as stored")
        ->check(CLI::IsMember({-1, 0, 1}))
        ->capture_default_str();
    command->add_flag("--allow-outside", pack.allowOutside,
                      "Pack files the list names outside the root folder (absolute or ../ "
                      "paths; skipped with a reason otherwise)");
    command->add_option("--num-thread", pack.threads, "Encoding threads")
        ->check(CLI::Range(1, 256))
        ->capture_default_str();
}

void printPack(const core::PackReport &r, bool json)
{
    if (json) {
        nlohmann::json skipped = nlohmann::json::array();
        for (const auto &s : r.skipped)
            skipped.push_back({{"path", s.path}, {"reason", s.reason}});
        printJson({{"written", r.written},
                   {"packed", r.packed},
                   {"skipped", skipped},
                   {"cancelled", r.cancelled}});
        return;
    }
    for (const auto &file : r.written)
        std::printf("Wrote %s\n", file.c_str());
    std::printf("  %zu images packed, %zu skipped\n", r.packed, r.skipped.size());
    for (size_t i = 0; i < r.skipped.size() && i < 20; ++i)
        std::printf("  skipped %s: %s\n", r.skipped[i].path.c_str(), r.skipped[i].reason.c_str());
}

void runIm2rec(Im2recArgs &a)
{
    if (!a.makeList) {
        printPack(core::packImageLists(a.list.prefix, a.list.root, a.pack), a.json);
        return;
    }
    a.list.shuffle = a.list.shuffle && !a.noShuffle;
    const auto r = core::makeImageLists(a.list);
    // The class names beside the lists, in the form import --classes reads.
    const std::string classes = a.list.prefix + "_classes.txt";
    {
        std::ofstream out(classes, std::ios::trunc);
        for (const auto &[folder, label] : r.classes)
            out << label << '\t' << folder << '\n';
        if (!out.flush())
            throw std::runtime_error(classes + ": cannot write");
    }
    if (a.json) {
        nlohmann::json classMap = nlohmann::json::object();
        for (const auto &[folder, label] : r.classes)
            classMap[folder] = label;
        printJson({{"written", r.written},
                   {"images", r.images},
                   {"classes", classMap},
                   {"class_file", classes}});
        return;
    }
    // im2rec.py prints each labelled folder and its label.
    for (const auto &[folder, label] : r.classes)
        std::printf("%s %d\n", folder.c_str(), label);
    for (const auto &file : r.written)
        std::printf("Wrote %s\n", file.c_str());
    std::printf("  %zu images; class names in %s (import --classes reads it)\n", r.images,
                classes.c_str());
}

struct ExportRecArgs
{
    Common common;
    std::string out;
    core::PackOptions pack;
    bool reencode = false;
};

} // namespace

void registerRecordCommands(CLI::App &app)
{
    auto a = std::make_shared<Im2recArgs>();
    auto *im2rec = app.add_subcommand(
        "im2rec", "MXNet's im2rec: with --list, write PREFIX.lst (or _train/_val/_test) for the "
                  "images under ROOT; without, pack every PREFIX*.lst into .rec + .idx");
    im2rec->add_option("prefix", a->list.prefix, "Prefix of the list and record files")->required();
    im2rec->add_option("root", a->list.root, "Folder of the images")->required();
    im2rec->add_flag("--list", a->makeList, "Write image lists instead of packing them");
    im2rec->add_flag("--recursive", a->list.recursive,
                     "--list: walk subfolders, one label per folder holding images");
    im2rec->add_option("--exts", a->list.exts, "--list: image file extensions")
        ->capture_default_str();
    im2rec->add_option("--train-ratio", a->list.trainRatio, "--list: share of images to train")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    im2rec->add_option("--test-ratio", a->list.testRatio, "--list: share of images to test")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    im2rec
        ->add_option("--shuffle", a->list.shuffle, "--list: shuffle as im2rec.py does (true/false)")
        ->capture_default_str();
    im2rec->add_flag("--no-shuffle", a->noShuffle, "--list: keep the walk's order");
    im2rec
        ->add_option("--seed", a->list.seed,
                     "--list: Python random seed of the shuffle (im2rec.py's is 100)")
        ->capture_default_str();
    addPackOptions(im2rec, a->pack);
    im2rec->add_flag("--pass-through", a->pack.passThrough,
                     "Pack each file's bytes as they are (no decode, resize or re-encode)");
    im2rec->add_flag("--pack-label", a->pack.packLabel,
                     "Pack all of a line's labels (a multi-label record)");
    im2rec->add_flag("--json", a->json, "Print machine-readable JSON");
    im2rec->callback([a] { runIm2rec(*a); });

    auto e = std::make_shared<ExportRecArgs>();
    auto *exp = app.add_subcommand(
        "export-rec", "Write a workspace's train/val/test splits (relabels and exclusions "
                      "applied) as MXNet RecordIO: SPLIT.lst + SPLIT.rec + SPLIT.idx and "
                      "classes.txt, ready for SageMaker");
    exp->add_option("out", e->out, "Output folder")->required();
    addCommon(exp, e->common);
    addPackOptions(exp, e->pack);
    exp->add_flag("--reencode", e->reencode,
                  "Decode and re-encode each image (--resize, --encoding, ...); default packs "
                  "the files' bytes as they are");
    exp->callback([e] {
        core::Workspace workspace(e->common.workspace);
        core::PackOptions pack = e->pack;
        pack.passThrough = !e->reencode && pack.resize == 0 && !pack.centerCrop;
        printPack(core::exportRecords(workspace, e->out, pack), e->common.json);
    });
}

} // namespace photocat::cli
