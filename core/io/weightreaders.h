#pragma once

// Torch-heavy header, internal to core/io: the weight-file readers behind readWeights() and
// inspectWeights(), and the dtype table the exporter shares. None of them runs code from the
// file; every size is checked against the file before anything is allocated.
#include "io/weights.h"

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace photocat::core::weightio {

/** A dtype's names in torch.save pickles, safetensors headers and for people. */
struct DtypeName
{
    const char *storage, *safetensors, *name;
    torch::ScalarType type;
};
/** The entry of a dtype, or null for one no weight file format here holds. */
const DtypeName *dtypeOf(torch::ScalarType type);

/** "[3, 64, 7, 7]" */
std::string shapeText(const std::vector<int64_t> &shape);
/** Elements of a shape; throws std::runtime_error naming what when negative or past 2^40. */
int64_t elements(const std::vector<int64_t> &shape, const std::string &what);

/** The format by the first bytes: "zip", "pth (legacy)", "safetensors", or "" for anything
    else. Throws std::runtime_error when the file cannot be opened. */
std::string sniff(const std::string &path);

/**
 * What a torch.save zip archive (PyTorch >= 1.6) holds, read as data: a plain state_dict, or
 * a photocat checkpoint. Checkpoint version 2 is photocat's own torch.save layout (a dict of
 * "photocat", "meta", "model", "optimizer" and "rng"); version 1 is the TorchScript-module
 * layout photocat wrote before, whose records are read from its pickle as data. No code from
 * the file runs: any other TorchScript archive is refused.
 */
struct ZipContents
{
    int checkpointVersion = 0;                  ///< 0: not a photocat checkpoint
    std::string meta;                           ///< checkpoints: their JSON metadata
    std::vector<WeightFileInfo::Entry> entries; ///< the model's tensors: names, shapes, dtypes
    std::vector<NamedTensor> tensors;           ///< withData: the model's tensors
    std::vector<NamedTensor> optimizer;         ///< withData, version 2: the optimizer's state
    torch::Tensor rng;                          ///< withData, checkpoints: the CPU RNG state
};
ZipContents readZip(const std::string &path, bool withData);

/** torch.save's legacy format (before 1.6), read whole. */
std::vector<NamedTensor> readLegacy(const std::string &path);
/** A value of an archive's top-level dict: text, an integer, a tensor or a state_dict. */
using ArchiveValue = std::variant<std::string, int64_t, torch::Tensor, std::vector<NamedTensor>>;

/** Writes a torch.save zip archive that torch.load reads: data.pkl holds the state_dict
    (an OrderedDict), or a dict of the entries. Atomic: a temp file beside path, fsync, rename,
    fsync of the folder; a write error (disk full) throws std::runtime_error and leaves the
    previous file as it was. */
void writeArchive(const std::string &path, const std::vector<NamedTensor> &stateDict);
void writeArchive(const std::string &path,
                  const std::vector<std::pair<std::string, ArchiveValue>> &entries);

/** .safetensors: the tensors, or only the header's names and shapes. */
std::vector<NamedTensor> readSafetensors(const std::string &path);
std::vector<WeightFileInfo::Entry> listSafetensors(const std::string &path);

} // namespace photocat::core::weightio
