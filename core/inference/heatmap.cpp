#include "inference/heatmap.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace photocat::core {

std::vector<uint8_t> heatmapOverlayRgb(const Explanation &e, double opacity, int &side, int minSide)
{
    side = e.size;
    if (side <= 0 || e.heat.size() != size_t(side) * size_t(side) ||
        e.image.size() != size_t(side) * size_t(side) * size_t(std::max(1, e.channels))) {
        side = 0;
        return {};
    }
    cv::Mat image(side, side, e.channels == 1 ? CV_8UC1 : CV_8UC3,
                  const_cast<uint8_t *>(e.image.data()));
    cv::Mat view;
    if (e.channels == 1)
        cv::cvtColor(image, view, cv::COLOR_GRAY2RGB);
    else
        view = image;
    cv::Mat heat(side, side, CV_32F, const_cast<float *>(e.heat.data())), heat8, colours;
    heat.convertTo(heat8, CV_8U, 255.0);
    cv::applyColorMap(heat8, colours, cv::COLORMAP_JET);
    cv::cvtColor(colours, colours, cv::COLOR_BGR2RGB);
    const double a = std::clamp(opacity, 0.0, 1.0);
    cv::Mat blended;
    cv::addWeighted(view, 1.0 - a, colours, a, 0, blended);
    if (side < minSide) {
        const int scale = (minSide + side - 1) / side;
        cv::resize(blended, blended, {side * scale, side * scale}, 0, 0, cv::INTER_CUBIC);
        side *= scale;
    }
    return std::vector<uint8_t>(blended.data, blended.data + blended.total() * 3);
}

std::string heatmapOverlayPng(const Explanation &e, double opacity, int minSide)
{
    int side = 0;
    std::vector<uint8_t> rgb = heatmapOverlayRgb(e, opacity, side, minSide);
    if (rgb.empty())
        return {};
    cv::Mat bgr;
    cv::cvtColor(cv::Mat(side, side, CV_8UC3, rgb.data()), bgr, cv::COLOR_RGB2BGR);
    std::vector<uint8_t> png;
    if (!cv::imencode(".png", bgr, png))
        return {};
    return std::string(png.begin(), png.end());
}

bool writeHeatmapOverlay(const Explanation &e, const std::string &path, double opacity,
                         std::string *error)
{
    auto fail = [error](const std::string &why) {
        if (error)
            *error = why;
        return false;
    };
    int side = 0;
    std::vector<uint8_t> rgb = heatmapOverlayRgb(e, opacity, side);
    if (rgb.empty())
        return fail("no explanation to draw");
    cv::Mat blended;
    cv::cvtColor(cv::Mat(side, side, CV_8UC3, rgb.data()), blended, cv::COLOR_RGB2BGR);
    try {
        if (!cv::imwrite(path, blended))
            return fail(path + ": cannot write the picture (unknown extension or no access)");
    } catch (const cv::Exception &) {
        return fail(path + ": cannot write the picture");
    }
    return true;
}

} // namespace photocat::core
