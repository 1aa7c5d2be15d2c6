#include "models/classifier.h"

#include "models/inceptionresnetv2.h"
#include "models/resnet.h"

#include <stdexcept>

namespace photocat::core {

ClassifierImpl::ClassifierImpl(ModelConfig config) : mConfig(std::move(config))
{
    if (mConfig.numClasses < 2)
        throw std::invalid_argument("a classifier needs at least 2 classes, got " +
                                    std::to_string(mConfig.numClasses));
    if (mConfig.inChannels != 1 && mConfig.inChannels != 3)
        throw std::invalid_argument("models take 1 or 3 input channels, got " +
                                    std::to_string(mConfig.inChannels));
}

Classifier createModel(const ModelConfig &config)
{
    // resnet-small's size grows with the square of its width: bounded, as a file may name it.
    if (config.name == "resnet-small" && (config.width < 1 || config.width > kMaxSmallWidth))
        throw std::invalid_argument("resnet-small width " + std::to_string(config.width) +
                                    " out of range (1 to " + std::to_string(kMaxSmallWidth) + ")");
    std::shared_ptr<ClassifierImpl> model;
    if (config.name == "inception-resnet-v2")
        model = std::make_shared<InceptionResNetV2Impl>(config);
    else
        model = std::make_shared<ResNetImpl>(config);
    return Classifier(model);
}

int stageOf(const ClassifierImpl &model, const std::string &name)
{
    auto under = [&name](const std::string &prefix) {
        // "repeat." must not match "repeat_1"; a plain prefix must end at a dot.
        if (prefix.back() == '.')
            return name.compare(0, prefix.size(), prefix) == 0;
        return name.compare(0, prefix.size(), prefix) == 0 &&
               (name.size() == prefix.size() || name[prefix.size()] == '.');
    };
    if (under(model.headName()))
        return -1;
    const auto stages = model.stages();
    for (size_t i = 0; i < stages.size(); ++i)
        for (const auto &prefix : stages[i])
            if (under(prefix))
                return int(i);
    throw std::logic_error("parameter " + name + " belongs to no stage of " + model.config().name);
}

} // namespace photocat::core
