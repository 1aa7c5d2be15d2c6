#include "io/weights.h"

#include "io/checkpoint.h"
#include "io/checkpointmeta.h"
#include "io/pickle.h"

#include <caffe2/serialize/inline_container.h>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

namespace fs = std::filesystem;

namespace photocat::core {

namespace {

using pickle::Value;
using pickle::ValuePtr;

constexpr uint64_t kMaxPickleBytes = 64ull << 20;   // real state_dict pickles are KB to a few MB
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
        struct stat st {};
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

struct DtypeName
{
    const char *storage, *safetensors, *name;
    torch::ScalarType type;
};
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
    return c.isGlobal("torch._utils._rebuild_tensor_v2") || c.isGlobal("torch._utils._rebuild_tensor") ||
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
    std::vector<TensorRef> out;
    for (size_t i = 0; i + 1 < root->items.size(); i += 2) {
        const auto &key = root->items[i];
        const auto &value = root->items[i + 1];
        if (key->kind == Value::Kind::String && isTensor(value))
            out.push_back(tensorRef(key->text, value));
    }
    if (out.empty())
        throw std::runtime_error("holds no tensors");
    return out;
}

torch::Tensor materialize(const TensorRef &t, const torch::Tensor &storage)
{
    return storage.as_strided(t.size, t.stride, t.offset).clone();
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

    std::string readAll(const std::string &name, uint64_t limit) const
    {
        const uint64_t n = size(name);
        if (n > limit)
            throw std::runtime_error(name + " is implausibly large (" + std::to_string(n) + " bytes)");
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
};

std::vector<NamedTensor> readZipPth(const std::string &path, bool withData, std::vector<TensorRef> *refsOut)
{
    Zip zip(path);
    const std::string prefix = zip.prefix();
    if (zip.has(prefix + "constants.pkl") || zip.has(prefix + "code/"))
        throw std::runtime_error("is a TorchScript archive, not a torch.save state_dict");
    const std::string data = zip.readAll(prefix + "data.pkl", kMaxPickleBytes);
    size_t offset = 0;
    const auto refs = tensorRefs(pickle::parse(data, offset));
    if (refsOut)
        *refsOut = refs;
    std::vector<NamedTensor> out;
    if (!withData)
        return out;
    std::map<std::string, torch::Tensor> storages;
    for (const auto &r : refs) {
        auto it = storages.find(r.storageKey);
        if (it == storages.end()) {
            const std::string record = prefix + "data/" + r.storageKey;
            const uint64_t size = zip.size(record);
            const uint64_t element = c10::elementSize(r.dtype);
            // Compared by division first: the element count comes from the file.
            if (uint64_t(r.storageNumel) != size / element || size % element != 0)
                throw std::runtime_error("tensor " + r.name + ": storage " + record + " holds " +
                                         std::to_string(size) + " bytes, not " +
                                         std::to_string(r.storageNumel) + " elements of " +
                                         std::to_string(element) + " bytes");
            torch::Tensor s = torch::empty({r.storageNumel}, torch::TensorOptions(r.dtype));
            zip.read(record, s.data_ptr(), size);
            it = storages.emplace(r.storageKey, s).first;
        } else if (it->second.scalar_type() != r.dtype || it->second.numel() != r.storageNumel) {
            throw std::runtime_error("tensor " + r.name + ": storage " + r.storageKey +
                                     " is shared with another type or size");
        }
        out.push_back({r.name, materialize(r, it->second)});
    }
    return out;
}

/** Pre-1.6 torch.save: magic, protocol and system-info pickles, the object pickle, the list of
    storage keys, then each storage as an int64 element count and its raw bytes. */
std::vector<NamedTensor> readLegacyPth(const std::string &path, std::vector<TensorRef> *refsOut)
{
    MappedFile file(path);
    const std::string_view data = file.view();
    size_t offset = 0;
    const ValuePtr magic = pickle::parse(data, offset);
    const std::string kMagic("\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19", 10);   // 0x1950a86a20f9469cfc6c
    if (magic->kind != Value::Kind::Int || !magic->bigInteger || magic->text != kMagic)
        throw std::runtime_error("not a torch.save file (no magic number)");
    const ValuePtr protocol = pickle::parse(data, offset);
    if (protocol->kind != Value::Kind::Int || protocol->integer != 1001)
        throw std::runtime_error("unsupported legacy protocol version");
    const ValuePtr info = pickle::parse(data, offset);
    const ValuePtr little = info->get("little_endian");
    if (!little || little->kind != Value::Kind::Bool || !little->integer)
        throw std::runtime_error("written on a big-endian machine: not supported");
    const auto refs = tensorRefs(pickle::parse(data, offset));
    if (refsOut)
        *refsOut = refs;
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
        const size_t element = it == typeOf.end() ? 1 : c10::elementSize(it->second->dtype);
        if (data.size() - offset < 8)
            throw std::runtime_error("truncated: storage " + key->text + " is missing");
        int64_t numel = 0;
        std::memcpy(&numel, data.data() + offset, 8);
        offset += 8;
        if (numel < 0 || uint64_t(numel) > (data.size() - offset) / element)
            throw std::runtime_error("truncated: storage " + key->text + " is cut short");
        if (it != typeOf.end()) {
            torch::Tensor s = torch::empty({numel}, torch::TensorOptions(it->second->dtype));
            std::memcpy(s.data_ptr(), data.data() + offset, size_t(numel) * element);
            storages.emplace(key->text, s);
        }
        offset += size_t(numel) * element;
    }
    std::vector<NamedTensor> out;
    for (const auto &r : refs) {
        const auto it = storages.find(r.storageKey);
        if (it == storages.end() || it->second.numel() != r.storageNumel)
            throw std::runtime_error("tensor " + r.name + ": its storage is missing or of another size");
        out.push_back({r.name, materialize(r, it->second)});
    }
    return out;
}

/** safetensors: an 8-byte little-endian header length, a JSON header naming each tensor's
    dtype, shape and byte range, then the bytes. */
std::vector<NamedTensor> readSafetensors(const std::string &path, bool withData,
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
        if (begin > end || end > body.size() || end - begin != uint64_t(n) * c10::elementSize(d->type))
            throw std::runtime_error(what + ": byte range does not match its shape or lies past the end");
        if (entries)
            entries->push_back({name, shape, d->name});
        if (withData)
            out.push_back({name, torch::from_blob(const_cast<char *>(body.data() + begin), shape,
                                                  torch::TensorOptions(d->type))
                                     .clone()});
    }
    return out;
}

