#pragma once

#include "inference/policy.h"

#include <QDialog>
#include <QFutureWatcher>
#include <QTimer>

#include <memory>
#include <thread>

class QCheckBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace photocat::core {
class Server;
} // namespace photocat::core

namespace photocat::ui {

/**
 * "Serve this model…": runs photocat serve's endpoint (SageMaker's /invocations, /v1/classify
 * and the seller's page) for the Classify page's model inside the app. Start loads the model
 * and binds on a worker thread; the endpoint then runs on its own thread; the live counters
 * refresh twice a second. Stop (or closing the app) drains: requests in flight are answered.
 */
class ServeDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ServeDialog(QWidget *parent = nullptr);
    ~ServeDialog() override;

    /** The model and rule to serve; takes effect at the next Start. */
    void setModel(const QString &checkpoint, const core::PolicyThresholds &thresholds);
    /** 0: any free port (tests). */
    void setPort(int port);

    void start();
    void stop();
    bool isServing() const { return mServer != nullptr; }
    /** The address the endpoint answers on, empty when stopped. */
    QString url() const { return mUrl; }
    quint64 requestCount() const { return mRequests; }

Q_SIGNALS:
    void servingChanged(bool serving);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void refresh();
    void started(std::shared_ptr<core::Server> server, int port, const QString &error);

    QString mCheckpoint;
    core::PolicyThresholds mThresholds;
    std::shared_ptr<core::Server> mServer;
    std::thread mThread;
    QFutureWatcher<void> mStarting;
    QFuture<void> mDraining; ///< the stopped server finishing its open connections
    QTimer mTimer;
    QString mUrl, mError;
    quint64 mRequests = 0;

    QLabel *mModelLabel, *mPortLabel, *mUrlLabel, *mCounts;
    QSpinBox *mPort;
    QCheckBox *mPublic;
    QPushButton *mStartStop, *mClose;
};

} // namespace photocat::ui
