#include "fuzztarget.h"

#include <sys/mman.h>
#include <unistd.h>

#include <map>
#include <stdexcept>

namespace photocat::fuzz {

std::map<std::string, Target> &targets()
{
    static std::map<std::string, Target> all;
    return all;
}

bool registerTarget(const char *name, Target target)
{
    targets()[name] = target;
    return true;
}

InputFile::InputFile(const uint8_t *data, size_t size)
{
    mFd = ::memfd_create("fuzz-input", MFD_CLOEXEC);
    if (mFd < 0)
        throw std::logic_error("memfd_create failed");
    for (size_t done = 0; done < size;) {
        const ssize_t n = ::write(mFd, data + done, size - done);
        if (n <= 0)
            throw std::logic_error("cannot write the fuzz input");
        done += size_t(n);
    }
    mPath = "/proc/self/fd/" + std::to_string(mFd);
}

InputFile::~InputFile() { ::close(mFd); }

} // namespace photocat::fuzz