bool startsWith(std::string_view s, std::string_view prefix)
{
    return s.substr(0, prefix.size()) == prefix;
}

/** "module.conv1.weight" (DataParallel) -> "conv1.weight", when every name has the prefix. */
template<typename T>
void stripCommonPrefix(std::vector<T> &items, std::string T::*name)
{
    for (const char *prefix : {"module.", "model."}) {
        bool all = !items.empty();
        for (const auto &i : items)
            all = all && startsWith(i.*name, prefix);
        if (all)
            for (auto &i : items)
                (i.*name).erase(0, std::strlen(prefix));
    }
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
    if (got >= 2 && uint8_t(head[0]) == 0x80 && uint8_t(head[1]) <= 5)
        return "pth (legacy)";
    if (got >= 9 && head[8] == '{')
        return "safetensors";
    return "";
}

std::string guessArchitecture(const std::vector<WeightFileInfo::Entry> &tensors)
{
    std::map<std::string, const WeightFileInfo::Entry *> byName;
    for (const auto &t : tensors)
        byName[t.name] = &t;
    if (byName.count("conv2d_7b.conv.weight"))
        return "inception-resnet-v2";
    if (!byName.count("layer4.0.conv1.weight"))
        return "";
    const bool bottleneck = byName.count("layer1.0.conv3.weight") > 0;
    const auto conv1 = byName.find("conv1.weight");
    if (conv1 != byName.end() && conv1->second->shape.size() == 4 && conv1->second->shape[2] == 3)
        return "resnet-small";
    if (bottleneck)
        return "resnet50";
    return byName.count("layer3.5.conv1.weight") ? "resnet34" : "resnet18";
}

std::vector<int64_t> shapeOf(const torch::Tensor &t) { return t.sizes().vec(); }

} // namespace

