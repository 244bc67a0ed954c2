"""The course's terms in Korean (lessons/glossary.toml): one word for one idea, read by the
catalog (a term shown by itself takes its Korean from here) and checked against every Korean
text by tests/lessons/test_glossary.py."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GLOSSARY_FILE = Path(__file__).with_name("glossary.toml")


@dataclass(frozen=True)
class Term:
    en: str
    ko: str
    where: str
    banned: tuple[str, ...] = ()  # regular expressions: what a Korean text must not say
    key: str | None = None        # the catalog's English string for the term shown alone

    def banned_in(self, text: str) -> list[str]:
        """The banned variants ``text`` uses, as they appear."""
        return [m.group(0) for pattern in self.banned for m in re.finditer(pattern, text)]


@lru_cache(maxsize=1)
def terms() -> tuple[Term, ...]:
    with GLOSSARY_FILE.open("rb") as f:
        table = tomllib.load(f)
    return tuple(Term(t["en"], t["ko"], t["where"], tuple(t.get("banned", ())), t.get("key"))
                 for t in table["term"])


def catalog_entries() -> dict[str, str]:
    """English catalog key -> Korean, for each term the screen shows by itself."""
    return {t.key: t.ko for t in terms() if t.key is not None}
