#pragma once

// Torch-heavy header: include only from core .cpp files, never from ui/.
#include <torch/torch.h>

#include "models/modelnames.h"

#include <string>
#include <vector>

namespace photocat::core {

/** What a model is made of; stored in checkpoints so a model can be rebuilt to load one. */
struct ModelConfig
{
    std::string name = "resnet-small"; ///< see modelNames()
    int numClasses = 10;
    int inChannels = 3; ///< 1 (gray) or 3 (color)
    int width = 32;     ///< resnet-small: channels of its first stage
};

/**
 * An image classifier: a backbone ending in pooled features and a linear head. Parameter names
 * are those of the reference implementation (torchvision, timm), so their weight files load.
 */
class ClassifierImpl : public torch::nn::Module
{
public:
    /** Throws std::invalid_argument for fewer than 2 classes or other than 1 or 3 channels. */
    explicit ClassifierImpl(ModelConfig config);

    virtual torch::Tensor forward(torch::Tensor x) { return head()->forward(features(x)); }
    /** Everything but the head: pooled features [N, featureDim()] (the average of
        featureMaps()). */
    virtual torch::Tensor features(torch::Tensor x)
    {
        return torch::adaptive_avg_pool2d(featureMaps(x), {1, 1}).flatten(1);
    }
    /** The last convolutional stage's activations [N, featureDim(), h, w], before pooling:
        what class-activation maps (Grad-CAM) are made of. */
    virtual torch::Tensor featureMaps(torch::Tensor x) = 0;
    virtual torch::nn::Linear &head() = 0;
    /** The head's module name ("fc" for ResNets, "classif" for InceptionResNetV2). */
    virtual std::string headName() const = 0;
    /** Backbone module-name prefixes grouped into stages, input side first; fine-tuning the
        "last N stages" trains the last N of these. */
    virtual std::vector<std::vector<std::string>> stages() const = 0;
    int64_t featureDim() { return head()->options.in_features(); }

    const ModelConfig &config() const { return mConfig; }

protected:
    ModelConfig mConfig;
};
TORCH_MODULE(Classifier);

/** The widest resnet-small (4× ResNet-18's parameters at 128). */
constexpr int kMaxSmallWidth = 128;

/** Builds a freshly initialized model; throws std::invalid_argument for an unknown name, a
    bad class/channel count or a resnet-small width over kMaxSmallWidth. */
Classifier createModel(const ModelConfig &config);

/** The stage (index into stages()) a parameter or module name belongs to; -1 for the head. */
int stageOf(const ClassifierImpl &model, const std::string &name);

} // namespace photocat::core
