// photocat-crash-actor: the side of bench/crash-safety that gets killed. Each subcommand works
// on a workspace through the store's API and prints, flushed, "do N ..." before and "ack N"
// after each change, so the harness knows which changes were acknowledged before the kill.
//   storm WS OPS SEED   relabels, excludes, includes and undos on random images
//   check WS            prints every image as "image ID LABEL STATUS PATH" and the label
//                       history as "change ID OLD NEW", for the harness to compare
//   move WS             moves misfiled images into their class folders
#include "evaluation/review.h"
#include "store/workspace.h"

#include <cstdio>
#include <iostream>
#include <random>

using namespace photocat;

namespace {

int storm(const std::string &dir, int ops, unsigned seed)
{
    core::Workspace w(dir);
    const auto images = w.images();
    const int classes = int(w.classNames().size());
    if (images.empty() || classes < 2)
        return 2;
    std::mt19937 rng(seed);
    std::uniform_int_distribution<size_t> pick(0, images.size() - 1);
    std::uniform_int_distribution<int> kind(0, 9), label(0, classes - 1);
    for (int n = 0; n < ops; ++n) {
        const int64_t id = images[pick(rng)].id;
        const int k = kind(rng);
        if (k < 6) { // relabel
            const int to = label(rng);
            std::printf("do %d relabel %lld %d\n", n, (long long)id, to);
            std::fflush(stdout);
            w.relabel(id, to, "storm");
        } else if (k < 8) { // exclude or include again
            const auto status = k == 6 ? core::ImageStatus::Excluded : core::ImageStatus::Ok;
            std::printf("do %d status %lld %d\n", n, (long long)id, int(status));
            std::fflush(stdout);
            w.setStatus(id, status, "storm");
        } else { // undo this image's last relabel, as Review's Undo does
            const auto history = w.labelHistory(id);
            int to = -2;
            for (const auto &c : history)
                if (c.oldLabel != c.newLabel && c.source == "storm")
                    to = c.oldLabel;
            if (to < 0) {
                std::printf("do %d none %lld\n", n, (long long)id);
            } else {
                std::printf("do %d relabel %lld %d\n", n, (long long)id, to);
                std::fflush(stdout);
                w.relabel(id, to, "undo");
            }
        }
        std::printf("ack %d\n", n);
        std::fflush(stdout);
    }
    return 0;
}

int check(const std::string &dir)
{
    core::Workspace w(dir);
    for (const auto &i : w.images())
        std::printf("image %lld %d %d %s\n", (long long)i.id, i.label, int(i.status),
                    i.path.c_str());
    for (const auto &c : w.labelHistory())
        std::printf("change %lld %d %d\n", (long long)c.imageId, c.oldLabel, c.newLabel);
    return 0;
}

int move(const std::string &dir)
{
    core::Workspace w(dir);
    auto moves = core::misfiledImages(w);
    std::printf("do 0 move %zu\n", moves.size());
    std::fflush(stdout);
    const auto done = core::moveToClassFolders(w, moves, [](size_t i, size_t n) {
        std::printf("moved %zu of %zu\n", i, n);
        std::fflush(stdout);
    });
    size_t failed = 0;
    for (const auto &m : done)
        failed += !m.error.empty();
    std::printf("ack 0 %zu failed\n", failed);
    std::fflush(stdout);
    return failed ? 1 : 0;
}

} // namespace

int main(int argc, char **argv)
{
    const std::string command = argc > 2 ? argv[1] : "";
    try {
        if (command == "storm" && argc == 5)
            return storm(argv[2], std::stoi(argv[3]), unsigned(std::stoul(argv[4])));
        if (command == "check" && argc == 3)
            return check(argv[2]);
        if (command == "move" && argc == 3)
            return move(argv[2]);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "photocat-crash-actor: %s\n", e.what());
        return 1;
    }
    std::fprintf(stderr, "usage: photocat-crash-actor storm WS OPS SEED | check WS | move WS\n");
    return 2;
}
