// path,label[,split] CSV lists (RFC 4180 quoting).
#include "data/sourcescan.h"
#include "fuzztarget.h"

#include <sstream>

PHOTOCAT_FUZZ_TARGET(csv)
{
    photocat::core::SourceScan scan;
    scan.root = "/data";
    std::istringstream in(std::string(reinterpret_cast<const char *>(data), size));
    try {
        photocat::core::parseCsv(in, "data.csv", scan);
    } catch (const std::runtime_error &) {
    }
    return 0;
}
