#include "classify/servedialog.h"

#include "serving/server.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace photocat::ui {

namespace {

/** What the start-up thread hands back to the GUI thread. */
struct Started
{
    std::shared_ptr<core::Server> server;
    int port = 0;
    QString error;
};

} // namespace

ServeDialog::ServeDialog(QWidget *parent) : QDialog(parent)
{
    mModelLabel = new QLabel(this);
    mModelLabel->setWordWrap(true);
    mPortLabel = new QLabel(this);
    mPort = new QSpinBox(this);
    mPort->setRange(0, 65535);
    mPort->setValue(8080);
    mPortLabel->setBuddy(mPort);
    mPublic = new QCheckBox(this);
    mUrlLabel = new QLabel(this);
    mUrlLabel->setOpenExternalLinks(true);
    mUrlLabel->setTextInteractionFlags(Qt::TextBrowserInteraction);
    mCounts = new QLabel(this);
    mCounts->setWordWrap(true);
    mStartStop = new QPushButton(this);
    mClose = new QPushButton(this);

    auto *form = new QFormLayout;
    form->addRow(mPortLabel, mPort);
    form->addRow(QString(), mPublic);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(mStartStop, QDialogButtonBox::ActionRole);
    buttons->addButton(mClose, QDialogButtonBox::RejectRole);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mModelLabel);
    layout->addLayout(form);
    layout->addWidget(mUrlLabel);
    layout->addWidget(mCounts);
    layout->addStretch();
    layout->addWidget(buttons);

    connect(mStartStop, &QPushButton::clicked, this, [this] { isServing() ? stop() : start(); });
    connect(mClose, &QPushButton::clicked, this, &QDialog::hide);
    mTimer.setInterval(500);
    connect(&mTimer, &QTimer::timeout, this, &ServeDialog::refresh);
    retranslateUi();
}

ServeDialog::~ServeDialog()
{
    mStarting.waitForFinished();
    stop();
    mDraining.waitForFinished();
}

void ServeDialog::setModel(const QString &checkpoint, const core::PolicyThresholds &thresholds)
{
    mCheckpoint = checkpoint;
    mThresholds = thresholds;
    refresh();
}

void ServeDialog::setPort(int port) { mPort->setValue(port); }

void ServeDialog::start()
{
    if (isServing() || mStarting.isRunning() || mCheckpoint.isEmpty())
        return;
    core::ServeOptions o;
    o.checkpoint = mCheckpoint.toStdString();
    o.port = mPort->value();
    o.host = mPublic->isChecked() ? "0.0.0.0" : "127.0.0.1";
    o.thresholds = mThresholds;
    mError.clear();
    auto result = std::make_shared<Started>();
    // Loading the model and binding take a moment (and may fail): not on the GUI thread.
    mStarting.disconnect(this);
    connect(&mStarting, &QFutureWatcher<void>::finished, this,
            [this, result] { started(result->server, result->port, result->error); });
    mStarting.setFuture(QtConcurrent::run([o, result] {
        try {
            auto server = std::make_shared<core::Server>(o);
            result->port = server->bind();
            result->server = std::move(server);
        } catch (const std::exception &e) {
            result->error = QString::fromStdString(e.what());
        }
    }));
    refresh();
}

void ServeDialog::started(std::shared_ptr<core::Server> server, int port, const QString &error)
{
    if (!server) {
        mError = error;
        refresh();
        return;
    }
    mServer = std::move(server);
    mThread = std::thread([server = mServer] { server->run(); });
    const QString host =
        mPublic->isChecked() ? QStringLiteral("0.0.0.0") : QStringLiteral("127.0.0.1");
    mUrl = QStringLiteral("http://%1:%2/").arg(host).arg(port);
    mTimer.start();
    refresh();
    Q_EMIT servingChanged(true);
}

void ServeDialog::stop()
{
    if (!mServer)
        return;
    // The listening socket closes now; connections still open (a browser's kept-alive one
    // waits up to cpp-httplib's keep-alive timeout) finish on a pool thread, not the GUI's.
    mServer->stop();
    auto thread = std::make_shared<std::thread>(std::move(mThread));
    mDraining = QtConcurrent::run([server = std::move(mServer), thread] { thread->join(); });
    mTimer.stop();
    mUrl.clear();
    refresh();
    Q_EMIT servingChanged(false);
}

void ServeDialog::refresh()
{
    const bool serving = isServing(), starting = mStarting.isRunning();
    mModelLabel->setText(mCheckpoint.isEmpty() ? tr("No trained model yet: train one first.")
                                               : tr("Model: %1").arg(mCheckpoint));
    mPort->setEnabled(!serving && !starting);
    mPublic->setEnabled(!serving && !starting);
    mStartStop->setEnabled(!starting && !mCheckpoint.isEmpty());
    mStartStop->setText(serving ? tr("&Stop") : tr("&Start"));
    if (!mError.isEmpty())
        mUrlLabel->setText(tr("Could not start: %1").arg(mError.toHtmlEscaped()));
    else if (starting)
        mUrlLabel->setText(tr("Loading the model…"));
    else if (serving)
        mUrlLabel->setText(tr("Serving on <a href=\"%1\">%1</a> — the seller's page; "
                              "POST photos to %1invocations or %1v1/classify")
                               .arg(mUrl));
    else
        mUrlLabel->setText(tr("Stopped."));
    if (!serving) {
        mCounts->clear();
        return;
    }
    const core::ServerStats s = mServer->stats();
    mRequests = s.requests;
    const auto decisions = [&s](const char *kind) {
        const auto it = s.decisions.find(kind);
        return it == s.decisions.end() ? quint64(0) : quint64(it->second);
    };
    mCounts->setText(tr("%n request(s) answered, %1 refused; decisions: %2 auto, %3 shortlist, "
                        "%4 manual",
                        nullptr, int(s.requests))
                         .arg(s.refused)
                         .arg(decisions("auto"))
                         .arg(decisions("shortlist"))
                         .arg(decisions("manual")));
}

void ServeDialog::retranslateUi()
{
    setWindowTitle(tr("Serve This Model"));
    mPortLabel->setText(tr("&Port:"));
    mPort->setSpecialValueText(tr("any free port"));
    mPublic->setText(tr("&Reachable from other machines (listen on all addresses)"));
    mClose->setText(tr("&Close"));
    refresh();
}

void ServeDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

} // namespace photocat::ui
