// The pickle reader behind every .pth and checkpoint: values as data, bounded work and memory.
#include "fuzztarget.h"
#include "io/pickle.h"

#include <stdexcept>

PHOTOCAT_FUZZ_TARGET(pickle)
{
    const std::string_view bytes(reinterpret_cast<const char *>(data), size);
    size_t offset = 0;
    try {
        while (offset < bytes.size()) // several pickles in a row, as legacy .pth files hold
            photocat::core::pickle::parse(bytes, offset);
    } catch (const std::runtime_error &) {
    }
    return 0;
}
