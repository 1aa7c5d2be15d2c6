#pragma once

namespace photocat::core {

/** Keeps large freed blocks in the heap instead of returning them to the kernel (glibc's
    mmap and trim thresholds raised): decoded photos, batches and tensors otherwise cost a
    page fault per 4 KiB on every allocation. Measured on the 2-core reference machine: 14% of
    training time, and a quarter of the JPEG pipeline's. Idempotent; any thread. */
void keepLargeAllocations();

} // namespace photocat::core
