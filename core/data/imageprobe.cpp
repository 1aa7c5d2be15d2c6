#include "data/imageprobe.h"

#include "io/recordio.h"

#include <libexif/exif-data.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <vector>

namespace photocat::core {

namespace {

/** Bytes being probed: a file, read through a 64 KB window so that a header of many tiny
    segments costs a few reads, or a buffer in memory (an upload). */
class File
{
public:
    /** Opens path without blocking on FIFOs or devices; isOpen() is false for anything but a
        regular file outside /proc and /sys, checked on the opened descriptor. */
    explicit File(const std::string &path) { mFd = openRegularFile(path, mSize, mError); }
    explicit File(std::string_view bytes) : mMemory(bytes), mSize(int64_t(bytes.size())) {}
    ~File()
    {
        if (mFd >= 0)
            ::close(mFd);
    }
    File(const File &) = delete;
    File &operator=(const File &) = delete;

    bool isOpen() const { return mError.empty(); }
    int descriptor() const { return mFd; }
    const std::string &error() const { return mError; }
    int64_t size() const { return mSize; }
    /** Reads up to n bytes at offset; returns the bytes read. */
    std::vector<uint8_t> read(int64_t offset, size_t n) const
    {
        if (offset < 0 || offset >= mSize)
            return {};
        n = size_t(std::min<int64_t>(int64_t(n), mSize - offset));
        if (mFd < 0) {
            const auto *p = reinterpret_cast<const uint8_t *>(mMemory.data()) + offset;
            return {p, p + n};
        }
        if (n <= kWindow) {
            if (offset < mWindowStart ||
                offset + int64_t(n) > mWindowStart + int64_t(mWindow.size())) {
                mWindow.resize(kWindow);
                const ssize_t got = ::pread(mFd, mWindow.data(), kWindow, offset);
                mWindow.resize(got > 0 ? size_t(got) : 0);
                mWindowStart = offset;
            }
            const int64_t from = offset - mWindowStart;
            const size_t have = size_t(std::max<int64_t>(0, int64_t(mWindow.size()) - from));
            const auto *p = mWindow.data() + from;
            return {p, p + std::min(n, have)};
        }
        std::vector<uint8_t> buf(n);
        const ssize_t got = ::pread(mFd, buf.data(), n, offset);
        buf.resize(got > 0 ? size_t(got) : 0);
        return buf;
    }

private:
    static constexpr size_t kWindow = 64 * 1024;
    int mFd = -1;
    std::string_view mMemory;
    std::string mError;
    int64_t mSize = 0;
    mutable std::vector<uint8_t> mWindow;
    mutable int64_t mWindowStart = 0;
};

uint16_t be16(const uint8_t *p) { return uint16_t(p[0] << 8 | p[1]); }
uint32_t be32(const uint8_t *p)
{
    return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | p[2] << 8 | p[3];
}
uint16_t le16(const uint8_t *p) { return uint16_t(p[1] << 8 | p[0]); }
uint32_t le32(const uint8_t *p)
{
    return uint32_t(p[3]) << 24 | uint32_t(p[2]) << 16 | p[1] << 8 | p[0];
}

ProbeResult failure(std::string why) { return {false, {}, std::move(why)}; }

ProbeResult success(ImageHeader h)
{
    if (h.width <= 0 || h.height <= 0)
        return failure("invalid image dimensions in header");
    if (h.channels < 1 || h.channels > 4)
        return failure("unsupported number of channels (" + std::to_string(h.channels) + ")");
    if (h.orientation >= 5 && h.orientation <= 8)
        std::swap(h.width, h.height);
    return {true, std::move(h), {}};
}

int exifOrientation(const uint8_t *data, size_t size)
{
    ExifData *exif = exif_data_new_from_data(data, static_cast<unsigned>(size));
    if (!exif)
        return 1;
    int orientation = 1;
    if (ExifEntry *e = exif_data_get_entry(exif, EXIF_TAG_ORIENTATION);
        e && e->format == EXIF_FORMAT_SHORT && e->size >= 2)
        orientation = exif_get_short(e->data, exif_data_get_byte_order(exif));
    exif_data_unref(exif);
    return orientation >= 1 && orientation <= 8 ? orientation : 1;
}

ProbeResult probePng(const File &f, const std::vector<uint8_t> &head, int64_t size)
{
    if (head.size() < 33 || std::memcmp(head.data() + 12, "IHDR", 4) != 0)
        return failure("truncated PNG header");
    ImageHeader h;
    h.format = "png";
    h.width = int(be32(&head[16]));
    h.height = int(be32(&head[20]));
    h.bitDepth = head[24];
    static const int kChannels[] = {1, 0, 3, 3, 2, 0, 4};
    const int colorType = head[25];
    h.channels = colorType <= 6 ? kChannels[colorType] : 0;
    if (h.channels == 0)
        return failure("invalid PNG color type");
    if (colorType == 3)
        h.bitDepth = 8;
    static const uint8_t kIend[] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82};
    const auto tail = f.read(size - 12, 12);
    if (size < 57 || tail.size() != 12 || std::memcmp(tail.data(), kIend, 12) != 0)
        return failure("truncated PNG (no IEND chunk at the end)");
    return success(h);
}

ProbeResult probeJpeg(const File &f, int64_t size)
{
    ImageHeader h;
    h.format = "jpeg";
    int64_t pos = 2;
    bool haveSize = false;
    while (pos + 4 <= size && !haveSize) {
        auto marker = f.read(pos, 4);
        if (marker.size() < 4 || marker[0] != 0xFF)
            return failure("corrupt JPEG (bad marker)");
        const uint8_t type = marker[1];
        if (type == 0xFF) { // fill bytes: skipped a window at a time
            const auto run = f.read(pos + 1, 4096);
            const auto end =
                std::find_if(run.begin(), run.end(), [](uint8_t b) { return b != 0xFF; });
            pos += std::max<int64_t>(1, end - run.begin());
            continue;
        }
        if (type == 0xD8 || (type >= 0xD0 && type <= 0xD7) || type == 0x01) {
            pos += 2;
            continue;
        }
        // Only the segments libjpeg reads with a length: it skips FF 00 as stray bytes and
        // refuses the rest, so a probe that stepped over them by a length would read another
        // frame header than the decoder (a 1 x 1 probe of a 32000 x 32000 picture).
        const bool known = (type >= 0xC0 && type <= 0xCF) || (type >= 0xDA && type <= 0xDD) ||
                           (type >= 0xE0 && type <= 0xEF) || type == 0xFE;
        if (!known)
            return failure("corrupt JPEG (unexpected marker)");
        const uint16_t length = be16(&marker[2]);
        if (length < 2)
            return failure("corrupt JPEG (bad segment length)");
        if (type == 0xE1 && h.orientation == 1) {
            const auto app1 = f.read(pos + 4, length - 2);
            if (app1.size() > 6 && std::memcmp(app1.data(), "Exif\0\0", 6) == 0)
                h.orientation = exifOrientation(app1.data(), app1.size());
        }
        const bool sof =
            type >= 0xC0 && type <= 0xCF && type != 0xC4 && type != 0xC8 && type != 0xCC;
        if (sof) {
            const auto frame = f.read(pos + 4, 6);
            if (frame.size() < 6)
                return failure("truncated JPEG header");
            h.bitDepth = frame[0];
            h.height = be16(&frame[1]);
            h.width = be16(&frame[3]);
            h.channels = frame[5] == 4 ? 3 : frame[5]; // CMYK decodes to color
            haveSize = true;
        }
        if (type == 0xDA)
            break;
        pos += 2 + length;
    }
    if (!haveSize)
        return failure("corrupt JPEG (no frame header)");
    // A complete JPEG ends with EOI; tolerate a little trailing padding after it.
    const int64_t tailSize = std::min<int64_t>(size, 1024);
    const auto tail = f.read(size - tailSize, size_t(tailSize));
    bool eoi = false;
    for (size_t i = tail.size(); i >= 2 && !eoi; --i)
        eoi = tail[i - 2] == 0xFF && tail[i - 1] == 0xD9;
    if (!eoi)
        return failure("truncated JPEG (no end-of-image marker)");
    return success(h);
}

ProbeResult probeBmp(const std::vector<uint8_t> &head, int64_t size)
{
    if (head.size() < 30)
        return failure("truncated BMP header");
    ImageHeader h;
    h.format = "bmp";
    const uint32_t dataOffset = le32(&head[10]);
    const uint32_t dibSize = le32(&head[14]);
    int bpp = 0;
    if (dibSize == 12) {
        h.width = le16(&head[18]);
        h.height = le16(&head[20]);
        bpp = le16(&head[24]);
    } else {
        h.width = int32_t(le32(&head[18]));
        const int64_t height = int32_t(le32(&head[22])); // negative: top-down
        h.height = height < 0 ? int(std::min<int64_t>(-height, INT32_MAX)) : int(height);
        bpp = le16(&head[28]);
    }
    h.channels = bpp == 32 ? 4 : (bpp == 8 || bpp == 1 || bpp == 4) ? 3 : 3;
    const uint32_t compression = dibSize >= 40 && head.size() >= 34 ? le32(&head[30]) : 0;
    if (compression == 0 && bpp > 0 && h.width > 0) {
        const int64_t stride = ((int64_t(h.width) * bpp + 31) / 32) * 4;
        int64_t pixels = 0;
        if (__builtin_mul_overflow(stride, int64_t(h.height), &pixels) ||
            int64_t(dataOffset) + pixels > size)
            return failure("truncated BMP (pixel data shorter than declared)");
    }
    return success(h);
}

ProbeResult probeWebp(const std::vector<uint8_t> &head, int64_t size)
{
    if (head.size() < 30)
        return failure("truncated WebP header");
    if (int64_t(le32(&head[4])) + 8 > size)
        return failure("truncated WebP (file shorter than its RIFF size)");
    ImageHeader h;
    h.format = "webp";
    if (std::memcmp(&head[12], "VP8 ", 4) == 0) {
        h.width = le16(&head[26]) & 0x3FFF;
        h.height = le16(&head[28]) & 0x3FFF;
        h.channels = 3;
    } else if (std::memcmp(&head[12], "VP8L", 4) == 0) {
        const uint32_t bits = le32(&head[21]);
        h.width = int(bits & 0x3FFF) + 1;
        h.height = int((bits >> 14) & 0x3FFF) + 1;
        h.channels = (bits >> 28) & 1 ? 4 : 3;
    } else if (std::memcmp(&head[12], "VP8X", 4) == 0) {
        h.width = int(head[24] | head[25] << 8 | head[26] << 16) + 1;
        h.height = int(head[27] | head[28] << 8 | head[29] << 16) + 1;
        h.channels = head[20] & 0x10 ? 4 : 3;
    } else {
        return failure("unsupported WebP variant");
    }
    return success(h);
}

ProbeResult probeTiff(const File &f, const std::vector<uint8_t> &head, int64_t size)
{
    const bool little = head[0] == 'I';
    auto u16 = [&](const uint8_t *p) { return little ? le16(p) : be16(p); };
    auto u32 = [&](const uint8_t *p) { return little ? le32(p) : be32(p); };
    const uint32_t ifd = u32(&head[4]);
    if (ifd + 2 > size)
        return failure("truncated TIFF (directory past end of file)");
    const auto countBytes = f.read(ifd, 2);
    if (countBytes.size() < 2)
        return failure("truncated TIFF header");
    const uint16_t count = u16(countBytes.data());
    const auto entries = f.read(ifd + 2, size_t(count) * 12);
    if (entries.size() < size_t(count) * 12)
        return failure("truncated TIFF directory");
    ImageHeader h;
    h.format = "tiff";
    h.channels = 1;
    for (uint16_t i = 0; i < count; ++i) {
        const uint8_t *e = &entries[size_t(i) * 12];
        const uint16_t tag = u16(e), type = u16(e + 2);
        const uint32_t value = type == 3 ? u16(e + 8) : u32(e + 8);
        switch (tag) {
        case 256: h.width = int(value); break;
        case 257: h.height = int(value); break;
        case 258: h.bitDepth = int(value) > 0 && int(value) <= 64 ? int(value) : 8; break;
        case 277: h.channels = int(value); break;
        case 274: h.orientation = int(value) >= 1 && int(value) <= 8 ? int(value) : 1; break;
        default: break;
        }
    }
    // BitsPerSample with several samples points to an array; its first value is what we want.
    if (h.channels > 1 && h.bitDepth > 64)
        h.bitDepth = 8;
    return success(h);
}

} // namespace

