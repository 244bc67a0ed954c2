"""Which English text each translated step text translates, so that ``dnn-tutor lesson check``
reports a translation the English has moved on from.

A lesson's ``<lang>/translated.toml`` (``ko/translated.toml``) maps each step text to a
fingerprint of the English text it was translated from: a hash of its words (whitespace
collapsed, so re-wrapping the English lines changes nothing; any other edit does). File times
would not do: a checkout, a merge or a copy sets them all alike. Whoever translates (or checks
that a translation still says what the English says) records it with
``dnn-tutor lesson translated DIR [TEXT.md ...]``.
"""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

from .loader import Problem

RECORD = "translated.toml"
HEADER = ("# The English text each text here translates: a hash of its words (lessons/"
          "translations.py).\n# Written by `dnn-tutor lesson translated DIR`; `dnn-tutor lesson"
          " check` reports a text whose English has changed since.\n")


def fingerprint(text: str) -> str:
    """The English text's words, hashed: 16 hex digits."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def read_record(folder: Path, lang: str) -> dict[str, str]:
    path = Path(folder) / lang / RECORD
    if not path.is_file():
        return {}
    with path.open("rb") as f:
        return {str(k): str(v) for k, v in tomllib.load(f).items()}


def record(folder: Path, lang: str, names: list[str] | None = None) -> list[str]:
    """Record that ``lang``'s texts ``names`` (default: every one that has an English text)
    translate the English texts as they are now; returns the names recorded."""
    folder = Path(folder)
    names = names or sorted(p.name for p in (folder / lang).glob("*.md")
                            if (folder / "en" / p.name).is_file())
    entries = read_record(folder, lang)
    for name in names:
        english = folder / "en" / name
        if not english.is_file() or not (folder / lang / name).is_file():
            raise ValueError(f"{name}: both {english} and {folder / lang / name} are needed")
        entries[name] = fingerprint(english.read_text(encoding="utf-8"))
    lines = [f'"{name}" = "{entries[name]}"' for name in sorted(entries)]
    (folder / lang / RECORD).write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return names


def stale(folder: Path, lang: str, names: list[str]) -> list[Problem]:
    """The step texts ``names`` whose ``lang`` version is not recorded as translating the
    English as it is now (a missing text is the reader's problem, not repeated here)."""
    folder = Path(folder)
    entries = read_record(folder, lang)
    problems = []
    for name in names:
        english, translated = folder / "en" / name, folder / lang / name
        if not english.is_file() or not translated.is_file():
            continue
        was = entries.get(name)
        now = fingerprint(english.read_text(encoding="utf-8"))
        if was is None:
            problems.append(Problem(translated, 1, f"not recorded as a translation of en/{name}"
                                    f" (once it says the same: dnn-tutor lesson translated "
                                    f"{folder} {name})"))
        elif was != now:
            problems.append(Problem(translated, 1, f"older than en/{name}: the English has "
                                    f"changed since it was translated; update it, then: "
                                    f"dnn-tutor lesson translated {folder} {name}"))
    return problems
