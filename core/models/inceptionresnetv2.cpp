#include "models/inceptionresnetv2.h"

#include "models/batchnorm.h"

namespace photocat::core {

namespace {

/**
 * The shape every Inception block shares: parallel branches (branch0, branch1, ...) whose
 * outputs are concatenated; a max-pool branch has no parameters and so no module. Residual
 * blocks (Block35/17/8) then project back with a 1x1 "conv2d", scale and add the input.
 */
class BranchBlockImpl : public torch::nn::Module
{
public:
    BranchBlockImpl(std::vector<torch::nn::AnyModule> branches, bool maxPoolBranch = false)
        : mMaxPool(maxPoolBranch)
    {
        for (size_t i = 0; i < branches.size(); ++i)
            register_module("branch" + std::to_string(i), branches[i].ptr());
        mBranches = std::move(branches);
    }

    /** Makes this a residual block: out = relu?(conv2d(cat) * scale + x). */
    void setResidual(int64_t concatChannels, int64_t channels, double scale, bool relu)
    {
        mUp = register_module(
            "conv2d", torch::nn::Conv2d(torch::nn::Conv2dOptions(concatChannels, channels, 1)));
        mScale = scale;
        mRelu = relu;
    }

    torch::Tensor forward(torch::Tensor x)
    {
        std::vector<torch::Tensor> outs;
        for (auto &b : mBranches)
            outs.push_back(b.forward(x));
        if (mMaxPool)
            outs.push_back(torch::max_pool2d(x, 3, 2));
        torch::Tensor out = torch::cat(outs, 1);
        if (!mUp)
            return out;
        out = mUp(out) * mScale + x;
        return mRelu ? torch::relu(out) : out;
    }

private:
    std::vector<torch::nn::AnyModule> mBranches;
    bool mMaxPool = false;
    torch::nn::Conv2d mUp{nullptr};
    double mScale = 1.0;
    bool mRelu = true;
};
TORCH_MODULE(BranchBlock);

torch::nn::AnyModule conv(int64_t in, int64_t out, torch::ExpandingArray<2> kernel,
                          int64_t stride = 1, torch::ExpandingArray<2> padding = 0)
{
    return torch::nn::AnyModule(BasicConv(in, out, kernel, stride, padding));
}

/** nn::Sequential with a plain forward(), so blocks can hold it as a branch. */
class ChainImpl : public torch::nn::SequentialImpl
{
public:
    torch::Tensor forward(torch::Tensor x) { return SequentialImpl::forward(x); }
};
TORCH_MODULE(Chain);

torch::nn::AnyModule chain(std::initializer_list<torch::nn::AnyModule> modules)
{
    Chain s;
    for (const auto &m : modules)
        s->push_back(m);
    return torch::nn::AnyModule(s);
}

BranchBlock mixed5b()
{
    Chain pool;
    pool->push_back(torch::nn::AvgPool2d(
        torch::nn::AvgPool2dOptions(3).stride(1).padding(1).count_include_pad(false)));
    pool->push_back(BasicConv(192, 64, 1));
    return BranchBlock(std::vector<torch::nn::AnyModule>{
        conv(192, 96, 1), chain({conv(192, 48, 1), conv(48, 64, 5, 1, 2)}),
        chain({conv(192, 64, 1), conv(64, 96, 3, 1, 1), conv(96, 96, 3, 1, 1)}),
        torch::nn::AnyModule(pool)});
}

BranchBlock block35()
{
    BranchBlock b(std::vector<torch::nn::AnyModule>{
        conv(320, 32, 1), chain({conv(320, 32, 1), conv(32, 32, 3, 1, 1)}),
        chain({conv(320, 32, 1), conv(32, 48, 3, 1, 1), conv(48, 64, 3, 1, 1)})});
    b->setResidual(128, 320, 0.17, true);
    return b;
}

BranchBlock mixed6a()
{
    return BranchBlock(
        std::vector<torch::nn::AnyModule>{
            conv(320, 384, 3, 2),
            chain({conv(320, 256, 1), conv(256, 256, 3, 1, 1), conv(256, 384, 3, 2)})},
        /*maxPoolBranch=*/true);
}

BranchBlock block17()
{
    BranchBlock b(std::vector<torch::nn::AnyModule>{
        conv(1088, 192, 1), chain({conv(1088, 128, 1), conv(128, 160, {1, 7}, 1, {0, 3}),
                                   conv(160, 192, {7, 1}, 1, {3, 0})})});
    b->setResidual(384, 1088, 0.10, true);
    return b;
}

BranchBlock mixed7a()
{
    return BranchBlock(
        std::vector<torch::nn::AnyModule>{
            chain({conv(1088, 256, 1), conv(256, 384, 3, 2)}),
            chain({conv(1088, 256, 1), conv(256, 288, 3, 2)}),
            chain({conv(1088, 256, 1), conv(256, 288, 3, 1, 1), conv(288, 320, 3, 2)})},
        /*maxPoolBranch=*/true);
}

BranchBlock block8(double scale, bool relu)
{
    BranchBlock b(std::vector<torch::nn::AnyModule>{
        conv(2080, 192, 1), chain({conv(2080, 192, 1), conv(192, 224, {1, 3}, 1, {0, 1}),
                                   conv(224, 256, {3, 1}, 1, {1, 0})})});
    b->setResidual(448, 2080, scale, relu);
    return b;
}

template <typename Make> torch::nn::Sequential repeated(int count, Make make)
{
    torch::nn::Sequential s;
    for (int i = 0; i < count; ++i)
        s->push_back(make());
    return s;
}

} // namespace

BasicConvImpl::BasicConvImpl(int64_t in, int64_t out, torch::ExpandingArray<2> kernel,
                             int64_t stride, torch::ExpandingArray<2> padding)
{
    conv = register_module(
        "conv",
        torch::nn::Conv2d(
            torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(padding).bias(false)));
    bn = register_module("bn", torch::nn::BatchNorm2d(torch::nn::BatchNormOptions(out).eps(1e-3)));
}

torch::Tensor BasicConvImpl::forward(torch::Tensor x)
{
    return torch::relu(batchNorm(*bn, conv(x)));
}

InceptionResNetV2Impl::InceptionResNetV2Impl(const ModelConfig &config) : ClassifierImpl(config)
{
    conv2d_1a = register_module("conv2d_1a", BasicConv(config.inChannels, 32, 3, 2));
    conv2d_2a = register_module("conv2d_2a", BasicConv(32, 32, 3));
    conv2d_2b = register_module("conv2d_2b", BasicConv(32, 64, 3, 1, 1));
    conv2d_3b = register_module("conv2d_3b", BasicConv(64, 80, 1));
    conv2d_4a = register_module("conv2d_4a", BasicConv(80, 192, 3));
    auto add = [this](const std::string &name, BranchBlock b) {
        return torch::nn::AnyModule(register_module(name, b));
    };
    mixed_5b = add("mixed_5b", mixed5b());
    repeat = register_module("repeat", repeated(10, block35));
    mixed_6a = add("mixed_6a", mixed6a());
    repeat_1 = register_module("repeat_1", repeated(20, block17));
    mixed_7a = add("mixed_7a", mixed7a());
    repeat_2 = register_module("repeat_2",
                               repeated(9, [] { return ::photocat::core::block8(0.20, true); }));
    block8 = add("block8", ::photocat::core::block8(1.0, false));
    conv2d_7b = register_module("conv2d_7b", BasicConv(2080, 1536, 1));
    classif = register_module("classif", torch::nn::Linear(1536, config.numClasses));
}

torch::Tensor InceptionResNetV2Impl::featureMaps(torch::Tensor x)
{
    if (x.size(2) < kMinInputSize || x.size(3) < kMinInputSize)
        throw std::invalid_argument("inception-resnet-v2 needs inputs of at least 75x75 pixels");
    x = conv2d_2b(conv2d_2a(conv2d_1a(x)));
    x = conv2d_4a(conv2d_3b(torch::max_pool2d(x, 3, 2)));
    x = mixed_5b.forward(torch::max_pool2d(x, 3, 2));
    x = mixed_6a.forward(repeat->forward(x));
    x = mixed_7a.forward(repeat_1->forward(x));
    return conv2d_7b(block8.forward(repeat_2->forward(x)));
}

std::vector<std::vector<std::string>> InceptionResNetV2Impl::stages() const
{
    return {{"conv2d_1a", "conv2d_2a", "conv2d_2b", "conv2d_3b", "conv2d_4a"},
            {"mixed_5b", "repeat."},
            {"mixed_6a", "repeat_1"},
            {"mixed_7a", "repeat_2", "block8", "conv2d_7b"}};
}

} // namespace photocat::core
