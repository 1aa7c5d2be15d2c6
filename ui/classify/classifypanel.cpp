#include "classify/classifypanel.h"

#include "classify/servedialog.h"
#include "common/imagefile.h"
#include "common/similardialog.h"
#include "common/threadpools.h"
#include "data/photoinputs.h"
#include "evaluation/metrics.h"
#include "inference/heatmap.h"
#include "inference/predictor.h"
#include "store/workspace.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QProgressBar>
#include <QPromise>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QSlider>
#include <QTemporaryDir>
#include <QTextStream>
#include <QtConcurrent>

namespace photocat::ui {

namespace {

QString decisionText(core::Decision d)
{
    switch (d) {
    case core::Decision::Auto: return ClassifyPanel::tr("Auto: category chosen");
    case core::Decision::Shortlist: return ClassifyPanel::tr("Shortlist: seller picks one");
    case core::Decision::Manual: break;
    }
    return ClassifyPanel::tr("Manual: seller chooses from all");
}

QString csvField(const QString &s)
{
    return QString::fromStdString(core::csvField(s.toStdString()));
}

} // namespace

ClassifyPanel::ClassifyPanel(QWidget *parent) : QWidget(parent)
{
    setAcceptDrops(true);
    mPool.setMaxThreadCount(1); // the predictor is used by one thread at a time
    endIdleThreadsSoon(mPool);
    mHint = new QLabel(this);
    mHint->setAlignment(Qt::AlignCenter);
    mHint->setStyleSheet(
        QStringLiteral("QLabel { border: 2px dashed #999; padding: 18px; color: #555; }"));
    mModelLabel = new QLabel(this);
    mModelLabel->setWordWrap(true);
    mOpen = new QPushButton(this);
    mChooseModel = new QPushButton(this);
    mServe = new QPushButton(this);
    mExport = new QPushButton(this);
    mClear = new QPushButton(this);
    mAutoLabel = new QLabel(this);
    mShortlistLabel = new QLabel(this);
    mAuto = new QDoubleSpinBox(this);
    mShortlist = new QDoubleSpinBox(this);
    for (auto *box : {mAuto, mShortlist}) {
        box->setRange(0, 1);
        box->setSingleStep(0.05);
        box->setDecimals(4); // thresholds chosen from a precision target are that fine
    }
    mAuto->setValue(0.90);
    mShortlist->setValue(0.50);
    mAutoLabel->setBuddy(mAuto);
    mShortlistLabel->setBuddy(mShortlist);
    mShowWhy = new QCheckBox(this);
    mOpacity = new QSlider(Qt::Horizontal, this);
    mOpacity->setRange(0, 100);
    mOpacity->setValue(50);
    mOpacity->setFixedWidth(90);
    mOpacity->setEnabled(false);

    auto *bar = new QHBoxLayout;
    bar->addWidget(mOpen);
    bar->addWidget(mChooseModel);
    bar->addWidget(mAutoLabel);
    bar->addWidget(mAuto);
    bar->addWidget(mShortlistLabel);
    bar->addWidget(mShortlist);
    bar->addWidget(mShowWhy);
    bar->addWidget(mOpacity);
    bar->addStretch();
    bar->addWidget(mServe);
    bar->addWidget(mExport);
    bar->addWidget(mClear);

    mRowsWidget = new QWidget(this);
    mRows = new QVBoxLayout(mRowsWidget);
    mRows->addStretch();
    mScroll = new QScrollArea(this);
    mScroll->setWidgetResizable(true);
    mScroll->setWidget(mRowsWidget);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(mModelLabel);
    layout->addWidget(mHint);
    layout->addWidget(mScroll, 1);

    connect(mOpen, &QPushButton::clicked, this, [this] {
        const QStringList files = QFileDialog::getOpenFileNames(
            this, tr("Open Product Photos"), QString(),
            tr("Images (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff)"));
        classify(files);
    });
    connect(mChooseModel, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Choose Model"), mCheckpoint,
                                                          tr("Checkpoints (*.pt)"));
        if (!file.isEmpty())
            setCheckpoint(file);
    });
    connect(mServe, &QPushButton::clicked, this, &ClassifyPanel::showServeDialog);
    connect(mExport, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getSaveFileName(this, tr("Export Suggestions"),
                                                          QStringLiteral("suggestions.csv"),
                                                          tr("CSV files (*.csv)"));
        if (!file.isEmpty() && !exportCsv(file))
            Q_EMIT errorOccurred(tr("Cannot write %1").arg(file));
    });
    connect(mClear, &QPushButton::clicked, this, [this] {
        mResults.clear();
        rebuildRows();
    });
    for (auto *box : {mAuto, mShortlist})
        connect(box, &QDoubleSpinBox::valueChanged, this, &ClassifyPanel::rebuildRows);
    connect(mShowWhy, &QCheckBox::toggled, this, &ClassifyPanel::setShowWhy);
    connect(mOpacity, &QSlider::valueChanged, this, &ClassifyPanel::rebuildRows);
    auto *pasteShortcut = new QShortcut(QKeySequence::Paste, this);
    connect(pasteShortcut, &QShortcut::activated, this, &ClassifyPanel::paste);
    retranslateUi();
}

