// libjpeg-turbo's scaled and region decoding, which training uses for JPEG photos: the first
// bytes choose the region and the smallest side, the rest is the file. As in the loader, the
// header is probed against a pixel limit first (libjpeg sizes its buffers from it).
#include "data/imageprobe.h"
#include "data/jpegscaled.h"
#include "fuzztarget.h"

PHOTOCAT_FUZZ_TARGET(jpeg)
{
    if (size < 6)
        return 0;
    const auto x = int(data[0]) * 8, y = int(data[1]) * 8, w = int(data[2]) * 8 + 1,
               h = int(data[3]) * 8 + 1, minSide = int(data[4]);
    const int channels = data[5] & 1 ? 3 : 1;
    const std::string_view bytes(reinterpret_cast<const char *>(data + 6), size - 6);
    if (!photocat::core::probeImageData(bytes, 4096 * 4096).ok)
        return 0;
    photocat::core::decodeJpegScaled(bytes, channels, minSide);
    photocat::core::decodeJpegRegion(bytes, channels, {x, y, w, h}, minSide);
    cv::Point origin;
    photocat::core::decodeJpegRegionAt(bytes, channels, {x, y, w, h}, 1u << (data[4] & 3), origin);
    return 0;
}
