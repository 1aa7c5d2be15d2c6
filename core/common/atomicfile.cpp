#include "common/atomicfile.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace fs = std::filesystem;

namespace photocat::core {

void writeFileAtomically(const std::string &path, std::string_view bytes)
{
    const fs::path target(path);
    const fs::path folder = target.parent_path();
    if (!folder.empty()) {
        std::error_code ec;
        fs::create_directories(folder, ec);
    }
    const std::string tmp = path + ".partial";
    int error = 0;
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        error = errno;
    } else {
        for (size_t done = 0; !error && done < bytes.size();) {
            const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                error = n < 0 ? errno : EIO;
            else
                done += size_t(n);
        }
        if (!error && ::fsync(fd) != 0)
            error = errno;
        if (::close(fd) != 0 && !error)
            error = errno;
        if (!error && ::rename(tmp.c_str(), path.c_str()) != 0)
            error = errno;
    }
    if (error) {
        if (fd >= 0)
            ::unlink(tmp.c_str());
        throw std::runtime_error(path + ": cannot write: " + std::strerror(error) +
                                 " (the previous file, if any, is unchanged)");
    }
    const int dir =
        ::open(folder.empty() ? "." : folder.c_str(), O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

namespace {

fs::path resolved(const fs::path &p)
{
    std::error_code ec;
    const fs::path absolute = fs::absolute(p, ec).lexically_normal();
    const fs::path canonical = fs::weakly_canonical(absolute, ec);
    return ec ? absolute : canonical;
}

} // namespace

bool sameFile(const std::string &a, const std::string &b) { return resolved(a) == resolved(b); }

} // namespace photocat::core
