"""Load the questionnaire and the targets from the YAML files under assessment/data/."""

import hashlib
import json
from collections import Counter
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


@transaction.atomic
def questionnaire_load(*, path: Path = QUESTIONNAIRE_FILE) -> tuple[Questionnaire, str]:
    """Create the version the file describes. Returns (questionnaire, "created" |
    "replaced" | "unchanged"). A draft is replaced; a published version that the file
    would change raises PublishedVersionChanged: publish a new version instead."""
    doc = read_yaml(path)
    fp = fingerprint(doc)
    existing = Questionnaire.objects.filter(code=doc["code"], version=str(doc["version"])).first()
    if existing and existing.fingerprint == fp:
        return existing, "unchanged"
    if existing and existing.is_published:
        raise PublishedVersionChanged(
            _(
                "问卷 %(code)s 版本 %(version)s 已发布，不能修改。"
                "请在文件中写一个新的版本号，已提交的评估将保留它们所答的版本。"
                " / Version %(version)s of %(code)s is published and cannot be changed: "
                "give the file a new version number."
            )
            % {"code": doc["code"], "version": doc["version"]}
        )
    if existing:
        existing.delete()
    questionnaire = _create(doc, fp)
    return questionnaire, "replaced" if existing else "created"


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
    )
    Choice.objects.bulk_create(
        Choice(
            question=question,
            value=c["value"],
            order=c_order,
            **_texts(Choice, c, "label", required=("label",)),
            score=c.get("score", 0),
            exclusive=c.get("exclusive", False),
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
