#pragma once

#include <opencv2/core.hpp>

#include <string_view>

namespace photocat::core {

/**
 * Decodes a JPEG with libjpeg-turbo at the smallest of the scales it computes with SIMD (1/8,
 * 1/4, 1/2, 1) whose shorter side is still at least minShorter: the IDCT then computes only
 * those pixels, as DALI and Pillow's draft mode do. (Its other M/8 scales have plain C IDCTs:
 * measured slower here than the next SIMD scale up.) channels 1 gives gray, 3 gives BGR (OpenCV's
 * order). Returns an empty matrix for what this path does not take (CMYK, a damaged stream): the
 * caller decodes it another way. The caller has checked the header's size against its pixel
 * limit; EXIF orientation is not applied.
 */
cv::Mat decodeJpegScaled(std::string_view bytes, int channels, int minShorter);

/**
 * Decodes only region (in the full image's pixels) of a JPEG, at the smallest of the scales
 * libjpeg-turbo computes with SIMD (1/8, 1/4, 1/2, 1) that keeps the region's shorter side at
 * least minSide: rows above the region are skipped without their IDCT
 * (jpeg_skip_scanlines), rows below are never decoded, and columns outside it are cropped per
 * iMCU (jpeg_crop_scanline). The result covers the region at that scale, its edges rounded
 * outwards to whole pixels of the scale (less than one pixel of the result). Empty for what
 * this path does not take, like decodeJpegScaled().
 */
cv::Mat decodeJpegRegion(std::string_view bytes, int channels, cv::Rect region, int minSide);

/**
 * decodeJpegRegion() at a scale the caller chose: scaleNum / 8, with scaleNum 1, 2, 4 or 8
 * (jpegScaleFor()). origin receives the result's top-left in the whole image's pixels at that
 * scale, where the whole image is ceil(width x scaleNum / 8) x ceil(height x scaleNum / 8) (as
 * decodeJpegScaled() would give it). Empty for what this path does not take.
 */
cv::Mat decodeJpegRegionAt(std::string_view bytes, int channels, cv::Rect region, unsigned scaleNum,
                           cv::Point &origin);

/** The scaleNum (1, 2, 4 or 8) that decodeJpegScaled() and decodeJpegRegion() use: the
    smallest that keeps side x scaleNum / 8 at least minSide. */
unsigned jpegScaleFor(long side, int minSide);

} // namespace photocat::core
