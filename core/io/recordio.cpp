#include "io/recordio.h"

#include "data/imageprobe.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

namespace photocat::core {

namespace {

constexpr size_t kHeaderBytes = 24; // IRHeader: flag, label, id, id2

uint32_t le32(const char *p)
{
    const auto *u = reinterpret_cast<const unsigned char *>(p);
    return uint32_t(u[0]) | uint32_t(u[1]) << 8 | uint32_t(u[2]) << 16 | uint32_t(u[3]) << 24;
}

uint64_t le64(const char *p) { return uint64_t(le32(p)) | uint64_t(le32(p + 4)) << 32; }

void put32(std::string &out, uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        out.push_back(char((v >> (8 * i)) & 0xff));
}

void put64(std::string &out, uint64_t v)
{
    put32(out, uint32_t(v));
    put32(out, uint32_t(v >> 32));
}

float asFloat(uint32_t bits)
{
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

uint32_t bitsOf(float f)
{
    uint32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    return bits;
}

uint64_t padded(uint64_t n) { return (n + 3) & ~uint64_t(3); }

std::string at(const std::string &file, uint64_t offset)
{
    return file + "#" + std::to_string(offset);
}

bool isMagic(const char *p) { return le32(p) == kRecordMagic; }

} // namespace

std::string encodeRecord(std::string_view data)
{
    if (data.size() > kMaxRecordBytes)
        throw std::length_error("a RecordIO record holds at most " +
                                std::to_string(kMaxRecordBytes) + " bytes, not " +
                                std::to_string(data.size()));
    std::string out;
    out.reserve(data.size() + 16);
    const size_t aligned = data.size() / 4 * 4;
    size_t from = 0;
    auto part = [&](uint32_t cflag, size_t end) {
        put32(out, kRecordMagic);
        put32(out, cflag << 29 | uint32_t(end - from));
        out.append(data.substr(from, end - from));
    };
    for (size_t i = 0; i < aligned; i += 4) {
        if (!isMagic(data.data() + i))
            continue;
        part(from == 0 ? 1 : 2, i);
        from = i + 4;
    }
    part(from == 0 ? 0 : 3, data.size());
    out.append(padded(data.size()) - data.size(), '\0');
    return out;
}

std::string packImageRecord(const RecordHeader &header, std::string_view image)
{
    std::string out;
    out.reserve(kHeaderBytes + 4 * header.labels.size() + image.size());
    put32(out, uint32_t(header.labels.size()));
    put32(out, header.labels.empty() ? bitsOf(header.label) : 0u);
    put64(out, header.id);
    put64(out, header.id2);
    for (float l : header.labels)
        put32(out, bitsOf(l));
    out.append(image);
    return out;
}

bool unpackImageRecord(std::string_view data, RecordHeader &header, std::string_view &image,
                       std::string &error)
{
    if (data.size() < kHeaderBytes) {
        error = "image record header cut short (" + std::to_string(data.size()) + " of " +
                std::to_string(kHeaderBytes) + " bytes)";
        return false;
    }
    const uint32_t flag = le32(data.data());
    if (flag > (data.size() - kHeaderBytes) / 4) {
        error = "image record header says " + std::to_string(flag) +
                " labels follow, more than its " + std::to_string(data.size()) + " bytes hold";
        return false;
    }
    header = {};
    header.label = asFloat(le32(data.data() + 4));
    header.id = le64(data.data() + 8);
    header.id2 = le64(data.data() + 16);
    header.labels.reserve(flag);
    for (uint32_t i = 0; i < flag; ++i)
        header.labels.push_back(asFloat(le32(data.data() + kHeaderBytes + 4 * i)));
    image = data.substr(kHeaderBytes + 4 * size_t(flag));
    return true;
}

RecordFile::RecordFile(const std::string &path) : mPath(path)
{
    int64_t size = 0;
    std::string error;
    mFd = openRegularFile(path, size, error);
    if (mFd < 0)
        throw std::runtime_error(path + ": " + error);
    mSize = uint64_t(size);
}

RecordFile::RecordFile(std::string_view bytes, std::string name)
    : mPath(std::move(name)), mMemory(bytes), mSize(bytes.size())
{}

RecordFile::~RecordFile()
{
    if (mFd >= 0)
        ::close(mFd);
}

bool RecordFile::readAt(uint64_t offset, size_t n, char *out, std::string &error) const
{
    if (offset > mSize || n > mSize - offset) {
        error = "past the end of the file";
        return false;
    }
    if (mFd < 0) {
        std::memcpy(out, mMemory.data() + offset, n);
        return true;
    }
    return readFully(mFd, out, n, int64_t(offset), error);
}

bool RecordFile::span(uint64_t offset, RecordSpan &span, std::string &error,
                      uint64_t *brokenAt) const
{
    uint64_t pos = offset;
    auto fail = [&](const std::string &why) {
        error = at(mPath, offset) + ": " + why;
        if (brokenAt)
            *brokenAt = pos;
        return false;
    };
    if (offset % 4)
        return fail("not a record start (records start at multiples of 4)");
    uint64_t joined = 0; // the record's data once its parts are joined
    for (bool first = true;; first = false) {
        if (mSize < 8 || pos > mSize - 8)
            return fail(first
                            ? "no record here: the file ends"
                            : "split record never ends: the file ends at " + std::to_string(mSize));
        char head[8];
        std::string why;
        if (!readAt(pos, 8, head, why))
            return fail(why);
        if (!isMagic(head))
            return fail(first ? "no record here (bad magic word)"
                              : "split record is cut at offset " + std::to_string(pos) +
                                    " (bad magic word)");
        const uint32_t lrec = le32(head + 4);
        const uint32_t cflag = lrec >> 29, length = lrec & kMaxRecordBytes;
        if (cflag > 3)
            return fail("bad part flag " + std::to_string(cflag) + " at offset " +
                        std::to_string(pos));
        if (first && cflag >= 2)
            return fail("the middle or end of a split record, not its start");
        if (!first && cflag <= 1)
            return fail("split record never ends: a new record starts at offset " +
                        std::to_string(pos));
        if (padded(length) > mSize - pos - 8)
            return fail("record of " + std::to_string(length) +
                        " bytes runs past the end of the file (" + std::to_string(mSize) +
                        " bytes)");
        joined += length + (first ? 0 : 4);
        if (joined > kMaxRecordBytes)
            return fail("split record joins to over " + std::to_string(kMaxRecordBytes) +
                        " bytes (RecordIO's limit)");
        pos += 8 + padded(length);
        if (cflag == 0 || cflag == 3)
            break;
    }
    span = {offset, pos - offset};
    return true;
}

bool RecordFile::read(const RecordSpan &span, std::string &data, std::string &error,
                      size_t limit) const
{
    data.clear();
    uint64_t pos = span.offset;
    const uint64_t end = span.offset + span.length;
    if (span.length > mSize || span.offset > mSize - span.length) {
        error = at(mPath, span.offset) + ": record runs past the end of the file";
        return false;
    }
    while (pos < end && data.size() < limit) {
        char head[8];
        if (end - pos < 8 || !readAt(pos, 8, head, error) || !isMagic(head)) {
            error = at(mPath, span.offset) + ": not the record that was indexed here";
            return false;
        }
        const uint32_t lrec = le32(head + 4);
        const uint32_t cflag = lrec >> 29, length = lrec & kMaxRecordBytes;
        if (padded(length) > end - pos - 8) {
            error = at(mPath, span.offset) + ": not the record that was indexed here";
            return false;
        }
        const size_t take = std::min<size_t>(length, limit - data.size());
        const size_t have = data.size();
        data.resize(have + take);
        if (!readAt(pos + 8, take, data.data() + have, error)) {
            error = at(mPath, span.offset) + ": " + error;
            return false;
        }
        pos += 8 + padded(length);
        if (cflag == 0 || cflag == 3)
            break;
        put32(data, kRecordMagic); // the word the writer split at
    }
    if (data.size() > limit)
        data.resize(limit);
    return true;
}

uint64_t RecordFile::resync(uint64_t from) const
{
    constexpr size_t kChunk = 64 * 1024;
    std::string chunk(kChunk + 8, '\0'), error;
    for (uint64_t base = padded(from); base + 8 <= mSize; base += kChunk) {
        const size_t n = size_t(std::min<uint64_t>(kChunk + 8, mSize - base));
        if (!readAt(base, n, chunk.data(), error))
            return mSize;
        for (size_t i = 0; i + 8 <= n && i < kChunk; i += 4)
            if (isMagic(chunk.data() + i) && (le32(chunk.data() + i + 4) >> 29) <= 1)
                return base + i;
    }
    return mSize;
}

namespace {

/** Reads the record at offset into entry (its span and image header); false with error, and
    brokenAt set to where reading may resume. */
bool readEntry(const RecordFile &file, uint64_t offset, RecordEntry &entry, std::string &error,
               uint64_t &brokenAt)
{
    brokenAt = offset;
    if (!file.span(offset, entry.span, error, &brokenAt))
        return false;
    brokenAt = offset + entry.span.length; // the record is whole: skipped whole
    // The header and its labels: 24 bytes, then 4 per label (flag read first, and checked
    // against the record's size before it sizes a read).
    std::string data;
    std::string_view image;
    if (!file.read(entry.span, data, error, kHeaderBytes))
        return false;
    const uint64_t flag = data.size() >= 4 ? le32(data.data()) : 0;
    if (flag > 0 &&
        (entry.span.length < kHeaderBytes || flag > (entry.span.length - kHeaderBytes) / 4)) {
        error = at(file.path(), offset) + ": image record header says " + std::to_string(flag) +
                " labels follow, more than the record's " + std::to_string(entry.span.length) +
                " bytes hold";
        return false;
    }
    if (flag > 0 && !file.read(entry.span, data, error, kHeaderBytes + 4 * size_t(flag)))
        return false;
    if (!unpackImageRecord(data, entry.header, image, error)) {
        error = at(file.path(), offset) + ": " + error;
        return false;
    }
    return true;
}

} // namespace

namespace {

void skip(RecordScan &scan, size_t &unlisted, const std::string &where, const std::string &why)
{
    if (scan.skipped.size() < kMaxSkippedListed)
        scan.skipped.push_back({where, why});
    else
        ++unlisted;
}

void countUnlisted(RecordScan &scan, size_t unlisted, const std::string &file)
{
    if (unlisted > 0)
        scan.skipped.push_back(
            {file + "#", "and " + std::to_string(unlisted) + " more damaged records (not listed)"});
}

} // namespace

RecordScan scanRecords(const RecordFile &file, const StopFlag *stop)
{
    RecordScan scan;
    size_t unlisted = 0;
    uint64_t pos = 0;
    while (pos < file.size() && !stopRequested(stop)) {
        RecordEntry entry;
        std::string error;
        if (file.size() - pos < 8) {
            skip(scan, unlisted, at(file.path(), pos), "trailing bytes after the last record");
            break;
        }
        uint64_t brokenAt = pos;
        if (!readEntry(file, pos, entry, error, brokenAt)) {
            skip(scan, unlisted, at(file.path(), pos), error);
            // No record starts before where this one's chain broke: resume from there, so
            // every byte is walked about once whatever the damage.
            pos = file.resync(std::max(pos + 4, brokenAt));
            continue;
        }
        scan.multiLabel += entry.header.labels.size() > 1;
        pos += entry.span.length;
        scan.records.push_back(std::move(entry));
    }
    countUnlisted(scan, unlisted, file.path());
    return scan;
}

std::vector<uint64_t> parseRecordIndex(std::istream &in, const std::string &file)
{
    std::vector<uint64_t> offsets;
    std::string line;
    for (size_t lineNo = 1; std::getline(in, line); ++lineNo) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.empty())
            continue;
        const auto tab = line.find_first_of("\t ");
        const std::string offset =
            tab == std::string::npos ? std::string() : line.substr(line.find_last_of("\t ") + 1);
        if (tab == 0 || offset.empty() || offset.size() > 19 ||
            !std::all_of(offset.begin(), offset.end(),
                         [](unsigned char c) { return std::isdigit(c); }))
            throw std::runtime_error(file + ":" + std::to_string(lineNo) +
                                     ": not an index line (KEY<TAB>OFFSET)");
        offsets.push_back(std::stoull(offset));
    }
    std::sort(offsets.begin(), offsets.end());
    offsets.erase(std::unique(offsets.begin(), offsets.end()), offsets.end());
    return offsets;
}

