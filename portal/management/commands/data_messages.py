"""Collect every data text of the product into the data catalogue of each language that
has no data columns (locale/<locale>/LC_MESSAGES/data.po)."""

from pathlib import Path

import polib
import yaml
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand

from core import lang
from core.catalogues import catalogue_write

HEADER_COMMENT = (
    "Data texts (questionnaire, targets, recommendations, sources, reference names) in a\n"
    "language without data columns. msgid: the Simplified Chinese text of the data files;\n"
    "msgstr: its translation. Collected by `manage.py data_messages`, seeded and compiled\n"
    "by `make messages`; correct an entry here and it is kept."
)


def data_files() -> list[Path]:
    """Every data file of the project's apps (<app>/data/*.yaml), in a stable order."""
    base = Path(settings.BASE_DIR).resolve()
    files = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and ".venv" not in path.parts:
            files += sorted((path / "data").glob("*.yaml"))
    return sorted(set(files))


def _other_suffixes() -> list[str]:
    return [lang.suffix(code) for code in lang.language_codes() if code != lang.source_language()]


def _source_texts(node, found: list[str], source_suffix: str, others: list[str]) -> None:
    """The source-language texts in a data file's tree: values of `<field>_zh` keys and of
    `zh` keys, and of a bare `<field>` whose translation is a `<field>_<other>` key."""
    if isinstance(node, list):
        for item in node:
            _source_texts(item, found, source_suffix, others)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        key = str(key)
        is_source = (
            key.endswith(f"_{source_suffix}")
            or key == source_suffix
            or any(f"{key}_{suffix}" in node for suffix in others)
        )
        if is_source:
            for text in value if isinstance(value, list) else [value]:
                if isinstance(text, str) and text.strip():
                    found.append(text)
        else:
            _source_texts(value, found, source_suffix, others)


def data_texts() -> dict[str, list[str]]:
    """{text: [data files it comes from]} of every source-language data text. A text is
    taken as written and with its runs of white space made one space, as the loaders
    store it."""
    base = Path(settings.BASE_DIR).resolve()
    source_suffix = lang.suffix(lang.source_language())
    others = _other_suffixes()
    texts: dict[str, list[str]] = {}
    for path in data_files():
        found: list[str] = []
        _source_texts(
            yaml.safe_load(path.read_text(encoding="utf-8")), found, source_suffix, others
        )
        where = str(path.relative_to(base))
        for text in found:
            for variant in (text, text.strip(), " ".join(text.split())):
                places = texts.setdefault(variant, [])
                if where not in places:
                    places.append(where)
    return texts


def data_languages(texts_files: list[Path]) -> list[str]:
    """The configured languages other than the source that no data file has keys for."""
    keys: set[str] = set()

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                keys.add(str(key))
                walk(value)

    for path in texts_files:
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return [
        code
        for code in lang.language_codes()
        if code != lang.source_language()
        and not any(k == lang.suffix(code) or k.endswith(f"_{lang.suffix(code)}") for k in keys)
    ]


# Entries whose text no data file has any more stay: data loaded earlier (an older
# questionnaire version that submitted assessments keep) still shows them.
EARLIER = "no longer in the data files; kept for data loaded earlier (older versions)"


def data_catalogue_merge(*, path: Path, language: str, texts: dict[str, list[str]]) -> bool:
    """Write the data catalogue at `path`: one entry per text, keeping every translation
    already there, and the entries of texts no data file has any more after them (marked
    as such). Whether the file changed."""
    old = polib.pofile(str(path), wrapwidth=79) if path.exists() else None
    kept = {entry.msgid: entry for entry in old or [] if not entry.obsolete}
    po = polib.POFile(wrapwidth=79)
    po.header = HEADER_COMMENT
    po.metadata = {
        "Project-Id-Version": "dtmaturity",
        "Language": lang.catalogue_locale(language),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    for text, places in texts.items():
        before = kept.get(text)
        po.append(
            polib.POEntry(
                msgid=text,
                msgstr=before.msgstr if before else "",
                occurrences=[(place, None) for place in places],
                flags=list(before.flags) if before else [],
                tcomment=before.tcomment if before else "",
            )
        )
    for text, before in kept.items():
        if text not in texts:
            po.append(
                polib.POEntry(
                    msgid=text,
                    msgstr=before.msgstr,
                    comment=EARLIER,
                    occurrences=before.occurrences,
                    flags=list(before.flags),
                    tcomment=before.tcomment,
                )
            )
    return catalogue_write(po, path)


class Command(BaseCommand):
    help = (
        "Collect every data text (questionnaire, targets, recommendations, sources, reference "
        "names, level names) into locale/<locale>/LC_MESSAGES/data.po of each language without "
        "data columns, keeping the translations there; `make messages` seeds and compiles it."
    )

    def handle(self, *args, **options):
        files = data_files()
        texts = data_texts()
        for code in data_languages(files):
            path = lang.data_catalogue_path(code)
            changed = data_catalogue_merge(path=path, language=code, texts=texts)
            state = "updated" if changed else "unchanged"
            self.stdout.write(f"{path}: {len(texts)} texts, {state}")
