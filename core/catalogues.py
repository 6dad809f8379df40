"""Translation catalogues seeded from the source language: an empty entry takes the OpenCC
conversion of its msgid (core.lang.seed_conversion), an entry a person filled in is never
touched, and a catalogue is complete when no entry is empty or fuzzy. Used by
`manage.py messages_fill` (run by `make messages`) and its --check (run by
`make messages-check`); needs polib and opencc (the test extras)."""

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import polib

# What a conversion must leave as it is: %-placeholders, Python format fields, template
# variables and tags, HTML tags.
PLACEHOLDER = re.compile(
    r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]|%[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]"
    r"|\{\{.*?\}\}|\{%.*?%\}|\{[\w.\[\]]*(?:![rsa])?(?::[^{}]*)?\}|<[^<>]+>"
)


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@cache
def _converter(conversion: str):
    try:
        import opencc
    except ImportError as error:  # pragma: no cover - the test extras install it
        raise RuntimeError("opencc is missing: pip install -e '.[test]'") from error
    return opencc.OpenCC(conversion)


def convert(text: str, conversion: str) -> str:
    """`text` converted by OpenCC configuration `conversion` (e.g. s2hk)."""
    return _converter(conversion).convert(text)


@dataclass
class SeedResult:
    filled: int = 0
    reseeded: int = 0
    refused: list[str] = field(default_factory=list)


def _seeded(msgid: str, conversion: str, result: SeedResult) -> str | None:
    text = convert(msgid, conversion)
    if placeholders(text) != placeholders(msgid):
        result.refused.append(msgid)
        return None
    return text


def _is_empty(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return not entry.msgstr_plural or not all(entry.msgstr_plural.values())
    return not entry.msgstr


def _machine_seeded_from_previous(entry: polib.POEntry, conversion: str) -> bool:
    """A fuzzy entry whose translation is still the seed of its previous msgid (nobody
    corrected it): it may be seeded again from the new msgid."""
    if not entry.previous_msgid:
        return False
    old = convert(entry.previous_msgid, conversion)
    if entry.msgid_plural:
        return all(value in ("", old) for value in entry.msgstr_plural.values())
    return entry.msgstr in ("", old)


def _plural_count(po: polib.POFile) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else 2


def catalogue_header_set(*, po: polib.POFile, locale: str) -> None:
    """The header of a new catalogue made usable: its language named and its fuzzy mark
    (left by makemessages on a new file) removed, so that msgfmt keeps its charset and
    plural forms."""
    po.metadata_is_fuzzy = False
    if not po.metadata.get("Language"):
        po.metadata["Language"] = locale


def catalogue_seed(*, po: polib.POFile, conversion: str) -> SeedResult:
    """Fill every empty entry of `po` with its msgid converted by `conversion`; a fuzzy
    entry is seeded again only while its translation is the seed of its previous msgid.
    Entries a person filled in stay as they are. A conversion that would change a
    placeholder is refused and the entry left empty."""
    result = SeedResult()
    for entry in po:
        if entry.obsolete:
            continue
        fuzzy = "fuzzy" in entry.flags
        if fuzzy and not _machine_seeded_from_previous(entry, conversion):
            continue
        if not fuzzy and not _is_empty(entry):
            continue
        if entry.msgid_plural:
            singular = _seeded(entry.msgid, conversion, result)
            plural = _seeded(entry.msgid_plural, conversion, result)
            if singular is None or plural is None:
                continue
            keys = list(range(_plural_count(po)))
            # One form only (Chinese): the plural source, which carries the count.
            forms = {key: plural if key or len(keys) == 1 else singular for key in keys}
            if not fuzzy:
                forms.update({k: v for k, v in entry.msgstr_plural.items() if v and k in forms})
            entry.msgstr_plural = forms
        else:
            text = _seeded(entry.msgid, conversion, result)
            if text is None:
                continue
            entry.msgstr = text
        if fuzzy:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
            result.reseeded += 1
        else:
            result.filled += 1
    return result


def catalogue_problems(*, po: polib.POFile) -> list[str]:
    """Entries not fit to ship: empty, fuzzy, or with placeholders other than their
    msgid's."""
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        label = f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {label}")
        elif _is_empty(entry):
            problems.append(f"empty: {label}")
        else:
            if entry.msgid_plural:
                allowed = set(placeholders(entry.msgid)) | set(placeholders(entry.msgid_plural))
                differ = any(
                    not set(placeholders(text)) <= allowed for text in entry.msgstr_plural.values()
                )
            else:
                differ = placeholders(entry.msgstr) != placeholders(entry.msgid)
            if differ:
                problems.append(f"placeholders differ: {label}")
    return problems


def catalogue_files(locale_dir: Path) -> list[Path]:
    """The .po files of one language's directory (locale/<locale>/LC_MESSAGES)."""
    return sorted(locale_dir.glob("*.po"))


def catalogue_text(po: polib.POFile) -> str:
    """The text of `po` laid out as GNU gettext lays it out (msgcat: lines wrapped as
    makemessages wraps them), so that running makemessages again changes nothing."""
    text = po.__unicode__()
    msgcat = shutil.which("msgcat")
    if msgcat is None:
        return text
    return subprocess.run(
        [msgcat, "-"], input=text, capture_output=True, text=True, check=True, timeout=60
    ).stdout


def catalogue_write(po: polib.POFile, path: Path) -> bool:
    """Save `po` to `path` only when its text changed; whether it did."""
    text = catalogue_text(po)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True
