"""The message that says the app's language changed.

The app sends it to every widget of every screen (``DnnTutorApp.set_lang``); a widget that
draws words of its own (a title, a knob line, a key bar, a checkpoint's verdict) handles it
and draws them again, the others let it pass. Nobody has to know who draws words."""

from __future__ import annotations

from textual.message import Message


class LanguageChanged(Message, bubble=False):
    """The language is now ``lang`` (``lessons.i18n.language()``)."""

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang
