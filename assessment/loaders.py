"""Load the questionnaire and the targets from the YAML files under assessment/data/."""

import hashlib
import json
from collections import Counter
from datetime import date
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from core.sync import sync_row
from reference.models import Province

from .models import Choice, Dimension, Indicator, Question, Questionnaire, Rule, Target

DATA_DIR = Path(__file__).resolve().parent / "data"
QUESTIONNAIRE_FILE = DATA_DIR / "questionnaire.yaml"
TARGETS_FILE = DATA_DIR / "targets.yaml"


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
        title_zh=doc["title_zh"],
        title_en=doc["title_en"],
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
            name_zh=d["name_zh"],
            name_en=d["name_en"],
            weight=d["weight"],
            description_zh=d.get("description_zh", ""),
            description_en=d.get("description_en", ""),
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
            message_zh=r["message_zh"],
            message_en=r["message_en"],
        )
        for r in doc.get("rules", [])
    )
    Indicator.objects.bulk_create(
        Indicator(
            questionnaire=questionnaire,
            code=i["code"],
            order=order,
            name_zh=i["name_zh"],
            name_en=i["name_en"],
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
        text_zh=q["text_zh"],
        text_en=q["text_en"],
        help_zh=q.get("help_zh", ""),
        help_en=q.get("help_en", ""),
        required=q.get("required", True),
        weight=q.get("weight", 1),
        unit_zh=q.get("unit_zh", ""),
        unit_en=q.get("unit_en", ""),
        min_value=q.get("min"),
        max_value=q.get("max"),
        scoring=q.get("scoring", {}),
        part_label_zh=q.get("part_label_zh", ""),
        part_label_en=q.get("part_label_en", ""),
        whole_label_zh=q.get("whole_label_zh", ""),
        whole_label_en=q.get("whole_label_en", ""),
        source=q["source"],
    )
    Choice.objects.bulk_create(
        Choice(
            question=question,
            value=c["value"],
            order=c_order,
            label_zh=c["label_zh"],
            label_en=c["label_en"],
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
            "name_zh": t["name_zh"],
            "name_en": t["name_en"],
            "comparison": t["comparison"],
            "value": t["value"],
            "unit_zh": t.get("unit", ""),
            "unit_en": t.get("unit_en", t.get("unit", "")),
            "year": t.get("year"),
            "kind": t["kind"],
            "population": t.get("population", "all"),
            "source": t["source"],
            "note_zh": t.get("note_zh", ""),
            "note_en": t.get("note_en", ""),
        }
        _, how = sync_row(Target, {"code": t["code"]}, values)
        outcome[how] += 1
    return outcome
