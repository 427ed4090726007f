"""Languages of the interface: Vietnamese (the source text) and English (from .qm files).

Every GUI string is written in Vietnamese inside ``self.tr("…")`` or
``QCoreApplication.translate("Context", "…")``. English comes from
``resources/translations/kcdesk_<area>_en.qm``; Qt's own words (OK, Cancel, Copy, Next …) come in
English from Qt and are put into Vietnamese by ``kcdesk_qt_vi.qm``. So switching language means:
drop the installed translators, install every ``*_<lang>.qm``, set the default locale.
Rebuild or refresh: see ``tools/i18n.py`` for the commands.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from kcdesk.config import resource_path

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "vi"
# Shown in the language pickers in their own language, so anyone can find theirs.
LANGUAGES: dict[str, str] = {"vi": "Tiếng Việt", "en": "English"}

_installed: list[QTranslator] = []


def translations_dir() -> Path:
    return resource_path("translations")


def normalise_language(lang: str | None) -> str:
    lang = (lang or "").strip().lower()[:2]
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def locale_for(lang: str) -> QLocale:
    if lang == "en":
        # English words, but Vietnam's conventions stay where they are data (dates, đồng).
        return QLocale(QLocale.Language.English, QLocale.Country.Vietnam)
    return QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)


def qm_files(lang: str) -> list[Path]:
    folder = translations_dir()
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"*_{lang}.qm"))


def install_language(lang: str) -> list[Path]:
    """Make ``lang`` the interface language; returns the translation files loaded.

    Widgets that are already built receive a LanguageChange event; the main window rebuilds
    itself on it (see MainWindow), so area pages need no retranslation code of their own.
    """
    app = QCoreApplication.instance()
    lang = normalise_language(lang)
    if app is None:
        raise RuntimeError("install_language needs a QApplication")
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    loaded = []
    for path in qm_files(lang):
        translator = QTranslator(app)
        if translator.load(str(path)):
            app.installTranslator(translator)
            _installed.append(translator)
            loaded.append(path)
        else:
            log.warning("cannot load translation %s", path)
    QLocale.setDefault(locale_for(lang))
    app.setProperty("kcdesk_language", lang)
    return loaded


def current_language() -> str:
    app = QCoreApplication.instance()
    value = app.property("kcdesk_language") if app is not None else None
    return normalise_language(value if isinstance(value, str) else None)


def tr(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """Translate outside a QObject (module-level labels, plain functions)."""
    return QCoreApplication.translate(context, text, disambiguation, n)
