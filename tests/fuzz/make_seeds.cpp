// fuzz_seeds DIR: writes each fuzz target's seed corpus, valid files made by photocat's own
// writers and the tests' image helpers, into DIR/<target>/. tests/fuzz/corpus was made by it
// (`make fuzz-seeds` regenerates it); fuzzing then adds what it finds.
#include "io/checkpoint.h"
#include "io/recordio.h"
#include "io/weightreaders.h"
#include "io/weights.h"
#include "testdata.h"

#include <zip.h>

#include <filesystem>
#include <iostream>

namespace fs = std::filesystem;
using namespace photocat;

namespace {

std::string le64(uint64_t v) { return std::string(reinterpret_cast<const char *>(&v), 8); }
std::string le32(uint32_t v) { return std::string(reinterpret_cast<const char *>(&v), 4); }

std::string zipEntry(const std::string &zipPath, const std::string &name)
{
    int error = 0;
    zip_t *z = zip_open(zipPath.c_str(), ZIP_RDONLY, &error);
    zip_stat_t st;
    zip_stat(z, name.c_str(), 0, &st);
    std::string out(size_t(st.size), '\0');
    zip_file_t *f = zip_fopen(z, name.c_str(), 0);
    zip_fread(f, out.data(), st.size);
    zip_fclose(f);
    zip_discard(z);
    return out;
}

/** A legacy torch.save file holding {"w": tensor of 2 floats}. */
std::string legacyPth()
{
    std::string s("\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19.\x80\x02M\xe9\x03.",
                  21);
    s += std::string("\x80\x02}q\x00(X\x0d\x00\x00\x00little_endian\x88u.", 27);
    s += "\x80\x02}(X" + le32(1) + "wctorch._utils\n_rebuild_tensor_v2\n((X" + le32(7) +
         "storagectorch\nFloatStorage\nX" + le32(1) + "0X" + le32(3) + "cpuK\x02tQK" +
         std::string(1, '\0') + "(K\x02t(K\x01t\x89}tRu.";
    s += "\x80\x02](X" + le32(1) + "0e.";
    const float values[2] = {1.5f, -2.0f};
    return s + le64(2) + std::string(reinterpret_cast<const char *>(values), 8);
}

std::string safetensors()
{
    const std::string header =
        R"({"__metadata__":{"format":"pt"},"fc.weight":{"dtype":"F32","shape":[2,2],)"
        R"("data_offsets":[0,16]},"fc.bias":{"dtype":"BF16","shape":[2],"data_offsets":[16,20]}})";
    return le64(header.size()) + header + std::string(20, '\x3f');
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::cerr << "usage: fuzz_seeds DIR\n";
        return 2;
    }
    const fs::path out(argv[1]);
    for (const char *t : {"pickle", "pth_zip", "pth_legacy", "safetensors", "checkpoint", "idx",
                          "lst", "csv", "imageprobe", "upload", "recordio"})
        fs::create_directories(out / t);
    auto put = [&](const std::string &target, const std::string &name, const std::string &bytes) {
        test::writeFile((out / target / name).string(), bytes);
    };

