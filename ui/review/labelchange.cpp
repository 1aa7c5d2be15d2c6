#include "review/labelchange.h"

namespace photocat::ui {

LabelChange::LabelChange(core::Workspace *workspace, qint64 imageId, LabelState before,
                         LabelState after, const QString &source, Applied applied,
                         const QString &text)
    : QUndoCommand(text), mWorkspace(workspace), mImageId(imageId), mBefore(before), mAfter(after),
      mSource(source), mApplied(std::move(applied))
{}

void LabelChange::apply(const LabelState &state, const QString &source)
{
    QString error;
    try {
        mWorkspace->setLabelState(mImageId, state.label, state.status, state.split,
                                  source.toStdString());
    } catch (const std::exception &e) {
        error = QString::fromStdString(e.what());
    }
    if (mApplied)
        mApplied(mImageId, labelStateOf(*mWorkspace, mImageId), error);
}

LabelState labelStateOf(core::Workspace &workspace, qint64 imageId)
{
    const auto image = workspace.image(imageId);
    if (!image)
        return {};
    return {image->label, image->status, image->split};
}

} // namespace photocat::ui
