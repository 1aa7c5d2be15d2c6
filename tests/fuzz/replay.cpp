// fuzz_replay TARGET PATH...: runs a fuzz target over files and folders of inputs (its seed
// corpus and every past crash input), as `make test` does; the libFuzzer build is not needed.
// Exits non-zero only by crashing, or for an unknown target or a missing path.
#include "fuzztarget.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <vector>

namespace fs = std::filesystem;

namespace photocat::fuzz {
std::map<std::string, Target> &targets();
}

int main(int argc, char **argv)
{
    using namespace photocat::fuzz;
    if (argc < 3 || !targets().count(argv[1])) {
        std::cerr << "usage: fuzz_replay TARGET PATH...\ntargets:";
        for (const auto &[name, target] : targets())
            std::cerr << ' ' << name;
        std::cerr << '\n';
        return 2;
    }
    const Target target = targets()[argv[1]];
    std::vector<fs::path> inputs;
    for (int i = 2; i < argc; ++i) {
        const fs::path p(argv[i]);
        if (fs::is_directory(p)) {
            for (const auto &e : fs::recursive_directory_iterator(p))
                if (e.is_regular_file() && e.path().filename().string()[0] != '.')
                    inputs.push_back(e.path());
        } else if (fs::is_regular_file(p)) {
            inputs.push_back(p);
        } else {
            std::cerr << p << ": no such file or folder\n";
            return 2;
        }
    }
    const auto start = std::chrono::steady_clock::now();
    for (const auto &p : inputs) {
        std::ifstream in(p, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), {});
        target(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size());
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << argv[1] << ": " << inputs.size() << " inputs replayed without a crash in "
              << seconds << " s\n";
    return 0;
}