ClassifyPanel::~ClassifyPanel() { mPool.waitForDone(); }

void ClassifyPanel::retranslateUi()
{
    mHint->setText(tr("Drop product photos here, paste one (Ctrl+V), or use Open…"));
    mOpen->setText(tr("&Open…"));
    mChooseModel->setText(tr("Choose &Model…"));
    mServe->setText(tr("Ser&ve This Model…"));
    mServe->setToolTip(tr("Run the HTTP endpoint (SageMaker's /invocations, /v1/classify and the "
                          "seller's page) for this model"));
    mExport->setText(tr("&Export CSV…"));
    mClear->setText(tr("C&lear"));
    mShowWhy->setText(tr("Show &why"));
    mShowWhy->setToolTip(tr("Show where each photo holds the evidence for its suggested category "
                            "(Grad-CAM heat map: red is the strongest)"));
    mOpacity->setToolTip(tr("Heat map opacity"));
    mAutoLabel->setText(tr("&Auto at:"));
    mShortlistLabel->setText(tr("S&hortlist at:"));
    mModelLabel->setText(mCheckpoint.isEmpty() ? tr("No trained model yet: train one first.")
                                               : tr("Model: %1").arg(mCheckpoint));
    QStringList chosen;
    if (mModelPolicy)
        for (const auto &m : mModelPolicy->messages)
            chosen << QString::fromStdString(m);
    const QString why = chosen.isEmpty() ? QString()
                                         : tr("Chosen for this model on its validation photos:\n%1")
                                               .arg(chosen.join(QLatin1Char('\n')));
    mAuto->setToolTip(why);
    mShortlist->setToolTip(why);
    rebuildRows();
}

ServeDialog *ClassifyPanel::showServeDialog()
{
    if (!mServeDialog)
        mServeDialog = new ServeDialog(this);
    mServeDialog->setModel(mCheckpoint, thresholds());
    mServeDialog->show();
    mServeDialog->raise();
    return mServeDialog;
}

void ClassifyPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void ClassifyPanel::setWorkspace(core::Workspace *workspace)
{
    mWorkspace = workspace;
    const std::string checkpoint = workspace ? workspace->newestCheckpoint() : std::string();
    if (!checkpoint.empty())
        setCheckpoint(QString::fromStdString(checkpoint));
}

