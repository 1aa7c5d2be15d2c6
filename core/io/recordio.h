#pragma once

#include "common/stopflag.h"
#include "store/workspace.h"

#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace photocat::core {

/**
 * MXNet's RecordIO (dmlc-core): each record starts with the magic word kRecordMagic and a
 * length word, cflag (3 bits) << 29 | length (29 bits), then its data padded to 4 bytes. Data
 * holding the magic word at an aligned position is split there into parts (cflag 1 first,
 * 2 middle, 3 last; 0 whole); a reader puts the magic word back between parts. Words are
 * little-endian.
 */
constexpr uint32_t kRecordMagic = 0xced7230a;
/** The most bytes one record's data may have (29 bits). */
constexpr uint32_t kMaxRecordBytes = (uint32_t(1) << 29) - 1;

/** MXNet's image record header (IRHeader: flag u32, label f32, id u64, id2 u64); with
    flag > 0, flag float32 labels follow it and label is unused. Then the encoded image. */
struct RecordHeader
{
    float label = 0;
    uint64_t id = 0;
    uint64_t id2 = 0;
    std::vector<float> labels; ///< a multi-label record's labels (flag = their count)

    /** The record's class: label, or the first of labels. */
    float classLabel() const { return labels.empty() ? label : labels.front(); }
};

/** Where a record lies in a .rec file: its first part's offset and its bytes on disk (all its
    parts with their headers and padding). */
struct RecordSpan
{
    uint64_t offset = 0;
    uint64_t length = 0;
};

/** The bytes of one record holding data, split as dmlc-core's writer splits it. Throws
    std::length_error over kMaxRecordBytes. */
std::string encodeRecord(std::string_view data);

/** An image record's data: the header, its labels, then the image bytes. */
std::string packImageRecord(const RecordHeader &header, std::string_view image);

/** Splits an image record's data into its header and image bytes; false with error when the
    header is cut short or claims more labels than the record holds. */
bool unpackImageRecord(std::string_view data, RecordHeader &header, std::string_view &image,
                       std::string &error);

/**
 * A .rec file (or its bytes in memory) read by offset with pread(): nothing is read that a
 * record's headers do not justify, never past the end, and no buffer is larger than the
 * record being read. Thread-safe.
 */
class RecordFile
{
public:
    /** Opens path as a regular file (see openRegularFile()); throws std::runtime_error. */
    explicit RecordFile(const std::string &path);
    /** Reads records from bytes that outlive this object (fuzzing, tests). */
    explicit RecordFile(std::string_view bytes, std::string name = "memory");
    ~RecordFile();
    RecordFile(const RecordFile &) = delete;
    RecordFile &operator=(const RecordFile &) = delete;

    const std::string &path() const { return mPath; }
    uint64_t size() const { return mSize; }

    /** The span of the record whose first part starts at offset, from its parts' headers;
        false with error (naming the offset) when no whole record starts there, and brokenAt
        (when given) set to where the record's chain of parts broke: no record starts between
        offset and there. A record's joined data over kMaxRecordBytes is refused. */
    bool span(uint64_t offset, RecordSpan &span, std::string &error,
              uint64_t *brokenAt = nullptr) const;
    /** Reads a record found by span() and joins its parts: its data, or only the first limit
        bytes of it. */
    bool read(const RecordSpan &span, std::string &data, std::string &error,
              size_t limit = SIZE_MAX) const;
    /** The first offset at or after from (rounded up to 4) where a record's first part
        starts, or size(): where reading resumes after a damaged record. */
    uint64_t resync(uint64_t from) const;

private:
    bool readAt(uint64_t offset, size_t n, char *out, std::string &error) const;

    std::string mPath;
    int mFd = -1;
    std::string_view mMemory;
    uint64_t mSize = 0;
};

struct RecordEntry
{
    RecordSpan span;
    RecordHeader header;
};

/** How many damaged records a scan names one by one. */
constexpr size_t kMaxSkippedListed = 1000;

struct RecordScan
{
    std::vector<RecordEntry> records;
    /** Records that could not be read, each named "FILE#OFFSET" with the reason; after
        kMaxSkippedListed of them, one more entry counts the rest. */
    std::vector<SkippedRecord> skipped;
    size_t multiLabel = 0; ///< records with several labels
};

/**
 * Lists the image records of a .rec file: at the offsets of an .idx file when idxPath is
 * given, else by walking the file once from the start. Reads headers only (8 bytes per part
 * and each record's image header). A damaged record is reported in skipped and the walk resumes
 * at the next record start. Throws std::runtime_error when the files cannot be opened or the
 * .idx is not an index.
 */
RecordScan scanRecordFile(const std::string &recPath, const std::string &idxPath = {},
                          const StopFlag *stop = nullptr);
/** scanRecordFile() of an opened file, without an index (fuzz targets read from memory). */
RecordScan scanRecords(const RecordFile &file, const StopFlag *stop = nullptr);

/** Parses an MXNet .idx ("KEY<TAB>OFFSET" per line): the offsets, sorted, each once. A line
    that is not "KEY<TAB>OFFSET" throws std::runtime_error naming file:line. */
std::vector<uint64_t> parseRecordIndex(std::istream &in, const std::string &file);

/** Writes the .idx of scanned records (each record's id, then its offset). Throws. */
void writeRecordIndex(const std::string &idxPath, const std::vector<RecordEntry> &records);

/**
 * Writes a .rec and its .idx as MXNet's MXIndexedRecordIO does ("KEY<TAB>OFFSET" lines). The
 * files are written under temporary names and appear on commit(); a writer destroyed without
 * commit() removes them. Throws std::runtime_error when a file cannot be written.
 */
class RecordWriter
{
public:
    RecordWriter(const std::string &recPath, const std::string &idxPath);
    ~RecordWriter();
    RecordWriter(const RecordWriter &) = delete;
    RecordWriter &operator=(const RecordWriter &) = delete;

    /** Appends one record; returns its offset. */
    uint64_t write(uint64_t key, std::string_view data);
    void commit();

private:
    std::string mRecPath, mIdxPath;
    struct Files;
    std::unique_ptr<Files> mFiles; ///< null once committed
    uint64_t mOffset = 0;
};

/** A workspace image that is a record of a .rec file: "FILE#OFFSET+LENGTH". */
std::string recordLocator(const std::string &recPath, const RecordSpan &span);
/** Splits a record locator; false for anything else (a plain file path). */
bool parseRecordLocator(const std::string &path, std::string &recPath, RecordSpan &span);

/** Reads the image bytes of the record a locator names, checking that a whole record of
    exactly that span is there; false with error when not, or when it holds over maxBytes. */
bool readRecordImage(const std::string &locator, std::string &bytes, std::string &error,
                     int64_t maxBytes);

} // namespace photocat::core
