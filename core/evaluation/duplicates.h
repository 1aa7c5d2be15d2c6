#pragma once

#include "common/stopflag.h"
#include "store/workspace.h"

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace photocat::core {

/** One image's perceptual hashes, with what the duplicate report says about it. */
struct HashedImage
{
    int64_t imageId = 0;
    std::string path;
    int label = -1;
    Split split = Split::None;
    uint64_t hash = 0;     ///< perceptualHash() of the image
    uint64_t mirrored = 0; ///< and of its mirror image
    /** The 16x16 gray thumbnail as z-scores x 32 (a hash match is confirmed on it). */
    std::array<int8_t, 256> thumbnail{};
};

/**
 * A 64-bit DCT perceptual hash (pHash) of a 32x32 gray image (row-major): the 8x8 lowest
 * frequencies but the constant term, each bit set when its coefficient is above their median.
 * Resizing, recompression and changes of brightness or contrast move few bits; unrelated
 * photos differ in about 32. mirrored receives the hash of the image flipped left to right
 * (the same coefficients, odd horizontal frequencies negated), so mirror copies are found
 * without decoding twice.
 */
uint64_t perceptualHash(const float *gray32x32, uint64_t *mirrored = nullptr);

/** The 16x16 thumbnail of a 32x32 gray image (2x2 means), as z-scores x 32 clamped to int8. */
std::array<int8_t, 256> thumbnailOf(const float *gray32x32);

/** Decodes a photo as the loader does (probed first, large JPEGs decoded scaled down) and
    fills image's hashes and thumbnail; false with error set for a file that is not a picture
    photocat decodes. */
bool hashImageFile(const std::string &path, HashedImage &image, std::string *error = nullptr);

/** Bits that differ, the mirror image counting as the same photo. */
int hashDistance(const HashedImage &a, const HashedImage &b);

/** The correlation of two thumbnails (-1..1), the better of as they are and one mirrored. */
double thumbnailSimilarity(const HashedImage &a, const HashedImage &b);

/** Photos that are copies of one another, linked by hash distances up to the threshold. */
struct DuplicateGroup
{
    std::vector<size_t> members; ///< indices into the hashed images, in input order
    int maxDistance = 0;         ///< the largest distance of a link in the group
    bool crossSplit = false;     ///< members in train and in val or test: a leak
    bool conflictingLabels = false;
    bool byFeatures = false; ///< a member is a copy by the model's features only
};

/** Copies that a hash does not see (crops, another photo of the same item), from a model's
    features: candidate pairs and the similarity that decides each member. */
struct FeatureLinks
{
    std::vector<std::pair<size_t, size_t>> pairs;     ///< image indices, a < b
    std::function<double(size_t, size_t)> similarity; ///< cosine of two images' features
    double minSimilarity = 0.98;
};

/**
 * Groups copies: images whose hashes are within maxDistance (exact search over all pairs, on
 * all cores: 70,000 images are 2.4 billion pairs, about 9 s on 2 cores) and whose thumbnails
 * correlate at minSimilarity or more. The hash alone links too much on small, uniform photos
 * (on Fashion-MNIST, 9 shoes of two categories share one hash), and every member must be a
 * copy of its group's first image, so similar photos do not chain into one huge group.
 * Groups with conflicting labels come first, then those crossing splits, then by size.
 * Empty when stop is set.
 */
std::vector<DuplicateGroup> groupDuplicates(const std::vector<HashedImage> &images, int maxDistance,
                                            double minSimilarity = 0.99,
                                            const StopFlag *stop = nullptr,
                                            const FeatureLinks *features = nullptr);

struct DuplicateRequest
{
    int maxDistance = 8;         ///< of 64 bits; copies measured 0-6, unrelated photos ~32
    double minSimilarity = 0.99; ///< thumbnail correlation a hash match must also reach
    int threads = 0;             ///< decoding threads; 0: one per core
    /** A model whose features also find copies (cosine >= minFeatureSimilarity, exact search
        over all pairs; features cached per model as for "More like this"); empty: hashes only. */
    std::string checkpoint;
    /** Model-dependent: a model trained to tell categories apart makes items of a category
        alike (resnet-small on Fashion-MNIST: 138,523 pairs at 0.998, 284 at 0.9995). */
    double minFeatureSimilarity = 0.999;
    std::string device = "auto";
    std::function<void(size_t, size_t)> progress; ///< (images hashed, total)
    const StopFlag *stop = nullptr;
};

struct DuplicateReport
{
    std::vector<HashedImage> images;
    std::vector<DuplicateGroup> groups;
    std::vector<std::string> skippedFiles; ///< not decodable: named, not hashed
    double hashSeconds = 0, searchSeconds = 0;
    size_t featurePairs = 0; ///< pairs of images at minFeatureSimilarity or more
    bool featurePairsTruncated = false;
    double featureSeconds = 0; ///< features (cached after the first time) and their pairs
    bool cancelled = false;
};

/** Hashes every image of the workspace (labeled or not, any split) and groups the copies. */
DuplicateReport findDuplicates(Workspace &workspace, const DuplicateRequest &request);

} // namespace photocat::core
