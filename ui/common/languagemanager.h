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

Q_SIGNALS:
    void languageChanged(const QString &language);

private:
    explicit LanguageManager(QObject *parent = nullptr);

    QString mLanguage = QStringLiteral("en");
    QTranslator *mApp = nullptr;
    QTranslator *mQt = nullptr;
};

} // namespace photocat::ui