WeightFile readWeights(const std::string &path)
{
    if (!fs::is_regular_file(path))
        throw std::runtime_error(path + ": no such weight file");
    WeightFile w;
    w.path = path;
    try {
        const std::string kind = sniff(path);
        if (kind == "zip") {
            std::string meta;
            try {
                meta = readCheckpointMeta(path);
            } catch (const std::exception &) {
            }
            if (!meta.empty()) {
                Checkpoint ckpt = loadCheckpoint(path);
                w.format = "photocat checkpoint";
                w.checkpointMeta = meta;
                w.tensors = stateDict(*ckpt.net);
            } else {
                w.format = "pth (zip)";
                w.tensors = readZipPth(path, true, nullptr);
            }
        } else if (kind == "pth (legacy)") {
            w.format = kind;
            w.tensors = readLegacyPth(path, nullptr);
        } else if (kind == "safetensors") {
            w.format = kind;
            w.tensors = readSafetensors(path, true, nullptr);
        } else {
            throw std::runtime_error("not a weight file (expected a torch.save .pth, .safetensors "
                                     "or photocat checkpoint)");
        }
    } catch (const c10::Error &e) {
        throw std::runtime_error(path + ": " + e.what_without_backtrace());
    } catch (const std::runtime_error &e) {
        const std::string what = e.what();
        throw std::runtime_error(startsWith(what, path) ? what : path + ": " + what);
    }
    stripCommonPrefix(w.tensors, &NamedTensor::name);
    return w;
}

WeightFileInfo inspectWeights(const std::string &path)
{
    WeightFileInfo info;
    try {
        const std::string kind = fs::is_regular_file(path) ? sniff(path) : "";
        std::vector<TensorRef> refs;
        if (kind == "zip") {
            try {
                info.checkpointMeta = readCheckpointMeta(path);
            } catch (const std::exception &) {
            }
        }
        if (kind == "zip" && info.checkpointMeta.empty()) {
            info.format = "pth (zip)";
            readZipPth(path, false, &refs);
        } else if (kind == "safetensors") {
            info.format = kind;
            readSafetensors(path, false, &info.tensors);
        } else {
            const WeightFile w = readWeights(path);
            info.format = w.format;
            for (const auto &t : w.tensors)
                info.tensors.push_back({t.name, shapeOf(t.value), dtypeOf(t.value.scalar_type())->name});
        }
        for (const auto &r : refs)
            info.tensors.push_back({r.name, r.size, dtypeOf(r.dtype)->name});
    } catch (const c10::Error &e) {
        throw std::runtime_error(path + ": " + e.what_without_backtrace());
    } catch (const std::runtime_error &e) {
        const std::string what = e.what();
        throw std::runtime_error(startsWith(what, path) ? what : path + ": " + what);
    }
    stripCommonPrefix(info.tensors, &WeightFileInfo::Entry::name);
    info.architecture = guessArchitecture(info.tensors);
    for (const auto &t : info.tensors) {
        const bool buffer = t.name.find("running_") != std::string::npos ||
                            t.name.find("num_batches_tracked") != std::string::npos;
        if (!buffer)
            info.parameters += elements(t.shape, t.name);
        if ((t.name == "fc.weight" || t.name == "classif.weight") && t.shape.size() == 2)
            info.classes = t.shape[0];
    }
    return info;
}

std::string WeightReport::summary() const
{
    std::string s = std::to_string(loaded) + " tensors loaded";
    if (!headNote.empty())
        s += "; " + headNote;
    if (!channelNote.empty())
        s += "; " + channelNote;
    if (!unused.empty()) {
        s += "; " + std::to_string(unused.size()) + " unused (";
        for (size_t i = 0; i < unused.size() && i < 4; ++i)
            s += (i ? ", " : "") + unused[i];
        s += unused.size() > 4 ? ", ...)" : ")";
    }
    return s;
}

