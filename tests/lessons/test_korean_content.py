"""The Korean lesson texts (lessons/course/<id>/ko): one for every English text, the same slots,
the same formulas and keys, translated, and about as tall in the text column as the English.

Heights are measured as the app's text column draws them (tui/widgets/lesson_text.py: a
centred title, paragraphs and list items wrapped by word, one blank row between blocks), with
rich's cell widths: a Hangul syllable takes two cells, so a Korean line of ~15 syllables fills
the column. Slots are measured as one fixed token in both languages, since the numbers that fill
them do not depend on the language.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from lessons.loader import COURSE_DIR
from lessons.model import slots


class _Language:
    """The texts of one language: ``EN / Path("activations/01-layer.md")`` is the file
    ``lessons/course/activations/en/01-layer.md``."""

    def __init__(self, lang: str):
        self.lang = lang

    def __truediv__(self, rel: Path) -> Path:
        return COURSE_DIR / rel.parts[0] / self.lang / Path(*rel.parts[1:])


EN, KO = _Language("en"), _Language("ko")
EN_FILES = sorted(Path(path.parent.parent.name) / path.name
                  for path in COURSE_DIR.glob("*/en/*.md"))

# The text column at 80x24: 80 columns, 2fr of 5fr less the border and the padding is 29 cells.
WIDTH = 29
# A Korean text may be at most this much taller than its English one.
MAX_HEIGHT_RATIO = 1.25
# A line without a Hangul syllable is prose left in English once its words outside code spans
# and slots reach this many characters ("**space** trains." and "{{tanh_mean}} vs ..." do not).
LATIN_LINE_LIMIT = 25

_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_SLOT = re.compile(r"\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}")
_CODE = re.compile(r"`[^`]+`")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITEM = re.compile(r"^(?P<mark>[-*]|\d+\.)\s+(?P<text>.*)$")
# A bold span that names a key (**g**, **←/→**, **space**, **1**-**3**): kept as in English.
_KEY = re.compile(r"^(?:[A-Za-z]|Esc|Enter|space|\d|[←→↓+/-]+)$")
_SLOT_TOKEN = "00.00%"  # what a slot is measured as, in both languages


def _ids(paths):
    return [str(path) for path in paths]


def _read(root: Path, rel: Path) -> str:
    return (root / rel).read_text(encoding="utf-8")


def _korean(rel: Path) -> str:
    path = KO / rel
    if not path.exists():
        pytest.fail(f"no Korean text for {EN / rel}: expected {path}")
    return path.read_text(encoding="utf-8")


# --- measuring a text the way the text column draws it ---------------------------------------

def _plain(source: str) -> str:
    """The inline markup dropped (``**``, ``*``, backticks), as the renderer styles it away."""
    source = re.sub(r"\*\*(.+?)\*\*", r"\1", source)
    source = re.sub(r"`([^`]+)`", r"\1", source)
    return re.sub(r"\*([^*]+?)\*", r"\1", source)


def _blocks(source: str) -> list[tuple[str, str, str]]:
    """(kind, marker, text) as lesson_text.blocks reads a text: lines of a paragraph or of a list
    item joined, one gap between blocks."""
    out: list[tuple[str, str, str]] = []
    for line in source.splitlines():
        stripped = line.strip()
        item = _ITEM.match(stripped)
        if not stripped:
            if out and out[-1][0] != "gap":
                out.append(("gap", "", ""))
        elif stripped.startswith("#"):
            out.append(("title", "", stripped.lstrip("#").strip()))
        elif item:
            mark = "•" if item.group("mark") in "-*" else item.group("mark")
            out.append(("item", mark, item.group("text")))
        elif out and out[-1][0] in ("para", "item"):
            kind, mark, text = out[-1]
            out[-1] = (kind, mark, f"{text} {stripped}")
        else:
            out.append(("para", "", stripped))
    while out and out[-1][0] == "gap":
        out.pop()
    return out


def _wrap(text: str, width: int) -> int:
    """Rows a greedy word wrap takes at ``width`` cells; a word wider than a row is folded."""
    rows, used = 0, None  # used: cells on the current row, None before the first word
    for word in text.split():
        size = cell_len(word)
        if used is not None and used + 1 + size <= width:
            used += 1 + size
            continue
        rows += 1
        while size > width:  # fold a long word
            rows += 1
            size -= width
        used = size
    return max(rows, 1)


def rendered_height(source: str, width: int = WIDTH) -> int:
    source = _SLOT.sub(_SLOT_TOKEN, source)
    height = 0
    for kind, mark, text in _blocks(source):
        if kind == "gap":
            height += 1
        else:
            prefix = len(f" {mark} ") if kind == "item" else 0
            height += _wrap(_plain(text), max(8, width - prefix))
    return height


def untranslated_lines(source: str) -> list[str]:
    """Lines with no Hangul whose words, outside code spans and slots, are long enough to be an
    English sentence. Code spans may run over a line end, so they are taken out of the whole
    text first (their line breaks kept)."""
    without_code = _CODE.sub(lambda m: "\n" * m.group(0).count("\n"), source)
    found = []
    for line in without_code.splitlines():
        rest = _SLOT.sub("", line).strip()
        if _HANGUL.search(rest):
            continue
        words = re.sub(r"[*#\-\d.,:;()\[\]/=+<>|×±…→←↓○]+", " ", rest)
        if len(" ".join(words.split())) >= LATIN_LINE_LIMIT:
            found.append(line)
    return found


# --- the tests -------------------------------------------------------------------------------

def test_there_are_english_texts():
    assert len(EN_FILES) >= 40


@pytest.mark.parametrize("rel", EN_FILES, ids=_ids(EN_FILES))
def test_korean_text_exists_with_the_same_slots(rel):
    korean = _korean(rel)
    english = _read(EN, rel)
    assert slots(korean) == slots(english), (
        f"{KO / rel}: slots {sorted(slots(korean))}, the English has {sorted(slots(english))}")


@pytest.mark.parametrize("rel", EN_FILES, ids=_ids(EN_FILES))
def test_korean_text_keeps_the_form(rel):
    korean = _korean(rel)
    english = _read(EN, rel)
    assert korean.startswith("# "), f"{KO / rel} does not start with a '# ' title"
    title = korean.splitlines()[0][2:]
    assert cell_len(title) <= WIDTH, f"{KO / rel}: the title {title!r} wraps at {WIDTH} cells"
    # the constructs the renderer knows, as many as in English
    for name, pattern in (("titles", r"^#"), ("list items", r"^\s*(?:[-*]|\d+\.)\s")):
        count = lambda text: sum(bool(re.match(pattern, line)) for line in text.splitlines())
        assert count(korean) == count(english), f"{KO / rel}: {name} differ from the English"
    drawn_raw = [line for line in korean.splitlines()
                 if line.lstrip().startswith(("```", "|", ">", "<"))]
    assert not drawn_raw, (f"{KO / rel}: a code block, table, quote or HTML, which the text "
                           f"column does not draw: {drawn_raw}")


@pytest.mark.parametrize("rel", EN_FILES, ids=_ids(EN_FILES))
def test_korean_text_keeps_formulas_and_keys(rel):
    korean = _korean(rel)
    english = _read(EN, rel)

    def code(text):
        return {" ".join(span[1:-1].split()) for span in _CODE.findall(text)}

    def keys(text):
        return {span for span in _BOLD.findall(text) if _KEY.match(span)}

    assert code(korean) == code(english), (
        f"{KO / rel}: code spans only in English {sorted(code(english) - code(korean))}, "
        f"only in Korean {sorted(code(korean) - code(english))}")
    assert keys(korean) == keys(english), (
        f"{KO / rel}: keys {sorted(keys(korean))}, the English names {sorted(keys(english))}")


@pytest.mark.parametrize("rel", EN_FILES, ids=_ids(EN_FILES))
def test_korean_text_is_translated(rel):
    left = untranslated_lines(_korean(rel))
    assert not left, f"{KO / rel}: lines left in English: {left}"


def test_the_untranslated_check_catches_english():
    """The heuristic has teeth: run on the English texts, it flags nearly all of them."""
    flagged = [rel for rel in EN_FILES if untranslated_lines(_read(EN, rel))]
    assert len(flagged) >= 0.9 * len(EN_FILES)


@pytest.mark.parametrize("rel", EN_FILES, ids=_ids(EN_FILES))
def test_korean_text_is_about_as_tall_as_english(rel):
    korean = _korean(rel)
    english = _read(EN, rel)
    ko_rows, en_rows = rendered_height(korean), rendered_height(english)
    assert ko_rows <= MAX_HEIGHT_RATIO * en_rows, (
        f"{KO / rel}: {ko_rows} rows at {WIDTH} cells, the English takes {en_rows}")


def test_height_measure():
    # a Hangul syllable is two cells: 14 syllables and a space fill 29 cells, 15 do not
    assert rendered_height("가나다라마바사 아자차카타파하") == 1
    assert rendered_height("가나다라마바사 아자차카타파하가") == 2
    assert rendered_height("# T\n\nab cd\nef\n\n- x y") == 5
