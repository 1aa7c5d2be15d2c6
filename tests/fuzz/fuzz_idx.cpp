// IDX (MNIST format) files, plain or gzip-compressed.
#include "fuzztarget.h"
#include "io/idx.h"

#include <stdexcept>

PHOTOCAT_FUZZ_TARGET(idx)
{
    const photocat::fuzz::InputFile file(data, size);
    try {
        photocat::core::readIdx(file.path());
    } catch (const std::runtime_error &) {
    }
    return 0;
}
