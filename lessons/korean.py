"""Korean particles after a number or a symbol: the catalog writes both forms of a particle,
``{n}(으)로``, ``{x}(이)가``, ``{x}(은)는``, ``{x}(을)를``, ``{x}(과)와``, and ``resolve`` keeps the
one the preceding word takes when it is read aloud: "1-2로", "1-3으로", "W1을", "W2를".

A particle depends on whether the reading ends in a final consonant (받침); 로/으로 treats ㄹ as
a vowel ("1로", "7로"). Numbers are read in Sino-Korean (일, 이, 삼 …; 십, 백, 천, 만), digits
after a point one by one; a Latin letter by its Korean name (엘 ㄹ, 엠 ㅁ, 엔 ㄴ, 알 ㄹ; the
others end in a vowel).
"""

from __future__ import annotations

import re

# The Korean reading of a digit as a number's last sound: a particle after a number depends
# on it (1 일, 2 이, 3 삼, 4 사, 5 오, 6 육, 7 칠, 8 팔, 9 구, 0 영; 10 십, 100 백, 1000 천,
# 10000 만). "with a final consonant" (받침) except ㄹ, which takes 로 like a vowel.
_FINAL_DIGIT = {"0": "ㅇ", "1": "ㄹ", "2": "", "3": "ㅁ", "4": "", "5": "", "6": "ㄱ",
                "7": "ㄹ", "8": "ㄹ", "9": ""}
_FINAL_POWER = {1: "ㅂ", 2: "ㄱ", 3: "ㄴ", 0: "ㄴ"}  # zeros mod 4: 십, 백, 천, 만
# particle -> (after a final consonant, after a vowel); 로/으로 also after ㄹ -> 로
PARTICLES = {"로": ("으로", "로"), "이": ("이", "가"), "은": ("은", "는"), "을": ("을", "를"),
             "과": ("과", "와")}


def _final_sound(number: str) -> str:
    """The final consonant of ``number`` read in Korean ("" for a vowel): its last nonzero
    digit, or the power of ten it ends on (10 십, 100 백 …)."""
    digits = number.replace(",", "").split(".")[-1] if "." in number else number.replace(",", "")
    digits = "".join(ch for ch in digits if ch.isdigit())
    if not digits or set(digits) == {"0"}:
        return _FINAL_DIGIT["0"]
    if "." in number:  # read digit by digit after the point: 0.5 영점오
        return _FINAL_DIGIT[digits[-1]]
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros == 0:
        return _FINAL_DIGIT[digits[-1]]
    return _FINAL_POWER[zeros % 4]


_FINAL_LETTER = {"l": "ㄹ", "r": "ㄹ", "m": "ㅁ", "n": "ㄴ"}  # 엘, 알, 엠, 엔
_HANGUL_FINALS = "_ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"


def final_of(word: str) -> str:
    """The final consonant of ``word``'s reading ("" after a vowel), by its last character:
    a digit (the whole number read), a Hangul syllable, a Latin letter."""
    word = word.rstrip("`")  # a code span's closing mark: "`z = 3`을" reads the 3
    last = word.rstrip(")]}'’\"")[-1:]
    if not last:
        return ""
    if last.isdigit():
        return _final_sound(re.findall(r"[0-9][0-9,]*(?:\.[0-9]+)?$", word.rstrip(")]}'’\""))[0])
    if "가" <= last <= "힣":
        final = (ord(last) - 0xAC00) % 28
        return "" if final == 0 else _HANGUL_FINALS[final]
    return _FINAL_LETTER.get(last.lower(), "")


def with_particle(word, particle: str) -> str:
    """``word`` with the Korean ``particle`` its reading takes: "1-2로", "1-3으로",
    "3이", "2가", "10을" (로 after ㄹ too: "1로", "7로")."""
    text = str(word)
    final = final_of(text)
    after_consonant, after_vowel = PARTICLES[particle]
    if particle == "로":
        return text + (after_vowel if final in ("", "ㄹ") else after_consonant)
    return text + (after_vowel if final == "" else after_consonant)


_PAIR = re.compile(r"\((으|이|은|을|과)\)(로|가|는|를|와)")


def resolve(text: str) -> str:
    """Every ``(으)로`` (… ``(과)와``) in ``text`` replaced by the form the word before it
    takes."""
    def one(match: re.Match) -> str:
        before = text[:match.start()]
        particle = {"으": "로"}.get(match.group(1), match.group(1))
        return with_particle(before, particle)[len(before):]

    return _PAIR.sub(one, text)
