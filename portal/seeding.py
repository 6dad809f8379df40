"""Demo cohorts at any scale: enterprises across provinces and parks, each with submitted
assessments over several rounds, written in large batches (COPY on PostgreSQL).

Answers come from a pool of answer sets drawn with `sample_answers` over the whole range
of quality and scored once with the real method; each enterprise takes the pool entry
nearest its own quality (which depends on its size, province and park, plus noise, and
rises from one round to the next). So the cohorts have realistic spreads of scores, levels
and indicators without scoring 100 000 answer sets one by one.

Enterprises and assessments are written with COPY on PostgreSQL (ids drawn from their
sequences), and the answers of only a share of the assessments if `answers_share` says
so, so that a cohort of 1 000 000 takes minutes; the cohort aggregates are then rebuilt
in SQL."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from operator import attrgetter

from django.db import connection, transaction
from django.db.models import Count, JSONField, Max
from django.db.models.functions import Substr
from django.utils import timezone

from assessment.method import score
from assessment.models import Answer, Assessment, Question, Round
from assessment.rounds import published_questionnaire
from assessment.sampling import sample_answers
from assessment.selectors import method_spec
from assessment.services import round_ensure
from benchmarking.aggregates import aggregates_rebuild
from enterprises.credit_code import check_character
from enterprises.models import Enterprise, SizeClass
from reference.models import City, Industry, Park, Province

CODE_PATTERN = r"^91[0-9]{6}D[0-9]{8}.$"
PROVINCE_WEIGHTS = {"510000": 40, "320000": 25, "330000": 20, "440000": 15}
PROVINCE_LIFT = {"510000": 0.0, "320000": 0.07, "330000": 0.05, "440000": 0.03}
SIZES = [
    (SizeClass.MICRO, 20, -0.08, 0.05),
    (SizeClass.SMALL, 50, 0.0, 0.4),
    (SizeClass.MEDIUM, 25, 0.06, 0.95),
    (SizeClass.LARGE, 5, 0.12, 1.0),
]
INDUSTRY_WEIGHTS = {
    "34": 12, "38": 11, "39": 10, "35": 9, "36": 8, "33": 8, "26": 7, "29": 6, "30": 5,
    "13": 5, "17": 5, "27": 4, "31": 3, "32": 3, "40": 3, "18": 3, "14": 2, "22": 2,
}  # fmt: skip
WORDS = [
    "宏达",
    "精工",
    "华信",
    "恒瑞",
    "金鼎",
    "瑞丰",
    "鑫源",
    "博远",
    "中科",
    "天成",
    "永盛",
    "联创",
    "新锐",
    "汇通",
    "力拓",
    "德盛",
    "锦程",
    "星辰",
    "启航",
    "卓越",
    "蓝海",
    "昌隆",
    "东方",
    "远景",
]
SUFFIX = ["科技", "机械", "电子", "精密", "智能", "制造", "实业", "新材料", "装备", "工业"]
BATCH = 5000


@dataclass(frozen=True)
class PoolEntry:
    answers_json: list[tuple[int, str]]
    dimension_scores: dict[str, float]
    indicators: dict[str, float]
    ratio_parts: dict[str, list[float]]
    overall: float
    level: int


@dataclass
class Plan:
    enterprises: int
    rounds: int = 2
    province: str | None = None
    park_size: int | None = None
    focus_park: str | None = None
    focus_share: float = 0.0
    drafts: int = 0
    not_started: int = 0
    seed: int = 2026
    pool: int = 600
    answers_share: float = 1.0


def _pool(questionnaire, size: int, seed: int) -> list[PoolEntry]:
    spec = method_spec(questionnaire)
    question_ids = dict(
        Question.objects.filter(dimension__questionnaire=questionnaire).values_list("code", "id")
    )
    entries = []
    for i in range(size):
        quality = i / (size - 1)
        answers = sample_answers(spec, quality=quality, seed=seed * 10007 + i)
        result = score(spec, answers)
        entries.append(
            PoolEntry(
                answers_json=[
                    (question_ids[code], json.dumps(value, ensure_ascii=False))
                    for code, value in answers.items()
                ],
                dimension_scores=result.dimension_scores,
                indicators={k: v for k, v in result.indicators.items() if v is not None},
                ratio_parts={k: list(v) for k, v in result.ratio_parts.items()},
                overall=result.overall,
                level=result.level,
            )
        )
    return sorted(entries, key=lambda e: e.overall)


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _parks_for(plan: Plan, rng: random.Random) -> list[tuple[Park | None, City]]:
    """(park, city) slots, one per enterprise."""
    n = plan.enterprises + plan.drafts + plan.not_started
    if plan.province and plan.park_size:
        province = Province.objects.get(code=plan.province)
        cities = list(province.cities.order_by("code"))
        parks = list(
            Park.objects.filter(city__province=province, code__startswith=f"demo-{province.code}-")
            .select_related("city")
            .order_by("code")
        )
        # Parks are filled up to the park size, those seeded before included, so that a
        # cohort grown in steps keeps parks of that size.
        have = dict(
            Enterprise.objects.filter(park__in=parks)
            .values("park")
            .annotate(n=Count("pk"))
            .values_list("park", "n")
        )
        slots, index, serial = [], 0, 0
        while len(slots) < n:
            while index == len(parks):
                serial += 1
                city = cities[(serial - 1) % len(cities)]
                park, _ = Park.objects.get_or_create(
                    code=f"demo-{province.code}-{serial:03d}",
                    defaults={
                        "city": city,
                        "name_zh": f"{city.name_zh}示范产业园{serial}",
                        "name_en": f"{city.name_en} Demonstration Industrial Park {serial}",
                        "invitation_code": f"D{province.code[:2]}{serial:05d}",
                    },
                )
                if park not in parks:
                    parks.append(park)
            park = parks[index]
            take = min(max(0, plan.park_size - have.get(park.pk, 0)), n - len(slots))
            slots.extend([(park, park.city)] * take)
            index += 1
        return slots
    provinces = {plan.province: 1} if plan.province else PROVINCE_WEIGHTS
    parks_by_province = {
        code: list(Park.objects.filter(city__province__code=code).select_related("city"))
        for code in provinces
    }
    cities_by_province = {
        code: list(City.objects.filter(province__code=code)) for code in provinces
    }
    focus = Park.objects.select_related("city").filter(code=plan.focus_park).first()
    slots = []
    for _ in range(n):
        if focus and rng.random() < plan.focus_share:
            slots.append((focus, focus.city))
            continue
        code = _weighted(rng, provinces)
        parks = parks_by_province[code]
        if parks and rng.random() < 0.88:
            park = rng.choice(parks)
            slots.append((park, park.city))
        else:
            slots.append((None, rng.choice(cities_by_province[code])))
    return slots


def _first_serial() -> int:
    top = Enterprise.objects.filter(credit_code__regex=CODE_PATTERN).aggregate(
        m=Max(Substr("credit_code", 10, 8))
    )["m"]
    return int(top) + 1 if top else 1


def _credit_code(city: City, serial: int) -> str:
    first17 = f"91{city.code}D{serial:08d}"
    return first17 + check_character(first17)


def _insert(model, objs: list) -> None:
    """Insert `objs` and set their primary keys: on PostgreSQL the ids are drawn from the
    table's sequence and every concrete column is written with COPY, else bulk_create."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=BATCH)
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
    fields = model._meta.local_concrete_fields
    _copy_rows(model, [f.column for f in fields], _column_values(fields, objs))


