#include "data/imageloader.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <random>

using namespace photocat;

namespace {

/** A photo-like width x height picture: gradients, two shapes and noise. */
cv::Mat picture(int width, int height, int channels)
{
    cv::Mat m(height, width, CV_8UC3);
    std::mt19937 rng(11);
    std::uniform_int_distribution<int> noise(-20, 20);
    for (int y = 0; y < m.rows; ++y)
        for (int x = 0; x < m.cols; ++x)
            m.at<cv::Vec3b>(y, x) =
                cv::Vec3b(cv::saturate_cast<uchar>(x * 255 / width + noise(rng)),
                          cv::saturate_cast<uchar>(y * 255 / height + noise(rng)),
                          cv::saturate_cast<uchar>((x * 3 + y * 7) % 256));
    cv::circle(m, {width / 3, height / 3}, std::min(width, height) / 5, {20, 200, 40}, -1);
    cv::rectangle(m, {width / 2, height / 2}, {width * 7 / 8, height * 7 / 8}, {230, 30, 90}, -1);
    if (channels == 1)
        cv::cvtColor(m, m, cv::COLOR_BGR2GRAY);
    return m;
}

std::string encode(const cv::Mat &m, const std::string &extension, bool progressive)
{
    std::vector<uchar> out;
    std::vector<int> params;
    if (extension == ".jpg")
        params = {cv::IMWRITE_JPEG_QUALITY, 90, cv::IMWRITE_JPEG_PROGRESSIVE, progressive ? 1 : 0};
    cv::imencode(extension, m, out, params);
    return {out.begin(), out.end()};
}

/** The eval transform as OpenCV spells it, on the whole decoded picture (at the JPEG scale
    the loader decodes a large photo at): the central 4:1 part, the shorter side scaled to
    resize with INTER_AREA, the central size x size, divided by 255. */
std::vector<float> reference(const std::string &bytes, int channels, int reduce, int resize,
                             int size)
{
    int flags = channels == 1 ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR;
    if (reduce == 2)
        flags = channels == 1 ? cv::IMREAD_REDUCED_GRAYSCALE_2 : cv::IMREAD_REDUCED_COLOR_2;
    else if (reduce == 4)
        flags = channels == 1 ? cv::IMREAD_REDUCED_GRAYSCALE_4 : cv::IMREAD_REDUCED_COLOR_4;
    cv::Mat m =
        cv::imdecode(cv::Mat(1, int(bytes.size()), CV_8U, const_cast<char *>(bytes.data())), flags);
    const int side = std::min(m.cols, m.rows);
    if (m.cols > 4 * side)
        m = m(cv::Rect((m.cols - 4 * side) / 2, 0, 4 * side, m.rows));
    if (m.rows > 4 * side)
        m = m(cv::Rect(0, (m.rows - 4 * side) / 2, m.cols, 4 * side));
    const double s = double(resize) / side;
    cv::Mat scaled;
    cv::resize(m, scaled,
               {std::max(resize, int(std::lround(m.cols * s))),
                std::max(resize, int(std::lround(m.rows * s)))},
               0, 0, cv::INTER_AREA);
    const cv::Mat crop =
        scaled(cv::Rect((scaled.cols - size) / 2, (scaled.rows - size) / 2, size, size));
    std::vector<float> out(size_t(channels) * size_t(size) * size_t(size));
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x)
            for (int c = 0; c < channels; ++c) // planes in RGB order from OpenCV's BGR
                out[size_t((channels == 3 ? 2 - c : c) * size * size + y * size + x)] =
                    crop.ptr<uint8_t>(y)[x * channels + c] / 255.f;
    return out;
}

} // namespace

class TestImageLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    /** The eval transform computes only the crop's pixels and, for a JPEG, decodes only the
        rows and columns the crop reads: what a user gets must stay what scaling the whole
        picture and cutting its center gives (what training, eval, predict and serve share). */
    void theEvalCropIsTheWholePictureScaledAndCut_data()
    {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("channels");
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("reduce"); // the scale a large JPEG decodes at
        QTest::addColumn<int>("resize");
        QTest::addColumn<int>("size");
        QTest::newRow("640x480 jpeg") << 640 << 480 << 3 << "jpg" << 1 << 256 << 224;
        QTest::newRow("640x480 progressive") << 640 << 480 << 3 << "progressive" << 1 << 256 << 224;
        QTest::newRow("480x640 jpeg") << 480 << 640 << 3 << "jpg" << 1 << 256 << 224;
        QTest::newRow("odd 517x333 jpeg") << 517 << 333 << 3 << "jpg" << 1 << 256 << 224;
        QTest::newRow("gray 640x480 jpeg") << 640 << 480 << 1 << "jpg" << 1 << 256 << 224;
        QTest::newRow("1000x750 jpeg at 1/2") << 1000 << 750 << 3 << "jpg" << 2 << 256 << 224;
        QTest::newRow("1600x1200 jpeg at 1/4") << 1600 << 1200 << 3 << "jpg" << 4 << 256 << 224;
        QTest::newRow("2400x1800 jpeg at 1/4") << 2400 << 1800 << 3 << "jpg" << 4 << 256 << 224;
        QTest::newRow("1500x300 panorama") << 1500 << 300 << 3 << "jpg" << 1 << 256 << 224;
        QTest::newRow("640x480 png") << 640 << 480 << 3 << "png" << 1 << 256 << 224;
        QTest::newRow("300x1400 png") << 300 << 1400 << 3 << "png" << 1 << 256 << 224;
        QTest::newRow("exactly 2x") << 512 << 512 << 3 << "jpg" << 1 << 256 << 224;
        QTest::newRow("resize = size") << 640 << 480 << 3 << "jpg" << 1 << 224 << 224;
        QTest::newRow("small model at 1/4") << 200 << 150 << 1 << "jpg" << 4 << 32 << 28;
    }

    void theEvalCropIsTheWholePictureScaledAndCut()
    {
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(int, channels);
        QFETCH(QString, format);
        QFETCH(int, reduce);
        QFETCH(int, resize);
        QFETCH(int, size);
        const std::string bytes =
            encode(picture(width, height, channels), format == "png" ? ".png" : ".jpg",
                   format == "progressive");
        core::Preprocessing pre;
        pre.channels = channels;
        pre.size = size;
        pre.resize = resize;
        pre.mean.assign(size_t(channels), 0.f);
        pre.std.assign(size_t(channels), 1.f);
        std::vector<float> ours;
        std::string error;
        QVERIFY2(core::ImageLoader::loadFromMemory(bytes, pre, ours, &error), error.c_str());
        const std::vector<float> expected = reference(bytes, channels, reduce, resize, size);
        QCOMPARE(ours.size(), expected.size());
        // OpenCV sums in another order: a value may round to the neighbouring level, rarely
        // (a whole factor takes OpenCV's own integer block averages: the same values).
        size_t off = 0;
        float worst = 0;
        for (size_t i = 0; i < ours.size(); ++i) {
            const float d = std::abs(ours[i] - expected[i]) * 255.f;
            worst = std::max(worst, d);
            off += d > 0.5f;
        }
        QVERIFY2(worst < 1.01f, qPrintable(QStringLiteral("a value %1 levels off").arg(worst)));
        QVERIFY2(off * 100 < ours.size() && (width != 2 * resize || off == 0),
                 qPrintable(QStringLiteral("%1 of %2 values off").arg(off).arg(ours.size())));

        // A file gives what its bytes give.
        const QString path = QDir(mDir.path()).filePath(QStringLiteral("photo.") + format);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes.data(), qint64(bytes.size()));
        file.close();
        std::vector<float> fromFile;
        QVERIFY(core::ImageLoader::loadOne(path.toStdString(), pre, fromFile));
        QVERIFY(fromFile == ours);

        // So do the loader's batches: evaluation's, and training's without augmentation.
        for (const bool train : {false, true}) {
            core::LoaderOptions options;
            options.batchSize = 1;
            options.workers = 1;
            options.train = train;
            options.preprocessing = pre;
            options.augmentation.crop = "none";
            options.augmentation.flip = false;
            core::ImageLoader loader({core::Sample{path.toStdString(), 0, 1}}, options);
            loader.startEpoch(0);
            core::Batch batch;
            QVERIFY(loader.next(batch));
            QCOMPARE(batch.n, 1);
            QVERIFY(batch.pixels == ours);
        }
    }

private:
    QTemporaryDir mDir;
};

QTEST_GUILESS_MAIN(TestImageLoader)
#include "test_imageloader.moc"
