// MXNet RecordIO: .rec files (walked, and each record read back through its locator), .idx
// indexes and im2rec .lst lists.
#include "data/im2rec.h"
#include "data/imageprobe.h"
#include "fuzztarget.h"
#include "io/recordio.h"

#include <sstream>
#include <stdexcept>

PHOTOCAT_FUZZ_TARGET(recordio)
{
    using namespace photocat::core;
    const std::string_view bytes(reinterpret_cast<const char *>(data), size);
    const RecordScan inMemory = scanRecords(RecordFile(bytes, "memory.rec"));

    const photocat::fuzz::InputFile file(data, size);
    try {
        const RecordScan scan = scanRecordFile(file.path());
        if (scan.records.size() != inMemory.records.size())
            __builtin_trap(); // the file and memory readers disagree
        for (size_t i = 0; i < scan.records.size() && i < 64; ++i) {
            std::string image, error;
            if (readRecordImage(recordLocator(file.path(), scan.records[i].span), image, error,
                                kMaxImageFileBytes))
                probeImageData(image);
        }
    } catch (const std::runtime_error &) {
    }

    const std::string text(bytes);
    try {
        std::istringstream in(text);
        parseRecordIndex(in, "data.idx");
    } catch (const std::runtime_error &) {
    }
    try {
        std::istringstream in(text);
        std::vector<SkippedRecord> skipped;
        readImageList(in, "data.lst", skipped);
    } catch (const std::runtime_error &) {
    }
    return 0;
}
