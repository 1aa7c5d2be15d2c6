#include "io/onnxexport.h"

#include "common/atomicfile.h"
#include "io/weightinfo.h"

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

namespace fs = std::filesystem;

namespace photocat::core {

namespace {

constexpr int kOpset = 13;
constexpr int kIrVersion = 7; // the IR version that came with opset 13 (ONNX 1.8)

/** Builds the ONNX graph node by node from the state_dict's tensors, which it adds as
    initializers by their photocat (torchvision) names. */
class GraphBuilder
{
public:
    GraphBuilder(onnx::GraphProto &graph, const PlainModel &model) : mGraph(graph)
    {
        for (const auto &t : model.tensors)
            mTensors.emplace(t.name, &t);
    }

    const PlainModel::Tensor &tensor(const std::string &name) const
    {
        const auto it = mTensors.find(name);
        if (it == mTensors.end())
            throw std::runtime_error("the checkpoint has no tensor \"" + name + "\"");
        return *it->second;
    }

    bool has(const std::string &name) const { return mTensors.count(name) != 0; }

    /** Adds the state_dict tensor as an initializer (once) and returns its name. */
    std::string weight(const std::string &name)
    {
        if (mAdded.insert(name).second) {
            const auto &t = tensor(name);
            addInitializer(name, t.shape, t.values);
        }
        return name;
    }

    void addInitializer(const std::string &name, const std::vector<int64_t> &shape,
                        const std::vector<float> &values)
    {
        onnx::TensorProto *init = mGraph.add_initializer();
        init->set_name(name);
        init->set_data_type(onnx::TensorProto::FLOAT);
        for (int64_t d : shape)
            init->add_dims(d);
        // raw_data is little-endian, as float is on every machine photocat builds for.
        init->set_raw_data(std::string(reinterpret_cast<const char *>(values.data()),
                                       values.size() * sizeof(float)));
    }

    std::string node(const std::string &op, const std::vector<std::string> &inputs,
                     const std::string &output = {})
    {
        mLast = mGraph.add_node();
        mLast->set_op_type(op);
        mLast->set_name(op + "_" + std::to_string(mGraph.node_size()));
        for (const auto &in : inputs)
            mLast->add_input(in);
        const std::string out = output.empty() ? "t" + std::to_string(mGraph.node_size()) : output;
        mLast->add_output(out);
        return out;
    }

    void ints(const std::string &name, const std::vector<int64_t> &values)
    {
        onnx::AttributeProto *a = mLast->add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::INTS);
        for (int64_t v : values)
            a->add_ints(v);
    }

    void integer(const std::string &name, int64_t value)
    {
        onnx::AttributeProto *a = mLast->add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::INT);
        a->set_i(value);
    }

    void real(const std::string &name, float value)
    {
        onnx::AttributeProto *a = mLast->add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::FLOAT);
        a->set_f(value);
    }

    /** A bias-free convolution whose kernel size comes from its weight; padding k / 2. */
    std::string conv(const std::string &prefix, const std::string &x, int64_t stride)
    {
        const auto &w = tensor(prefix + ".weight");
        if (w.shape.size() != 4)
            throw std::runtime_error(prefix + ".weight is not a 2-D convolution's weight");
        const int64_t k = w.shape[2], pad = k / 2;
        const std::string out = node("Conv", {x, weight(prefix + ".weight")});
        ints("kernel_shape", {k, w.shape[3]});
        ints("strides", {stride, stride});
        ints("pads", {pad, pad, pad, pad});
        return out;
    }

    std::string batchNorm(const std::string &prefix, const std::string &x)
    {
        const std::string out =
            node("BatchNormalization",
                 {x, weight(prefix + ".weight"), weight(prefix + ".bias"),
                  weight(prefix + ".running_mean"), weight(prefix + ".running_var")});
        real("epsilon", 1e-5f); // torch.nn.BatchNorm2d's default, as photocat builds them
        return out;
    }

    std::string relu(const std::string &x) { return node("Relu", {x}); }

private:
    onnx::GraphProto &mGraph;
    onnx::NodeProto *mLast = nullptr;
    std::map<std::string, const PlainModel::Tensor *> mTensors;
    std::set<std::string> mAdded;
};

struct ResNetLayout
{
    bool bottleneck;
    std::vector<int> blocks;
    bool smallStem;
};

ResNetLayout resnetLayout(const std::string &name)
{
    if (name == "resnet-small")
        return {false, {2, 2, 2, 2}, true};
    if (name == "resnet18")
        return {false, {2, 2, 2, 2}, false};
    if (name == "resnet34")
        return {false, {3, 4, 6, 3}, false};
    if (name == "resnet50")
        return {true, {3, 4, 6, 3}, false};
    throw std::runtime_error("ONNX export covers resnet-small, resnet18, resnet34 and resnet50, "
                             "not " +
                             name +
                             ": export it as .pth and convert it in Python with "
                             "torch.onnx.export (the .json beside it says how to build it)");
}

