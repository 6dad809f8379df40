"""统一社会信用代码 (unified social credit code), GB 32100-2015.

Eighteen characters from a 31-character alphabet (digits and capital letters without
I, O, Z, S, V); the eighteenth is a check character computed from the first seventeen
with the weights 3^i mod 31.
"""

import re
import unicodedata

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


# Separators people type between groups of characters: whitespace, hyphens and dashes.
SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")


def normalise(code: str) -> str:
    """The code as it is stored: full-width letters and digits made ASCII (NFKC), spaces
    and hyphens removed, upper case. "９１５１ ０１００－ｍａ…" becomes "91510100MA…"."""
    return SEPARATORS.sub("", unicodedata.normalize("NFKC", code)).upper()


def check_character(first17: str) -> str:
    """The check character for the first 17 characters (which must be in ALPHABET)."""
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def problem(code: str) -> str | None:
    """None if `code` is a valid credit code, else a short reason key.

    Keys: "length", "character", "check". The caller turns them into messages.
    """
    code = normalise(code)
    if len(code) != 18:
        return "length"
    if any(ch not in ALPHABET for ch in code):
        return "character"
    if check_character(code[:17]) != code[17]:
        return "check"
    return None
