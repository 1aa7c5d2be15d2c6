#include "io/weightreaders.h"

#include "io/pickle.h"

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

namespace fs = std::filesystem;

namespace photocat::core::weightio {

const DtypeName kDtypes[] = {
    {"torch.FloatStorage", "F32", "float32", torch::kFloat},
    {"torch.DoubleStorage", "F64", "float64", torch::kDouble},
    {"torch.HalfStorage", "F16", "float16", torch::kHalf},
    {"torch.BFloat16Storage", "BF16", "bfloat16", torch::kBFloat16},
    {"torch.LongStorage", "I64", "int64", torch::kLong},
    {"torch.IntStorage", "I32", "int32", torch::kInt},
    {"torch.ShortStorage", "I16", "int16", torch::kShort},
    {"torch.CharStorage", "I8", "int8", torch::kChar},
    {"torch.ByteStorage", "U8", "uint8", torch::kByte},
    {"torch.BoolStorage", "BOOL", "bool", torch::kBool},
};

const DtypeName *dtypeOf(torch::ScalarType t)
{
    for (const auto &d : kDtypes)
        if (d.type == t)
            return &d;
    return nullptr;
}

std::string shapeText(const std::vector<int64_t> &shape)
{
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

/** Elements of a shape; throws when negative or past 2^40 (no real weight is that big). */
int64_t elements(const std::vector<int64_t> &shape, const std::string &what)
{
    int64_t n = 1;
    for (int64_t d : shape) {
        if (d < 0 || (d > 0 && n > (int64_t(1) << 40) / d))
            throw std::runtime_error(what + " has an impossible shape " + shapeText(shape));
        n *= d;
    }
    return n;
}

std::string sniff(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error(path + ": cannot open");
    char head[16] = {};
    in.read(head, sizeof head);
    const auto got = in.gcount();
    if (got >= 4 && std::memcmp(head, "PK\x03\x04", 4) == 0)
        return "zip";
    // A safetensors header length may start 0x80 0x0N too; a legacy file has 0xf9 (its magic
    // number's) at byte 8, never '{'.
    if (got >= 9 && head[8] == '{')
        return "safetensors";
    if (got >= 2 && uint8_t(head[0]) == 0x80 && uint8_t(head[1]) <= 5)
        return "pth (legacy)";
    return "";
}

namespace {

using pickle::Value;
using pickle::ValuePtr;

constexpr uint64_t kMaxPickleBytes = 16ull << 20; // real state_dict pickles are KB to a few MB
constexpr uint64_t kMaxSafetensorsHeader = 100ull << 20;

/** A read-only memory map of a whole file. */
class MappedFile
{
public:
    explicit MappedFile(const std::string &path)
    {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            throw std::runtime_error(path + ": cannot open: " + std::strerror(errno));
        struct stat st
        {};
        if (::fstat(fd, &st) == 0 && st.st_size > 0) {
            mSize = size_t(st.st_size);
            void *p = ::mmap(nullptr, mSize, PROT_READ, MAP_PRIVATE, fd, 0);
            mData = p == MAP_FAILED ? nullptr : static_cast<const char *>(p);
        }
        ::close(fd);
        if (!mData && mSize)
            throw std::runtime_error(path + ": cannot map the file");
    }
    ~MappedFile()
    {
        if (mData)
            ::munmap(const_cast<char *>(mData), mSize);
    }
    MappedFile(const MappedFile &) = delete;
    MappedFile &operator=(const MappedFile &) = delete;
    std::string_view view() const { return {mData, mSize}; }

private:
    const char *mData = nullptr;
    size_t mSize = 0;
};

/** A tensor as a torch.save pickle describes it, before its storage is read. */
struct TensorRef
{
    std::string name;
    std::string storageKey;
    torch::ScalarType dtype = torch::kFloat;
    int64_t storageNumel = 0;
    int64_t offset = 0;
    std::vector<int64_t> size, stride;
};

std::vector<int64_t> intTuple(const ValuePtr &v, const std::string &what)
{
    if (!v || v->kind != Value::Kind::Tuple)
        throw std::runtime_error(what + ": expected a tuple of sizes");
    std::vector<int64_t> out;
    for (const auto &i : v->items) {
        if (i->kind != Value::Kind::Int || i->bigInteger)
            throw std::runtime_error(what + ": expected integer sizes");
        out.push_back(i->integer);
    }
    return out;
}

bool isTensor(const ValuePtr &v)
{
    if (!v || v->kind != Value::Kind::Object || !v->callable)
        return false;
    const auto &c = *v->callable;
    return c.isGlobal("torch._utils._rebuild_tensor_v2") ||
           c.isGlobal("torch._utils._rebuild_tensor") ||
           c.isGlobal("torch._utils._rebuild_parameter") ||
           c.isGlobal("torch._utils._rebuild_parameter_with_state");
}

TensorRef tensorRef(const std::string &name, ValuePtr v)
{
    const std::string what = "tensor " + name;
    // Parameters wrap a tensor: _rebuild_parameter(data, requires_grad, hooks).
    if (v->callable->isGlobal("torch._utils._rebuild_parameter") ||
        v->callable->isGlobal("torch._utils._rebuild_parameter_with_state")) {
        if (v->args->items.empty() || !isTensor(v->args->items[0]) ||
            v->args->items[0]->callable->text.find("parameter") != std::string::npos)
            throw std::runtime_error(what + ": malformed parameter");
        v = v->args->items[0];
    }
    const auto &args = v->args->items;
    if (args.size() < 4 || !args[0]->persistentId)
        throw std::runtime_error(what + ": malformed tensor record");
    const auto &id = args[0]->persistentId->items;
    if (args[0]->persistentId->kind != Value::Kind::Tuple || id.size() < 5 ||
        id[0]->text != "storage" || id[1]->kind != Value::Kind::Global ||
        id[2]->kind != Value::Kind::String || id[4]->kind != Value::Kind::Int)
        throw std::runtime_error(what + ": malformed storage reference");
    if (id.size() > 5 && id[5]->kind != Value::Kind::None)
        throw std::runtime_error(what + ": storage views of the pre-0.4 format are not supported");
    TensorRef t;
    t.name = name;
    t.storageKey = id[2]->text;
    t.storageNumel = id[4]->integer;
    const DtypeName *d = nullptr;
    for (const auto &k : kDtypes)
        if (id[1]->text == k.storage)
            d = &k;
    if (!d)
        throw std::runtime_error(what + ": unsupported storage type " + id[1]->text);
    t.dtype = d->type;
    if (args[1]->kind != Value::Kind::Int)
        throw std::runtime_error(what + ": malformed storage offset");
    t.offset = args[1]->integer;
    t.size = intTuple(args[2], what);
    t.stride = intTuple(args[3], what);
    if (t.size.size() != t.stride.size() || t.offset < 0 || t.storageNumel < 0)
        throw std::runtime_error(what + ": inconsistent sizes and strides");
    // The last element the view touches must lie inside the storage; every step is checked
    // for overflow, since the numbers come from the file.
    if (t.offset > t.storageNumel)
        throw std::runtime_error(what + " starts past its storage");
    const bool empty = elements(t.size, what) == 0;
    int64_t last = t.offset;
    for (size_t i = 0; i < t.size.size() && !empty; ++i) {
        int64_t step = 0;
        if (t.stride[i] < 0 || __builtin_mul_overflow(t.size[i] - 1, t.stride[i], &step) ||
            __builtin_add_overflow(last, step, &last))
            throw std::runtime_error(what + ": impossible stride");
    }
    if (!empty && last >= t.storageNumel)
        throw std::runtime_error(what + " reaches past its storage");
    return t;
}

/** The string-keyed tensors of a dict, "prefix" removed from the names (others skipped). */
std::vector<TensorRef> refsOf(const ValuePtr &dict, const std::string &prefix = "")
{
    std::vector<TensorRef> out;
    for (size_t i = 0; i + 1 < dict->items.size(); i += 2) {
        const auto &key = dict->items[i];
        const auto &value = dict->items[i + 1];
        if (key->kind == Value::Kind::String && key->text.compare(0, prefix.size(), prefix) == 0 &&
            isTensor(value))
            out.push_back(tensorRef(key->text.substr(prefix.size()), value));
    }
    return out;
}

/** The dict of tensors in an unpickled object: the object itself, or its "state_dict" /
    "model" entry as training scripts save them. */
std::vector<TensorRef> tensorRefs(const ValuePtr &root)
{
    if (!root || root->kind != Value::Kind::Dict) {
        if (root && root->kind == Value::Kind::Object && root->callable)
            throw std::runtime_error("holds a pickled Python object (" + root->callable->text +
                                     "), not a state_dict; save model.state_dict() instead");
        throw std::runtime_error("holds no dict of tensors");
    }
    for (const char *wrapper : {"state_dict", "model", "model_state_dict", "state_dict_ema"}) {
        const ValuePtr inner = root->get(wrapper);
        if (inner && inner->kind == Value::Kind::Dict)
            return tensorRefs(inner);
    }
    auto out = refsOf(root);
    if (out.empty())
        throw std::runtime_error("holds no tensors");
    return out;
}

/** Makes the tensors of refs from their storages, bounded by what the storages really hold:
    a view may not have more elements than its storage, and all tensors together at most
    twice the storages' bytes (tied weights share a storage; overlapping or zero-stride views
    of a small storage would otherwise make gigabytes). */
std::vector<NamedTensor> materializeAll(const std::vector<TensorRef> &refs,
                                        const std::map<std::string, torch::Tensor> &storages)
{
    uint64_t stored = 0, made = 0;
    for (const auto &[key, storage] : storages)
        stored += uint64_t(storage.nbytes());
    for (const auto &r : refs) {
        const uint64_t n = uint64_t(elements(r.size, "tensor " + r.name));
        if (n > uint64_t(r.storageNumel))
            throw std::runtime_error("tensor " + r.name + " views " + std::to_string(n) +
                                     " elements of a storage of " + std::to_string(r.storageNumel));
        made += n * c10::elementSize(r.dtype);
        if (made > 2 * stored + (1u << 16))
            throw std::runtime_error("tensors overlap: together they would take " +
                                     std::to_string(made) + " bytes from " +
                                     std::to_string(stored) + " bytes of storage");
    }
    std::vector<NamedTensor> out;
    for (const auto &r : refs) {
        const auto it = storages.find(r.storageKey);
        if (it == storages.end() || it->second.numel() != r.storageNumel ||
            it->second.scalar_type() != r.dtype)
            throw std::runtime_error("tensor " + r.name +
                                     ": its storage is missing or of another type or size");
        out.push_back({r.name, it->second.as_strided(r.size, r.stride, r.offset).clone()});
    }
    return out;
}

/** Reads one zip entry, refusing sizes the file cannot hold. */
class Zip
{
public:
    explicit Zip(const std::string &path) : mPath(path)
    {
        int error = 0;
        mZip = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &error);
        if (!mZip) {
            zip_error_t e;
            zip_error_init_with_code(&e, error);
            const std::string message = zip_error_strerror(&e);
            zip_error_fini(&e);
            throw std::runtime_error("damaged zip archive: " + message);
        }
        mFileSize = fs::file_size(path);
    }
    ~Zip() { zip_discard(mZip); }
    Zip(const Zip &) = delete;
    Zip &operator=(const Zip &) = delete;

    /** The folder prefix torch.save puts before data.pkl ("archive/", "resnet18/"). */
    std::string prefix() const
    {
        const zip_int64_t n = zip_get_num_entries(mZip, 0);
        for (zip_int64_t i = 0; i < n; ++i) {
            const std::string name = zip_get_name(mZip, zip_uint64_t(i), 0);
            const size_t slash = name.find('/');
            if (slash != std::string::npos && name.substr(slash + 1) == "data.pkl")
                return name.substr(0, slash + 1);
            if (name == "data.pkl")
                return "";
        }
        throw std::runtime_error("zip archive without data.pkl: not a torch.save file");
    }
    bool has(const std::string &name) const { return zip_name_locate(mZip, name.c_str(), 0) >= 0; }

    uint64_t size(const std::string &name) const { return stat(name).size; }

    /** The size of an entry about to be read whole: compressed entries together may inflate
        to at most 8 times the file plus 64 MB (weights barely compress; a zip bomb does), and
        stored ones together may not claim more bytes than the file has (libzip does not
        refuse entries that overlap: a thousand of them over one block would otherwise each
        be allocated in full). */
    uint64_t claim(const std::string &name)
    {
        const zip_stat_t st = stat(name);
        if (st.comp_method == ZIP_CM_STORE) {
            mStored += st.size;
            if (mStored > mFileSize)
                throw std::runtime_error(name + ": the archive's stored entries claim " +
                                         std::to_string(mStored) + " bytes of a " +
                                         std::to_string(mFileSize) +
                                         "-byte file (overlapping entries: damaged or crafted)");
        } else {
            mInflated += st.size;
            if (mInflated > 8 * mFileSize + (64ull << 20))
                throw std::runtime_error(name + " inflates to " + std::to_string(st.size) +
                                         " bytes from " + std::to_string(st.comp_size) +
                                         ": more than a weight file holds (a zip bomb?)");
        }
        return st.size;
    }

    void read(const std::string &name, void *out, uint64_t expected) const
    {
        const zip_stat_t st = stat(name);
        if (st.size != expected)
            throw std::runtime_error(name + " holds " + std::to_string(st.size) +
                                     " bytes, expected " + std::to_string(expected));
        zip_file_t *f = zip_fopen(mZip, name.c_str(), 0);
        if (!f)
            throw std::runtime_error(name + ": " + zip_strerror(mZip));
        const zip_int64_t got = zip_fread(f, out, expected);
        const bool ok = got == zip_int64_t(expected);
        const std::string error = ok ? "" : zip_file_strerror(f);
        zip_fclose(f);
        if (!ok)
            throw std::runtime_error(name + ": truncated or damaged (" + error + ")");
    }

    std::string readAll(const std::string &name, uint64_t limit)
    {
        const uint64_t n = claim(name);
        if (n > limit)
            throw std::runtime_error(name + " is implausibly large (" + std::to_string(n) +
                                     " bytes)");
        std::string s(size_t(n), '\0');
        read(name, s.data(), n);
        return s;
    }

private:
    zip_stat_t stat(const std::string &name) const
    {
        zip_stat_t st;
        if (zip_stat(mZip, name.c_str(), 0, &st) != 0)
            throw std::runtime_error(name + " is missing from the archive");
        // Stored entries must fit in the file; compressed ones cannot inflate past deflate's
        // 1032:1 limit. Either way nothing is allocated for sizes the file cannot back.
        const bool stored = st.comp_method == ZIP_CM_STORE;
        if ((stored && (st.comp_size != st.size || st.size > mFileSize)) ||
            (!stored && st.size > 1032 * std::max<uint64_t>(1, st.comp_size)))
            throw std::runtime_error(name + " declares an impossible size");
        return st;
    }

    std::string mPath;
    zip_t *mZip = nullptr;
    uint64_t mFileSize = 0;
    uint64_t mInflated = 0;
    uint64_t mStored = 0;
};

/** Reads the storages refs name from the archive's data/ records, once each. */
std::map<std::string, torch::Tensor> readStorages(Zip &zip, const std::string &prefix,
                                                  const std::vector<TensorRef> &refs)
{
    std::map<std::string, torch::Tensor> storages;
    for (const auto &r : refs) {
        if (storages.count(r.storageKey))
            continue;
        const std::string record = prefix + "data/" + r.storageKey;
        const uint64_t size = zip.claim(record);
        const uint64_t element = c10::elementSize(r.dtype);
        // Compared by division first: the element count comes from the file.
        if (uint64_t(r.storageNumel) != size / element || size % element != 0)
            throw std::runtime_error("tensor " + r.name + ": storage " + record + " holds " +
                                     std::to_string(size) + " bytes, not " +
                                     std::to_string(r.storageNumel) + " elements of " +
                                     std::to_string(element) + " bytes");
        torch::Tensor s = torch::empty({r.storageNumel}, torch::TensorOptions(r.dtype));
        zip.read(record, s.data_ptr(), size);
        storages.emplace(r.storageKey, s);
    }
    return storages;
}

std::vector<WeightFileInfo::Entry> entriesOf(const std::vector<TensorRef> &refs)
{
    std::vector<WeightFileInfo::Entry> out;
    for (const auto &r : refs)
        out.push_back({r.name, r.size, dtypeOf(r.dtype)->name});
    return out;
}

} // namespace

ZipContents readZip(const std::string &path, bool withData)
{
    Zip zip(path);
    const std::string prefix = zip.prefix();
    const bool torchScript = zip.has(prefix + "constants.pkl") || zip.has(prefix + "code/") ||
                             zip.has(prefix + "code/__torch__.py");
    const std::string data = zip.readAll(prefix + "data.pkl", kMaxPickleBytes);
    size_t offset = 0;
    const ValuePtr root = pickle::parse(data, offset);
    ZipContents out;
    std::vector<TensorRef> refs, optimizer;
    ValuePtr records; // a checkpoint's top-level dict
    if (torchScript) {
        // photocat's checkpoints before version 2: a module object whose attributes hold
        // "meta", "model.*" tensors, "rng" and the optimizer. Read as data, never run.
        const bool v1 = root->kind == Value::Kind::Object && root->callable &&
                        root->callable->kind == Value::Kind::Global &&
                        root->callable->text.rfind("__torch__.", 0) == 0 && root->state &&
                        root->state->get("meta") &&
                        root->state->get("meta")->kind == Value::Kind::String;
        if (!v1)
            throw std::runtime_error(
                "is a TorchScript archive: loading one would run code from the file, which "
                "photocat never does; save model.state_dict() with torch.save instead");
        out.checkpointVersion = 1;
        records = root->state;
        refs = refsOf(records, "model.");
    } else if (root->kind == Value::Kind::Dict && root->get("photocat") && root->get("meta")) {
        const ValuePtr version = root->get("photocat");
        if (version->kind != Value::Kind::Int || version->integer != 2)
            throw std::runtime_error("is a photocat checkpoint of an unknown version: written "
                                     "by a newer photocat?");
        out.checkpointVersion = 2;
        records = root;
        const ValuePtr model = root->get("model"), opt = root->get("optimizer");
        if (!model || model->kind != Value::Kind::Dict)
            throw std::runtime_error("damaged photocat checkpoint: no model record");
        refs = refsOf(model);
        if (opt && opt->kind == Value::Kind::Dict)
            optimizer = refsOf(opt);
    } else {
        refs = tensorRefs(root);
    }
    if (records) {
        const ValuePtr meta = records->get("meta");
        if (!meta || meta->kind != Value::Kind::String)
            throw std::runtime_error("damaged photocat checkpoint: no meta record");
        out.meta = meta->text;
        if (const ValuePtr rng = records->get("rng"); rng && isTensor(rng))
            refs.push_back(tensorRef("\x01rng", rng));
    }
    out.entries = entriesOf(refs);
    if (!out.entries.empty() && out.entries.back().name == "\x01rng")
        out.entries.pop_back();
    if (!withData)
        return out;
    std::vector<TensorRef> all = refs;
    all.insert(all.end(), optimizer.begin(), optimizer.end());
    const auto storages = readStorages(zip, prefix, all);
    auto tensors = materializeAll(all, storages);
    out.optimizer.assign(tensors.begin() + long(refs.size()), tensors.end());
    tensors.resize(refs.size());
    if (!tensors.empty() && tensors.back().name == "\x01rng") {
        out.rng = tensors.back().value;
        tensors.pop_back();
    }
    out.tensors = std::move(tensors);
    return out;
}

namespace {

/** The element size of every storage value refers to, by key, whatever holds it: a legacy file
    stores all of them in one sequence, each sized in elements, a training checkpoint's
    optimizer state among them. (The parser refuses cycles and deep nesting.) */
void storageElementSizes(const Value *value, std::map<std::string, size_t> &out,
                         std::set<const Value *> &seen)
{
    if (!value || !seen.insert(value).second)
        return;
    if (const Value *id = value->persistentId.get()) {
        const auto &items = id->items;
        if (id->kind == Value::Kind::Tuple && items.size() >= 3 && items[0]->text == "storage" &&
            items[1]->kind == Value::Kind::Global && items[2]->kind == Value::Kind::String)
            for (const auto &k : kDtypes)
                if (items[1]->text == k.storage)
                    out.emplace(items[2]->text, c10::elementSize(k.type));
    }
    for (const auto &item : value->items)
        storageElementSizes(item.get(), out, seen);
    for (const Value *p :
         {value->callable.get(), value->args.get(), value->state.get(), value->persistentId.get()})
        storageElementSizes(p, out, seen);
}

/** Pre-1.6 torch.save: magic, protocol and system-info pickles, the object pickle, the list of
    storage keys, then each storage as an int64 element count and its raw bytes. */
std::vector<NamedTensor> readLegacyPth(const std::string &path, std::vector<TensorRef> *refsOut)
{
    MappedFile file(path);
    const std::string_view data = file.view();
    size_t offset = 0;
    const ValuePtr magic = pickle::parse(data, offset);
    const std::string kMagic("\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19",
                             10); // 0x1950a86a20f9469cfc6c
    if (magic->kind != Value::Kind::Int || !magic->bigInteger || magic->text != kMagic)
        throw std::runtime_error("not a torch.save file (no magic number)");
    const ValuePtr protocol = pickle::parse(data, offset);
    if (protocol->kind != Value::Kind::Int || protocol->integer != 1001)
        throw std::runtime_error("unsupported legacy protocol version");
    const ValuePtr info = pickle::parse(data, offset);
    const ValuePtr little = info->get("little_endian");
    if (!little || little->kind != Value::Kind::Bool || !little->integer)
        throw std::runtime_error("written on a big-endian machine: not supported");
    const ValuePtr root = pickle::parse(data, offset);
    const auto refs = tensorRefs(root);
    if (refsOut)
        *refsOut = refs;
    std::map<std::string, size_t> elementSize;
    std::set<const Value *> seen;
    storageElementSizes(root.get(), elementSize, seen);
    const ValuePtr keys = pickle::parse(data, offset);
    if (keys->kind != Value::Kind::List)
        throw std::runtime_error("malformed storage key list");
    std::map<std::string, const TensorRef *> typeOf;
    for (const auto &r : refs)
        typeOf.emplace(r.storageKey, &r);
    std::map<std::string, torch::Tensor> storages;
    for (const auto &key : keys->items) {
        if (key->kind != Value::Kind::String)
            throw std::runtime_error("malformed storage key list");
        const auto it = typeOf.find(key->text);
        const auto size = elementSize.find(key->text);
        if (size == elementSize.end())
            throw std::runtime_error("storage " + key->text + " is of an unsupported type");
        const size_t element = size->second;
        if (it != typeOf.end() && c10::elementSize(it->second->dtype) != element)
            throw std::runtime_error("storage " + key->text + " is given two types");
        if (data.size() - offset < 8)
            throw std::runtime_error("truncated: storage " + key->text + " is missing");
        int64_t numel = 0;
        std::memcpy(&numel, data.data() + offset, 8);
        offset += 8;
        if (numel < 0 || uint64_t(numel) > (data.size() - offset) / element)
            throw std::runtime_error("truncated: storage " + key->text + " is cut short");
        if (it != typeOf.end()) {
            torch::Tensor s = torch::empty({numel}, torch::TensorOptions(it->second->dtype));
            if (numel > 0) // an empty storage has no data pointer to copy to
                std::memcpy(s.data_ptr(), data.data() + offset, size_t(numel) * element);
            storages.emplace(key->text, s);
        }
        offset += size_t(numel) * element;
    }
    return materializeAll(refs, storages);
}

/** safetensors: an 8-byte little-endian header length, a JSON header naming each tensor's
    dtype, shape and byte range, then the bytes. */
std::vector<NamedTensor> parseSafetensors(const std::string &path, bool withData,
                                          std::vector<WeightFileInfo::Entry> *entries)
{
    MappedFile file(path);
    const std::string_view data = file.view();
    if (data.size() < 8)
        throw std::runtime_error("truncated safetensors file");
    uint64_t headerSize = 0;
    std::memcpy(&headerSize, data.data(), 8);
    if (headerSize > kMaxSafetensorsHeader || headerSize > data.size() - 8)
        throw std::runtime_error("truncated or damaged safetensors header");
    nlohmann::json header;
    try {
        header = nlohmann::json::parse(data.substr(8, size_t(headerSize)));
    } catch (const nlohmann::json::exception &e) {
        throw std::runtime_error(std::string("damaged safetensors header: ") + e.what());
    }
    if (!header.is_object())
        throw std::runtime_error("damaged safetensors header");
    const std::string_view body = data.substr(8 + size_t(headerSize));
    std::vector<NamedTensor> out;
    std::vector<std::pair<uint64_t, uint64_t>> ranges; // byte ranges, which may not overlap
    for (const auto &[name, spec] : header.items()) {
        if (name == "__metadata__")
            continue;
        const std::string what = "tensor " + name;
        const DtypeName *d = nullptr;
        std::vector<int64_t> shape;
        uint64_t begin = 0, end = 0;
        try {
            const std::string dtype = spec.at("dtype").get<std::string>();
            for (const auto &k : kDtypes)
                if (dtype == k.safetensors)
                    d = &k;
            if (!d)
                throw std::runtime_error(what + ": unsupported dtype " + dtype);
            shape = spec.at("shape").get<std::vector<int64_t>>();
            begin = spec.at("data_offsets").at(0).get<uint64_t>();
            end = spec.at("data_offsets").at(1).get<uint64_t>();
        } catch (const nlohmann::json::exception &e) {
            throw std::runtime_error(what + ": damaged header entry (" + e.what() + ")");
        }
        const int64_t n = elements(shape, what);
        if (begin > end || end > body.size() ||
            end - begin != uint64_t(n) * c10::elementSize(d->type))
            throw std::runtime_error(what +
                                     ": byte range does not match its shape or lies past the end");
        ranges.emplace_back(begin, end);
        if (entries)
            entries->push_back({name, shape, d->name});
        if (withData)
            out.push_back({name, torch::from_blob(const_cast<char *>(body.data() + begin), shape,
                                                  torch::TensorOptions(d->type))});
    }
    // The format forbids overlapping ranges: with them, a few megabytes could name gigabytes.
    std::sort(ranges.begin(), ranges.end());
    for (size_t i = 1; i < ranges.size(); ++i)
        if (ranges[i].first < ranges[i - 1].second)
            throw std::runtime_error("tensors overlap in the file (bytes " +
                                     std::to_string(ranges[i].first) + " to " +
                                     std::to_string(ranges[i - 1].second) + ")");
    for (auto &t : out)
        t.value = t.value.clone(); // off the mapping, which ends with this function
    return out;
}

} // namespace

std::vector<NamedTensor> readLegacy(const std::string &path)
{
    return readLegacyPth(path, nullptr);
}

std::vector<NamedTensor> readSafetensors(const std::string &path)
{
    return parseSafetensors(path, true, nullptr);
}

std::vector<WeightFileInfo::Entry> listSafetensors(const std::string &path)
{
    std::vector<WeightFileInfo::Entry> out;
    parseSafetensors(path, false, &out);
    return out;
}

} // namespace photocat::core::weightio