/** torchvision's ResNet (v1.5: the stride on the bottleneck's 3x3) as photocat builds it. */
std::string resnetGraph(GraphBuilder &g, const ResNetLayout &layout, std::string x)
{
    x = g.relu(g.batchNorm("bn1", g.conv("conv1", x, layout.smallStem ? 1 : 2)));
    if (!layout.smallStem) {
        x = g.node("MaxPool", {x});
        g.ints("kernel_shape", {3, 3});
        g.ints("strides", {2, 2});
        g.ints("pads", {1, 1, 1, 1});
    }
    for (int stage = 0; stage < 4; ++stage) {
        for (int i = 0; i < layout.blocks[size_t(stage)]; ++i) {
            const std::string p = "layer" + std::to_string(stage + 1) + "." + std::to_string(i);
            const int64_t stride = i == 0 && stage > 0 ? 2 : 1;
            std::string y;
            if (layout.bottleneck) {
                y = g.relu(g.batchNorm(p + ".bn1", g.conv(p + ".conv1", x, 1)));
                y = g.relu(g.batchNorm(p + ".bn2", g.conv(p + ".conv2", y, stride)));
                y = g.batchNorm(p + ".bn3", g.conv(p + ".conv3", y, 1));
            } else {
                y = g.relu(g.batchNorm(p + ".bn1", g.conv(p + ".conv1", x, stride)));
                y = g.batchNorm(p + ".bn2", g.conv(p + ".conv2", y, 1));
            }
            const std::string shortcut =
                g.has(p + ".downsample.0.weight")
                    ? g.batchNorm(p + ".downsample.1", g.conv(p + ".downsample.0", x, stride))
                    : x;
            x = g.relu(g.node("Add", {y, shortcut}));
        }
    }
    x = g.node("GlobalAveragePool", {x});
    x = g.node("Flatten", {x});
    g.integer("axis", 1);
    const std::string logits =
        g.node("Gemm", {x, g.weight("fc.weight"), g.weight("fc.bias")}, "logits");
    g.integer("transB", 1);
    return logits;
}

void setTensorType(onnx::ValueInfoProto *value, const std::string &name,
                   const std::vector<int64_t> &dims)
{
    value->set_name(name);
    auto *type = value->mutable_type()->mutable_tensor_type();
    type->set_elem_type(onnx::TensorProto::FLOAT);
    auto *shape = type->mutable_shape();
    shape->add_dim()->set_dim_param("batch");
    for (int64_t d : dims)
        shape->add_dim()->set_dim_value(d);
}

void addMetadata(onnx::ModelProto &model, const std::string &key, const std::string &value)
{
    auto *prop = model.add_metadata_props();
    prop->set_key(key);
    prop->set_value(value);
}

} // namespace

bool onnxExportAvailable() { return true; }

OnnxExportResult exportOnnx(const std::string &checkpoint, const std::string &onnxPath)
{
    if (sameFile(onnxPath, checkpoint))
        throw std::runtime_error(onnxPath + ": the export would overwrite its checkpoint");
    const PlainModel plain = readPlainModel(checkpoint);
    const std::string arch = plain.model.at("name").get<std::string>();
    const ResNetLayout layout = resnetLayout(arch);
    const int classes = plain.model.at("num_classes").get<int>();
    const int channels = plain.model.at("in_channels").get<int>();
    const nlohmann::json pre = plain.meta.value("preprocessing", nlohmann::json::object());
    const int size = pre.value("size", 224);
    const double temperature = plain.meta.value("temperature", 1.0);

    onnx::ModelProto model;
    model.set_ir_version(kIrVersion);
    model.set_producer_name("photocat");
    model.set_producer_version(PHOTOCAT_VERSION);
    model.set_model_version(1);
    model.set_doc_string("photocat " + arch + ": " + std::to_string(classes) +
                         " categories; input preprocessed as metadata 'preprocessing' says");
    auto *opset = model.add_opset_import();
    opset->set_domain("");
    opset->set_version(kOpset);

    onnx::GraphProto &graph = *model.mutable_graph();
    graph.set_name("photocat_" + arch);
    setTensorType(graph.add_input(), "image", {channels, size, size});
    GraphBuilder g(graph, plain);
    const std::string logits = resnetGraph(g, layout, "image");
    g.addInitializer("temperature", {1}, {float(temperature)});
    const std::string scaled = g.node("Div", {logits, "temperature"});
    g.node("Softmax", {scaled}, "probabilities");
    g.integer("axis", 1);
    setTensorType(graph.add_output(), "logits", {classes});
    setTensorType(graph.add_output(), "probabilities", {classes});

    addMetadata(model, "classes", plain.meta.value("classes", nlohmann::json::array()).dump());
    addMetadata(model, "preprocessing", pre.dump());
    addMetadata(model, "model", plain.model.dump());
    addMetadata(model, "temperature", nlohmann::json(temperature).dump());
    if (plain.meta.contains("display_names"))
        addMetadata(model, "display_names", plain.meta["display_names"].dump());
    if (plain.meta.contains("policy"))
        addMetadata(model, "policy", plain.meta["policy"].dump());

    try {
        onnx::checker::check_model(model);
    } catch (const std::exception &e) {
        throw std::runtime_error(std::string("the ONNX model fails ONNX's checker: ") + e.what());
    }

    OnnxExportResult r;
    r.path = onnxPath;
    r.opset = kOpset;
    r.nodes = size_t(graph.node_size());
    r.initializers = size_t(graph.initializer_size());
    std::string bytes;
    if (!model.SerializeToString(&bytes))
        throw std::runtime_error(onnxPath + ": cannot serialize the ONNX model");
    writeFileAtomically(onnxPath, bytes);
    return r;
}

} // namespace photocat::core
