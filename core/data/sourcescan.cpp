#include "data/sourcescan.h"

#include "io/recordio.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <istream>
#include <iterator>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace fs = std::filesystem;

namespace photocat::core {

namespace {

/** Class maps name at most this many classes (ids 0 .. kMaxClasses - 1). */
constexpr size_t kMaxClasses = 100000;

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

std::optional<Split> splitFolder(const std::string &name);

} // namespace

std::optional<Split> splitOfName(const std::string &stem)
{
    const std::string n = lower(stem);
    for (const char *word : {"train", "val", "valid", "validation", "test"}) {
        const std::string w = word;
        if (n.size() >= w.size() && n.compare(n.size() - w.size(), w.size(), w) == 0 &&
            (n.size() == w.size() || std::strchr("_-.", n[n.size() - w.size() - 1])))
            return splitFolder(w);
    }
    return std::nullopt;
}

namespace {

std::optional<Split> splitFolder(const std::string &name)
{
    const std::string n = lower(name);
    if (n == "train")
        return Split::Train;
    if (n == "val" || n == "valid" || n == "validation")
        return Split::Val;
    if (n == "test")
        return Split::Test;
    return std::nullopt;
}

std::string trim(const std::string &s)
{
    const auto b = s.find_first_not_of(" \t\r\n");
    const auto e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

/** Lines longer than this are refused unread: no list, class map or CSV needs them, and
    std::getline would otherwise hold a whole gigabyte-long line in memory. */
constexpr size_t kMaxLineBytes = 64 * 1024;

/** std::getline that keeps at most kMaxLineBytes; for a longer line it stops reading there and
    sets tooLong. */
bool readLine(std::istream &in, std::string &line, bool &tooLong)
{
    line.clear();
    tooLong = false;
    std::streambuf *buf = in.rdbuf();
    bool any = false;
    for (;;) {
        const int c = buf->sbumpc();
        if (c == std::char_traits<char>::eof()) {
            if (!any)
                in.setstate(std::ios::eofbit);
            return any;
        }
        any = true;
        if (c == '\n')
            return true;
        if (line.size() == kMaxLineBytes) {
            tooLong = true;
            return true;
        }
        line += char(c);
    }
}

std::string tooLongMessage()
{
    return "line longer than " + std::to_string(kMaxLineBytes / 1024) + " KB";
}

/** Splits one CSV record (RFC 4180 quoting, no embedded newlines). */
std::vector<std::string> csvFields(const std::string &line)
{
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"')
                fields.back() += '"', ++i;
            else if (c == '"')
                quoted = false;
            else
                fields.back() += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    return fields;
}

Candidate makeCandidate(const fs::path &root, const std::string &file, std::string label,
                        Split split)
{
    fs::path p(file);
    if (p.is_relative())
        p = root / p;
    p = p.lexically_normal();
    return {p.string(), p.lexically_relative(root).string(), std::move(label), split};
}

void addFile(const fs::path &root, const fs::path &path, SourceScan &scan);

/** Walks the tree one folder at a time: a folder that cannot be listed (permissions, a name
    too long, an I/O error) is reported with its own cause and the walk goes on with the rest. */
void scanFolder(const fs::path &root, SourceScan &scan)
{
    std::error_code ec;
    if (fs::directory_iterator(root, ec); ec)
        throw std::runtime_error(root.string() + ": cannot read folder: " + ec.message());
    std::vector<fs::path> folders{root};
    while (!folders.empty()) {
        const fs::path folder = std::move(folders.back());
        folders.pop_back();
        fs::directory_iterator it(folder, ec);
        for (const fs::directory_iterator end; !ec && it != end; it.increment(ec)) {
            const fs::path &path = it->path();
            const bool ignored = isIgnoredName(path.filename().string());
            std::error_code typeError;
            const fs::file_status link = it->symlink_status(typeError);
            if (ignored)
                continue;
            if (typeError) {
                scan.skipped.push_back({path.string(), "cannot read: " + typeError.message()});
                continue;
            }
            if (fs::is_directory(link)) {
                folders.push_back(path);
                continue;
            }
            // Links to files are taken (the probe reports broken ones); links to folders are
            // not followed, as a walk could loop.
            if (fs::is_symlink(link) && fs::is_directory(fs::status(path, typeError)))
                continue;
            if (fs::is_regular_file(link) || fs::is_symlink(link))
                addFile(root, path, scan);
        }
        if (ec) {
            scan.skipped.push_back({folder.string(), "cannot read folder: " + ec.message()});
            ec.clear();
        }
    }
}

void addFile(const fs::path &root, const fs::path &path, SourceScan &scan)
{
    const fs::path rel = path.lexically_relative(root);
    std::vector<std::string> parts;
    for (const auto &part : rel)
        parts.push_back(part.string());
    Split split = Split::None;
    size_t classIndex = 0;
    if (parts.size() >= 3) {
        if (auto s = splitFolder(parts[0])) {
            split = *s;
            classIndex = 1;
            scan.hasSplitFolders = true;
            scan.hasValFolder = scan.hasValFolder || split == Split::Val;
        }
    }
    std::string label = parts.size() >= classIndex + 2 ? parts[classIndex] : std::string();
    scan.candidates.push_back(
        {path.lexically_normal().string(), rel.string(), std::move(label), split});
}

std::vector<std::string> readClassMap(const std::string &file)
{
    if (file.empty())
        return {};
    std::ifstream in(file);
    if (!in)
        throw std::runtime_error(file + ": cannot open class map");
    return parseClassMap(in, file);
}

/** The records of a .rec file as candidates named by their locators. */
void scanRecordSource(const fs::path &source, const ImportOptions &options, SourceScan &scan)
{
    std::error_code ec;
    std::string idx = options.recordIndex;
    const fs::path sibling = fs::path(source).replace_extension(".idx");
    // --write-idx walks the .rec and writes the index it names (or the sibling); without it, a
    // given or sibling index is read.
    const bool walk = idx.empty() ? !fs::is_regular_file(sibling, ec)
                                  : options.writeRecordIndex && !fs::exists(idx, ec);
    if (idx.empty() && !walk)
        idx = sibling.string();
    if (!walk && options.writeRecordIndex)
        throw std::runtime_error(idx + ": the .rec already has an index; it is read, not written");
    RecordScan records = scanRecordFile(source.string(), walk ? std::string() : idx, options.stop);
    if (walk && options.writeRecordIndex && !stopRequested(options.stop)) {
        const std::string out =
            options.recordIndex.empty() ? sibling.string() : options.recordIndex;
        writeRecordIndex(out, records.records);
        scan.notes.push_back("wrote the index " + out + " (" +
                             std::to_string(records.records.size()) + " records)");
    }
    if (records.multiLabel > 0)
        scan.notes.push_back(std::to_string(records.multiLabel) + " of " +
                             std::to_string(records.records.size()) + " records in " +
                             source.string() +
                             " carry several labels; the first is taken as the class");
    scan.skipped = std::move(records.skipped);
    scan.owned = source.string() + "#";

    const auto names = readClassMap(options.classMap);
    const std::optional<Split> split = splitOfName(source.stem().string());
    std::set<size_t> seen;
    for (const auto &r : records.records) {
        const float label = r.header.classLabel();
        const std::string locator = recordLocator(source.string(), r.span);
        if (!(label >= 0 && label < float(kMaxClasses)) || label != std::floor(label)) {
            scan.skipped.push_back(
                {locator, "label " + std::to_string(label) + " is not a class index"});
            continue;
        }
        const auto id = static_cast<size_t>(label);
        seen.insert(id);
        std::string name = id < names.size() && !names[id].empty() ? names[id] : std::to_string(id);
        scan.candidates.push_back({locator,
                                   source.filename().string() + "#" + std::to_string(r.span.offset),
                                   std::move(name), split.value_or(Split::None)});
    }
    // Classes in label order, not in the order records happen to come.
    for (size_t i = 0; i < names.size(); ++i)
        scan.classOrder.push_back(names[i].empty() ? std::to_string(i) : names[i]);
    for (size_t id : seen)
        if (id >= names.size())
            scan.classOrder.push_back(std::to_string(id));
    if (split) {
        scan.hasSplitFolders = true;
        scan.hasValFolder = true; // a _train.rec keeps its records: _val.rec has the rest
    }
}

} // namespace

bool insideRoot(const fs::path &root, const std::string &path)
{
    const fs::path rel = fs::path(path).lexically_relative(root);
    if (rel.empty() || *rel.begin() == "..")
        return false;
    // A record locator (FILE.rec#OFFSET+SIZE, a name that does not exist, as isRecordPath()
    // reads it) is inside when its .rec file is: a link to a .rec elsewhere must not pass.
    std::string file = path;
    RecordSpan span;
    std::error_code ec;
    if (std::string recPath;
        !fs::exists(fs::symlink_status(path, ec)) && parseRecordLocator(path, recPath, span))
        file = recPath;
    const fs::path real = fs::canonical(file, ec);
    if (ec)
        return true; // missing: reported when probed
    const fs::path realRoot = fs::canonical(root, ec);
    const fs::path realRel = real.lexically_relative(ec ? root : realRoot);
    return !realRel.empty() && *realRel.begin() != "..";
}

std::vector<std::string> parseClassMap(std::istream &in, const std::string &file)
{
    std::vector<std::string> names;
    std::string line;
    size_t lineNo = 0, entries = 0;
    for (bool tooLong = false; readLine(in, line, tooLong);) {
        ++lineNo;
        if (tooLong)
            throw std::runtime_error(file + ":" + std::to_string(lineNo) + ": " + tooLongMessage());
        line = trim(line);
        if (line.empty() || line[0] == '#')
            continue;
        ++entries;
        // "3<TAB>Sandal" or "3,Sandal" maps explicitly; a bare name takes the next label.
        const auto sep = line.find_first_of("\t,");
        if (sep != std::string::npos && sep > 0 &&
            std::all_of(line.begin(), line.begin() + long(sep),
                        [](unsigned char c) { return std::isdigit(c); })) {
            // Bounded before anything is allocated: the id sizes the class list.
            if (sep > 6 || std::stoul(line.substr(0, sep)) >= kMaxClasses)
                throw std::runtime_error(file + ":" + std::to_string(lineNo) + ": class id " +
                                         line.substr(0, std::min<size_t>(sep, 24)) +
                                         " is out of range (at most " +
                                         std::to_string(kMaxClasses - 1) + ")");
            const size_t id = std::stoul(line.substr(0, sep));
            // Ids leave gaps for classes the map does not name; a few are normal, a sea of
            // them is not (checked before the list grows: 13 bytes must not make 3M classes).
            if (id + 1 > 2 * entries + 64)
                throw std::runtime_error(file + ":" + std::to_string(lineNo) + ": class id " +
                                         std::to_string(id) + " leaves a gap of unnamed classes (" +
                                         std::to_string(entries) + " named so far)");
            if (names.size() <= id)
                names.resize(id + 1);
            names[id] = trim(line.substr(sep + 1));
        } else {
            names.push_back(line);
        }
        if (names.size() > kMaxClasses)
            throw std::runtime_error(file + ": more than " + std::to_string(kMaxClasses - 1) +
                                     " classes");
    }
    if (names.size() > 2 * entries + 64)
        throw std::runtime_error(file + ": class ids go up to " + std::to_string(names.size() - 1) +
                                 " but the map names only " + std::to_string(entries) + " classes");
    return names;
}

void parseLst(std::istream &in, const std::string &file, const std::vector<std::string> &names,
              SourceScan &scan)
{
    std::set<size_t> unnamed; ///< labels the class map does not name
    const fs::path root(scan.root);
    std::string line;
    bool tooLong = false;
    for (size_t number = 1; readLine(in, line, tooLong); ++number) {
        const std::string where = file + ":" + std::to_string(number);
        if (tooLong) // not a list: stop instead of reading on through a gigabyte
            throw std::runtime_error(where + ": " + tooLongMessage() + ": not a list file");
        if (trim(line).empty())
            continue;
        std::vector<std::string> fields;
        std::stringstream ss(line);
        for (std::string f; std::getline(ss, f, '\t');)
            fields.push_back(f);
        double label = 0;
        try {
            if (fields.size() < 3)
                throw std::invalid_argument("too few fields");
            label = std::stod(fields[1]);
        } catch (const std::exception &) {
            scan.skipped.push_back(
                {where, "malformed .lst line (expected index<TAB>label<TAB>path)"});
            continue;
        }
        // Checked before the conversion: a double past size_t's range does not convert.
        if (!(label >= 0 && label < double(kMaxClasses)) || label != std::floor(label)) {
            scan.skipped.push_back({where, "label " + fields[1] + " is not a class index"});
            continue;
        }
        const auto id = static_cast<size_t>(label);
        if (id >= names.size())
            unnamed.insert(id);
        std::string name = id < names.size() && !names[id].empty() ? names[id] : std::to_string(id);
        scan.candidates.push_back(
            makeCandidate(root, trim(fields.back()), std::move(name), Split::None));
        scan.lines.push_back(where);
    }
    // Classes in label order, as for a .rec: im2rec shuffles its lists, and line order would
    // make label 7 class 0 (and export-rec write it back as 0).
    for (size_t id : unnamed)
        scan.classOrder.push_back(std::to_string(id));
}

void parseCsv(std::istream &in, const std::string &file, SourceScan &scan)
{
    const fs::path root(scan.root);
    std::string line;
    bool tooLong = false;
    for (size_t number = 1; readLine(in, line, tooLong); ++number) {
        const std::string where = file + ":" + std::to_string(number);
        if (tooLong) // not a list: stop instead of reading on through a gigabyte
            throw std::runtime_error(where + ": " + tooLongMessage() + ": not a list file");
        if (trim(line).empty())
            continue;
        auto fields = csvFields(line);
        if (number == 1 && lower(trim(fields[0])) == "path")
            continue; // header
        if (fields.size() < 2 || trim(fields[0]).empty()) {
            scan.skipped.push_back({where, "malformed CSV line (expected path,label[,split])"});
            continue;
        }
        Split split = Split::None;
        if (fields.size() >= 3 && !trim(fields[2]).empty()) {
            auto s = splitFolder(trim(fields[2]));
            if (!s) {
                scan.skipped.push_back({where, "unknown split \"" + fields[2] + "\""});
                continue;
            }
            split = *s;
            scan.hasSplitFolders = true;
            scan.hasValFolder = scan.hasValFolder || split == Split::Val;
        }
        scan.candidates.push_back(makeCandidate(root, trim(fields[0]), trim(fields[1]), split));
        scan.lines.push_back(where);
    }
}

bool isIgnoredName(const std::string &name)
{
    static const char *const kDroppings[] = {"thumbs.db",    "desktop.ini", "__macosx",
                                             "$recycle.bin", "ehthumbs.db", "icon\r"};
    if (name.empty() || name[0] == '.')
        return true;
    const std::string n = lower(name);
    return std::find(std::begin(kDroppings), std::end(kDroppings), n) != std::end(kDroppings);
}

namespace {

/** path absolute and normal, without a trailing separator: "NEW-PHOTOS/" names the same folder
    as "NEW-PHOTOS", and the folder's prefix ("root/") must not become "root//". */
fs::path absoluteNormal(const std::string &path)
{
    std::error_code ec;
    fs::path p = fs::absolute(path, ec).lexically_normal();
    if (!p.has_filename() && p.has_relative_path())
        p = p.parent_path();
    return p;
}

} // namespace

SourceScan scanSource(const ImportOptions &options)
{
    std::error_code ec;
    const fs::path source = absoluteNormal(options.source);
    if (!fs::exists(source, ec))
        throw std::runtime_error(options.source + ": no such file or folder");
    SourceFormat format = options.format;
    if (format == SourceFormat::Auto) {
        const std::string ext = lower(source.extension().string());
        format = fs::is_directory(source) ? SourceFormat::Folder
                 : ext == ".lst"          ? SourceFormat::Lst
                 : ext == ".csv"          ? SourceFormat::Csv
                 : ext == ".rec"          ? SourceFormat::Rec
                                          : SourceFormat::Auto;
        if (format == SourceFormat::Auto)
            throw std::runtime_error(
                options.source +
                ": not a folder, .lst, .csv or .rec file; say which with --format");
    }
    SourceScan scan;
    scan.root = (format == SourceFormat::Folder ? source : source.parent_path()).string();
    if (!options.listRoot.empty() && (format == SourceFormat::Lst || format == SourceFormat::Csv))
        scan.root = absoluteNormal(options.listRoot).string();
    switch (format) {
    case SourceFormat::Folder:
        scanFolder(source, scan);
        // Photos directly in a split folder beside split/<class>/ ones (Kaggle's flat test/
        // next to train/<class>/) are that split's unlabeled photos, not a class "test".
        if (scan.hasSplitFolders)
            for (auto &c : scan.candidates) {
                const fs::path rel(c.relPath);
                if (std::distance(rel.begin(), rel.end()) == 2)
                    if (const auto split = splitFolder(rel.begin()->string())) {
                        c.label.clear();
                        c.split = *split;
                    }
            }
        // Directory order is arbitrary: sort so class ids and reports are reproducible.
        std::sort(scan.candidates.begin(), scan.candidates.end(),
                  [](const Candidate &a, const Candidate &b) { return a.path < b.path; });
        break;
    case SourceFormat::Lst:
    case SourceFormat::Csv: {
        std::ifstream in(source);
        if (!in)
            throw std::runtime_error(source.string() + ": cannot open list file");
        if (format == SourceFormat::Csv) {
            parseCsv(in, source.string(), scan);
        } else {
            const auto names = readClassMap(options.classMap);
            for (size_t i = 0; i < names.size(); ++i)
                scan.classOrder.push_back(names[i].empty() ? std::to_string(i) : names[i]);
            parseLst(in, source.string(), names, scan);
            // im2rec --list writes PREFIX_train.lst, _val.lst and _test.lst: their split, as
            // for a .rec of that name (not split again 80/10/10, test photos into train).
            if (const auto split = splitOfName(source.stem().string())) {
                for (auto &c : scan.candidates)
                    if (c.split == Split::None)
                        c.split = *split;
                scan.hasSplitFolders = scan.hasValFolder = true;
            }
        }
        // A list names files anywhere: only its own folder's are taken unless asked.
        if (!options.allowOutside) {
            std::vector<Candidate> inside;
            for (size_t i = 0; i < scan.candidates.size(); ++i) {
                if (insideRoot(scan.root, scan.candidates[i].path))
                    inside.push_back(std::move(scan.candidates[i]));
                else
                    scan.skipped.push_back(
                        {scan.lines[i], scan.candidates[i].path +
                                            " is outside the list's folder "
                                            "(import --allow-outside takes it)"});
            }
            scan.candidates = std::move(inside);
        }
        scan.lines.clear();
        break;
    }
    case SourceFormat::Rec: scanRecordSource(source, options, scan); break;
    case SourceFormat::Auto: break;
    }
    if (options.split != Split::None) {
        for (auto &c : scan.candidates)
            c.split = options.split;
        scan.hasSplitFolders = scan.hasValFolder = true; // nothing carved out of it
    }
    if (options.unlabeled)
        for (auto &c : scan.candidates) {
            c.label.clear();
            c.split = Split::None;
        }
    return scan;
}

} // namespace photocat::core
