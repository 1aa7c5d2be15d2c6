#include "inference/heatmap.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace photocat::core {

bool writeHeatmapOverlay(const Explanation &e, const std::string &path, double opacity,
                         std::string *error)
{
    auto fail = [error](const std::string &why) {
        if (error)
            *error = why;
        return false;
    };
    const int side = e.size;
    if (side <= 0 || e.heat.size() != size_t(side) * size_t(side) ||
        e.image.size() != size_t(side) * size_t(side) * size_t(std::max(1, e.channels)))
        return fail("no explanation to draw");
    cv::Mat image(side, side, e.channels == 1 ? CV_8UC1 : CV_8UC3,
                  const_cast<uint8_t *>(e.image.data()));
    cv::Mat view;
    cv::cvtColor(image, view, e.channels == 1 ? cv::COLOR_GRAY2BGR : cv::COLOR_RGB2BGR);
    cv::Mat heat(side, side, CV_32F, const_cast<float *>(e.heat.data())), heat8, colours;
    heat.convertTo(heat8, CV_8U, 255.0);
    cv::applyColorMap(heat8, colours, cv::COLORMAP_JET);
    const double a = std::clamp(opacity, 0.0, 1.0);
    cv::Mat blended;
    cv::addWeighted(view, 1.0 - a, colours, a, 0, blended);
    if (side < 224) {
        const int scale = (224 + side - 1) / side;
        cv::resize(blended, blended, {side * scale, side * scale}, 0, 0, cv::INTER_CUBIC);
    }
    try {
        if (!cv::imwrite(path, blended))
            return fail(path + ": cannot write the picture (unknown extension or no access)");
    } catch (const cv::Exception &) {
        return fail(path + ": cannot write the picture");
    }
    return true;
}

} // namespace photocat::core