void ClassifyPanel::setCheckpoint(const QString &checkpoint)
{
    if (checkpoint == mCheckpoint)
        return;
    mCheckpoint = checkpoint;
    mPredictor.reset();
    mModelPolicy.reset();
    mClassNames.clear();
    retranslateUi();
    // Load now, off the GUI thread, so the first drop only pays for one prediction.
    auto mutex = mPredictorMutex;
    struct Loaded
    {
        std::shared_ptr<core::Predictor> predictor;
        QString error;
    };
    auto future = QtConcurrent::run(&mPool, [checkpoint, mutex] {
        std::lock_guard lock(*mutex);
        Loaded loaded;
        try {
            loaded.predictor = std::make_shared<core::Predictor>(checkpoint.toStdString(), "auto");
        } catch (const std::exception &e) {
            loaded.error = QString::fromStdString(e.what());
        }
        return loaded;
    });
    auto *watcher = new QFutureWatcher<Loaded>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, checkpoint] {
        watcher->deleteLater();
        if (checkpoint != mCheckpoint)
            return;
        const Loaded loaded = watcher->result();
        mPredictor = loaded.predictor;
        if (!mPredictor) {
            Q_EMIT errorOccurred(tr("Cannot load model %1: %2").arg(checkpoint, loaded.error));
            return;
        }
        std::vector<std::string> names = mPredictor->classNames();
        try {
            names = mWorkspace ? mWorkspace->displayNamesFor(names) : names;
        } catch (const std::exception &) {
            // The workspace's class table cannot be read: the model's own names.
        }
        for (const auto &c : names)
            mClassNames << QString::fromStdString(c);
        mModelPolicy = mPredictor->policy();
        if (mModelPolicy) {
            const auto &t = mModelPolicy->thresholds;
            setThresholds(t.autoAssign, std::min(t.shortlist, t.autoAssign));
        }
        retranslateUi();
        if (!mPending.isEmpty()) {
            const QStringList pending = mPending;
            mPending.clear();
            classify(pending);
        }
    });
    watcher->setFuture(future);
}

void ClassifyPanel::classify(const QStringList &inputs)
{
    std::vector<std::string> items;
    for (const QString &in : inputs)
        if (!in.isEmpty())
            items.push_back(in.toStdString());
    if (items.empty())
        return;
    if (mCheckpoint.isEmpty()) {
        Q_EMIT errorOccurred(tr("No model to classify with: train one or choose a checkpoint."));
        return;
    }
    if (!mPredictor) { // still loading: predict once it is ready
        mPending << inputs;
        return;
    }
    auto predictor = mPredictor;
    auto mutex = mPredictorMutex;
    const bool explain = mShowWhy->isChecked();
    auto *watcher = new QFutureWatcher<PhotoPrediction>(this);
    connect(watcher, &QFutureWatcherBase::resultReadyAt, this,
            [this, watcher](int i) { addResult(watcher->resultAt(i)); });
    connect(watcher, &QFutureWatcherBase::finished, watcher, &QObject::deleteLater);
    watcher->setFuture(QtConcurrent::run(&mPool, [items, predictor, mutex,
                                                  explain](QPromise<PhotoPrediction> &promise) {
        // Dropped folders are walked here, as predict walks them (sorted, hidden files
        // skipped), not on the GUI thread.
        std::lock_guard lock(*mutex);
        for (const std::string &file : core::expandPhotoInputs(items)) {
            const QString path = QString::fromStdString(file);
            if (promise.isCanceled())
                return;
            PhotoPrediction p{path, {}, {}, {}, nullptr};
            // The row's picture is decoded here, once, not on the GUI thread at every redraw.
            p.thumbnail = readImageForDisplay(path, 96);
            try {
                p.probabilities = predictor->probabilities(path.toStdString());
                if (explain)
                    p.explanation =
                        std::make_shared<core::Explanation>(predictor->explain(path.toStdString()));
            } catch (const std::exception &e) {
                if (p.probabilities.empty())
                    p.error = QString::fromStdString(e.what());
            }
            promise.addResult(p);
        }
    }));
}

void ClassifyPanel::paste()
{
    const QMimeData *mime = QApplication::clipboard()->mimeData();
    if (!mime)
        return;
    if (mime->hasUrls()) {
        QStringList paths;
        for (const QUrl &url : mime->urls())
            if (url.isLocalFile())
                paths << url.toLocalFile();
        classify(paths);
    } else if (mime->hasImage()) {
        if (!mPasteDir)
            mPasteDir = std::make_unique<QTemporaryDir>();
        const QString file =
            mPasteDir->filePath(QStringLiteral("pasted-%1.png").arg(mResults.size()));
        if (qvariant_cast<QImage>(mime->imageData()).save(file))
            classify({file});
    }
}

