// An upload as photocat-cli serve and Classify take it: probed, then decoded by OpenCV (libjpeg,
// libpng, libwebp, libtiff) and preprocessed for a model.
#include "data/imageloader.h"
#include "fuzztarget.h"

PHOTOCAT_FUZZ_TARGET(upload)
{
    static const photocat::core::Preprocessing pre{
        3, 32, 36, {0.5f, 0.5f, 0.5f}, {0.25f, 0.25f, 0.25f}};
    std::vector<float> pixels;
    std::string error;
    photocat::core::ImageLoader::loadFromMemory(
        std::string_view(reinterpret_cast<const char *>(data), size), pre, pixels, &error);
    return 0;
}
