#pragma once

#include <string>

namespace photocat::core {

/** Whether createModel() knows the name; torch-free so option parsing needs no LibTorch. */
inline bool isModelName(const std::string &name)
{
    return name == "resnet-small" || name == "resnet18" || name == "resnet34" ||
           name == "resnet50";
}

} // namespace photocat::core