void ClassifyPanel::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void ClassifyPanel::dropEvent(QDropEvent *event)
{
    QStringList paths;
    for (const QUrl &url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    event->acceptProposedAction();
    classify(paths);
}

core::PolicyThresholds ClassifyPanel::thresholds() const
{
    core::PolicyThresholds t = mModelPolicy ? mModelPolicy->thresholds : core::PolicyThresholds{};
    t.autoAssign = mAuto->value();
    t.shortlist = std::min(mShortlist->value(), mAuto->value());
    return t;
}

void ClassifyPanel::setThresholds(double autoAssign, double shortlist)
{
    mAuto->setValue(autoAssign);
    mShortlist->setValue(shortlist);
}

core::Suggestion ClassifyPanel::suggestion(size_t i) const
{
    return core::decide(mResults.at(i).probabilities, thresholds());
}

bool ClassifyPanel::showsWhy() const { return mShowWhy->isChecked(); }

double ClassifyPanel::overlayOpacity() const { return mOpacity->value() / 100.0; }

void ClassifyPanel::setOverlayOpacity(double opacity)
{
    mOpacity->setValue(int(std::lround(100 * std::clamp(opacity, 0.0, 1.0))));
}

void ClassifyPanel::setShowWhy(bool on)
{
    if (mShowWhy->isChecked() != on) {
        mShowWhy->setChecked(on); // toggled() comes back here
        return;
    }
    mOpacity->setEnabled(on);
    rebuildRows();
    if (!on || !mPredictor)
        return;
    // The photos shown without a map get one, on the prediction thread.
    QStringList missing;
    for (const auto &p : mResults)
        if (p.error.isEmpty() && !p.explanation)
            missing << p.path;
    if (missing.isEmpty())
        return;
    using Maps = std::vector<std::pair<QString, std::shared_ptr<const core::Explanation>>>;
    auto predictor = mPredictor;
    auto mutex = mPredictorMutex;
    auto *watcher = new QFutureWatcher<Maps>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        for (const auto &[path, map] : watcher->result())
            for (auto &p : mResults)
                if (p.path == path && !p.explanation && p.error.isEmpty())
                    p.explanation = map;
        rebuildRows();
    });
    watcher->setFuture(QtConcurrent::run(&mPool, [missing, predictor, mutex] {
        std::lock_guard lock(*mutex);
        Maps maps;
        for (const QString &path : missing) {
            try {
                maps.emplace_back(path, std::make_shared<core::Explanation>(
                                            predictor->explain(path.toStdString())));
            } catch (const std::exception &) {
                // The photo was classified before: it can only have gone since; no map.
            }
        }
        return maps;
    }));
}

SimilarDialog *ClassifyPanel::showMoreLikeThis(size_t i)
{
    if (!mWorkspace || mCheckpoint.isEmpty() || i >= mResults.size())
        return nullptr;
    if (!mSimilar)
        mSimilar = new SimilarDialog(this);
    mSimilar->find(QString::fromStdString(mWorkspace->directory()), mCheckpoint, 0,
                   mResults[i].path);
    mSimilar->show();
    mSimilar->raise();
    return mSimilar;
}

QImage ClassifyPanel::rowPicture(size_t i) const
{
    const PhotoPrediction &p = mResults.at(i);
    if (!showsWhy() || !p.explanation)
        return p.thumbnail;
    int side = 0;
    const std::vector<uint8_t> rgb =
        core::heatmapOverlayRgb(*p.explanation, overlayOpacity(), side, 96);
    if (rgb.empty())
        return p.thumbnail;
    // A deep copy: scaled() to the size it has already would share rgb's memory.
    return QImage(rgb.data(), side, side, side * 3, QImage::Format_RGB888)
        .copy()
        .scaled(96, 96, Qt::KeepAspectRatio, Qt::SmoothTransformation);
}

void ClassifyPanel::addResult(const PhotoPrediction &p)
{
    mResults.push_back(p);
    mRows->insertWidget(mRows->count() - 1, makeRow(mResults.size() - 1));
    if (!p.error.isEmpty())
        Q_EMIT errorOccurred(p.error);
    Q_EMIT predictionAdded(int(mResults.size()) - 1);
}

