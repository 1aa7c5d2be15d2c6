#pragma once

// Torch-heavy header: include only from core .cpp files, never from ui/.
#include "models/classifier.h"

namespace photocat::core {

/** Convolution without bias, BatchNorm (eps 0.001, as the TensorFlow original) and ReLU:
    timm's BasicConv2d (conv, bn). */
class BasicConvImpl : public torch::nn::Module
{
public:
    BasicConvImpl(int64_t in, int64_t out, torch::ExpandingArray<2> kernel, int64_t stride = 1,
                  torch::ExpandingArray<2> padding = 0);
    torch::Tensor forward(torch::Tensor x);

private:
    torch::nn::Conv2d conv{nullptr};
    torch::nn::BatchNorm2d bn{nullptr};
};
TORCH_MODULE(BasicConv);

/**
 * Inception-ResNet-v2 (Szegedy et al. 2016), the original design's second benchmark model,
 * with timm's `inception_resnet_v2` module names (conv2d_1a.conv.weight, mixed_5b.branch1.1...,
 * repeat.0..9, repeat_1.0..19, repeat_2.0..8, block8, conv2d_7b, classif), so timm's
 * .safetensors and .pth weights load. Input 299x299 (at least 75x75); 1536 features.
 */
class InceptionResNetV2Impl : public ClassifierImpl
{
public:
    explicit InceptionResNetV2Impl(const ModelConfig &config);
    torch::Tensor featureMaps(torch::Tensor x) override;
    torch::nn::Linear &head() override { return classif; }
    std::string headName() const override { return "classif"; }
    std::vector<std::vector<std::string>> stages() const override;

    static constexpr int kMinInputSize = 75;

private:
    BasicConv conv2d_1a{nullptr}, conv2d_2a{nullptr}, conv2d_2b{nullptr}, conv2d_3b{nullptr},
        conv2d_4a{nullptr}, conv2d_7b{nullptr};
    torch::nn::AnyModule mixed_5b, mixed_6a, mixed_7a, block8;
    torch::nn::Sequential repeat{nullptr}, repeat_1{nullptr}, repeat_2{nullptr};
    torch::nn::Linear classif{nullptr};
};
TORCH_MODULE(InceptionResNetV2);

} // namespace photocat::core
