// torch.save zip archives through libzip: plain state_dicts and photocat checkpoints (both
// versions), listed and read whole.
#include "fuzztarget.h"
#include "io/weightreaders.h"

PHOTOCAT_FUZZ_TARGET(pth_zip)
{
    const photocat::fuzz::InputFile file(data, size);
    for (const bool withData : {false, true}) {
        try {
            photocat::core::weightio::readZip(file.path(), withData);
        } catch (const std::runtime_error &) {
        } catch (const c10::Error &) {
        }
    }
    return 0;
}