RecordScan scanRecordFile(const std::string &recPath, const std::string &idxPath,
                          const StopFlag *stop)
{
    const RecordFile file(recPath);
    if (idxPath.empty())
        return scanRecords(file, stop);
    std::ifstream in(idxPath);
    if (!in)
        throw std::runtime_error(idxPath + ": cannot open index");
    RecordScan scan;
    size_t unlisted = 0;
    uint64_t walked = 0; // offsets are sorted: one inside what was walked starts no record
    for (uint64_t offset : parseRecordIndex(in, idxPath)) {
        if (stopRequested(stop))
            break;
        if (offset < walked) {
            skip(scan, unlisted, at(recPath, offset),
                 "inside the record or damage before it (offset from " + idxPath + ")");
            continue;
        }
        RecordEntry entry;
        std::string error;
        uint64_t brokenAt = offset;
        const bool ok = readEntry(file, offset, entry, error, brokenAt);
        walked = std::max(offset + 4, brokenAt);
        if (!ok) {
            skip(scan, unlisted, at(recPath, offset), error + " (offset from " + idxPath + ")");
            continue;
        }
        scan.multiLabel += entry.header.labels.size() > 1;
        scan.records.push_back(std::move(entry));
    }
    countUnlisted(scan, unlisted, recPath);
    return scan;
}

