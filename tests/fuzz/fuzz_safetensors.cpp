// .safetensors: a JSON header of dtypes, shapes and byte ranges, then the bytes.
#include "fuzztarget.h"
#include "io/weightreaders.h"

PHOTOCAT_FUZZ_TARGET(safetensors)
{
    const photocat::fuzz::InputFile file(data, size);
    try {
        photocat::core::weightio::listSafetensors(file.path());
        photocat::core::weightio::readSafetensors(file.path());
    } catch (const std::runtime_error &) {
    } catch (const c10::Error &) {
    }
    return 0;
}
