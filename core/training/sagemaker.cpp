#include "training/sagemaker.h"

#include "data/importer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace photocat::core {

namespace {

/** The hyperparameters: strings (SageMaker sends every value as one) or JSON scalars. */
class Hyperparameters
{
public:
    explicit Hyperparameters(const nlohmann::json &j)
    {
        if (!j.is_object())
            throw std::invalid_argument("hyperparameters.json is not a JSON object");
        for (const auto &[name, value] : j.items())
            mValues[name] = value.is_string() ? value.get<std::string>() : value.dump();
    }

    bool has(const std::string &name)
    {
        mUsed.insert(name);
        return mValues.count(name) > 0;
    }

    std::string text(const std::string &name, const std::string &fallback)
    {
        return has(name) ? mValues[name] : fallback;
    }

    double number(const std::string &name, double fallback, double lo, double hi)
    {
        if (!has(name))
            return fallback;
        const std::string &v = mValues[name];
        size_t used = 0;
        double x = 0;
        try {
            x = std::stod(v, &used);
        } catch (const std::exception &) {
            used = 0;
        }
        if (used == 0 || used != v.size() || !std::isfinite(x))
            fail(name, "\"" + v + "\" is not a number");
        if (x < lo || x > hi)
            fail(name, v + " is out of range [" + format(lo) + ", " + format(hi) + "]");
        return x;
    }

    int integer(const std::string &name, int fallback, int lo, int hi)
    {
        const double x = number(name, fallback, lo, hi);
        if (x != std::floor(x))
            fail(name, "\"" + mValues[name] + "\" is not a whole number");
        return int(x);
    }

    bool flag(const std::string &name, bool fallback)
    {
        if (!has(name))
            return fallback;
        std::string v = mValues[name];
        std::transform(v.begin(), v.end(), v.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        if (v == "1" || v == "true")
            return true;
        if (v == "0" || v == "false")
            return false;
        fail(name, "\"" + mValues[name] + "\" is not a boolean (true/false, 1/0)");
        return false;
    }

    [[noreturn]] static void fail(const std::string &name, const std::string &why)
    {
        throw std::invalid_argument("hyperparameter " + name + ": " + why);
    }

    /** Names never asked for: unknown to photocat. */
    std::vector<std::string> unused() const
    {
        std::vector<std::string> out;
        for (const auto &[name, value] : mValues)
            if (!mUsed.count(name))
                out.push_back(name);
        return out;
    }

private:
    static std::string format(double x)
    {
        std::ostringstream s;
        s << x;
        return s.str();
    }

    std::map<std::string, std::string> mValues;
    std::set<std::string> mUsed;
};

/** The built-in algorithm's names that photocat reads but does not act on. */
const std::set<std::string> kIgnored = {"beta_1",
                                        "beta_2",
                                        "checkpoint_frequency",
                                        "eps",
                                        "epsilon",
                                        "gamma",
                                        "kv_store",
                                        "multi_label",
                                        "resize",
                                        "use_weighted_loss",
                                        "augmentation_type_test"};

std::vector<std::string> filesIn(const std::string &dir, const std::set<std::string> &exts)
{
    std::vector<std::string> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::string ext = it->path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        if (exts.count(ext) && fs::is_regular_file(it->path()))
            out.push_back(it->path().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

SageMakerJob readSageMakerJob(const std::string &root)
{
    SageMakerJob job;
    job.root = root;
    const std::string file = root + "/input/config/hyperparameters.json";
    nlohmann::json j = nlohmann::json::object();
    std::ifstream in(file);
    if (in) {
        try {
            j = nlohmann::json::parse(in);
        } catch (const nlohmann::json::exception &) {
            throw std::invalid_argument(file + ": not JSON");
        }
    } else {
        job.notes.push_back(file + " is missing: every hyperparameter takes its default");
    }
    Hyperparameters h(j);
    TrainOptions &o = job.request.options;

    if (!h.has("num_classes"))
        Hyperparameters::fail("num_classes", "missing (the number of categories, required)");
    job.numClasses = h.integer("num_classes", 0, 2, 100000);
    job.numTrainingSamples = int64_t(h.number("num_training_samples", 0, 1, 1e12));

    const int layers = h.integer("num_layers", 18, 1, 1000);
    if (layers != 18 && layers != 34 && layers != 50)
        Hyperparameters::fail("num_layers", std::to_string(layers) +
                                                " is not supported (photocat trains 18, 34 or 50)");
    o.model = "resnet" + std::to_string(layers);

    const std::string shape = h.text("image_shape", "3,224,224");
    int c = 0, height = 0, width = 0;
    char comma1 = 0, comma2 = 0;
    std::istringstream shapeIn(shape);
    if (!(shapeIn >> c >> comma1 >> height >> comma2 >> width) || comma1 != ',' || comma2 != ',' ||
        !shapeIn.eof())
        Hyperparameters::fail("image_shape", "\"" + shape + "\" is not CHANNELS,HEIGHT,WIDTH");
    if (c != 1 && c != 3)
        Hyperparameters::fail("image_shape", "channels must be 1 or 3, not " + std::to_string(c));
    if (height != width || height < kMinInputSize || height > kMaxInputSize)
        Hyperparameters::fail("image_shape",
                              "photocat trains square inputs of " + std::to_string(kMinInputSize) +
                                  " to " + std::to_string(kMaxInputSize) + " pixels, not " + shape);
    job.request.channels = c;
    job.request.inputSize = height;

    o.epochs = h.integer("epochs", 30, 1, 100000);
    o.learningRate = h.number("learning_rate", 0.1, 1e-12, 10);
    o.batchSize = h.integer("mini_batch_size", 32, 1, 100000);
    const std::string optimizer = h.text("optimizer", "sgd");
    if (optimizer == "sgd" || optimizer == "nag") {
        o.optimizer = "sgd";
        o.nesterov = optimizer == "nag";
    } else if (optimizer == "adam") {
        o.optimizer = "adamw";
        job.notes.push_back("optimizer adam: photocat's AdamW (weight decay decoupled)");
    } else {
        Hyperparameters::fail("optimizer", "\"" + optimizer + "\" is not sgd, adam or nag");
    }
    o.momentum = h.number("momentum", 0.9, 0, 0.999);
    o.weightDecay = h.number("weight_decay", 0.0001, 0, 1);
    // The built-in algorithm: a constant rate, or steps at the given epochs; no warmup.
    o.warmupEpochs = 0;
    o.schedule = "constant";
    const std::string steps = h.text("lr_scheduler_step", "");
    if (!steps.empty()) {
        o.schedule = "step";
        std::stringstream ss(steps);
        for (std::string part; std::getline(ss, part, ',');) {
            size_t used = 0;
            int e = -1;
            try {
                e = std::stoi(part, &used);
            } catch (const std::exception &) {
                used = 0;
            }
            if (used == 0 || used != part.size() || e < 0)
                Hyperparameters::fail("lr_scheduler_step",
                                      "\"" + steps + "\" is not a list of epochs like 10,20");
            o.stepEpochs.push_back(e);
        }
    }
    o.stepFactor = h.number("lr_scheduler_factor", 0.1, 1e-9, 1);

    const std::string augmentation = h.text("augmentation_type", "");
    if (augmentation.empty()) {
        o.augmentation.crop = "none";
        o.augmentation.flip = false;
    } else if (augmentation == "crop") {
        o.augmentation.crop = "rrc";
    } else if (augmentation == "crop_color") {
        o.augmentation.crop = "rrc";
        o.augmentation.colorJitter = 0.4f;
    } else if (augmentation == "crop_color_transform") {
        o.augmentation.crop = "rrc";
        o.augmentation.colorJitter = 0.4f;
        o.augmentation.minScale = 0.08f;
        job.notes.push_back("augmentation_type crop_color_transform: random-resized crops down "
                            "to 8% of the image with color jitter (no rotation or shear)");
    } else {
        Hyperparameters::fail("augmentation_type", "\"" + augmentation +
                                                       "\" is not crop, crop_color or "
                                                       "crop_color_transform");
    }

    if (h.flag("early_stopping", false)) {
        o.patience = h.integer("early_stopping_patience", 5, 1, 100000);
        o.minEpochs = h.integer("early_stopping_min_epochs", 10, 0, 100000);
        o.minImprovement = h.number("early_stopping_tolerance", 0.0, 0, 1);
    } else {
        for (const char *name :
             {"early_stopping_patience", "early_stopping_min_epochs", "early_stopping_tolerance"})
            if (h.has(name))
                job.notes.push_back(std::string(name) + " ignored: early_stopping is off");
    }
    o.topK = h.integer("top_k", 0, 0, 100000);
    const std::string precision = h.text("precision_dtype", "float32");
    if (precision == "float32") {
        o.precision = "fp32";
    } else if (precision == "float16") {
        o.precision = "bf16";
        job.notes.push_back("precision_dtype float16: bf16 autocast (fp32 weights)");
    } else {
        Hyperparameters::fail("precision_dtype", "\"" + precision + "\" is not float32 or float16");
    }
    if (h.flag("use_pretrained_model", false)) {
        const auto weights =
            filesIn(job.channel("pretrained"), {".pth", ".pt", ".safetensors", ".bin"});
        if (weights.empty())
            Hyperparameters::fail("use_pretrained_model",
                                  "1, but the pretrained channel (" + job.channel("pretrained") +
                                      ") holds no .pth, .pt or .safetensors file");
        o.weights = weights.front();
    }
    for (const auto &name : h.unused())
        job.notes.push_back(kIgnored.count(name)
                                ? "hyperparameter " + name + " is not used by photocat"
                                : "unknown hyperparameter " + name + " (ignored)");
    return job;
}

std::vector<std::string> importSageMakerChannels(Workspace &workspace, const SageMakerJob &job)
{
    std::vector<std::string> notes;
    // Class names: a classes.txt beside the data (photocat-cli export-rec writes one), else
    // the label numbers.
    std::string classMap;
    for (const char *channel : {"train", "train_lst", "validation", "validation_lst"}) {
        const std::string candidate = job.channel(channel) + "/classes.txt";
        if (classMap.empty() && fs::is_regular_file(candidate))
            classMap = candidate;
    }
    if (classMap.empty()) {
        classMap = workspace.directory() + "/classes.txt";
        std::ofstream out(classMap, std::ios::trunc);
        for (int i = 0; i < job.numClasses; ++i)
            out << i << '\n';
        if (!out.flush())
            throw std::runtime_error(classMap + ": cannot write");
    } else {
        notes.push_back("class names from " + classMap);
    }

    for (const auto &[channel, split] :
         {std::pair<std::string, Split>{"train", Split::Train}, {"validation", Split::Val}}) {
        const std::string dir = job.channel(channel);
        if (!fs::is_directory(dir))
            throw std::runtime_error("the " + channel + " channel is missing (" + dir + ")");
        ImportOptions o;
        o.classMap = classMap;
        o.split = split;
        std::vector<std::string> sources = filesIn(dir, {".rec"});
        if (sources.empty()) {
            sources = filesIn(job.channel(channel + "_lst"), {".lst"});
            o.listRoot = dir;
        }
        if (sources.empty())
            throw std::runtime_error("the " + channel + " channel (" + dir +
                                     ") holds no .rec file, and " + job.channel(channel + "_lst") +
                                     " no .lst file");
        for (const auto &source : sources) {
            o.source = source;
            const ImportReport r = importDataset(workspace, o);
            notes.push_back(channel + ": " + std::to_string(r.added + r.unchanged + r.updated) +
                            " images from " + source +
                            (r.skipped.empty() ? std::string()
                                               : ", " + std::to_string(r.skipped.size()) +
                                                     " skipped (first: " + r.skipped[0].path +
                                                     ": " + r.skipped[0].reason + ")"));
            for (const auto &n : r.notes)
                notes.push_back(channel + ": " + n);
        }
    }
    const auto names = workspace.classNames();
    if (int(names.size()) != job.numClasses)
        throw std::runtime_error("num_classes is " + std::to_string(job.numClasses) +
                                 " but the data's labels name " + std::to_string(names.size()) +
                                 " classes");
    ImageFilter train;
    train.split = Split::Train;
    const int64_t trainCount = workspace.imageCount(train);
    if (trainCount == 0)
        throw std::runtime_error("the train channel holds no usable image");
    if (job.numTrainingSamples > 0 && job.numTrainingSamples != trainCount)
        notes.push_back("num_training_samples is " + std::to_string(job.numTrainingSamples) +
                        "; the train channel holds " + std::to_string(trainCount) + " images");
    return notes;
}

void writeSageMakerFailure(const std::string &root, const std::string &reason)
{
    std::error_code ec;
    fs::create_directories(root + "/output", ec);
    std::string line = reason;
    std::replace(line.begin(), line.end(), '\n', ' ');
    std::ofstream(root + "/output/failure", std::ios::trunc) << line << '\n';
}

} // namespace photocat::core
