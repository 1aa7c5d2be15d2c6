#include "io/weightreaders.h"

#include "io/pickleops.h"

#include <caffe2/serialize/inline_container.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace fs = std::filesystem;

namespace photocat::core::weightio {

namespace {

using pickle::Op;

/** The few pickle opcodes torch.save's output needs; tensors become _rebuild_tensor_v2 calls
    on storages the caller writes under data/<key>. */
class PickleWriter
{
public:
    std::string bytes = "\x80\x02";
    std::vector<torch::Tensor> storages;

    void op(Op o) { bytes += char(o); }
    void text(const std::string &s)
    {
        op(Op::BinUnicode);
        uint32_t n = uint32_t(s.size());
        bytes.append(reinterpret_cast<const char *>(&n), 4);
        bytes += s;
    }
    void integer(int64_t v)
    {
        if (v >= INT32_MIN && v <= INT32_MAX) {
            op(Op::BinInt);
            int32_t i = int32_t(v);
            bytes.append(reinterpret_cast<const char *>(&i), 4);
        } else {
            op(Op::Long1);
            bytes += char(8);
            bytes.append(reinterpret_cast<const char *>(&v), 8);
        }
    }
    void global(const std::string &module, const std::string &name)
    {
        bytes += char(Op::Global) + module + "\n" + name + "\n";
    }
    void tuple(const std::vector<int64_t> &values)
    {
        op(Op::Mark);
        for (int64_t v : values)
            integer(v);
        op(Op::Tuple);
    }
    void emptyOrderedDict()
    {
        global("collections", "OrderedDict");
        op(Op::EmptyTuple);
        op(Op::Reduce);
    }
    void tensor(const torch::Tensor &t, const std::string &what)
    {
        const DtypeName *d = dtypeOf(t.scalar_type());
        if (!d)
            throw std::runtime_error("cannot write tensor " + what + " of this dtype");
        const torch::Tensor value = t.detach().to(torch::kCPU).contiguous();
        const std::string key = std::to_string(storages.size());
        storages.push_back(value);
        global("torch._utils", "_rebuild_tensor_v2");
        op(Op::Mark);
        op(Op::Mark);
        text("storage");
        const std::string storage = d->storage;
        global("torch", storage.substr(storage.find('.') + 1));
        text(key);
        text("cpu");
        integer(value.numel());
        op(Op::Tuple);
        op(Op::BinPersId);
        integer(0);
        tuple(value.sizes().vec());
        tuple(value.strides().vec());
        op(Op::NewFalse);
        emptyOrderedDict();
        op(Op::Tuple);
        op(Op::Reduce);
    }
    void stateDict(const std::vector<NamedTensor> &tensors)
    {
        emptyOrderedDict();
        if (tensors.empty())
            return;
        op(Op::Mark);
        for (const auto &t : tensors) {
            text(t.name);
            tensor(t.value, t.name);
        }
        op(Op::SetItems);
    }
    void value(const std::string &key, const ArchiveValue &v)
    {
        if (const auto *s = std::get_if<std::string>(&v))
            text(*s);
        else if (const auto *i = std::get_if<int64_t>(&v))
            integer(*i);
        else if (const auto *t = std::get_if<torch::Tensor>(&v))
            tensor(*t, key);
        else
            stateDict(std::get<std::vector<NamedTensor>>(v));
    }
};

/** An output file written through a descriptor, its first error kept for the end: the zip
    writer is never interrupted (an exception inside it would end the process). */
class Sink
{
public:
    explicit Sink(const std::string &path) : mPath(path)
    {
        ::unlink(path.c_str());
        mFd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (mFd < 0)
            mError = errno;
    }
    ~Sink()
    {
        if (mFd >= 0)
            ::close(mFd);
    }
    Sink(const Sink &) = delete;
    Sink &operator=(const Sink &) = delete;

    size_t write(const void *data, size_t n)
    {
        const char *p = static_cast<const char *>(data);
        for (size_t done = 0; !mError && done < n;) {
            const ssize_t got = p ? ::write(mFd, p + done, n - done)
                                : ::lseek(mFd, off_t(n - done), SEEK_CUR) >= 0 ? ssize_t(n - done)
                                                                               : -1;
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0)
                mError = got < 0 ? errno : EIO;
            else
                done += size_t(got);
        }
        return n;
    }
    /** fsync and close; the first error of the whole write, 0 when none. */
    int finish()
    {
        if (!mError && ::fsync(mFd) != 0)
            mError = errno;
        if (mFd >= 0 && ::close(mFd) != 0 && !mError)
            mError = errno;
        mFd = -1;
        return mError;
    }

private:
    std::string mPath;
    int mFd = -1;
    int mError = 0;
};

void fsyncFolder(const fs::path &folder)
{
    const int fd =
        ::open(folder.empty() ? "." : folder.c_str(), O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    ::fsync(fd);
    ::close(fd);
}

void writePickled(const std::string &path, const PickleWriter &w)
{
    const fs::path target(path);
    if (!target.parent_path().empty()) {
        std::error_code ec;
        fs::create_directories(target.parent_path(), ec);
    }
    const std::string tmp = path + ".tmp";
    Sink sink(tmp);
    int error = 0;
    std::string failure;
    try {
        caffe2::serialize::PyTorchStreamWriter writer(
            [&sink](const void *data, size_t n) { return sink.write(data, n); });
        writer.writeRecord("data.pkl", w.bytes.data(), w.bytes.size());
        for (size_t i = 0; i < w.storages.size(); ++i)
            writer.writeRecord("data/" + std::to_string(i), w.storages[i].data_ptr(),
                               size_t(w.storages[i].nbytes()));
        writer.writeEndOfFile();
    } catch (const c10::Error &e) {
        failure = e.what_without_backtrace();
    }
    error = sink.finish();
    if (!error && failure.empty() && ::rename(tmp.c_str(), path.c_str()) != 0)
        error = errno;
    if (error || !failure.empty()) {
        ::unlink(tmp.c_str());
        throw std::runtime_error(path +
                                 ": cannot write: " + (error ? std::strerror(error) : failure) +
                                 " (the previous file, if any, is unchanged)");
    }
    fsyncFolder(target.parent_path());
}

} // namespace

void writeArchive(const std::string &path, const std::vector<NamedTensor> &stateDict)
{
    PickleWriter w;
    w.stateDict(stateDict);
    w.op(Op::Stop);
    writePickled(path, w);
}

void writeArchive(const std::string &path,
                  const std::vector<std::pair<std::string, ArchiveValue>> &entries)
{
    PickleWriter w;
    w.op(Op::EmptyDict);
    w.op(Op::Mark);
    for (const auto &[key, value] : entries) {
        w.text(key);
        w.value(key, value);
    }
    w.op(Op::SetItems);
    w.op(Op::Stop);
    writePickled(path, w);
}

} // namespace photocat::core::weightio
