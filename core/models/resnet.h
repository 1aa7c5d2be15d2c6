#pragma once

// Torch-heavy header: include only from core .cpp files, never from ui/.
#include "models/classifier.h"

#include <string>
#include <vector>

namespace photocat::core {

/**
 * A residual block: torchvision's BasicBlock (conv1/bn1/conv2/bn2) or, when bottleneck is
 * true, its Bottleneck (conv1..3/bn1..3, stride on the 3x3 conv: "ResNet v1.5").
 */
class BlockImpl : public torch::nn::Module
{
public:
    BlockImpl(int64_t inPlanes, int64_t planes, int64_t stride, bool bottleneck);
    torch::Tensor forward(torch::Tensor x);

    static constexpr int64_t kBottleneckExpansion = 4;

private:
    torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, conv3{nullptr};
    torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr}, bn3{nullptr};
    torch::nn::Sequential downsample{nullptr};
};
TORCH_MODULE(Block);

/**
 * ResNet whose parameter and buffer names and shapes are exactly torchvision's
 * (conv1, bn1, layer1.0.conv1.weight, ..., fc.bias), so its state_dicts load unchanged.
 * resnet-small swaps the 7x7/stride-2 stem and max-pool for a 3x3/stride-1 conv (CIFAR style)
 * for tiny images such as 28x28.
 */
class ResNetImpl : public ClassifierImpl
{
public:
    explicit ResNetImpl(const ModelConfig &config);
    torch::Tensor featureMaps(torch::Tensor x) override;
    torch::nn::Linear &head() override { return fc; }
    std::string headName() const override { return "fc"; }
    std::vector<std::vector<std::string>> stages() const override;

private:
    torch::nn::Sequential makeLayer(int64_t planes, int blocks, int64_t stride);

    bool mBottleneck = false;
    bool mSmallStem = false;
    int64_t mInPlanes = 64;
    torch::nn::Conv2d conv1{nullptr};
    torch::nn::BatchNorm2d bn1{nullptr};
    torch::nn::Sequential layer1{nullptr}, layer2{nullptr}, layer3{nullptr}, layer4{nullptr};
    torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(ResNet);

} // namespace photocat::core
