#include "common/memory.h"

#include <malloc.h>

#include <mutex>

namespace photocat::core {

void keepLargeAllocations()
{
    static std::once_flag once;
    std::call_once(once, [] {
        mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
        mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
        mallopt(M_TOP_PAD, 64 * 1024 * 1024);
    });
}

} // namespace photocat::core
