#pragma once

#include <string>

namespace photocat::core {

/** Whether createModel() knows the name; torch-free so option parsing needs no LibTorch. */
inline bool isModelName(const std::string &name)
{
    return name == "resnet-small" || name == "resnet18" || name == "resnet34" ||
           name == "resnet50" || name == "inception-resnet-v2";
}

/** The names, for help texts and the app's model list. */
inline const char *modelNameList()
{
    return "resnet-small, resnet18, resnet34, resnet50 or inception-resnet-v2";
}

} // namespace photocat::core
