#pragma once

#include <string>
#include <vector>

namespace photocat::core {

/** The architectures createModel() builds, in the order the app lists them. The one list:
    torch-free, so option parsing and the GUI need no LibTorch. */
inline const std::vector<std::string> &modelNames()
{
    static const std::vector<std::string> names = {"resnet-small", "resnet18", "resnet34",
                                                   "resnet50", "inception-resnet-v2"};
    return names;
}

/** Whether createModel() knows the name. */
inline bool isModelName(const std::string &name)
{
    for (const auto &n : modelNames())
        if (n == name)
            return true;
    return false;
}

/** The names, for help texts: "resnet-small, resnet18, … or inception-resnet-v2". */
inline std::string modelNameList()
{
    const auto &names = modelNames();
    std::string out;
    for (size_t i = 0; i < names.size(); ++i)
        out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
    return out;
}

} // namespace photocat::core
