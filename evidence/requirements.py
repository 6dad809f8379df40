"""Which answers a verification checks against evidence (evidence/data/evidence.yaml), by
questionnaire code and version: a data file of its own, so a published questionnaire
version stays unchanged."""

from functools import cache
from pathlib import Path

import yaml

REQUIREMENTS_FILE = Path(__file__).resolve().parent / "data" / "evidence.yaml"


@cache
def _requirements() -> dict:
    with REQUIREMENTS_FILE.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream) or {}


def evidence_requirements(*, questionnaire) -> dict[str, dict]:
    """{question code: {"note_zh": ..., "note_en": ...}} of the questions of
    `questionnaire` whose answers need evidence for verification."""
    versions = _requirements().get(questionnaire.code) or {}
    return dict(versions.get(str(questionnaire.version)) or {})
