// MXNet .lst lines and class maps (LABEL<TAB>NAME or one name per line).
#include "data/sourcescan.h"
#include "fuzztarget.h"

#include <sstream>

PHOTOCAT_FUZZ_TARGET(lst)
{
    const std::string text(reinterpret_cast<const char *>(data), size);
    using namespace photocat::core;
    std::vector<std::string> names;
    try {
        std::istringstream map(text);
        names = parseClassMap(map, "classes.txt");
    } catch (const std::runtime_error &) {
    }
    try {
        SourceScan scan;
        scan.root = "/data";
        std::istringstream list(text);
        parseLst(list, "data.lst", names, scan);
    } catch (const std::runtime_error &) {
    }
    return 0;
}
