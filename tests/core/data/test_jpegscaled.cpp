#include "data/jpegscaled.h"

#include <QTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <random>

using namespace photocat;

namespace {

/** A 640x480 photo-like picture: smooth gradients, a few shapes and some noise. */
cv::Mat picture(int channels)
{
    cv::Mat m(480, 640, CV_8UC3);
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> noise(-6, 6);
    for (int y = 0; y < m.rows; ++y)
        for (int x = 0; x < m.cols; ++x)
            m.at<cv::Vec3b>(y, x) = cv::Vec3b(cv::saturate_cast<uchar>(x * 255 / 640 + noise(rng)),
                                              cv::saturate_cast<uchar>(y * 255 / 480),
                                              cv::saturate_cast<uchar>((x + y) % 256));
    cv::circle(m, {200, 150}, 60, {20, 200, 40}, -1);
    cv::rectangle(m, {400, 300}, {560, 420}, {230, 30, 90}, -1);
    if (channels == 1)
        cv::cvtColor(m, m, cv::COLOR_BGR2GRAY);
    return m;
}

std::string jpeg(const cv::Mat &m, bool progressive)
{
    std::vector<uchar> out;
    cv::imencode(".jpg", m, out,
                 {cv::IMWRITE_JPEG_QUALITY, 95, cv::IMWRITE_JPEG_PROGRESSIVE, progressive ? 1 : 0});
    return {out.begin(), out.end()};
}

/** Mean absolute difference after bringing both to size x size. */
double difference(const cv::Mat &a, const cv::Mat &b, int size)
{
    cv::Mat x, y;
    cv::resize(a, x, {size, size}, 0, 0, cv::INTER_AREA);
    cv::resize(b, y, {size, size}, 0, 0, cv::INTER_AREA);
    return cv::norm(x, y, cv::NORM_L1) / double(x.total() * size_t(x.channels()));
}

} // namespace

