"""Load the questionnaire and the targets from the YAML files under assessment/data/."""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from core.lang import field_name, language_codes, source_language
from core.sync import sync_row
from reference.models import Province

from .models import Choice, Dimension, Indicator, Question, Questionnaire, Rule, Target

DATA_DIR = Path(__file__).resolve().parent / "data"
QUESTIONNAIRE_FILE = DATA_DIR / "questionnaire.yaml"
TARGETS_FILE = DATA_DIR / "targets.yaml"


def questionnaire_files() -> list[Path]:
    """Every questionnaire version file under assessment/data/ (questionnaire.yaml and
    questionnaire-<version>.yaml), oldest version first."""

    def version_key(path: Path) -> tuple:
        version = str(read_yaml(path)["version"])
        return tuple(int(part) if part.isdigit() else part for part in version.split("."))

    return sorted(DATA_DIR.glob("questionnaire*.yaml"), key=version_key)


def _texts(model, data: dict, *fields: str, required: tuple[str, ...] = ()) -> dict:
    """The text columns `<field>_<suffix>` that `model` has, one per configured language,
    read from the same keys of `data`; the source language's text of a `required` field
    must be there, any other text may be missing."""
    columns = {f.name for f in model._meta.concrete_fields}
    values = {}
    for field in fields:
        for code in language_codes():
            name = field_name(field, code)
            if name not in columns:
                continue
            must = field in required and code == source_language()
            values[name] = data[name] if must else data.get(name, "")
    return values


class PublishedVersionChanged(Exception):
    """The file changes a questionnaire version that is already published."""


def read_yaml(path: Path):
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def fingerprint(document: dict) -> str:
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


# Fields that cite a source: provenance, not method. They are the only fields of a published
# version that a file may correct.
SOURCE_FIELDS = frozenset({"source", "sources"})
# The version under which a file is built for comparison, inside a savepoint rolled back.
CANDIDATE_VERSION = "~candidate"


@dataclass(frozen=True)
class SourceCorrection:
    row: str  # "Question D1_ipv6", "Dimension D1", "Indicator cnc_key_process_rate"
    field: str
    before: object
    after: object

    def __str__(self):
        return f"{self.row}.{self.field}: {self.before} -> {self.after}"


@transaction.atomic
def questionnaire_load(
    *, path: Path = QUESTIONNAIRE_FILE
) -> tuple[Questionnaire, str, list[SourceCorrection]]:
    """Create the version the file describes. Returns (questionnaire, "created" |
    "replaced" | "unchanged" | "corrected", source corrections). A draft is replaced. A
    published version is never changed in its method: a file that differs from it only in
    source fields (provenance) corrects those fields on the stored rows; any other
    difference raises PublishedVersionChanged: publish a new version instead."""
    doc = read_yaml(path)
    fp = fingerprint(doc)
    existing = Questionnaire.objects.filter(code=doc["code"], version=str(doc["version"])).first()
    if existing and existing.fingerprint == fp:
        return existing, "unchanged", []
    if existing and existing.is_published:
        corrections = _source_corrections(existing, doc)
        if corrections is None:
            raise PublishedVersionChanged(
                _(
                    "问卷 %(code)s 版本 %(version)s 已发布，不能修改。"
                    "请在文件中写一个新的版本号，已提交的评估将保留它们所答的版本。"
                    " / Version %(version)s of %(code)s is published and cannot be changed: "
                    "give the file a new version number."
                )
                % {"code": doc["code"], "version": doc["version"]}
            )
        _apply(existing, corrections)
        existing.fingerprint = fp
        existing.save(update_fields=["fingerprint"])
        return existing, "corrected", corrections
    if existing:
        existing.delete()
    questionnaire = _create(doc, fp)
    return questionnaire, "replaced" if existing else "created", []


class _Discard(Exception):
    pass


def _source_corrections(existing: Questionnaire, doc: dict) -> list[SourceCorrection] | None:
    """The source fields the file corrects on `existing`, or None when the file differs in
    anything else (or in nothing the rows store). The file is built as a candidate version
    in a savepoint that is rolled back, and its rows compared with the stored ones."""
    found: list[SourceCorrection] | None = None
    try:
        with transaction.atomic():
            candidate = _create({**doc, "version": CANDIDATE_VERSION}, "")
            found = _compare(_rows(existing), _rows(candidate))
            raise _Discard
    except _Discard:
        pass
    return found or None


def _compare(stored: dict, wanted: dict) -> list[SourceCorrection] | None:
    if stored.keys() != wanted.keys():
        return None
    corrections = []
    for row, values in stored.items():
        for field, before in values.items():
            after = wanted[row][field]
            if before == after:
                continue
            if field not in SOURCE_FIELDS:
                return None
            corrections.append(SourceCorrection(row=row, field=field, before=before, after=after))
    return corrections


