#include "common/languagemanager.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

#include <clocale>

namespace photocat::ui {

LanguageManager *LanguageManager::instance()
{
    static auto *manager = new LanguageManager(QCoreApplication::instance());
    return manager;
}

LanguageManager::LanguageManager(QObject *parent) : QObject(parent) {}

QStringList LanguageManager::availableLanguages() const
{
    return {QStringLiteral("en"), QStringLiteral("pl"), QStringLiteral("pt_BR")};
}

QString LanguageManager::displayName(const QString &language)
{
    if (language == QLatin1String("pl"))
        return QStringLiteral("Polski");
    if (language == QLatin1String("pt_BR"))
        return QStringLiteral("Português (Brasil)");
    return QStringLiteral("English");
}

bool LanguageManager::setLanguage(const QString &language)
{
    if (!availableLanguages().contains(language))
        return false;
    for (QTranslator **t : {&mApp, &mQt}) {
        if (*t) {
            QCoreApplication::removeTranslator(*t);
            delete *t;
            *t = nullptr;
        }
    }
    if (language != QLatin1String("en")) {
        mApp = new QTranslator(this);
        if (!mApp->load(QStringLiteral(":/i18n/photocat_%1.qm").arg(language))) {
            delete mApp;
            mApp = nullptr;
            return false;
        }
        QCoreApplication::installTranslator(mApp);
        mQt = new QTranslator(this);
        if (mQt->load(QStringLiteral("qtbase_%1").arg(language),
                      QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            QCoreApplication::installTranslator(mQt);
    }
    mLanguage = language;
    QSettings().setValue(QStringLiteral("language"), language);
    Q_EMIT languageChanged(language);
    return true;
}

void LanguageManager::restore()
{
    QString language = QSettings().value(QStringLiteral("language")).toString();
    if (language.isEmpty()) {
        const QString system = QLocale::system().name();
        language = system.startsWith(QLatin1String("pl")) ? QStringLiteral("pl")
                   : system == QLatin1String("pt_BR")     ? QStringLiteral("pt_BR")
                                                          : QStringLiteral("en");
    }
    setLanguage(language);
}

void LanguageManager::keepCNumbers() { std::setlocale(LC_NUMERIC, "C"); }

} // namespace photocat::ui
