"""The language of what the learner reads: English, or Korean (``--lang ko``).

``tr(text, **values)`` is ``text`` in the current language: its entry in the Korean catalog
(``lessons.i18n_ko``) when the language is Korean, the English itself otherwise or when the
catalog has none; then ``.format(**values)`` when values are given. Strings are translated
when they are drawn, never at import: the language may change while the app runs (a command
of the palette). Formulas and code notation are the same in both languages.
"""

from __future__ import annotations

from typing import Mapping

from .korean import resolve

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


class Localized(str):
    """A learner-facing text given in each language by whoever wrote it (a lesson's title, a
    checkpoint's question: ``{ en = "...", ko = "..." }`` in a ``lesson.toml``).

    It *is* its English text, so it compares, hashes and prints like any string; ``tr`` picks
    the current language's version (English when a language is missing), so every place that
    already translates with ``tr`` translates these too."""

    texts: Mapping[str, str]

    def __new__(cls, texts: Mapping[str, str]) -> "Localized":
        text = super().__new__(cls, texts["en"])
        text.texts = dict(texts)
        return text

    def __reduce__(self):  # a str subclass with attributes: pickled with them
        return (Localized, (self.texts,))


def tr(text: str, **values) -> str:
    return tr_in(None, text, **values)


def tr_in(lang: str | None, text: str, **values) -> str:
    """``tr`` in ``lang`` (None: the current language): for a phrase worded when a text is
    filled in its own language (``wording.Phrase``), not when its fact was measured."""
    lang = lang or _current
    if isinstance(text, Localized):
        text = text.texts.get(lang) or str(text)
    elif lang != "en" and text:
        text = catalog(lang).get(text, text)
    text = text.format(**values) if values else text
    if lang == "ko":
        text = resolve(text)  # "{n}(으)로": the particle the number filled in takes
    return text
