"""The language of what the learner reads: English, or Korean (``--lang ko``).

``tr(text, **values)`` is ``text`` in the current language: its entry in the Korean catalog
(``lessons.i18n_ko``) when the language is Korean, the English itself otherwise or when the
catalog has none; then ``.format(**values)`` when values are given. Strings are translated
when they are drawn, never at import: the language may change while the app runs (a command
of the palette). Formulas and code notation are the same in both languages.
"""

from __future__ import annotations

LANGUAGES = ("en", "ko")
LANGUAGE_NAMES = {"en": "English", "ko": "한국어"}

_current = "en"


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _current = lang


def language() -> str:
    return _current


def catalog(lang: str | None = None) -> dict[str, str]:
    """English source string -> its translation (empty for English)."""
    if (lang or _current) == "ko":
        from .i18n_ko import KO

        return KO
    return {}


def tr(text: str, **values) -> str:
    if _current != "en" and text:
        text = catalog().get(text, text)
    return text.format(**values) if values else text