void ClassifyPanel::rebuildRows()
{
    while (mRows->count() > 1) {
        QLayoutItem *item = mRows->takeAt(0);
        delete item->widget();
        delete item;
    }
    for (size_t i = 0; i < mResults.size(); ++i)
        mRows->insertWidget(mRows->count() - 1, makeRow(i));
}

QWidget *ClassifyPanel::makeRow(size_t index)
{
    const PhotoPrediction &p = mResults[index];
    auto *row = new QWidget(mRowsWidget);
    auto *layout = new QHBoxLayout(row);
    auto *picture = new QLabel(row);
    picture->setPixmap(QPixmap::fromImage(rowPicture(index)));
    picture->setFixedSize(100, 100);
    if (showsWhy() && p.explanation) {
        const int c = p.explanation->category;
        picture->setToolTip(tr("Where the photo holds the evidence for %1 (red: the strongest)")
                                .arg(c < mClassNames.size() ? mClassNames[c] : QString::number(c)));
    }
    layout->addWidget(picture);
    auto *info = new QVBoxLayout;
    info->addWidget(new QLabel(QFileInfo(p.path).fileName(), row));
    if (!p.error.isEmpty()) {
        info->addWidget(new QLabel(tr("Cannot classify: %1").arg(p.error), row));
    } else {
        const auto s = suggestion(index);
        auto *decision = new QLabel(decisionText(s.decision), row);
        decision->setObjectName(QStringLiteral("decision"));
        QFont bold = decision->font();
        bold.setBold(true);
        decision->setFont(bold);
        info->addWidget(decision);
        const auto order = core::rankClasses(p.probabilities);
        for (size_t k = 0; k < std::min<size_t>(3, order.size()); ++k) {
            const int c = order[k];
            auto *bar = new QProgressBar(row);
            bar->setRange(0, 1000);
            bar->setValue(int(1000 * p.probabilities[size_t(c)]));
            bar->setFormat(QStringLiteral("%1  %2%")
                               .arg(c < mClassNames.size() ? mClassNames[c] : QString::number(c))
                               .arg(100.0 * p.probabilities[size_t(c)], 0, 'f', 1));
            const bool chosen =
                std::find(s.categories.begin(), s.categories.end(), c) != s.categories.end() &&
                s.decision != core::Decision::Manual;
            bar->setStyleSheet(
                chosen ? QStringLiteral("QProgressBar::chunk { background: #2e7d32; }")
                       : QStringLiteral("QProgressBar::chunk { background: #7a8ca5; }"));
            info->addWidget(bar);
        }
    }
    layout->addLayout(info, 1);
    if (p.error.isEmpty() && mWorkspace) {
        auto *more = new QPushButton(tr("More like this"), row);
        more->setToolTip(tr("The workspace's images most similar to this photo"));
        connect(more, &QPushButton::clicked, this, [this, index] { showMoreLikeThis(index); });
        layout->addWidget(more, 0, Qt::AlignTop);
    }
    return row;
}

bool ClassifyPanel::exportCsv(const QString &fileName) const
{
    QFile file(fileName);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        return false;
    QTextStream out(&file);
    out << "path,decision,suggested,top1,p1,top2,p2,top3,p3,error\n";
    for (size_t i = 0; i < mResults.size(); ++i) {
        const auto &p = mResults[i];
        out << csvField(p.path);
        if (!p.error.isEmpty()) {
            out << ",error,,,,,,,," << csvField(p.error) << '\n';
            continue;
        }
        const auto s = suggestion(i);
        QStringList suggested;
        for (int c : s.categories)
            suggested << mClassNames.value(c);
        out << ',' << core::decisionName(s.decision) << ','
            << csvField(s.decision == core::Decision::Manual ? QString()
                                                             : suggested.join(QLatin1Char(';')));
        const auto order = core::rankClasses(p.probabilities);
        for (size_t k = 0; k < 3; ++k) {
            if (k < order.size())
                out << ',' << csvField(mClassNames.value(order[k])) << ','
                    << p.probabilities[size_t(order[k])];
            else
                out << ",,";
        }
        out << ",\n";
    }
    return out.status() == QTextStream::Ok;
}

} // namespace photocat::ui