WeightReport loadWeights(ClassifierImpl &model, const WeightFile &file, const LoadOptions &options)
{
    std::map<std::string, const torch::Tensor *> byName;
    for (const auto &t : file.tensors)
        byName[t.name] = &t.value;
    WeightReport report;
    std::vector<std::string> missing;
    std::map<std::string, bool> used;
    auto fail = [&file](const std::string &what) { throw std::runtime_error(file.path + ": " + what); };
    auto targets = model.named_parameters();
    for (const auto &b : model.named_buffers())
        targets.insert(b.key(), b.value());
    bool headReplaced = false;
    int64_t fileClasses = 0;
    torch::NoGradGuard noGrad;
    for (auto &item : targets) {
        const std::string &name = item.key();
        torch::Tensor &target = item.value();
        const bool head = stageOf(model, name) < 0;
        const auto it = byName.find(name);
        if (it == byName.end()) {
            if (head)
                headReplaced = true;
            else if (name.find("num_batches_tracked") == std::string::npos)
                missing.push_back(name);
            continue;
        }
        used[name] = true;
        torch::Tensor value = *it->second;
        if (head) {
            fileClasses = value.size(0);
            if (!options.keepHead || value.sizes() != target.sizes()) {
                headReplaced = true;
                continue;
            }
        }
        if (value.sizes() != target.sizes()) {
            // A color stem for a gray model: gray replicated to RGB through W equals gray
            // through W summed over its input channels (and the reverse, spread evenly).
            const bool firstConv = value.dim() == 4 && target.dim() == 4 && stageOf(model, name) == 0 &&
                                   value.size(0) == target.size(0) && value.sizes().slice(2) == target.sizes().slice(2);
            if (firstConv && value.size(1) == 3 && target.size(1) == 1) {
                value = value.sum(1, true);
                report.channelNote = "RGB first convolution " + name + " summed for gray input";
            } else if (firstConv && value.size(1) == 1 && target.size(1) == 3) {
                value = value.repeat({1, 3, 1, 1}) / 3;
                report.channelNote = "gray first convolution " + name + " spread over RGB input";
            } else {
                fail("tensor " + name + " has shape " + shapeText(shapeOf(value)) +
                     " in the file, the model expects " + shapeText(shapeOf(target)));
            }
        }
        target.copy_(value.to(target.scalar_type()));
        ++report.loaded;
    }
    if (!missing.empty()) {
        std::string list;
        for (size_t i = 0; i < missing.size() && i < 3; ++i)
            list += (i ? ", " : "") + missing[i];
        if (report.loaded == 0)
            fail("none of the file's " + std::to_string(file.tensors.size()) + " tensors match " +
                 model.config().name + "'s names (" + list + ", ...): is it for another architecture?");
        fail(std::to_string(missing.size()) + " of " + model.config().name +
             "'s tensors are missing from the file (" + list + (missing.size() > 3 ? ", ..." : "") + ")");
    }
    for (const auto &t : file.tensors)
        if (!used.count(t.name))
            report.unused.push_back(t.name);
    if (headReplaced)
        report.headNote = "head " + model.headName() + " initialized for " +
                          std::to_string(model.config().numClasses) + " classes" +
                          (fileClasses ? " (the file's has " + std::to_string(fileClasses) + ")" : "");
    else
        report.headNote = "head " + model.headName() + " loaded";
    return report;
}

std::vector<NamedTensor> stateDict(ClassifierImpl &model)
{
    std::vector<NamedTensor> out;
    for (const auto &p : model.named_parameters())
        out.push_back({p.key(), p.value().detach().to(torch::kCPU)});
    for (const auto &b : model.named_buffers())
        out.push_back({b.key(), b.value().detach().to(torch::kCPU)});
    return out;
}

namespace {

/** The few pickle opcodes torch.save's state_dict output needs. */
class PickleWriter
{
public:
    std::string bytes;

    void op(char c) { bytes += c; }
    void text(const std::string &s)
    {
        op('X');
        uint32_t n = uint32_t(s.size());
        bytes.append(reinterpret_cast<const char *>(&n), 4);
        bytes += s;
    }
    void integer(int64_t v)
    {
        if (v >= INT32_MIN && v <= INT32_MAX) {
            op('J');
            int32_t i = int32_t(v);
            bytes.append(reinterpret_cast<const char *>(&i), 4);
        } else {
            op('\x8a');
            op('\x08');
            bytes.append(reinterpret_cast<const char *>(&v), 8);
        }
    }
    void global(const std::string &module, const std::string &name) { bytes += "c" + module + "\n" + name + "\n"; }
    void tuple(const std::vector<int64_t> &values)
    {
        op('(');
        for (int64_t v : values)
            integer(v);
        op('t');
    }
    void emptyOrderedDict()
    {
        global("collections", "OrderedDict");
        op(')');
        op('R');
    }
};

} // namespace