namespace {

ProbeResult probeFile(const File &f)
{
    const int64_t size = f.size();
    if (size == 0)
        return failure("empty file (0 bytes)");
    const auto head = f.read(0, 64);
    if (head.size() < 4)
        return failure("not an image (too short)");
    const uint8_t *p = head.data();
    if (head.size() >= 8 && std::memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
        return probePng(f, head, size);
    if (p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
        return probeJpeg(f, size);
    if (p[0] == 'B' && p[1] == 'M')
        return probeBmp(head, size);
    if (head.size() >= 16 && std::memcmp(p, "RIFF", 4) == 0 && std::memcmp(p + 8, "WEBP", 4) == 0)
        return probeWebp(head, size);
    if (head.size() >= 8 && (std::memcmp(p, "II*\0", 4) == 0 || std::memcmp(p, "MM\0*", 4) == 0))
        return probeTiff(f, head, size);
    if (std::memcmp(p, "GIF8", 4) == 0)
        return failure("unsupported format (GIF)");
    return failure("not an image (unrecognized format)");
}

ProbeResult probePath(const std::string &path)
{
    struct stat st
    {};
    if (::lstat(path.c_str(), &st) != 0)
        return failure(std::string("cannot read: ") + std::strerror(errno));
    if (S_ISLNK(st.st_mode) && ::stat(path.c_str(), &st) != 0)
        return failure("broken symbolic link");
    if (!S_ISREG(st.st_mode))
        return failure("not a regular file");
    File f(path);
    if (!f.isOpen())
        return failure(f.error());
    return probeFile(f);
}

ProbeResult checked(ProbeResult r, int64_t maxPixels)
{
    if (!r.ok)
        return r;
    const ImageHeader &h = r.header;
    // Refused before anything decodes it: a small file can describe a huge picture.
    if (int64_t(h.width) * int64_t(h.height) > maxPixels)
        return failure("image too large (" + std::to_string(h.width) + "×" +
                       std::to_string(h.height) + " pixels; at most " + std::to_string(maxPixels) +
                       ")");
    return r;
}

} // namespace

int openRegularFile(const std::string &path, int64_t &size, std::string &error)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        error = std::string("cannot open: ") + std::strerror(errno);
        return -1;
    }
    struct stat st
    {};
    struct statfs fs
    {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        error = "not a regular file";
    else if (::fstatfs(fd, &fs) == 0 && (fs.f_type == PROC_SUPER_MAGIC || fs.f_type == SYSFS_MAGIC))
        error = "not a regular file (a kernel interface)";
    if (!error.empty()) {
        ::close(fd);
        return -1;
    }
    size = st.st_size;
    return fd;
}

bool readFully(int fd, char *out, size_t n, int64_t offset, std::string &error)
{
    size_t done = 0;
    while (done < n) {
        const ssize_t got = ::pread(fd, out + done, n - done, off_t(offset + int64_t(done)));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            error = got < 0 ? std::string("cannot read: ") + std::strerror(errno)
                            : "file shrank while being read";
            return false;
        }
        done += size_t(got);
    }
    return true;
}

