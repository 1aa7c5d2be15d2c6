#pragma once

#include "store/workspace.h"

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace photocat::core {

/**
 * The writes of one import, in one transaction: nothing is visible to other connections until
 * commit(), and a batch destroyed without commit() (an error, a cancel) leaves the workspace as
 * it was. The importer decides what to write; this is the only place its SQL lives.
 */
class ImportBatch
{
public:
    /** What the workspace already indexes for a file path. */
    struct IndexedFile
    {
        int64_t id = 0;
        int64_t bytes = 0;
        int64_t mtimeNs = 0;
        ImageStatus status = ImageStatus::Ok;
    };
    /** A labeled image that has no split yet. */
    struct Unsplit
    {
        int64_t id = 0;
        std::string path;
        int label = 0;
    };

    /** Begins the transaction (the write lock): construct it only when the writes start, not
        before slow work such as probing headers. */
    explicit ImportBatch(Workspace &workspace);
    ~ImportBatch();

    /** Every indexed file by path; read before a batch begins. */
    static std::unordered_map<std::string, IndexedFile> indexedFiles(Workspace &workspace);
    /** Adds an image: path, bytes, mtimeNs, header fields, label (-1 unlabeled) and split. */
    void insert(const ImageRecord &image);
    /** A changed file: new size, time and header, status back to Ok. */
    void updateHeader(int64_t imageId, const ImageRecord &image);
    void setStatus(int64_t imageId, ImageStatus status);
    void setSplit(int64_t imageId, Split split);
    void setSplitOfPath(const std::string &path, Split split);
    /** Labeled images with status Ok and no split, in id order. */
    std::vector<Unsplit> unsplitLabeled();
    /** Replaces the skipped-file list under a folder (prefix ends in '/') with these. */
    void replaceSkipped(const std::string &prefix, const std::vector<SkippedRecord> &skipped);
    void commit();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace photocat::core
