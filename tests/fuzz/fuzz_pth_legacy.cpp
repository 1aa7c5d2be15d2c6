// torch.save's legacy format (before PyTorch 1.6): pickles, then raw storages.
#include "fuzztarget.h"
#include "io/weightreaders.h"

PHOTOCAT_FUZZ_TARGET(pth_legacy)
{
    const photocat::fuzz::InputFile file(data, size);
    try {
        photocat::core::weightio::readLegacy(file.path());
    } catch (const std::runtime_error &) {
    } catch (const c10::Error &) {
    }
    return 0;
}
