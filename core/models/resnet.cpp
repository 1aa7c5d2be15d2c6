#include "models/resnet.h"

#include "models/batchnorm.h"

#include <stdexcept>

namespace photocat::core {

namespace {

torch::nn::Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding)
{
    return torch::nn::Conv2d(
        torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(padding).bias(false));
}

struct Architecture
{
    bool bottleneck;
    std::vector<int> blocks;
};

Architecture architecture(const std::string &name)
{
    if (name == "resnet18" || name == "resnet-small")
        return {false, {2, 2, 2, 2}};
    if (name == "resnet34")
        return {false, {3, 4, 6, 3}};
    if (name == "resnet50")
        return {true, {3, 4, 6, 3}};
    throw std::invalid_argument("unknown model \"" + name +
                                "\" (expected resnet-small, resnet18, resnet34 or resnet50)");
}

} // namespace

BlockImpl::BlockImpl(int64_t inPlanes, int64_t planes, int64_t stride, bool bottleneck)
{
    const int64_t outPlanes = bottleneck ? planes * kBottleneckExpansion : planes;
    if (bottleneck) {
        conv1 = register_module("conv1", conv(inPlanes, planes, 1, 1, 0));
        bn1 = register_module("bn1", torch::nn::BatchNorm2d(planes));
        conv2 = register_module("conv2", conv(planes, planes, 3, stride, 1));
        bn2 = register_module("bn2", torch::nn::BatchNorm2d(planes));
        conv3 = register_module("conv3", conv(planes, outPlanes, 1, 1, 0));
        bn3 = register_module("bn3", torch::nn::BatchNorm2d(outPlanes));
    } else {
        conv1 = register_module("conv1", conv(inPlanes, planes, 3, stride, 1));
        bn1 = register_module("bn1", torch::nn::BatchNorm2d(planes));
        conv2 = register_module("conv2", conv(planes, planes, 3, 1, 1));
        bn2 = register_module("bn2", torch::nn::BatchNorm2d(planes));
    }
    if (stride != 1 || inPlanes != outPlanes)
        downsample = register_module("downsample",
                                     torch::nn::Sequential(conv(inPlanes, outPlanes, 1, stride, 0),
                                                           torch::nn::BatchNorm2d(outPlanes)));
}

torch::Tensor BlockImpl::forward(torch::Tensor x)
{
    torch::Tensor out = torch::relu(batchNorm(*bn1, conv1(x)));
    out = batchNorm(*bn2, conv2(out));
    if (conv3) {
        out = torch::relu(out);
        out = batchNorm(*bn3, conv3(out));
    }
    if (!downsample)
        return torch::relu(out + x);
    auto &projection = *downsample;
    const auto shortcut = batchNorm(*projection[1]->as<torch::nn::BatchNorm2dImpl>(),
                                    projection[0]->as<torch::nn::Conv2dImpl>()->forward(x));
    return torch::relu(out + shortcut);
}

ResNetImpl::ResNetImpl(const ModelConfig &config) : ClassifierImpl(config)
{
    const Architecture arch = architecture(config.name);
    mBottleneck = arch.bottleneck;
    mSmallStem = config.name == "resnet-small";
    const int64_t base = mSmallStem ? std::max(4, config.width) : 64;
    mInPlanes = base;
    conv1 = register_module("conv1", mSmallStem ? conv(config.inChannels, base, 3, 1, 1)
                                                : conv(config.inChannels, base, 7, 2, 3));
    bn1 = register_module("bn1", torch::nn::BatchNorm2d(base));
    layer1 = register_module("layer1", makeLayer(base, arch.blocks[0], 1));
    layer2 = register_module("layer2", makeLayer(base * 2, arch.blocks[1], 2));
    layer3 = register_module("layer3", makeLayer(base * 4, arch.blocks[2], 2));
    layer4 = register_module("layer4", makeLayer(base * 8, arch.blocks[3], 2));
    fc = register_module("fc", torch::nn::Linear(mInPlanes, config.numClasses));

    // torchvision's initialization: Kaiming-normal convolutions, unit BatchNorm.
    for (auto &module : modules(false)) {
        if (auto *c = module->as<torch::nn::Conv2d>())
            torch::nn::init::kaiming_normal_(c->weight, 0.0, torch::kFanOut, torch::kReLU);
        else if (auto *b = module->as<torch::nn::BatchNorm2d>()) {
            torch::nn::init::ones_(b->weight);
            torch::nn::init::zeros_(b->bias);
        }
    }
}

torch::nn::Sequential ResNetImpl::makeLayer(int64_t planes, int blocks, int64_t stride)
{
    torch::nn::Sequential layer;
    for (int i = 0; i < blocks; ++i) {
        layer->push_back(Block(mInPlanes, planes, i == 0 ? stride : 1, mBottleneck));
        mInPlanes = mBottleneck ? planes * BlockImpl::kBottleneckExpansion : planes;
    }
    return layer;
}

torch::Tensor ResNetImpl::featureMaps(torch::Tensor x)
{
    x = torch::relu(batchNorm(*bn1, conv1(x)));
    if (!mSmallStem)
        x = torch::max_pool2d(x, 3, 2, 1);
    return layer4->forward(layer3->forward(layer2->forward(layer1->forward(x))));
}

std::vector<std::vector<std::string>> ResNetImpl::stages() const
{
    return {{"conv1", "bn1"}, {"layer1"}, {"layer2"}, {"layer3"}, {"layer4"}};
}

} // namespace photocat::core