def _column_values(fields, objs):
    """Each object's column values for COPY: the attributes as they are, JSON written out
    (once per distinct object: pool entries are shared) and auto_now(_add) times set to
    now, the rest of what get_db_prep_save would do being psycopg's."""
    now = timezone.now()
    values = attrgetter(*(f.attname for f in fields))
    json_at = [i for i, f in enumerate(fields) if isinstance(f, JSONField)]
    now_at = [
        i
        for i, f in enumerate(fields)
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    written: dict[int, str] = {}
    for obj in objs:
        row = list(values(obj))
        for i in json_at:
            value = row[i]
            text = written.get(id(value))
            if text is None:
                text = written[id(value)] = json.dumps(value, ensure_ascii=False)
            row[i] = text
        for i in now_at:
            row[i] = now
        yield row


def _copy_rows(model, columns: list[str], rows) -> None:
    """Write rows with COPY on PostgreSQL, else with bulk_create."""
    if connection.vendor == "postgresql":
        table = model._meta.db_table
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
        return

    def build(row):
        values = dict(zip(columns, row, strict=True))
        if model is Answer:
            values["value"] = json.loads(values["value"])
        return model(**values)

    model.objects.bulk_create((build(row) for row in rows), batch_size=500)


def _rounds(count: int, questionnaire) -> list[Round]:
    year = timezone.localdate().year
    return [
        round_ensure(year=y, questionnaire=questionnaire) for y in range(year - count + 1, year + 1)
    ]


def seed(plan: Plan, log=lambda message: None) -> dict:
    """Create the plan's enterprises and assessments; returns counts."""
    rng = random.Random(plan.seed)
    questionnaire = published_questionnaire()
    rounds = _rounds(plan.rounds, questionnaire)
    pool = _pool(questionnaire, plan.pool, plan.seed)
    log(f"answer pool: {len(pool)} scored answer sets")
    industries = {i.code: i.pk for i in Industry.objects.all()}
    industry_weights = {industries[c]: w for c, w in INDUSTRY_WEIGHTS.items() if c in industries}
    slots = _parks_for(plan, rng)
    park_lift = {}
    serial = _first_serial()
    counts = {"enterprises": 0, "submitted": 0, "drafts": 0}
    total = len(slots)
    for start in range(0, total, BATCH):
        with transaction.atomic():
            batch = slots[start : start + BATCH]
            enterprises, qualities = [], []
            for offset, (park, city) in enumerate(batch):
                size, _w, lift, above_p = rng.choices(SIZES, weights=[s[1] for s in SIZES])[0]
                province_code = city.code[:2] + "0000"
                if park and park.pk not in park_lift:
                    park_lift[park.pk] = rng.uniform(-0.08, 0.08)
                quality = (
                    rng.betavariate(2.4, 2.6)
                    + lift
                    + PROVINCE_LIFT.get(province_code, 0.0)
                    + (park_lift.get(park.pk, 0.0) if park else 0.0)
                )
                qualities.append(min(1.0, max(0.0, quality)))
                word = rng.choice(WORDS) + rng.choice(WORDS)
                enterprises.append(
                    Enterprise(
                        name=f"{city.name_zh.removesuffix('市')}{word}{rng.choice(SUFFIX)}有限公司",
                        credit_code=_credit_code(city, serial + start + offset),
                        industry_id=_weighted(rng, industry_weights),
                        size_class=size,
                        above_designated_size=rng.random() < above_p,
                        employees=rng.randint(8, 900),
                        province_id=city.province_id,
                        city_id=city.pk,
                        park=park,
                        contact_email=f"contact{serial + start + offset}@example.com",
                    )
                )
            _insert(Enterprise, enterprises)
            counts["enterprises"] += len(enterprises)
            _write_assessments(plan, rng, rounds, pool, enterprises, qualities, start, counts)
        log(f"{min(start + BATCH, total)} / {total} enterprises")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Enterprise, Assessment, Answer):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    # The cohort aggregates of the rounds written to, computed again from their rows.
    counts["aggregates"] = aggregates_rebuild(round_ids=[r.pk for r in rounds], log=log)
    return counts


