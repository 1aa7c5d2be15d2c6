#include "data/imageloader.h"

#include "common/memory.h"
#include "data/imageprobe.h"
#include "data/jpegscaled.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <new>
#include <random>
#include <stdexcept>
#include <type_traits>

namespace photocat::core {

namespace {

uint64_t mix(uint64_t a, uint64_t b)
{
    uint64_t h = a * 0x9E3779B97F4A7C15ull + b + 0x632BE59BD9B4E019ull;
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 29;
    return h;
}

/** Decodes bytes that passed probeImageData() (probe is its answer) at a reduced scale when
    the image is far larger than what the model sees; an empty matrix with error set when
    they do not decode after all. */
cv::Mat decodeProbed(std::string_view bytes, const ProbeResult &probe, int channels, int target,
                     std::string *error)
{
    auto fail = [error](const std::string &why) {
        if (error)
            *error = why;
        return cv::Mat();
    };
    const int width = probe.header.width, height = probe.header.height;
    const int shorter = std::min(width, height);
    // Photos much larger than the input are decoded at a reduced scale in the DCT domain:
    // the smallest that keeps the shorter side at least 1.25x the input (libjpeg-turbo's
    // M/8 scales for upright JPEGs; OpenCV's 1/2, 1/4, 1/8 for the rest).
    const int wanted = target + target / 4;
    if (probe.header.format == "jpeg" && probe.header.orientation == 1 && shorter > wanted) {
        cv::Mat m = decodeJpegScaled(bytes, channels, wanted);
        if (!m.empty())
            return m;
    }
    int reduce = 1;
    while (shorter > 0 && reduce < 8 && shorter / (reduce * 2) >= wanted)
        reduce *= 2;
    int flags = channels == 1 ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR;
    if (reduce == 2)
        flags = channels == 1 ? cv::IMREAD_REDUCED_GRAYSCALE_2 : cv::IMREAD_REDUCED_COLOR_2;
    else if (reduce == 4)
        flags = channels == 1 ? cv::IMREAD_REDUCED_GRAYSCALE_4 : cv::IMREAD_REDUCED_COLOR_4;
    else if (reduce == 8)
        flags = channels == 1 ? cv::IMREAD_REDUCED_GRAYSCALE_8 : cv::IMREAD_REDUCED_COLOR_8;
    cv::Mat m;
    try {
        m = cv::imdecode(cv::Mat(1, int(bytes.size()), CV_8U, const_cast<char *>(bytes.data())),
                         flags);
    } catch (const cv::Exception &) {
        return fail("cannot decode the image");
    }
    if (m.empty())
        return fail("cannot decode the image");
    if (m.depth() != CV_8U)
        m.convertTo(m, CV_8U, 1.0 / 257.0);
    // Colour stays in OpenCV's BGR order: normalizeInto() reads it as RGB, which saves a
    // copy of every full-size photo (measured: a fifth of the pipeline's time).
    return m;
}

/** decodeProbed() after the probe: an empty matrix with error set when the bytes are not a
    decodable picture under maxPixels. */
cv::Mat decodeBytes(std::string_view bytes, int channels, int target, int64_t maxPixels,
                    std::string *error)
{
    const ProbeResult probe = probeImageData(bytes, maxPixels);
    if (!probe.ok) {
        if (error)
            *error = probe.error;
        return {};
    }
    return decodeProbed(bytes, probe, channels, target, error);
}

/** Reads a file through probeImage()'s checks (a regular file, not a FIFO) and probes it
    again from memory, whatever the index says: the file may have been replaced since it was
    imported, and a picture too large to decode is refused instead of decoded. Workspace images
    were held to import's --max-pixels; a photo from outside to the default. */
cv::Mat decode(const std::string &path, int channels, int target, int64_t maxPixels)
{
    std::string bytes, error;
    if (!readImageFile(path, bytes, error))
        return {};
    return decodeBytes(bytes, channels, target, maxPixels, nullptr);
}

/** The longest side, in shorter sides, that resizeShorter() scales. */
constexpr int kMaxAspect = 4;

/** Scales m so that its shorter side is shorter, for a center crop of at most that side. A
    long, thin picture keeps only its central kMaxAspect x shorter side first: scaled whole, a
    1 x 1,000,000 PNG of a few KB would need gigabytes, and the crop never reaches its ends. */
/** What resizeShorter() does to a full picture: the part it keeps and the size it scales that
    part to. The one place this geometry lives (evalPlan() computes the same crop from it). */
struct ShorterScale
{
    cv::Rect kept;
    cv::Size scaled;
};

ShorterScale shorterScale(cv::Size full, int shorter)
{
    const int side = std::min(full.width, full.height);
    const int longest = int(std::min<int64_t>(int64_t(side) * kMaxAspect, INT32_MAX));
    const int width = std::min(full.width, longest), height = std::min(full.height, longest);
    const double s = double(shorter) / side;
    return {cv::Rect((full.width - width) / 2, (full.height - height) / 2, width, height),
            cv::Size(std::max(shorter, int(std::lround(width * s))),
                     std::max(shorter, int(std::lround(height * s))))};
}

cv::Mat resizeShorter(const cv::Mat &m, int shorter)
{
    const int side = std::min(m.cols, m.rows);
    if (side == shorter)
        return m;
    const ShorterScale g = shorterScale(m.size(), shorter);
    cv::Mat out;
    cv::resize(m(g.kept), out, g.scaled, 0, 0, shorter < side ? cv::INTER_AREA : cv::INTER_LINEAR);
    return out;
}

cv::Mat centerCrop(const cv::Mat &m, int size)
{
    const int w = std::min(size, m.cols), h = std::min(size, m.rows);
    cv::Mat crop = m(cv::Rect((m.cols - w) / 2, (m.rows - h) / 2, w, h));
    if (w != size || h != size)
        cv::resize(crop, crop, cv::Size(size, size));
    return crop;
}

/** Area-averaging weights along one axis: output i averages the source interval
    [(offset + i) x step, (offset + i + 1) x step), each source pixel weighted by its overlap
    (OpenCV's INTER_AREA, computed for the outputs wanted only). */
struct AreaTaps
{
    std::vector<int> first;     ///< the first source pixel of each output
    std::vector<int> count;     ///< how many it reads
    std::vector<float> weights; ///< stride per output
    int stride = 0;
    int lo = 0, hi = 0; ///< the source pixels read, [lo, hi)
};

AreaTaps areaTaps(int sourceSize, double step, int offset, int outputs)
{
    AreaTaps t;
    t.stride = int(std::ceil(step)) + 1;
    t.first.resize(size_t(outputs));
    t.count.resize(size_t(outputs));
    t.weights.assign(size_t(outputs) * size_t(t.stride), 0.f);
    t.lo = sourceSize;
    for (int i = 0; i < outputs; ++i) {
        const double a = (offset + i) * step, b = std::min(a + step, double(sourceSize));
        // A sliver under 1/1000 of a pixel is rounding, not coverage (as in OpenCV).
        int k0 = int(std::floor(a)), k1 = int(std::ceil(b));
        if (k0 + 1 - a < 1e-3)
            ++k0;
        if (b - (k1 - 1) < 1e-3)
            --k1;
        k1 = std::min(std::max(k1, k0 + 1), sourceSize);
        k0 = std::min(k0, k1 - 1);
        t.first[size_t(i)] = k0;
        t.count[size_t(i)] = std::min(k1 - k0, t.stride);
        for (int k = 0; k < t.count[size_t(i)]; ++k) {
            const double overlap = std::min(b, k0 + k + 1.0) - std::max(a, double(k0 + k));
            t.weights[size_t(i) * size_t(t.stride) + size_t(k)] = float(overlap / (b - a));
        }
        t.lo = std::min(t.lo, k0);
        t.hi = std::max(t.hi, k0 + t.count[size_t(i)]);
    }
    return t;
}

/** Where the eval transform (scale the shorter side to `shorter`, cut the central size x
    size) reads a full x full picture when it shrinks it: the weights of the crop's pixels, in
    the picture's pixels. valid is false when it does not shrink both ways (an upscale or
    nothing to scale), which resizeShorter() and centerCrop() then do. */
struct EvalPlan
{
    bool valid = false;
    bool whole = false; ///< both steps whole numbers: OpenCV's integer block averages
    AreaTaps x, y;
    cv::Rect reads() const { return {x.lo, y.lo, x.hi - x.lo, y.hi - y.lo}; }
};

EvalPlan evalPlan(cv::Size full, int shorter, int size)
{
    EvalPlan plan;
    const int side = std::min(full.width, full.height);
    if (side <= shorter || size > shorter)
        return plan;
    const ShorterScale g = shorterScale(full, shorter); // as resizeShorter() scales it
    const double stepX = double(g.kept.width) / g.scaled.width;
    const double stepY = double(g.kept.height) / g.scaled.height;
    if (stepX < 1 || stepY < 1)
        return plan;
    plan.whole = stepX == std::floor(stepX) && stepY == std::floor(stepY);
    plan.x = areaTaps(g.kept.width, stepX, (g.scaled.width - size) / 2, size);
    plan.y = areaTaps(g.kept.height, stepY, (g.scaled.height - size) / 2, size);
    for (auto [taps, cut] : {std::pair{&plan.x, g.kept.x}, std::pair{&plan.y, g.kept.y}}) {
        for (int &f : taps->first)
            f += cut;
        taps->lo += cut;
        taps->hi += cut;
    }
    plan.valid = true;
    return plan;
}

/** Runs plan on the pixels of region, whose top-left is origin in the picture's pixels: one
    pass down (whole rows, which vectorizes) and one across, for the crop's pixels only.
    Empty when region does not hold what the plan reads. */
cv::Mat shrinkCrop(const cv::Mat &region, cv::Point origin, const EvalPlan &plan)
{
    const cv::Rect reads = plan.reads() - origin;
    if (!plan.valid || region.depth() != CV_8U ||
        (region.channels() != 1 && region.channels() != 3) ||
        (reads & cv::Rect(0, 0, region.cols, region.rows)) != reads)
        return {};
    const int cn = region.channels(), size = int(plan.x.first.size());
    if (plan.whole) { // blocks of whole pixels: OpenCV's integer path rounds as it did before
        cv::Mat out;
        cv::resize(region(reads), out, cv::Size(size, size), 0, 0, cv::INTER_AREA);
        return out;
    }
    const int width = reads.width * cn, stride = plan.x.stride;
    // Every output reads stride taps (the unused ones weigh 0), past the end into zeros: the
    // inner loops have a fixed length and no branch.
    std::vector<float> rows(static_cast<size_t>(width + stride * cn), 0.f);
    std::vector<float> sums(static_cast<size_t>(size * cn));
    cv::Mat out(size, size, region.type());
    auto across = [&](auto channels) {
        constexpr int n = decltype(channels)::value;
        for (int ox = 0; ox < size; ++ox) {
            const float *wx = &plan.x.weights[size_t(ox) * size_t(stride)];
            const float *src = rows.data() + (plan.x.first[size_t(ox)] - plan.x.lo) * n;
            float v[n] = {};
            for (int t = 0; t < stride; ++t)
                for (int c = 0; c < n; ++c)
                    v[c] += wx[t] * src[t * n + c];
            for (int c = 0; c < n; ++c)
                sums[size_t(ox * n + c)] = v[c];
        }
    };
    for (int oy = 0; oy < size; ++oy) {
        std::fill_n(rows.begin(), width, 0.f);
        const float *wy = &plan.y.weights[size_t(oy) * size_t(plan.y.stride)];
        for (int t = 0; t < plan.y.count[size_t(oy)]; ++t) {
            const uint8_t *src =
                region.ptr<uint8_t>(plan.y.first[size_t(oy)] + t - origin.y) + reads.x * cn;
            const float w = wy[t];
            for (int i = 0; i < width; ++i)
                rows[size_t(i)] += w * float(src[i]);
        }
        if (cn == 3)
            across(std::integral_constant<int, 3>());
        else
            across(std::integral_constant<int, 1>());
        // OpenCV's conversion rounds as its resize does (to nearest, halves to even).
        cv::Mat row(1, size * cn, CV_8U, out.ptr<uint8_t>(oy));
        cv::Mat(1, size * cn, CV_32F, sums.data()).convertTo(row, CV_8U);
    }
    return out;
}

cv::Mat evalTransform(const cv::Mat &m, const Preprocessing &pre)
{
    const int shorter = std::max(pre.resize, pre.size);
    const EvalPlan plan = evalPlan(m.size(), shorter, pre.size);
    if (plan.valid)
        return shrinkCrop(m, {0, 0}, plan);
    return centerCrop(resizeShorter(m, shorter), pre.size);
}

/** The eval transform of an image's bytes (decodeBytes() and evalTransform()). An upright
    JPEG that shrinks decodes, at the scale decodeProbed() would use, only the rows and
    columns the crop reads: for a 640 x 480 photo to 256 then 224, 420 x 420 of its pixels. */
cv::Mat evalCropOf(std::string_view bytes, const Preprocessing &pre, int64_t maxPixels,
                   std::string *error)
{
    const ProbeResult probe = probeImageData(bytes, maxPixels);
    if (!probe.ok) {
        if (error)
            *error = probe.error;
        return {};
    }
    const int width = probe.header.width, height = probe.header.height;
    const int wanted = pre.size + pre.size / 4; // as decodeProbed()
    if (probe.header.format == "jpeg" && probe.header.orientation == 1 && width > 0 && height > 0) {
        const int shorter = std::min(width, height);
        const unsigned scale = shorter > wanted ? jpegScaleFor(shorter, wanted) : 8;
        const cv::Size full(int((int64_t(width) * scale + 7) / 8),
                            int((int64_t(height) * scale + 7) / 8));
        const EvalPlan plan = evalPlan(full, std::max(pre.resize, pre.size), pre.size);
        if (plan.valid) {
            // Four pixels more each way: libjpeg's chroma upsampling at a cut edge reads
            // neighbours that a whole decode has and a cropped one replicates.
            const int margin = 4;
            const cv::Rect reads = plan.reads();
            const cv::Rect box(reads.x - margin, reads.y - margin, reads.width + 2 * margin,
                               reads.height + 2 * margin);
            const cv::Rect inFile(int(int64_t(box.x) * 8 / scale), int(int64_t(box.y) * 8 / scale),
                                  int((int64_t(box.width) * 8 + scale - 1) / scale),
                                  int((int64_t(box.height) * 8 + scale - 1) / scale));
            cv::Point origin;
            const cv::Mat region = decodeJpegRegionAt(
                bytes, pre.channels, inFile & cv::Rect(0, 0, width, height), scale, origin);
            cv::Mat out = region.empty() ? cv::Mat() : shrinkCrop(region, origin, plan);
            if (!out.empty())
                return out;
        }
    }
    const cv::Mat m = decodeProbed(bytes, probe, pre.channels, pre.size, error);
    if (m.empty())
        return {};
    try {
        return evalTransform(m, pre);
    } catch (const cv::Exception &) { // an allocation OpenCV refuses
        if (error)
            *error = "cannot scale the image to the model's input";
        return {};
    }
}

/** evalCropOf() for a file, read as decode() reads it. */
cv::Mat evalCropOfFile(const std::string &path, const Preprocessing &pre, int64_t maxPixels)
{
    std::string bytes, error;
    if (!readImageFile(path, bytes, error))
        return {};
    return evalCropOf(bytes, pre, maxPixels, nullptr);
}

/** torchvision's RandomResizedCrop box on a width x height picture (area share minScale..1,
    aspect 3/4..4/3); the central square of the shorter side when ten draws miss. */
cv::Rect drawResizedCrop(int width, int height, float minScale, std::mt19937_64 &rng)
{
    std::uniform_real_distribution<double> scale(minScale, 1.0),
        logRatio(std::log(3.0 / 4), std::log(4.0 / 3));
    const double area = double(width) * height;
    for (int attempt = 0; attempt < 10; ++attempt) {
        const double target = area * scale(rng), ratio = std::exp(logRatio(rng));
        const int w = int(std::lround(std::sqrt(target * ratio)));
        const int h = int(std::lround(std::sqrt(target / ratio)));
        if (w <= 0 || h <= 0 || w > width || h > height)
            continue;
        std::uniform_int_distribution<int> x(0, width - w), y(0, height - h);
        const int left = x(rng);
        const int top = y(rng);
        return {left, top, w, h};
    }
    const int side = std::min(width, height);
    return {(width - side) / 2, (height - side) / 2, side, side};
}

/** A random-resized crop of a photo file, size x size: the box is drawn on the picture's full
    size from its header, and an upright JPEG decodes only that box (at the smallest SIMD
    scale that keeps it at least size pixels); other pictures decode whole (reduced in the DCT
    domain when much larger than the input) and the box is cut from them. */
cv::Mat randomResizedCropOfFile(const std::string &path, const Preprocessing &pre, float minScale,
                                std::mt19937_64 &rng)
{
    std::string bytes, error;
    if (!readImageFile(path, bytes, error))
        return {};
    const ProbeResult probe = probeImageData(bytes, kMaxDecodePixels);
    if (!probe.ok)
        return {};
    const int width = probe.header.width, height = probe.header.height;
    const cv::Rect box = drawResizedCrop(width, height, minScale, rng);
    cv::Mat region;
    if (probe.header.format == "jpeg" && probe.header.orientation == 1)
        region = decodeJpegRegion(bytes, pre.channels, box, pre.size);
    if (region.empty()) {
        const cv::Mat whole = decodeProbed(bytes, probe, pre.channels, pre.size, nullptr);
        if (whole.empty())
            return {};
        const double sx = double(whole.cols) / width, sy = double(whole.rows) / height;
        const cv::Rect scaled(int(box.x * sx), int(box.y * sy),
                              std::max(1, int(std::lround(box.width * sx))),
                              std::max(1, int(std::lround(box.height * sy))));
        region = whole(scaled & cv::Rect(0, 0, whole.cols, whole.rows));
        if (region.empty())
            return {};
    }
    cv::Mat out;
    cv::resize(region, out, cv::Size(pre.size, pre.size), 0, 0, cv::INTER_LINEAR);
    return out;
}

cv::Mat padCrop(const cv::Mat &m, int size, int padding, std::mt19937_64 &rng)
{
    const cv::Mat base = centerCrop(resizeShorter(m, size), size);
    cv::Mat padded;
    cv::copyMakeBorder(base, padded, padding, padding, padding, padding, cv::BORDER_CONSTANT,
                       cv::Scalar::all(0));
    std::uniform_int_distribution<int> offset(0, 2 * padding);
    return padded(cv::Rect(offset(rng), offset(rng), size, size)).clone();
}

void colorJitter(cv::Mat &m, float amount, std::mt19937_64 &rng)
{
    std::uniform_real_distribution<double> factor(1.0 - amount, 1.0 + amount);
    const double brightness = factor(rng), contrast = factor(rng);
    const double mean = cv::mean(m)[0];
    m.convertTo(m, -1, brightness * contrast, brightness * mean * (1.0 - contrast));
    if (m.channels() == 3) {
        const double saturation = factor(rng);
        cv::Mat gray, gray3;
        cv::cvtColor(m, gray, cv::COLOR_BGR2GRAY);
        cv::cvtColor(gray, gray3, cv::COLOR_GRAY2BGR);
        cv::addWeighted(m, saturation, gray3, 1.0 - saturation, 0, m);
    }
}

/** Writes m (HWC uint8; colour in BGR order) into out as normalized CHW floats in RGB order:
    one pass, with (v / 255 - mean) / std folded into one multiply-add per value. */
void normalizeInto(const cv::Mat &m, const Preprocessing &pre, float *out)
{
    const int c = m.channels(), plane = m.rows * m.cols;
    float scale[4], offset[4];
    for (int k = 0; k < c; ++k) {
        const int rgb = c == 3 ? 2 - k : k; // the output plane of BGR channel k
        scale[k] = 1.f / (255.f * pre.std[size_t(rgb)]);
        offset[k] = -pre.mean[size_t(rgb)] / pre.std[size_t(rgb)];
    }
    for (int y = 0; y < m.rows; ++y) {
        const uint8_t *row = m.ptr<uint8_t>(y);
        for (int k = 0; k < c; ++k) {
            float *dst = out + (c == 3 ? 2 - k : k) * plane + y * m.cols;
            const float a = scale[k], b = offset[k];
            for (int x = 0; x < m.cols; ++x)
                dst[x] = float(row[x * c + k]) * a + b;
        }
    }
}

void randomErase(float *image, int channels, int size, std::mt19937_64 &rng)
{
    std::uniform_real_distribution<double> area(0.02, 0.25), logRatio(std::log(0.3), std::log(3.3));
    const double a = area(rng) * size * size, r = std::exp(logRatio(rng));
    const int w = std::min(size, int(std::sqrt(a * r))), h = std::min(size, int(std::sqrt(a / r)));
    if (w <= 0 || h <= 0)
        return;
    std::uniform_int_distribution<int> x(0, size - w), y(0, size - h);
    const int x0 = x(rng), y0 = y(rng);
    for (int c = 0; c < channels; ++c)
        for (int yy = y0; yy < y0 + h; ++yy)
            std::fill_n(image + (c * size + yy) * size + x0, w, 0.f);
}

} // namespace

ImageLoader::ImageLoader(std::vector<Sample> samples, LoaderOptions options)
    : mSamples(std::move(samples)), mOptions(std::move(options))
{
    keepLargeAllocations();
    const auto &pre = mOptions.preprocessing;
    if (mOptions.batchSize <= 0)
        throw std::invalid_argument("batch size must be positive");
    if ((pre.channels != 1 && pre.channels != 3) || pre.size <= 0 ||
        pre.mean.size() != size_t(pre.channels) || pre.std.size() != size_t(pre.channels))
        throw std::invalid_argument("preprocessing needs 1 or 3 channels with a mean and std each");
    mOptions.workers = std::max(1, mOptions.workers);
    mOptions.prefetch = std::max(1, mOptions.prefetch);
}

ImageLoader::~ImageLoader() { stopWorkers(); }

size_t ImageLoader::shardSize() const
{
    const size_t n = mSamples.size(), world = size_t(mWorld), rank = size_t(mRank);
    if (world <= 1)
        return n;
    if (mOptions.train)
        return (n + world - 1) / world;
    return n > rank ? (n - rank + world - 1) / world : 0;
}

size_t ImageLoader::batchesPerEpoch() const
{
    const size_t b = size_t(mOptions.batchSize), n = shardSize();
    return mOptions.dropLast ? n / b : (n + b - 1) / b;
}

void ImageLoader::shard(int rank, int worldSize)
{
    if (worldSize < 1 || rank < 0 || rank >= worldSize)
        throw std::invalid_argument("rank " + std::to_string(rank) + " is outside a world of " +
                                    std::to_string(worldSize));
    mRank = rank;
    mWorld = worldSize;
}

void ImageLoader::stopWorkers()
{
    {
        std::lock_guard lock(mMutex);
        mStop = true;
    }
    mChanged.notify_all();
    for (auto &t : mWorkers)
        t.join();
    mWorkers.clear();
}

void ImageLoader::startEpoch(int epoch, size_t startBatch)
{
    stopWorkers();
    mEpoch = epoch;
    std::vector<size_t> order(mSamples.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    if (mOptions.train) {
        std::mt19937_64 rng(mix(mOptions.seed, uint64_t(epoch)));
        std::shuffle(order.begin(), order.end(), rng);
    }
    mOrder.clear();
    mPositions.clear();
    const size_t n = order.size(), world = size_t(mWorld);
    const size_t total = mOptions.train && world > 1 ? (n + world - 1) / world * world : n;
    for (size_t pos = size_t(mRank); n > 0 && pos < total; pos += world) {
        mOrder.push_back(order[pos % n]);
        mPositions.push_back(pos);
    }
    mReady.clear();
    mNextToMake = mNextToTake = std::min(startBatch, batchesPerEpoch());
    mStop = false;
    for (int i = 0; i < mOptions.workers; ++i)
        mWorkers.emplace_back(&ImageLoader::work, this);
}

void ImageLoader::work()
{
    for (;;) {
        size_t index = 0;
        {
            std::unique_lock lock(mMutex);
            mChanged.wait(lock, [&] {
                return mStop || mNextToMake < mNextToTake + size_t(mOptions.prefetch);
            });
            if (mStop || mNextToMake >= batchesPerEpoch())
                return;
            index = mNextToMake++;
        }
        Batch batch = makeBatch(index);
        {
            std::lock_guard lock(mMutex);
            mReady.emplace(index, std::move(batch));
        }
        mChanged.notify_all();
    }
}

bool ImageLoader::next(Batch &batch)
{
    if (mWorkers.empty() || mNextToTake >= batchesPerEpoch())
        return false;
    const auto start = std::chrono::steady_clock::now();
    std::unique_lock lock(mMutex);
    mChanged.wait(lock, [&] { return mReady.count(mNextToTake) > 0; });
    std::vector<float> spare = std::move(batch.pixels);
    batch = std::move(mReady.at(mNextToTake));
    mReady.erase(mNextToTake++);
    if (spare.capacity() > 0 && mSpare.size() < size_t(mOptions.prefetch + mOptions.workers))
        mSpare.push_back(std::move(spare));
    lock.unlock();
    mChanged.notify_all();
    batch.waitSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return true;
}

Batch ImageLoader::makeBatch(size_t index)
{
    const auto &pre = mOptions.preprocessing;
    const auto &aug = mOptions.augmentation;
    const size_t first = index * size_t(mOptions.batchSize);
    const size_t last = std::min(mOrder.size(), first + size_t(mOptions.batchSize));
    const size_t imageSize = size_t(pre.channels) * size_t(pre.size) * size_t(pre.size);
    Batch b;
    b.index = index;
    b.channels = pre.channels;
    b.height = b.width = pre.size;
    {
        std::lock_guard lock(mMutex);
        if (!mSpare.empty()) {
            b.pixels = std::move(mSpare.back());
            mSpare.pop_back();
        }
    }
    b.pixels.resize((last - first) * imageSize); // a spare of the same size: nothing to do
    for (size_t pos = first; pos < last; ++pos) {
        const Sample &s = mSamples[mOrder[pos]];
        std::mt19937_64 rng(mix(mix(mOptions.seed, uint64_t(mEpoch)), mPositions[pos]));
        const bool rrc = mOptions.train && aug.crop == "rrc";
        cv::Mat m;
        try { // a picture OpenCV cannot process is skipped as an unreadable one, not fatal
            const bool pad = mOptions.train && aug.crop == "pad";
            if (rrc) // random-resized crops are cut while decoding
                m = randomResizedCropOfFile(s.path, pre, aug.minScale, rng);
            else if (pad)
                m = decode(s.path, pre.channels, pre.size, kMaxDecodePixels);
            else
                m = evalCropOfFile(s.path, pre, kMaxDecodePixels);
            if (!m.empty() && pad)
                m = padCrop(m, pre.size, aug.padding, rng);
            if (!m.empty() && mOptions.train) {
                if (aug.flip && std::uniform_int_distribution<int>(0, 1)(rng))
                    cv::flip(m, m, 1);
                if (aug.colorJitter > 0)
                    colorJitter(m, aug.colorJitter, rng);
            }
        } catch (const cv::Exception &) {
            m.release();
        } catch (const std::bad_alloc &) {
            m.release();
        }
        if (m.empty()) {
            b.failed.push_back(s.path);
            continue;
        }
        float *out = b.pixels.data() + size_t(b.n) * imageSize;
        normalizeInto(m, pre, out);
        if (mOptions.train && aug.erasing > 0 &&
            std::uniform_real_distribution<float>(0, 1)(rng) < aug.erasing)
            randomErase(out, pre.channels, pre.size, rng);
        b.labels.push_back(s.label);
        b.imageIds.push_back(s.imageId);
        ++b.n;
    }
    b.pixels.resize(size_t(b.n) * imageSize);
    return b;
}

namespace {

/** The eval transform of an image's bytes into out; false for none. */
bool evalPixels(std::string_view bytes, const Preprocessing &pre, int64_t maxPixels,
                std::vector<float> &out, std::string *error)
{
    const cv::Mat m = evalCropOf(bytes, pre, maxPixels, error);
    if (m.empty())
        return false;
    out.resize(size_t(pre.channels) * size_t(pre.size) * size_t(pre.size));
    normalizeInto(m, pre, out.data());
    return true;
}

} // namespace

bool ImageLoader::loadOne(const std::string &path, const Preprocessing &pre,
                          std::vector<float> &out)
{
    std::string bytes, error;
    return readImageFile(path, bytes, error) &&
           evalPixels(bytes, pre, kMaxImagePixels, out, nullptr);
}

bool ImageLoader::loadFromMemory(std::string_view bytes, const Preprocessing &pre,
                                 std::vector<float> &out, std::string *error)
{
    return evalPixels(bytes, pre, kMaxImagePixels, out, error);
}

} // namespace photocat::core
