// The one test helper that builds a model (LibTorch's headers kept out of testdata.cpp).
#include "io/checkpoint.h"
#include "models/classifier.h"
#include "testdata.h"

namespace photocat::test {

void writeUntrainedCheckpoint(const std::string &path, int size)
{
    auto net = core::createModel({"resnet-small", 3, 1, 4});
    net->eval();
    core::saveCheckpoint(
        path, net, nullptr,
        {{"model", core::toJson(net->config())},
         {"classes", {"shoe", "bag", "shirt"}},
         {"temperature", 1.0},
         {"preprocessing",
          {{"channels", 1}, {"size", size}, {"resize", size}, {"mean", {0.5}}, {"std", {0.25}}}}});
}

} // namespace photocat::test