struct RecordWriter::Files
{
    std::ofstream rec, idx;
};

namespace {

void commitFile(std::ofstream &out, const std::string &tmp, const std::string &path)
{
    out.flush();
    if (!out)
        throw std::runtime_error(path + ": cannot write");
    out.close();
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
        throw std::runtime_error(path + ": cannot write: " + std::strerror(errno));
}

} // namespace

void writeRecordIndex(const std::string &idxPath, const std::vector<RecordEntry> &records)
{
    const std::string tmp = idxPath + ".tmp";
    std::ofstream out(tmp, std::ios::trunc);
    if (!out)
        throw std::runtime_error(idxPath + ": cannot write");
    for (const auto &r : records)
        out << r.header.id << '\t' << r.span.offset << '\n';
    commitFile(out, tmp, idxPath);
}

RecordWriter::RecordWriter(const std::string &recPath, const std::string &idxPath)
    : mRecPath(recPath), mIdxPath(idxPath), mFiles(std::make_unique<Files>())
{
    mFiles->rec.open(recPath + ".tmp", std::ios::binary | std::ios::trunc);
    mFiles->idx.open(idxPath + ".tmp", std::ios::trunc);
    if (!mFiles->rec || !mFiles->idx) {
        mFiles.reset();
        std::remove((recPath + ".tmp").c_str());
        std::remove((idxPath + ".tmp").c_str());
        throw std::runtime_error(recPath + ": cannot write");
    }
}

