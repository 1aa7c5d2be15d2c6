#pragma once

#include "store/workspace.h"

#include <QString>
#include <QUndoCommand>

#include <functional>

namespace photocat::ui {

/** An image's label, status and split: what review and labeling change. */
struct LabelState
{
    int label = -1;
    core::ImageStatus status = core::ImageStatus::Ok;
    core::Split split = core::Split::None;
};

/**
 * One label or status change, written to the workspace at once (each in its own SQLite
 * transaction through the label history, so a crash loses nothing) and undoable: undo writes
 * the previous state back, also through the history.
 */
class LabelChange : public QUndoCommand
{
public:
    using Applied =
        std::function<void(qint64 imageId, const LabelState &state, const QString &error)>;

    LabelChange(core::Workspace *workspace, qint64 imageId, LabelState before, LabelState after,
                const QString &source, Applied applied, const QString &text);

    void redo() override { apply(mAfter, mSource); }
    void undo() override { apply(mBefore, QStringLiteral("undo")); }

private:
    void apply(const LabelState &state, const QString &source);

    core::Workspace *mWorkspace;
    qint64 mImageId;
    LabelState mBefore, mAfter;
    QString mSource;
    Applied mApplied;
};

/** The current state of an image, for building a LabelChange. */
LabelState labelStateOf(core::Workspace &workspace, qint64 imageId);

} // namespace photocat::ui