def _write_assessments(plan, rng, rounds, pool, enterprises, qualities, start, counts):
    latest = rounds[-1]
    assessments, entries = [], []
    for offset, (enterprise, quality) in enumerate(zip(enterprises, qualities, strict=True)):
        index = start + offset
        kind = (
            "submitted"
            if index < plan.enterprises
            else "draft"
            if index < plan.enterprises + plan.drafts
            else "none"
        )
        for back, round_ in enumerate(reversed(rounds)):
            if back and (kind != "submitted" or rng.random() > 0.7):
                continue
            if round_ == latest and kind == "none":
                continue
            status = (
                Assessment.Status.DRAFT
                if round_ == latest and kind == "draft"
                else Assessment.Status.SUBMITTED
            )
            q = max(0.0, quality - 0.07 * back + rng.gauss(0, 0.03))
            entry = pool[min(len(pool) - 1, int(q * (len(pool) - 1)))]
            day = min(round_.closes_on, round_.opens_on + timedelta(days=rng.randint(20, 200)))
            submitted = status == Assessment.Status.SUBMITTED
            assessments.append(
                Assessment(
                    enterprise_id=enterprise.pk,
                    round=round_,
                    questionnaire_id=round_.questionnaire_id,
                    status=status,
                    submitted_at=(
                        timezone.make_aware(datetime.combine(day, time(10, 0)))
                        if submitted
                        else None
                    ),
                    overall_score=entry.overall if submitted else None,
                    level=entry.level if submitted else None,
                    province_id=enterprise.province_id,
                    city_id=enterprise.city_id,
                    park_id=enterprise.park_id,
                    industry_id=enterprise.industry_id,
                    size_class=enterprise.size_class,
                    above_designated_size=enterprise.above_designated_size,
                    scores=entry.dimension_scores if submitted else {},
                    indicators=entry.indicators if submitted else {},
                    ratio_parts=entry.ratio_parts if submitted else {},
                )
            )
            entries.append(entry if submitted else None)
            counts["submitted" if submitted else "drafts"] += 1
    _insert(Assessment, assessments)
    now = timezone.now()
    # The answers of a share of the submitted assessments (all by default): cohort figures
    # read the scores kept on each assessment, so a large cohort needs few answer rows.
    pairs = [
        (a.pk, e)
        for a, e in zip(assessments, entries, strict=True)
        if e is not None and (plan.answers_share >= 1 or rng.random() < plan.answers_share)
    ]
    _copy_rows(
        Answer,
        ["assessment_id", "question_id", "value", "updated_at"],
        ((pk, question, value, now) for pk, e in pairs for question, value in e.answers_json),
    )


def seeded_enterprises_exist() -> bool:
    return Enterprise.objects.filter(credit_code__regex=CODE_PATTERN).exists()
