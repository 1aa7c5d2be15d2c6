// The image header probe every photo goes through before anything decodes it: JPEG (with EXIF
// orientation), PNG, BMP, WebP and TIFF headers and their truncation checks.
#include "data/imageprobe.h"
#include "fuzztarget.h"

PHOTOCAT_FUZZ_TARGET(imageprobe)
{
    photocat::core::probeImageData(std::string_view(reinterpret_cast<const char *>(data), size));
    return 0;
}