ProbeResult probeImage(const std::string &path, int64_t maxPixels)
{
    if (isRecordPath(path)) {
        std::string bytes, error;
        if (!readImageFile(path, bytes, error))
            return failure(error);
        return probeImageData(bytes, maxPixels);
    }
    return checked(probePath(path), maxPixels);
}

bool isRecordPath(const std::string &path)
{
    std::string recPath;
    RecordSpan span;
    return parseRecordLocator(path, recPath, span) && ::access(path.c_str(), F_OK) != 0;
}

bool readImageFile(const std::string &path, std::string &bytes, std::string &error,
                   int64_t maxBytes)
{
    if (isRecordPath(path))
        return readRecordImage(path, bytes, error, maxBytes);
    const File f(path);
    if (!f.isOpen()) {
        error = f.error();
        return false;
    }
    if (f.size() > maxBytes) {
        error = "file too large (" + std::to_string(f.size()) + " bytes)";
        return false;
    }
    bytes.resize(size_t(f.size()));
    if (!readFully(f.descriptor(), bytes.data(), bytes.size(), 0, error))
        return false;
    return true;
}

ProbeResult probeImageData(std::string_view bytes, int64_t maxPixels)
{
    File f(bytes);
    return checked(probeFile(f), maxPixels);
}

} // namespace photocat::core
