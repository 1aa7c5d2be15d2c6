#include "data/jpegscaled.h"

#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <memory>

#include <jpeglib.h>

namespace photocat::core {

namespace {

struct ErrorManager
{
    jpeg_error_mgr pub;
    std::jmp_buf jump;
};

[[noreturn]] void onError(j_common_ptr info)
{
    std::longjmp(reinterpret_cast<ErrorManager *>(info->err)->jump, 1);
}

void quiet(j_common_ptr) {} // warnings (a truncated stream, extra bytes) are not printed

/** What must survive a longjmp: everything C++ lives here, created before setjmp. */
struct Decode
{
    jpeg_decompress_struct info{};
    ErrorManager error{};
    cv::Mat image;
    bool created = false;
    ~Decode()
    {
        if (created)
            jpeg_destroy_decompress(&info);
    }
};

/** Region decoding shared by the entry points; region empty = the whole image. The scale is
    scaleNum / 8 when scaleNum is 1, 2, 4 or 8, else the one jpegScaleFor() gives the region's
    shorter side. origin, when given, receives the result's top-left at that scale. */
cv::Mat decode(std::string_view bytes, int channels, cv::Rect region, int minSide,
               unsigned scaleNum = 0, cv::Point *origin = nullptr)
{
    if (bytes.empty() || (channels != 1 && channels != 3))
        return {};
    if (scaleNum != 0 && scaleNum != 1 && scaleNum != 2 && scaleNum != 4 && scaleNum != 8)
        return {};
    const auto d = std::make_unique<Decode>();
    jpeg_decompress_struct *info = &d->info;
    info->err = jpeg_std_error(&d->error.pub);
    d->error.pub.error_exit = onError;
    d->error.pub.output_message = quiet;
    if (setjmp(d->error.jump)) {
        d->image.release();
        return {};
    }
    jpeg_create_decompress(info);
    d->created = true;
    jpeg_mem_src(info, reinterpret_cast<const unsigned char *>(bytes.data()),
                 static_cast<unsigned long>(bytes.size()));
    if (jpeg_read_header(info, TRUE) != JPEG_HEADER_OK)
        return {};
    if (info->jpeg_color_space == JCS_CMYK || info->jpeg_color_space == JCS_YCCK)
        return {};
    const cv::Rect whole(0, 0, int(info->image_width), int(info->image_height));
    if (region.empty())
        region = whole;
    region &= whole;
    if (region.empty())
        return {};
    info->out_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_EXT_BGR;
    info->scale_num =
        scaleNum != 0 ? scaleNum : jpegScaleFor(std::min(region.width, region.height), minSide);
    info->scale_denom = 8;
    jpeg_start_decompress(info);
    if (info->output_components != channels)
        return {};
    // The region at the output scale, inside the output.
    const long outW = long(info->output_width), outH = long(info->output_height);
    const long m = long(info->scale_num);
    const long x0 = std::min(outW - 1, long(region.x) * m / 8);
    const long y0 = std::min(outH - 1, long(region.y) * m / 8);
    const long x1 = std::clamp((long(region.x + region.width) * m + 7) / 8, x0 + 1, outW);
    const long y1 = std::clamp((long(region.y + region.height) * m + 7) / 8, y0 + 1, outH);
    JDIMENSION xoffset = JDIMENSION(x0), width = JDIMENSION(x1 - x0);
    if (x0 > 0 || x1 < outW)
        jpeg_crop_scanline(info, &xoffset, &width); // widened to iMCU boundaries
    if (y0 > 0 && jpeg_skip_scanlines(info, JDIMENSION(y0)) != JDIMENSION(y0))
        return {};
    d->image.create(int(y1 - y0), int(info->output_width), channels == 1 ? CV_8UC1 : CV_8UC3);
    for (int row = 0; row < d->image.rows; ++row) {
        JSAMPROW out = d->image.ptr<uint8_t>(row);
        if (jpeg_read_scanlines(info, &out, 1) != 1)
            return {};
    }
    // Rows below the region are not decoded at all.
    jpeg_abort_decompress(info);
    const int left = int(x0 - long(xoffset));
    if (left < 0 || left + int(x1 - x0) > d->image.cols)
        return {};
    if (origin)
        *origin = cv::Point(int(x0), int(y0));
    return d->image(cv::Rect(left, 0, int(x1 - x0), d->image.rows));
}

} // namespace

unsigned jpegScaleFor(long side, int minSide)
{
    for (unsigned m = 1; m < 8; m *= 2)
        if (side * long(m) / 8 >= long(minSide))
            return m;
    return 8;
}

cv::Mat decodeJpegScaled(std::string_view bytes, int channels, int minShorter)
{
    return decode(bytes, channels, cv::Rect(), minShorter);
}

cv::Mat decodeJpegRegion(std::string_view bytes, int channels, cv::Rect region, int minSide)
{
    if (region.empty())
        return {};
    return decode(bytes, channels, region, minSide);
}

cv::Mat decodeJpegRegionAt(std::string_view bytes, int channels, cv::Rect region, unsigned scaleNum,
                           cv::Point &origin)
{
    if (region.empty() || scaleNum == 0)
        return {};
    return decode(bytes, channels, region, 0, scaleNum, &origin);
}

} // namespace photocat::core