void writeStateDict(const std::string &path, const std::vector<NamedTensor> &tensors)
{
    PickleWriter w;
    w.bytes = "\x80\x02";
    w.emptyOrderedDict();
    w.op('(');
    std::vector<torch::Tensor> storages;
    for (const auto &t : tensors) {
        const DtypeName *d = dtypeOf(t.value.scalar_type());
        if (!d)
            throw std::runtime_error(path + ": cannot export tensor " + t.name + " of this dtype");
        const torch::Tensor value = t.value.detach().to(torch::kCPU).contiguous();
        const std::string key = std::to_string(storages.size());
        storages.push_back(value);
        w.text(t.name);
        w.global("torch._utils", "_rebuild_tensor_v2");
        w.op('(');
        w.op('(');
        w.text("storage");
        const std::string storage = d->storage;
        w.global("torch", storage.substr(storage.find('.') + 1));
        w.text(key);
        w.text("cpu");
        w.integer(value.numel());
        w.op('t');
        w.op('Q');
        w.integer(0);
        w.tuple(value.sizes().vec());
        w.tuple(value.strides().vec());
        w.op('\x89');
        w.emptyOrderedDict();
        w.op('t');
        w.op('R');
    }
    w.op('u');
    w.op('.');

    const std::string tmp = path + ".tmp";
    try {
        {
            caffe2::serialize::PyTorchStreamWriter writer(tmp);
            writer.writeRecord("data.pkl", w.bytes.data(), w.bytes.size());
            for (size_t i = 0; i < storages.size(); ++i)
                writer.writeRecord("data/" + std::to_string(i), storages[i].data_ptr(),
                                   size_t(storages[i].nbytes()));
            writer.writeEndOfFile();
        }
        fs::rename(tmp, path);
    } catch (const std::exception &e) {
        std::error_code ec;
        fs::remove(tmp, ec);
        throw std::runtime_error(path + ": cannot write: " + e.what());
    }
}

namespace {

std::string pythonConstructor(const ModelConfig &m)
{
    const std::string n = std::to_string(m.numClasses);
    std::string py;
    if (m.name == "inception-resnet-v2")
        py = "model = timm.create_model('inception_resnet_v2', num_classes=" + n +
             (m.inChannels == 1 ? ", in_chans=1" : "") + ")";
    else if (m.name == "resnet-small")
        // torchvision's ResNet-18 layout with a 3x3 stride-1 stem, no max-pool and a base
        // width: torchvision has no width argument for basic blocks, so widths other than 64
        // need their own module with these names.
        py = "from torchvision.models.resnet import BasicBlock, ResNet; model = ResNet(BasicBlock, "
             "[2, 2, 2, 2], num_classes=" + n + "); model.conv1 = torch.nn.Conv2d(" +
             std::to_string(m.inChannels) + ", 64, 3, 1, 1, bias=False); model.maxpool = "
             "torch.nn.Identity()" + (m.width != 64 ? "  # base width " + std::to_string(m.width) +
             ": scale every stage's channels accordingly" : "");
    else
        py = "model = torchvision.models." + m.name + "(num_classes=" + n + ")" +
             (m.inChannels == 1 ? "; model.conv1 = torch.nn.Conv2d(1, 64, 7, 2, 3, bias=False)" : "");
    return py + "; model.load_state_dict(torch.load(PATH), strict=True); model.eval()";
}

} // namespace

ExportResult exportModel(const std::string &checkpoint, const std::string &pthPath)
{
    Checkpoint ckpt = loadCheckpoint(checkpoint);
    ExportResult r;
    r.pth = pthPath;
    r.json = (fs::path(pthPath).replace_extension(".json")).string();
    const auto tensors = stateDict(*ckpt.net);
    r.tensors = tensors.size();
    r.python = pythonConstructor(ckpt.model);
    if (!fs::path(pthPath).parent_path().empty())
        fs::create_directories(fs::path(pthPath).parent_path());
    writeStateDict(pthPath, tensors);
    nlohmann::json j = {{"format", "photocat-export"},
                        {"version", 1},
                        {"weights", fs::path(pthPath).filename().string()},
                        {"model", toJson(ckpt.model)},
                        {"classes", ckpt.meta.value("classes", nlohmann::json::array())},
                        {"preprocessing", ckpt.meta.value("preprocessing", nlohmann::json::object())},
                        {"temperature", ckpt.meta.value("temperature", 1.0)},
                        {"python", r.python},
                        {"source_checkpoint", checkpoint}};
    std::ofstream out(r.json, std::ios::trunc);
    if (!(out << j.dump(2) << '\n'))
        throw std::runtime_error(r.json + ": cannot write");
    return r;
}

} // namespace photocat::core
