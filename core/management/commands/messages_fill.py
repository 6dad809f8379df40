"""Seed the catalogues of the languages written from the source language (zh-hant) and
check that they are complete."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import lang
from core.catalogues import (
    catalogue_files,
    catalogue_header_set,
    catalogue_problems,
    catalogue_seed,
    catalogue_write,
)


def seeded_languages() -> list[tuple[str, str]]:
    """(language, OpenCC configuration) of every configured language seeded by one."""
    return [
        (code, conversion)
        for code in lang.language_codes()
        if (conversion := lang.seed_conversion(code))
    ]


class Command(BaseCommand):
    help = (
        "Fill every empty entry of the catalogues (django.po, data.po) of a language seeded "
        "from the source language (zh-hant: OpenCC s2hk) with its converted msgid; entries a "
        "person filled in are kept. --check fails on an empty or fuzzy entry instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="change nothing; fail on empty or fuzzy entries"
        )
        parser.add_argument(
            "--locale-dir",
            default=str(settings.LOCALE_PATHS[0]),
            help="the locale/ directory (default: the first of LOCALE_PATHS)",
        )

    def handle(self, *args, check: bool, locale_dir: str, **options):
        base = Path(locale_dir)
        problems: list[str] = []
        for code, conversion in seeded_languages():
            folder = base / lang.catalogue_locale(code) / "LC_MESSAGES"
            files = catalogue_files(folder)
            if not files:
                problems.append(f"{folder}: no catalogue (run `make messages`)")
            for path in files:
                po = polib.pofile(str(path), wrapwidth=79)
                if check:
                    name = path.relative_to(base)
                    problems += [f"{name}: {problem}" for problem in catalogue_problems(po=po)]
                    continue
                catalogue_header_set(po=po, locale=lang.catalogue_locale(code))
                result = catalogue_seed(po=po, conversion=conversion)
                catalogue_write(po, path)
                self.stdout.write(
                    f"{path.relative_to(base)}: {result.filled} filled, "
                    f"{result.reseeded} seeded again ({conversion})"
                )
                problems += [
                    f"{path.relative_to(base)}: not seeded, the conversion changes a "
                    f"placeholder: {msgid}"
                    for msgid in result.refused
                ]
        for problem in problems:
            self.stderr.write(problem)
        if problems and check:
            raise CommandError(
                f"{len(problems)} translation(s) missing, empty or fuzzy: run `make messages` "
                "and correct the entries named above"
            )
