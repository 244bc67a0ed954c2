"""Every test starts in English: the language is a module-level setting (lessons.i18n) that an
app or a command line made in Korean would otherwise leave behind."""

from __future__ import annotations

import pytest

from lessons.i18n import set_language


@pytest.fixture(autouse=True)
def english_by_default():
    set_language("en")
    yield
    set_language("en")