    // Weights: a state_dict .pth, a checkpoint with optimizer state, their pickles.
    torch::manual_seed(1);
    auto net = core::createModel({"resnet-small", 2, 1, 4});
    const fs::path tmp = fs::temp_directory_path() / "photocat-fuzz-seeds";
    fs::create_directories(tmp);
    core::writeStateDict((tmp / "sd.pth").string(),
                         {{"fc.weight", torch::randn({2, 3})}, {"fc.bias", torch::zeros({2})}});
    torch::optim::SGD sgd(net->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9));
    net->forward(torch::randn({2, 1, 8, 8})).sum().backward();
    sgd.step();
    nlohmann::json meta = {
        {"model", core::toJson(net->config())},
        {"classes", {"a", "b"}},
        {"preprocessing",
         {{"channels", 1}, {"size", 8}, {"resize", 8}, {"mean", {0.5}}, {"std", {0.25}}}}};
    core::saveCheckpoint((tmp / "ckpt.pt").string(), net, &sgd, meta);
    put("pth_zip", "state_dict.pth", test::readFile((tmp / "sd.pth").string()));
    put("pth_zip", "checkpoint.pt", test::readFile((tmp / "ckpt.pt").string()));
    put("checkpoint", "checkpoint.pt", test::readFile((tmp / "ckpt.pt").string()));
    put("pickle", "state_dict.pkl", zipEntry((tmp / "sd.pth").string(), "archive/data.pkl"));
    put("pickle", "checkpoint.pkl", zipEntry((tmp / "ckpt.pt").string(), "archive/data.pkl"));
    put("pickle", "legacy.pkl", legacyPth());
    put("pth_legacy", "legacy.pth", legacyPth());
    put("safetensors", "two.safetensors", safetensors());
    fs::remove_all(tmp);

    // IDX: images and labels, plain and gzip-compressed.
    std::vector<uint8_t> pixels(3 * 4 * 4);
    for (size_t i = 0; i < pixels.size(); ++i)
        pixels[i] = uint8_t(i * 7);
    test::writeIdx((out / "idx" / "images-idx3-ubyte").string(), {3, 4, 4}, pixels);
    test::writeIdx((out / "idx" / "labels-idx1-ubyte.gz").string(), {3}, {0, 1, 2});

    // Lists and class maps.
    put("lst", "data.lst", "0\t1\timgs/a.png\n1\t0.000000\tb/c.jpg\n2\t3\t/abs/x.png\n");
    put("lst", "classes.txt", "0\tSandal\n1,Shirt\n# comment\nBag\n");
    put("csv", "data.csv",
        "path,label,split\nimgs/a.png,Shoe,train\n\"b, c.png\",\"Bag \"\"x\"\"\",val\n"
        "../x.png,Shirt,test\n");

    // Image headers (and, for uploads, whole pictures): each format, gray and color, and EXIF.
    std::vector<uint8_t> rgb(6 * 4 * 3, 100), gray(6 * 4, 50);
    for (const char *target : {"imageprobe", "upload"}) {
        for (const char *ext : {"png", "jpg", "bmp", "webp", "tif"}) {
            test::writeImage((out / target / (std::string("rgb.") + ext)).string(), rgb, 6, 4, 3);
            test::writeImage((out / target / (std::string("gray.") + ext)).string(), gray, 6, 4, 1);
        }
        test::writeJpegWithOrientation((out / target / "exif6.jpg").string(), 6, 4, 6);
    }
    // Uploads larger than the fuzz model's 36-pixel resize: the eval crop decodes a region.
    std::vector<uint8_t> photo(60 * 40 * 3);
    for (size_t i = 0; i < photo.size(); ++i)
        photo[i] = uint8_t(i * 13 % 251);
    test::writeImage((out / "upload" / "rgb60x40.jpg").string(), photo, 60, 40, 3);
    test::writeImage((out / "upload" / "gray40x60.jpg").string(), photo, 40, 60, 1);
    // RecordIO: a record with a PNG, a split one (its data holds the magic word), a
    // multi-label one; an index and an im2rec list.
    {
        core::RecordHeader h;
        h.label = 1;
        h.id = 3;
        test::writeImage((tmp.string() + "-r.png"), gray, 6, 4, 1);
        const std::string png = test::readFile(tmp.string() + "-r.png");
        fs::remove(tmp.string() + "-r.png");
        std::string rec = core::encodeRecord(core::packImageRecord(h, png));
        const std::string magic("\x0a\x23\xd7\xce", 4);
        rec += core::encodeRecord(core::packImageRecord(h, "ABCD" + magic + "EFGH" + magic));
        h.labels = {2.f, 5.f};
        rec += core::encodeRecord(core::packImageRecord(h, png));
        put("recordio", "three.rec", rec);
        put("recordio", "data.idx", "3\t0\n4\t256\n");
        put("recordio", "data.lst", "0\t1.000000\tc/a.png\n1\t0.000000\t2.0\tb.jpg\n");
    }
    std::cout << "seeds written to " << out << '\n';
    return 0;
}
