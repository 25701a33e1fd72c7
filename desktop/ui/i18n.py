"""Language: Vietnamese by default, English second; switching needs no restart.

Source strings are English; `resources/i18n/caseline_vi.ts` holds the Vietnamese
translation (compiled to `caseline_vi.qm` with `pyside6-lrelease`), and `qtbase_vi.ts` that
of the Qt strings the app shows (QFileDialog, QMessageBox, QPlatformTheme's standard
buttons, QLineEdit's and QWidgetTextControl's context menus). Installing a
translator makes Qt send `LanguageChange` to every widget; long-lived widgets answer it
with `retranslate_ui()`. Errors (`desktop.errors`) and taxonomy labels follow the same code.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, QTranslator, Signal

from desktop import errors

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
log = logging.getLogger(__name__)


def i18n_dir() -> Path:
    try:
        from desktop.domain.paths import resources_dir

        return Path(resources_dir()) / "i18n"
    except ImportError:  # the domain's helper is not there yet
        return Path(__file__).resolve().parents[2] / "resources" / "i18n"


class Language(QObject):
    """The active UI language. One per application."""

    changed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.code = ""
        self._translator: QTranslator | None = None
        self._qt_translator: QTranslator | None = None

    def set(self, code: str) -> None:
        code = "en" if code.lower().startswith("en") else "vi"
        if code == self.code:
            return
        app = QCoreApplication.instance()
        for translator in (self._translator, self._qt_translator):
            if translator is not None:
                app.removeTranslator(translator)
        self._translator = self._qt_translator = None
        if code == "vi":
            # Qt's own strings first (file dialog, message-box and button-box buttons, the
            # line-edit menu): the PySide6 wheels carry no Vietnamese Qt catalogue.
            qt_translator = QTranslator(self)
            if qt_translator.load(str(i18n_dir() / "qtbase_vi.qm")):
                app.installTranslator(qt_translator)
                self._qt_translator = qt_translator
            else:
                log.warning("qtbase_vi.qm could not be loaded")
            translator = QTranslator(self)
            if translator.load(str(i18n_dir() / "caseline_vi.qm")):
                app.installTranslator(translator)
                self._translator = translator
            else:  # a broken install: show the English source rather than nothing
                log.warning("caseline_vi.qm could not be loaded")
        locale = QLocale(
            QLocale.Language.Vietnamese if code == "vi" else QLocale.Language.English,
            QLocale.Country.Vietnam if code == "vi" else QLocale.Country.UnitedKingdom,
        )
        QLocale.setDefault(locale)
        errors.set_language(code)
        self.code = code
        self.changed.emit(code)


_language: Language | None = None


def language() -> Language:
    global _language
    if _language is None:
        _language = Language()
    return _language


def current() -> str:
    """'vi' or 'en' (for taxonomy labels)."""
    return language().code or DEFAULT_LANGUAGE


def tr(context: str, text: str) -> str:
    """Translate outside a QObject (module-level tables of labels)."""
    return QCoreApplication.translate(context, text)


class RetranslatedOnLanguageChange:
    """Mixin for long-lived widgets: a language switch re-translates them in place through
    their `retranslate_ui()`, so no restart is needed. List it before the Qt base class."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
