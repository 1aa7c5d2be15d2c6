#pragma once

#include <QObject>
#include <QStringList>

class QTranslator;

namespace photocat::ui {

/** Installs photocat's and Qt's translators; switching needs no restart (widgets retranslate
    on QEvent::LanguageChange). */
class LanguageManager : public QObject
{
    Q_OBJECT

public:
    static LanguageManager *instance();

    /** "en", "pl", "pt_BR". */
    QStringList availableLanguages() const;
    static QString displayName(const QString &language);
    QString language() const { return mLanguage; }
    /** Installs the language and remembers it in QSettings; false when it has no translation. */
    bool setLanguage(const QString &language);
    /** Applies the saved language (or the system's when photocat has it). */
    void restore();
    /** Sets the C library's number format back to C after QApplication set it from the
        environment: the engine formats its HTML report and messages with printf, and under a
        decimal-comma locale "0.50" became "0,50" (the report's rgba() colours broke).
        The widgets format numbers with QLocale and are unaffected. */
    static void keepCNumbers();

Q_SIGNALS:
    void languageChanged(const QString &language);

private:
    explicit LanguageManager(QObject *parent = nullptr);

    QString mLanguage = QStringLiteral("en");
    QTranslator *mApp = nullptr;
    QTranslator *mQt = nullptr;
};

} // namespace photocat::ui
