#pragma once

// One fuzz target per parser of untrusted bytes. Built with -DPHOTOCAT_FUZZ=ON (clang), each
// target is its own libFuzzer executable; in the normal build all of them are linked into
// fuzz_replay, which runs a target over its saved corpus and past crash inputs (`make test`).
#include <cstddef>
#include <cstdint>
#include <string>

namespace photocat::fuzz {

using Target = int (*)(const uint8_t *data, size_t size);

/** Registers a target for fuzz_replay; returns true. */
bool registerTarget(const char *name, Target target);

/** The input as a file: a memory file named /proc/self/fd/N, removed with this object. */
class InputFile
{
public:
    InputFile(const uint8_t *data, size_t size);
    ~InputFile();
    InputFile(const InputFile &) = delete;
    InputFile &operator=(const InputFile &) = delete;
    const std::string &path() const { return mPath; }

private:
    int mFd = -1;
    std::string mPath;
};

} // namespace photocat::fuzz

#ifdef PHOTOCAT_LIBFUZZER
#define PHOTOCAT_FUZZ_TARGET(name)                                                                 \
    extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
#else
#define PHOTOCAT_FUZZ_TARGET(name)                                                                 \
    static int fuzz_##name(const uint8_t *data, size_t size);                                      \
    [[maybe_unused]] static const bool registered_##name =                                         \
        photocat::fuzz::registerTarget(#name, fuzz_##name);                                        \
    static int fuzz_##name(const uint8_t *data, size_t size)
#endif