class TestJpegScaled : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void regionsMatchTheWholeDecode_data()
    {
        QTest::addColumn<int>("channels");
        QTest::addColumn<bool>("progressive");
        QTest::newRow("colour") << 3 << false;
        QTest::newRow("colour progressive") << 3 << true;
        QTest::newRow("gray") << 1 << false;
    }

    void regionsMatchTheWholeDecode()
    {
        QFETCH(int, channels);
        QFETCH(bool, progressive);
        const std::string bytes = jpeg(picture(channels), progressive);
        const cv::Mat whole =
            cv::imdecode(cv::Mat(1, int(bytes.size()), CV_8U, const_cast<char *>(bytes.data())),
                         channels == 1 ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR);
        QCOMPARE(whole.cols, 640);
        // Boxes of every kind: corners, an edge strip, not on iMCU boundaries, the whole.
        const std::vector<cv::Rect> boxes{{0, 0, 640, 480},    {0, 0, 100, 80},
                                          {533, 397, 107, 83}, {17, 203, 301, 129},
                                          {250, 0, 13, 480},   {321, 161, 240, 240}};
        for (const auto &box : boxes) {
            for (int minSide : {8, 60, 224, 1000}) {
                const cv::Mat region = core::decodeJpegRegion(bytes, channels, box, minSide);
                QVERIFY(!region.empty());
                QCOMPARE(region.channels(), channels);
                // The smallest SIMD scale that keeps the box's shorter side >= minSide.
                const int shorter = std::min(box.width, box.height);
                int m = 8;
                for (int s : {1, 2, 4})
                    if (shorter * s / 8 >= minSide) {
                        m = s;
                        break;
                    }
                QVERIFY2(std::abs(region.cols - box.width * m / 8) <= 1 &&
                             std::abs(region.rows - box.height * m / 8) <= 1,
                         qPrintable(QStringLiteral("%1x%2 for %3x%4 at %5/8")
                                        .arg(region.cols)
                                        .arg(region.rows)
                                        .arg(box.width)
                                        .arg(box.height)
                                        .arg(m)));
                // Same picture as the whole decode's box, its edges rounded outwards to whole
                // pixels of the scale (the DCT scaling filters a little).
                const int x0 = box.x * m / 8, y0 = box.y * m / 8;
                const int x1 = std::min(640 * m / 8, ((box.x + box.width) * m + 7) / 8);
                const int y1 = std::min(480 * m / 8, ((box.y + box.height) * m + 7) / 8);
                const cv::Rect aligned(x0 * 8 / m, y0 * 8 / m, (x1 - x0) * 8 / m,
                                       (y1 - y0) * 8 / m);
                const int side = std::min(32, std::min(region.cols, region.rows));
                const double diff =
                    difference(region, whole(aligned & cv::Rect(0, 0, 640, 480)), side);
                QVERIFY2(diff < 4.0, qPrintable(QStringLiteral("%1 for box %2,%3 %4x%5, min %6")
                                                    .arg(diff)
                                                    .arg(box.x)
                                                    .arg(box.y)
                                                    .arg(box.width)
                                                    .arg(box.height)
                                                    .arg(minSide)));
            }
        }
        // The scaled whole: 640x480 with a shorter side of at least 100 -> 1/4 (160x120).
        const cv::Mat scaled = core::decodeJpegScaled(bytes, channels, 100);
        QCOMPARE(scaled.cols, 160);
        QCOMPARE(scaled.rows, 120);
        QVERIFY(difference(scaled, whole, 64) < 4.0);
    }

    /** The eval transform's decode: a region at a scale the caller chose, placed by origin
        in that scale's whole image. Inside a 4-pixel border (chroma upsampling at a cut
        edge) the pixels are the whole decode's. */
    void regionsAtAChosenScaleArePlacedExactly_data()
    {
        QTest::addColumn<int>("channels");
        QTest::addColumn<bool>("progressive");
        QTest::newRow("colour") << 3 << false;
        QTest::newRow("colour progressive") << 3 << true;
        QTest::newRow("gray") << 1 << false;
    }

    void regionsAtAChosenScaleArePlacedExactly()
    {
        QFETCH(int, channels);
        QFETCH(bool, progressive);
        const std::string bytes = jpeg(picture(channels), progressive);
        for (unsigned m : {1u, 2u, 4u, 8u}) {
            QCOMPARE(core::jpegScaleFor(480, int(60 * m)), m);
            const cv::Mat whole = core::decodeJpegScaled(bytes, channels, int(60 * m));
            QCOMPARE(whole.cols, int(640 * m / 8));
            for (const cv::Rect box : {cv::Rect(108, 30, 422, 420), cv::Rect(0, 0, 640, 480),
                                       cv::Rect(333, 201, 97, 150), cv::Rect(600, 440, 40, 40)}) {
                cv::Point origin(-1, -1);
                const cv::Mat region = core::decodeJpegRegionAt(bytes, channels, box, m, origin);
                QVERIFY(!region.empty());
                QCOMPARE(origin, cv::Point(int(box.x * m / 8), int(box.y * m / 8)));
                QVERIFY(region.cols >= int((box.x + box.width) * m + 7) / 8 - origin.x);
                QVERIFY(region.rows >= int((box.y + box.height) * m + 7) / 8 - origin.y);
                const cv::Rect placed(origin, region.size());
                QVERIFY((placed & cv::Rect(0, 0, whole.cols, whole.rows)) == placed);
                const int b = 4; // compared inside the border
                if (region.cols <= 2 * b || region.rows <= 2 * b)
                    continue;
                const cv::Rect inner(b, b, region.cols - 2 * b, region.rows - 2 * b);
                const double diff = cv::norm(region(inner), whole(inner + origin), cv::NORM_INF);
                QVERIFY2(diff == 0, qPrintable(QStringLiteral("scale %1/8, box %2,%3: %4")
                                                   .arg(m)
                                                   .arg(box.x)
                                                   .arg(box.y)
                                                   .arg(diff)));
            }
        }
        cv::Point origin;
        QVERIFY(core::decodeJpegRegionAt(bytes, 3, {0, 0, 10, 10}, 3, origin).empty()); // 3/8
    }

    void damagedStreamsAreRefusedNotMisread()
    {
        const std::string bytes = jpeg(picture(3), false);
        QVERIFY(core::decodeJpegRegion("", 3, {0, 0, 10, 10}, 8).empty());
        QVERIFY(core::decodeJpegRegion("not a jpeg at all", 3, {0, 0, 10, 10}, 8).empty());
        QVERIFY(core::decodeJpegRegion(bytes.substr(0, 300), 3, {0, 0, 10, 10}, 8).empty());
        QVERIFY(core::decodeJpegRegion(bytes, 3, {700, 500, 10, 10}, 8).empty()); // outside
        QVERIFY(core::decodeJpegRegion(bytes, 2, {0, 0, 10, 10}, 8).empty());
        // A truncated scan still decodes (the rest grey), as OpenCV's reader does.
        const cv::Mat half =
            core::decodeJpegRegion(bytes.substr(0, bytes.size() / 2), 3, {0, 0, 640, 480}, 480);
        QCOMPARE(half.cols, 640);
    }
};

QTEST_GUILESS_MAIN(TestJpegScaled)
#include "test_jpegscaled.moc"
