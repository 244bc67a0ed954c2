"""Counts, plurals, ordinals and lists in the sentences the tutor writes itself (a grader's
why, a fact, a verdict), one way in each language.

English counts take the noun's plural from 2 on (and for 0: "0 layers"); Korean has no
plural -s: a number takes a counter ("층 2개", "3번째"), the same for one as for many.
Every generated sentence that says "how many" goes through here, so "1 layers" or "at
iteration never" cannot be written twice.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, Callable

from .i18n import language, tr_in

# noun -> (English singular, English plural, Korean with its counter: {n} is the number)
NOUNS: dict[str, tuple[str, str, str]] = {
    "layer": ("layer", "layers", "층 {n}개"),
    "hidden layer": ("hidden layer", "hidden layers", "은닉층 {n}개"),
    "linear layer": ("linear layer", "linear layers", "선형 층 {n}개"),
    "unit": ("unit", "units", "뉴런 {n}개"),
    "iteration": ("iteration", "iterations", "{n}회 반복"),
    "update": ("update", "updates", "업데이트 {n}번"),
    "step": ("step", "steps", "{n} 스텝"),
    "point": ("point", "points", "점 {n}개"),
    "example": ("example", "examples", "샘플 {n}개"),
    "seed": ("seed", "seeds", "시드 {n}개"),
}


def count(n: int, noun: str, lang: str | None = None) -> str:
    """``n`` of ``noun`` (a key of ``NOUNS``): "1 layer", "2 layers"; "층 2개". ``lang``:
    the language (default: the current one)."""
    singular, plural, korean = NOUNS[noun]
    if (lang or language()) == "ko":
        return korean.format(n=n)
    return f"{n} {singular if n == 1 else plural}"


def noun(n: int, noun: str, lang: str | None = None) -> str:
    """The noun alone, as it agrees with ``n`` ("layer" / "layers"; Korean: the counter's
    noun, which has one form)."""
    singular, plural, korean = NOUNS[noun]
    if (lang or language()) == "ko":
        return korean.replace("{n}개", "").replace("{n}", "").strip()
    return singular if n == 1 else plural


def cells(text: str) -> int:
    """The columns ``text`` takes in a terminal: a wide character (a Hangul syllable) takes
    two. For text lined up in a panel's notes, whatever its language."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap_cells(text: str, width: int) -> list[str]:
    """The lines of ``text`` wrapped at ``width`` terminal cells, breaking only at spaces
    (textwrap counts characters, and a Korean line would take twice the width)."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and cells(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def fill(text: str, width: int) -> str:
    """``text`` wrapped at ``width`` terminal cells (``wrap_cells``), as one string."""
    return "\n".join(wrap_cells(text, width))


def ordinal(n: int, lang: str | None = None) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st; Korean 1번째, 2번째."""
    if (lang or language()) == "ko":
        return f"{n}번째"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def listing(items, conjunction: str = "and", lang: str | None = None) -> str:
    """"a", "a and b", "a, b and c" (``conjunction``: "and" or "or"), "nothing" for none;
    Korean joins with commas (a particle would depend on the last syllable of each word)."""
    items = [str(item) for item in items]
    if not items:
        return "없음" if (lang or language()) == "ko" else "nothing"
    if (lang or language()) == "ko" or len(items) < 2:
        return ", ".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def when_first(iteration: int | None, total: int, lang: str | None = None) -> str:
    """When something first happened in a run of ``total`` iterations: "at iteration 120",
    or "never (in 3000)" (never "at iteration never")."""
    if (lang or language()) == "ko":
        return (f"{total}회 동안 한 번도 없음" if iteration is None
                else f"{iteration}번째 반복에서")
    return f"never (in {total})" if iteration is None else f"at iteration {iteration}"


def term(text: str, values: tuple[tuple[str, Any], ...] = (), lang: str | None = None) -> str:
    """``text`` (English, a catalog key: a word such as "below", a name, a sentence) in
    ``lang``, its ``{name}`` fields filled from ``values`` (name, value pairs):
    ``Phrase(term, ("train {train}, test {test}", (("train", "90%"), ("test", "91%"))))``."""
    return tr_in(lang, text, **dict(values))


def iteration_or_never(iteration: int | None, total: int, lang: str | None = None) -> str:
    """An iteration in a list ("tanh 145, sigmoid never (in 1000)")."""
    if iteration is not None:
        return str(iteration)
    return f"{total}회 동안 없음" if (lang or language()) == "ko" else f"never (in {total})"


@dataclass(frozen=True)
class Phrase:
    """A generated phrase a fact gives a text: worded when the text is filled, in the text's
    language (facts are measured once for every language). ``say(*args, lang=...)`` is one
    of the functions above."""

    say: Callable[..., str]
    args: tuple[Any, ...]

    def text(self, lang: str | None = None) -> str:
        return self.say(*self.args, lang=lang)

    def __str__(self) -> str:
        return self.text()
