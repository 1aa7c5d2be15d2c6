#include "testdata.h"

#include "data/importer.h"
#include "store/workspace.h"

#include <QProcess>
#include <QStringList>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <zlib.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace photocat::test {

std::vector<uint8_t> classPattern(int cls, int sample, int size, int channels)
{
    std::mt19937 rng(uint32_t(cls * 7919 + sample));
    std::normal_distribution<float> noise(0.f, 12.f);
    std::uniform_real_distribution<float> jitter(-0.15f, 0.15f);
    const float angle = float(cls) * 3.14159f / 5.0f + jitter(rng);
    const float freq = 0.5f + 0.12f * float(cls % 3);
    const float cx = float(size) * (0.3f + 0.4f * float(cls % 2)), cy = float(size) * 0.5f;
    std::vector<uint8_t> px(size_t(size * size * channels));
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const float u = float(x) * std::cos(angle) + float(y) * std::sin(angle);
            float v = 128.f + 90.f * std::sin(u * freq) + noise(rng);
            const float d = std::hypot(float(x) - cx, float(y) - cy);
            if (d < float(size) / 6.f)
                v = float(40 + 20 * cls);
            for (int c = 0; c < channels; ++c) {
                float value = c == 3 ? 255.f : v + float(c) * float(cls) * 4.f;
                px[size_t((y * size + x) * channels + c)] = uint8_t(std::clamp(value, 0.f, 255.f));
            }
        }
    return px;
}

void writeImage(const std::string &path, const std::vector<uint8_t> &pixels, int width, int height,
                int channels, int depth)
{
    cv::Mat m(height, width, CV_MAKETYPE(CV_8U, channels), const_cast<uint8_t *>(pixels.data()));
    cv::Mat out = m;
    if (depth == 16)
        m.convertTo(out, CV_MAKETYPE(CV_16U, channels), 257.0);
    fs::create_directories(fs::path(path).parent_path());
    if (!cv::imwrite(path, out))
        throw std::runtime_error("cannot write " + path);
}

void writeJpegWithOrientation(const std::string &path, int width, int height, int orientation)
{
    cv::Mat m(height, width, CV_8UC3, cv::Scalar(30, 120, 200));
    cv::rectangle(m, {0, 0}, {width / 3, height / 3}, cv::Scalar(255, 255, 255), cv::FILLED);
    std::vector<uint8_t> jpeg;
    cv::imencode(".jpg", m, jpeg);
    // APP1 "Exif": a big-endian TIFF header with one IFD entry, Orientation (0x0112, SHORT).
    const uint8_t exif[] = {
        'E', 'x', 'i', 'f',  0,    0, 'M', 'M', 0, 42, 0, 0, 0,
        8,   0,   1,   0x01, 0x12, 0, 3,   0,   0, 0,  1, 0, uint8_t(orientation),
        0,   0,   0,   0,    0,    0};
    std::vector<uint8_t> app1 = {0xFF, 0xE1, 0, uint8_t(sizeof exif + 2)};
    app1.insert(app1.end(), exif, exif + sizeof exif);
    jpeg.insert(jpeg.begin() + 2, app1.begin(), app1.end());
    writeFile(path, std::string(jpeg.begin(), jpeg.end()));
}

std::vector<std::string> makeDataset(const std::string &root, int classes, int perClass, int size,
                                     int channels, const std::string &ext)
{
    std::vector<std::string> names;
    for (int c = 0; c < classes; ++c) {
        names.push_back("c" + std::to_string(c));
        for (int i = 0; i < perClass; ++i)
            writeImage(root + "/" + names.back() + "/img-" + std::to_string(i) + ext,
                       classPattern(c, i, size, channels), size, size, channels);
    }
    return names;
}

std::unique_ptr<core::Workspace> makeWorkspace(const std::string &dir, int classes, int perClass,
                                               int size, int channels)
{
    makeDataset(dir + "/src", classes, perClass, size, channels);
    auto workspace = std::make_unique<core::Workspace>(dir + "/ws", true);
    core::ImportOptions o;
    o.source = dir + "/src";
    core::importDataset(*workspace, o);
    return workspace;
}

void writeIdx(const std::string &path, const std::vector<uint32_t> &dims,
              const std::vector<uint8_t> &data)
{
    std::string bytes = {0, 0, 8, char(dims.size())};
    for (uint32_t d : dims)
        for (int shift = 24; shift >= 0; shift -= 8)
            bytes += char((d >> shift) & 0xFF);
    bytes.append(data.begin(), data.end());
    gzFile f = gzopen(path.c_str(),
                      path.size() > 3 && path.substr(path.size() - 3) == ".gz" ? "wb" : "wbT");
    gzwrite(f, bytes.data(), unsigned(bytes.size()));
    gzclose(f);
}

void writeFile(const std::string &path, const std::string &bytes)
{
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

std::string readFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

CliResult runCli(const std::vector<std::string> &args, int timeoutMs)
{
    QProcess p;
    QStringList list;
    for (const auto &a : args)
        list << QString::fromStdString(a);
    p.start(qEnvironmentVariable("PHOTOCAT_CLI"), list);
    CliResult r;
    if (!p.waitForStarted()) {
        r.err = "cannot start photocat-cli (PHOTOCAT_CLI=\"" +
                qEnvironmentVariable("PHOTOCAT_CLI").toStdString() +
                "\"): " + p.errorString().toStdString();
        return r;
    }
    if (!p.waitForFinished(timeoutMs)) {
        // Say so: a timed-out run must not look like a command that failed silently.
        p.kill();
        p.waitForFinished();
        r.out = p.readAllStandardOutput().toStdString();
        r.err = "photocat-cli did not finish within " + std::to_string(timeoutMs / 1000) +
                " s and was killed; its stderr: " + p.readAllStandardError().toStdString();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput().toStdString();
    r.err = p.readAllStandardError().toStdString();
    return r;
}

CliResult runOracle(const std::vector<std::string> &args, int timeoutMs)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    QStringList list;
    for (const auto &a : args)
        list << QString::fromStdString(a);
    p.start(QStringLiteral("/usr/bin/python3"), list);
    CliResult r;
    const bool finished = p.waitForFinished(timeoutMs);
    if (!finished)
        p.kill();
    r.exitCode = finished && p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAll().toStdString();
    if (!finished)
        r.out += "\n(python3 did not finish within " + std::to_string(timeoutMs / 1000) + " s)";
    return r;
}

} // namespace photocat::test