RecordWriter::~RecordWriter()
{
    if (!mFiles)
        return;
    mFiles.reset(); // closed before they are removed
    std::remove((mRecPath + ".tmp").c_str());
    std::remove((mIdxPath + ".tmp").c_str());
}

uint64_t RecordWriter::write(uint64_t key, std::string_view data)
{
    const std::string bytes = encodeRecord(data);
    const uint64_t offset = mOffset;
    mFiles->rec.write(bytes.data(), std::streamsize(bytes.size()));
    mFiles->idx << key << '\t' << offset << '\n';
    if (!mFiles->rec || !mFiles->idx)
        throw std::runtime_error(mRecPath + ": cannot write");
    mOffset += bytes.size();
    return offset;
}

void RecordWriter::commit()
{
    commitFile(mFiles->rec, mRecPath + ".tmp", mRecPath);
    commitFile(mFiles->idx, mIdxPath + ".tmp", mIdxPath);
    mFiles.reset();
}

std::string recordLocator(const std::string &recPath, const RecordSpan &span)
{
    return recPath + "#" + std::to_string(span.offset) + "+" + std::to_string(span.length);
}

bool parseRecordLocator(const std::string &path, std::string &recPath, RecordSpan &span)
{
    const auto hash = path.rfind('#');
    if (hash == std::string::npos || hash == 0)
        return false;
    const auto plus = path.find('+', hash);
    auto number = [&](size_t from, size_t to, uint64_t &out) {
        if (to <= from || to - from > 19)
            return false;
        for (size_t i = from; i < to; ++i)
            if (!std::isdigit(static_cast<unsigned char>(path[i])))
                return false;
        out = std::stoull(path.substr(from, to - from));
        return true;
    };
    if (plus == std::string::npos || !number(hash + 1, plus, span.offset) ||
        !number(plus + 1, path.size(), span.length))
        return false;
    recPath = path.substr(0, hash);
    return true;
}

bool readRecordImage(const std::string &locator, std::string &bytes, std::string &error,
                     int64_t maxBytes)
{
    std::string recPath;
    RecordSpan wanted, found;
    if (!parseRecordLocator(locator, recPath, wanted)) {
        error = "not a record locator";
        return false;
    }
    if (wanted.length > uint64_t(maxBytes) + 64) {
        error = "record too large (" + std::to_string(wanted.length) + " bytes)";
        return false;
    }
    try {
        const RecordFile file(recPath);
        if (!file.span(wanted.offset, found, error))
            return false;
        if (found.length != wanted.length) {
            error = at(recPath, wanted.offset) +
                    ": the record there is not the one indexed (the file changed?)";
            return false;
        }
        std::string data;
        std::string_view image;
        RecordHeader header;
        if (!file.read(found, data, error))
            return false;
        if (!unpackImageRecord(data, header, image, error)) {
            error = at(recPath, wanted.offset) + ": " + error;
            return false;
        }
        const size_t headerBytes = data.size() - image.size();
        data.erase(0, headerBytes);
        bytes = std::move(data);
        return true;
    } catch (const std::runtime_error &e) {
        error = e.what();
        return false;
    }
}

} // namespace photocat::core
