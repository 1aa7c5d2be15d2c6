#pragma once

// Torch-heavy header, internal to core/io: the weight-file readers behind readWeights() and
// inspectWeights(), and the dtype table the exporter shares. None of them runs code from the
// file; every size is checked against the file before anything is allocated.
#include "io/weights.h"

#include <string>
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

/** torch.save's zip archive (PyTorch >= 1.6): the tensors, or only their names and shapes. */
std::vector<NamedTensor> readZip(const std::string &path);
std::vector<WeightFileInfo::Entry> listZip(const std::string &path);
/** torch.save's legacy format (before 1.6), read whole. */
std::vector<NamedTensor> readLegacy(const std::string &path);
/** .safetensors: the tensors, or only the header's names and shapes. */
std::vector<NamedTensor> readSafetensors(const std::string &path);
std::vector<WeightFileInfo::Entry> listSafetensors(const std::string &path);

} // namespace photocat::core::weightio