def _rows(q: Questionnaire) -> dict[str, dict]:
    """Every row a version consists of, keyed by model and code, its fields without ids."""
    rows = {"Questionnaire": _fields(q, skip={"id", "version", "fingerprint"})}
    for d in q.dimensions.all():
        rows[f"Dimension {d.code}"] = _fields(d, skip={"id", "questionnaire"})
    questions = Question.objects.filter(dimension__questionnaire=q).select_related("dimension")
    for question in questions:
        rows[f"Question {question.code}"] = {
            **_fields(question, skip={"id", "dimension"}),
            "dimension": question.dimension.code,
        }
    for c in Choice.objects.filter(question__dimension__questionnaire=q).select_related("question"):
        rows[f"Choice {c.question.code}={c.value}"] = {
            **_fields(c, skip={"id", "question"}),
            "question": c.question.code,
        }
    for r in q.rules.select_related("left", "right"):
        rows[f"Rule {r.code}"] = {
            **_fields(r, skip={"id", "questionnaire", "left", "right"}),
            "left": r.left.code,
            "right": r.right.code,
        }
    for i in q.indicators.select_related("question"):
        rows[f"Indicator {i.code}"] = {
            **_fields(i, skip={"id", "questionnaire", "question"}),
            "question": i.question.code,
        }
    return rows


def _fields(obj, *, skip: set[str]) -> dict:
    return {
        f.name: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.name not in skip
    }


def _apply(existing: Questionnaire, corrections: list[SourceCorrection]) -> None:
    """Write each corrected source field on the stored row it belongs to."""
    lookups = {
        "Dimension": lambda code: existing.dimensions.get(code=code),
        "Question": lambda code: Question.objects.get(dimension__questionnaire=existing, code=code),
        "Indicator": lambda code: existing.indicators.get(code=code),
    }
    for c in corrections:
        model, code = c.row.split(" ", 1)
        row = lookups[model](code)
        setattr(row, c.field, c.after)
        row.save(update_fields=[c.field])


def _create(doc: dict, fp: str) -> Questionnaire:
    status = doc.get("status", Questionnaire.Status.PUBLISHED)
    published_on = doc.get("published_on") if status == "published" else None
    questionnaire = Questionnaire.objects.create(
        code=doc["code"],
        version=str(doc["version"]),
        **_texts(Questionnaire, doc, "title", required=("title",)),
        status=status,
        published_on=published_on or (date.today() if status == "published" else None),
        levels=doc["levels"],
        applies_from=doc.get("applies_from"),
        sector_modules=doc.get("sector_modules", []),
        decisions=doc.get("decisions", []),
        fingerprint=fp,
    )
    questions = {}
    for d_order, d in enumerate(doc["dimensions"], start=1):
        dimension = Dimension.objects.create(
            questionnaire=questionnaire,
            code=d["code"],
            order=d_order,
            weight=d["weight"],
            **_texts(Dimension, d, "name", "description", required=("name",)),
            sources=d.get("sources", []),
            best_of=d.get("best_of", {}),
            comparable_with=[str(v) for v in d.get("comparable_with", [])],
        )
        for q_order, q in enumerate(d["questions"], start=1):
            questions[q["code"]] = _create_question(dimension, q_order, q)
    Rule.objects.bulk_create(
        Rule(
            questionnaire=questionnaire,
            code=r["code"],
            kind=r.get("kind", "lte"),
            left=questions[r["left"]],
            right=questions[r["right"]],
            **_texts(Rule, r, "message", required=("message",)),
        )
        for r in doc.get("rules", [])
    )
    Indicator.objects.bulk_create(
        Indicator(
            questionnaire=questionnaire,
            code=i["code"],
            order=order,
            **_texts(Indicator, i, "name", required=("name",)),
            unit=i.get("unit", ""),
            method=i["method"],
            question=questions[i["question"]],
            params={k: i[k] for k in ("choices", "from") if k in i},
            source=i.get("source", questions[i["question"]].source),
        )
        for order, i in enumerate(doc.get("indicators", []), start=1)
    )
    return questionnaire


def _create_question(dimension: Dimension, order: int, q: dict) -> Question:
    question = Question.objects.create(
        dimension=dimension,
        code=q["code"],
        order=order,
        kind=q["kind"],
        **_texts(
            Question,
            q,
            "text",
            "help",
            "unit",
            "part_label",
            "whole_label",
            required=("text",),
        ),
        required=q.get("required", True),
        weight=q.get("weight", 1),
        min_value=q.get("min"),
        max_value=q.get("max"),
        scoring=q.get("scoring", {}),
        source=q["source"],
        sectors=q.get("sectors", []),
    )
    Choice.objects.bulk_create(
        Choice(
            question=question,
            value=c["value"],
            order=c_order,
            **_texts(Choice, c, "label", required=("label",)),
            score=c.get("score", 0),
            exclusive=c.get("exclusive", False),
            not_applicable=c.get("not_applicable", False),
        )
        for c_order, c in enumerate(q.get("choices", []), start=1)
    )
    return question


@transaction.atomic
def targets_load(*, path: Path = TARGETS_FILE) -> Counter:
    outcome: Counter = Counter()
    provinces = {p.code: p for p in Province.objects.all()}
    for t in read_yaml(path):
        values = {
            "province": provinces[str(t["region"])] if t.get("region") else None,
            "indicator_code": t.get("indicator") or "",
            **_texts(Target, t, "name", "note", required=("name",)),
            "comparison": t["comparison"],
            "value": t["value"],
            "unit_zh": t.get("unit", ""),
            "unit_en": t.get("unit_en", t.get("unit", "")),
            "year": t.get("year"),
            "kind": t["kind"],
            "population": t.get("population", "all"),
            "source": t["source"],
        }
        _, how = sync_row(Target, {"code": t["code"]}, values)
        outcome[how] += 1
    return outcome
