// photocat: the desktop application.
#include "common/languagemanager.h"
#include "common/mainwindow.h"
#include "common/threadpools.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QStandardPaths>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    photocat::ui::LanguageManager::keepCNumbers();
    QApplication::setOrganizationName(QStringLiteral("photocat"));
    QApplication::setApplicationName(QStringLiteral("photocat"));
    QApplication::setApplicationVersion(QStringLiteral(PHOTOCAT_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/photocat.svg")));
    photocat::ui::LanguageManager::instance()->restore();
    photocat::ui::endIdleThreadsSoon(*QThreadPool::globalInstance());

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Teach a model to choose a product photo's category"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption workspace({QStringLiteral("w"), QStringLiteral("workspace")},
                                 QApplication::translate("main", "Workspace folder to open"),
                                 QStringLiteral("DIR"));
    parser.addOption(workspace);
    parser.process(app);

    photocat::ui::MainWindow window;
    QString dir = parser.value(workspace);
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
              QStringLiteral("/photocat/default");
    if (QDir(dir).exists())
        window.openWorkspace(dir);
    window.show();
    return app.exec();
}
