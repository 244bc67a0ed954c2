"""One terminology (lessons/glossary.toml): the catalog and every Korean text use the
glossary's word for each term and never a banned variant; a term shown by itself is the
glossary's word; each step has one title (its Korean text's heading is the title the lesson
list shows)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessons import LESSONS
from lessons.glossary import Term, catalog_entries, terms
from lessons.i18n import tr_in
from lessons.i18n_ko import KO
from lessons.loader import COURSE_DIR

KO_FILES = sorted(COURSE_DIR.glob("*/ko/*.md"))
LESSON_FILES = sorted(COURSE_DIR.glob("*/lesson.toml"))


def korean_of_lesson_toml(path: Path) -> str:
    """The Korean a lesson.toml gives in place (titles, questions, knob descriptions)."""
    import tomllib

    found = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("ko"), str):
                found.append(node["ko"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tomllib.loads(path.read_text(encoding="utf-8")))
    return "\n".join(found)


def test_the_glossary_has_the_issues_terms():
    by_en = {t.en: t for t in terms()}
    assert by_en["rank"].ko == "순위" and by_en["vanishing gradient"].ko == "기울기 소실"
    assert all(t.ko and t.where for t in terms())
    assert len({t.en for t in terms()}) == len(terms())


def test_a_banned_variant_is_caught():
    network = next(t for t in terms() if t.en == "network")
    assert network.banned_in("이 망은 신경망이다") == ["망"]
    assert network.banned_in("신경망을 망가뜨린다") == []


@pytest.mark.parametrize("term", [t for t in terms() if t.key], ids=lambda t: t.en)
def test_a_term_shown_alone_is_the_glossarys(term: Term):
    assert KO[term.key] == term.ko == catalog_entries()[term.key]


@pytest.mark.parametrize("term", terms(), ids=lambda t: t.en)
def test_the_catalog_never_uses_a_banned_variant(term: Term):
    used = {english: term.banned_in(korean) for english, korean in KO.items()}
    assert not {k: v for k, v in used.items() if v}


@pytest.mark.parametrize("path", KO_FILES + LESSON_FILES,
                         ids=lambda p: str(p.relative_to(COURSE_DIR)))
def test_a_korean_text_never_uses_a_banned_variant(path: Path):
    text = (korean_of_lesson_toml(path) if path.suffix == ".toml"
            else path.read_text(encoding="utf-8"))
    used = {t.en: t.banned_in(text) for t in terms()}
    assert not {k: v for k, v in used.items() if v}, f"{path}: {used}"


STEPS = [(lesson, i) for lesson in LESSONS for i in range(len(lesson.steps))]


@pytest.mark.parametrize("lesson, i", STEPS, ids=[f"{l.id}-{i + 1}" for l, i in STEPS])
def test_a_step_has_one_korean_title(lesson, i):
    """The lesson list's title is the text's own heading, in each language."""
    for lang in ("en", "ko"):
        heading = lesson.raw_text(i, lang).splitlines()[0].lstrip("#").strip()
        assert tr_in(lang, lesson.steps[i].title) == heading
