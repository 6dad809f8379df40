"""Reads for park and provincial administrators: who may see which cohort, and the cohort's
statistics, all computed in the database (aggregates, never every row in Python)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import AdminRole
from assessment.models import Assessment, Dimension, Indicator, Round, Target
from core.stats import (
    aggregate_with_quantiles,
    grouped_quantiles,
    json_number,
)
from enterprises.models import Enterprise, SizeClass
from reference.models import City, Industry, Park, Province

MIN_COHORT = 5
HEATMAP_PAGE = 40
SCORE_BINS = tuple((low, low + 10) for low in range(0, 100, 10))
CNC_INDICATOR = "cnc_key_process_rate"
EXPORT_CHUNK = 2000


@dataclass(frozen=True)
class Scope:
    """A park or a province: the enterprises an administrator is responsible for."""

    park: Park | None
    province: Province

    @property
    def kind(self) -> str:
        return "park" if self.park else "province"

    @property
    def pk(self) -> int:
        return self.park.pk if self.park else self.province.pk

    @property
    def name(self) -> str:
        return self.park.name if self.park else self.province.name

    def q(self, prefix: str = "") -> Q:
        if self.park:
            return Q(**{f"{prefix}park_id": self.park.pk})
        return Q(**{f"{prefix}province_id": self.province.pk})


@dataclass(frozen=True)
class CohortFilters:
    """What the administrator narrowed the cohort to; every figure follows them."""

    round: Round
    industry: Industry | None = None
    size_class: str = ""
    above: bool | None = None

    def q(self, prefix: str = "") -> Q:
        """Conditions on an assessment's snapshot (or an enterprise's fields)."""
        q = Q()
        if self.industry:
            q &= Q(**{f"{prefix}industry_id": self.industry.pk})
        if self.size_class:
            q &= Q(**{f"{prefix}size_class": self.size_class})
        if self.above is not None:
            q &= Q(**{f"{prefix}above_designated_size": self.above})
        return q

    @property
    def is_narrowed(self) -> bool:
        return bool(self.industry or self.size_class or self.above is not None)

    def as_dict(self) -> dict:
        return {
            "round": self.round.pk,
            "industry": self.industry.pk if self.industry else None,
            "size_class": self.size_class,
            "above": self.above,
        }

    @classmethod
    def from_dict(cls, data: dict) -> CohortFilters:
        industry = Industry.objects.filter(pk=data.get("industry")).first()
        return cls(
            round=Round.objects.select_related("questionnaire").get(pk=data["round"]),
            industry=industry if data.get("industry") else None,
            size_class=data.get("size_class") or "",
            above=data.get("above"),
        )

    def describe(self) -> list[str]:
        parts = [self.round.name]
        if self.industry:
            parts.append(str(self.industry))
        if self.size_class:
            parts.append(str(SizeClass(self.size_class).label))
        if self.above is not None:
            parts.append(str(_above_label(self.above)))
        return parts


def _above_label(above: bool):
    from django.utils.translation import gettext as _

    return _("规模以上企业") if above else _("规模以下企业")


# --- access ------------------------------------------------------------------------------


def admin_scopes(*, user) -> list[Scope]:
    """The parks and provinces `user` administers (empty for anyone else)."""
    if not user.is_authenticated:
        return []
    scopes = []
    for role in AdminRole.objects.filter(user=user).select_related(
        "park__city__province", "province"
    ):
        if role.kind == AdminRole.Kind.PARK and role.park:
            scopes.append(Scope(park=role.park, province=role.park.city.province))
        elif role.province:
            scopes.append(Scope(park=None, province=role.province))
    return scopes


def scope_for(*, user, kind: str, pk: int) -> Scope | None:
    """The park or province `pk` if `user` administers it (a provincial administrator also
    administers every park of the province), else None."""
    if not user.is_authenticated:
        return None
    roles = AdminRole.objects.filter(user=user)
    if kind == "park":
        park = Park.objects.select_related("city__province").filter(pk=pk).first()
        if park is None:
            return None
        allowed = roles.filter(
            Q(kind=AdminRole.Kind.PARK, park=park)
            | Q(kind=AdminRole.Kind.PROVINCE, province_id=park.city.province_id)
        ).exists()
        return Scope(park=park, province=park.city.province) if allowed else None
    if kind == "province":
        province = Province.objects.filter(pk=pk).first()
        if province and roles.filter(kind=AdminRole.Kind.PROVINCE, province=province).exists():
            return Scope(park=None, province=province)
    return None


def rounds_available() -> list[Round]:
    return list(Round.objects.select_related("questionnaire").order_by("-opens_on"))


def round_previous(*, round: Round) -> Round | None:
    return (
        Round.objects.filter(opens_on__lt=round.opens_on)
        .select_related("questionnaire")
        .order_by("-opens_on")
        .first()
    )


# --- the cohort ---------------------------------------------------------------------------


def cohort_assessments(
    *, scope: Scope, filters: CohortFilters, round: Round | None = None
) -> QuerySet[Assessment]:
    """The submitted assessments of the cohort in the filters' round (or `round`)."""
    return Assessment.objects.filter(
        scope.q(),
        filters.q(),
        round=round or filters.round,
        status=Assessment.Status.SUBMITTED,
    )


def _cohort_q(scope: Scope, filters: CohortFilters, round: Round, prefix: str) -> Q:
    """The cohort as conditions on a related assessment (a join, not an IN list)."""
    return (
        scope.q(prefix)
        & filters.q(prefix)
        & Q(**{f"{prefix}round_id": round.pk, f"{prefix}status": Assessment.Status.SUBMITTED})
    )


def cohort_funnel(*, scope: Scope, filters: CohortFilters, submitted: int | None = None) -> dict:
    """Invited (enterprises of the park or province), started (an assessment of the round
    exists), submitted. `submitted`, the cohort's size if already counted (the statistics'
    n), leaves only the unsubmitted assessments to count (an index look-up, not a scan)."""
    invited = Enterprise.objects.filter(scope.q(), filters.q()).count()
    of_round = Assessment.objects.filter(scope.q(), filters.q(), round=filters.round)
    if submitted is None:
        row = of_round.aggregate(
            started=Count("pk"),
            submitted=Count("pk", filter=Q(status=Assessment.Status.SUBMITTED)),
        )
    else:
        unsubmitted = [s for s in Assessment.Status.values if s != Assessment.Status.SUBMITTED]
        row = {
            "started": submitted + of_round.filter(status__in=unsubmitted).count(),
            "submitted": submitted,
        }
    invited = max(invited, row["started"])
    return {
        "invited": invited,
        "started": row["started"],
        "submitted": row["submitted"],
        "not_started": invited - row["started"],
        "not_submitted": row["started"] - row["submitted"],
    }


@dataclass
class DimensionFigure:
    code: str
    name: str
    q1: float | None
    median: float | None
    q3: float | None
    mean: float | None


@dataclass
class CohortStatistics:
    n: int
    n_above: int
    mean: float | None
    quartiles: dict[float, float | None]
    bins: list[tuple[str, int]]
    levels: list[tuple[int, str, int]]
    dimensions: list[DimensionFigure] = field(default_factory=list)
    indicators: dict | None = None  # this round's target figures, if targets were given

    @property
    def is_small(self) -> bool:
        return self.n < MIN_COHORT

    @property
    def q1(self) -> float | None:
        return self.quartiles.get(0.25)

    @property
    def median(self) -> float | None:
        return self.quartiles.get(0.5)

    @property
    def q3(self) -> float | None:
        return self.quartiles.get(0.75)

    @property
    def weakest(self) -> list[DimensionFigure]:
        ranked = [d for d in self.dimensions if d.median is not None]
        return sorted(ranked, key=lambda d: (d.median, d.mean or 0))[:3]


def _dimensions_of(round: Round) -> list[Dimension]:
    return list(Dimension.objects.filter(questionnaire_id=round.questionnaire_id).order_by("order"))


def dimensions_of(*, round: Round) -> list[Dimension]:
    """The round's dimensions in order (read once and handed to the figures that need them)."""
    return _dimensions_of(round)


def _levels_of(round: Round) -> list[tuple[int, str]]:
    from core.lang import pick

    return [
        (lv["level"], pick(lv["name_zh"], lv["name_en"]))
        for lv in sorted(round.questionnaire.levels, key=lambda lv: lv["level"])
    ]


def cohort_statistics(
    *,
    scope: Scope,
    filters: CohortFilters,
    targets: list[Target] | None = None,
    dimensions: list[Dimension] | None = None,
) -> CohortStatistics:
    """Count, mean, quartiles, histogram and levels of the overall score, and each
    dimension's quartiles and mean, read from one row per assessment (the dimension scores
    are keys of its `scores`): on PostgreSQL one aggregate query. With `targets`, the same
    query also gives this round's figure of each target (`indicators`, as
    _indicator_figures gives them per round): they read the same rows."""
    cohort = cohort_assessments(scope=scope, filters=filters)
    dimensions = _dimensions_of(filters.round) if dimensions is None else dimensions
    aggregates = {
        "n": Count("pk"),
        "n_above": Count("pk", filter=Q(above_designated_size=True)),
        "mean": Avg("overall_score"),
    }
    for i, (low, high) in enumerate(SCORE_BINS):
        upper = Q(overall_score__lt=high) if high < 100 else Q(overall_score__lte=high)
        aggregates[f"bin{i}"] = Count("pk", filter=Q(overall_score__gte=low) & upper)
    levels = _levels_of(filters.round)
    for level, _name in levels:
        aggregates[f"level{level}"] = Count("pk", filter=Q(level=level))
    if targets is not None:
        # Annotated (not aliased): on PostgreSQL each indicator is then read once per row in
        # the fenced subquery, beside the dimension scores.
        values, target_aggregates = _indicator_aggregates(targets)
        cohort = cohort.annotate(**values)
        aggregates.update(target_aggregates)
    fields = {"overall": "overall_score"}
    fields.update({d.code: json_number("scores", d.code) for d in dimensions})
    row, quartiles = aggregate_with_quantiles(
        cohort, aggregates=aggregates, fields=fields, means=True
    )
    return CohortStatistics(
        n=row["n"],
        n_above=row["n_above"],
        mean=row["mean"],
        quartiles=quartiles["overall"],
        bins=[(f"{low}–{high}", row[f"bin{i}"]) for i, (low, high) in enumerate(SCORE_BINS)],
        levels=[(level, name, row[f"level{level}"]) for level, name in levels],
        dimensions=[
            DimensionFigure(
                code=d.code,
                name=d.name,
                q1=quartiles[d.code][0.25],
                median=quartiles[d.code][0.5],
                q3=quartiles[d.code][0.75],
                mean=row[f"mean_{d.code}"],
            )
            for d in dimensions
        ],
        indicators=None if targets is None else _indicator_row(row, targets),
    )


# --- targets ------------------------------------------------------------------------------


def targets_for(*, province: Province) -> list[Target]:
    """The targets a cohort of `province` is held against: per indicator, the province's
    own target if it has one, else the national one (domain.md)."""
    rows = Target.objects.filter(
        Q(province=province) | Q(province__isnull=True),
        kind__in=[Target.Kind.ENTERPRISE, Target.Kind.POPULATION],
    ).exclude(indicator_code="")
    chosen: dict[tuple[str, str], Target] = {}
    for t in rows.order_by("indicator_code", "year"):
        key = (t.indicator_code, t.population)
        held = chosen.get(key)
        if held is None or t.province_id or held.province_id is None:
            chosen[key] = t
    return sorted(chosen.values(), key=lambda t: (t.province_id is None, t.indicator_code))


def _target_aggregates(targets: list[Target]) -> tuple[dict, dict]:
    """(aliases, aggregates) of each target's figure over assessments: for a population
    target the number of enterprises with the flag (the share needs the base), for an
    enterprise target the mean of the enterprises' values (those without one left out)."""
    aliases, aggregates = {}, {}
    for i, t in enumerate(targets):
        name = f"ind_{i}"
        aliases[name] = json_number("indicators", t.indicator_code)
        where = Q()
        if t.population == Target.Population.ABOVE_SCALE:
            where &= Q(above_designated_size=True)
        if t.kind == Target.Kind.POPULATION:
            aggregates[t.code] = Count("pk", filter=where & Q(**{f"{name}__gte": 100}))
        else:
            aggregates[t.code] = Avg(name, filter=where)
    return aliases, aggregates


def _indicator_aggregates(targets: list[Target]) -> tuple[dict, dict]:
    """(per-row values, aggregates) of the target figures and the pooled CNC rate, named
    apart from the other statistics (read them back with _indicator_row)."""
    aliases, aggregates = _target_aggregates(targets)
    aliases["cnc_part_value"] = json_number("ratio_parts", CNC_INDICATOR, 0)
    aliases["cnc_whole_value"] = json_number("ratio_parts", CNC_INDICATOR, 1)
    named = {f"target_{i}": aggregates[t.code] for i, t in enumerate(targets)}
    named["cnc_part"] = Sum("cnc_part_value")
    named["cnc_whole"] = Sum("cnc_whole_value")
    return aliases, named


def _indicator_row(row: dict, targets: list[Target]) -> dict:
    """{target code: {"n", "value"}, "pooled": pooled CNC rate} from a row of
    _indicator_aggregates (with "n" and "n_above")."""
    figures = {
        t.code: {
            "n": row["n_above"] if t.population == Target.Population.ABOVE_SCALE else row["n"],
            "value": _target_value(t, row[f"target_{i}"], row["n"], row["n_above"]),
        }
        for i, t in enumerate(targets)
    }
    whole = row["cnc_whole"]
    figures["pooled"] = 100.0 * row["cnc_part"] / whole if whole else None
    return figures


def _target_value(t: Target, raw, n: int, n_above: int) -> float | None:
    base = n_above if t.population == Target.Population.ABOVE_SCALE else n
    if t.kind == Target.Kind.POPULATION:
        return 100.0 * raw / base if base and raw is not None else None
    return raw


def _indicator_figures(
    *, scope: Scope, filters: CohortFilters, rounds: list[Round], targets: list[Target]
) -> dict[int, dict]:
    """{round id: {target code: {"n", "value"}, "pooled": pooled CNC rate}} for each of
    `rounds`, in one query grouped by round: the cohort's value of each target (share of
    enterprises for a population target, mean of the enterprises' values for an enterprise
    target) and its base; the pooled CNC rate is Σ part ÷ Σ whole of the key processes."""
    if not rounds:
        return {}
    aliases, aggregates = _indicator_aggregates(targets)
    rows = (
        Assessment.objects.filter(
            scope.q(),
            filters.q(),
            round_id__in=[r.pk for r in rounds],
            status=Assessment.Status.SUBMITTED,
        )
        .alias(**aliases)
        .order_by()
        .values("round_id")
        .annotate(
            n=Count("pk"),
            n_above=Count("pk", filter=Q(above_designated_size=True)),
            **aggregates,
        )
    )
    return {r["round_id"]: _indicator_row(r, targets) for r in rows}


@dataclass
class TargetFigure:
    target: Target
    n: int
    value: float | None
    met: bool | None
    gap: float | None
    previous: float | None
    change: float | None
    pooled: float | None = None

    @property
    def suppressed(self) -> bool:
        return self.n < MIN_COHORT


def cohort_targets(
    *,
    scope: Scope,
    filters: CohortFilters,
    targets: list[Target] | None = None,
    current: dict | None = None,
) -> list[TargetFigure]:
    """Each target against the cohort: value, met or missed, gap, change since the
    previous round (same filters); this round and the previous one in one query, or only
    the previous one if `current` holds this round's figures already (the statistics'
    `indicators`, computed over `targets`)."""
    if targets is None:
        targets = targets_for(province=scope.province)
    previous_round = round_previous(round=filters.round)
    rounds = [] if current is not None else [filters.round]
    rounds += [previous_round] if previous_round else []
    figures = _indicator_figures(scope=scope, filters=filters, rounds=rounds, targets=targets)
    empty = {t.code: {"n": 0, "value": None} for t in targets}
    now = current if current is not None else figures.get(filters.round.pk, empty)
    before = figures.get(previous_round.pk, {}) if previous_round else {}
    pooled = now.get("pooled")
    rows = []
    for t in targets:
        value = now[t.code]["value"]
        prev = before.get(t.code, {})
        prev_value = prev.get("value") if prev.get("n", 0) >= MIN_COHORT else None
        rows.append(
            TargetFigure(
                target=t,
                n=now[t.code]["n"],
                value=value,
                met=t.is_met_by(value),
                gap=None if value is None else value - float(t.value),
                previous=prev_value,
                change=None if value is None or prev_value is None else value - prev_value,
                pooled=pooled if t.indicator_code == CNC_INDICATOR else None,
            )
        )
    return rows


# --- comparison of parks and cities ---------------------------------------------------------


@dataclass
class GroupRow:
    pk: int | None
    name: str
    n: int
    mean: float | None
    median: float | None
    indicators: list[float | None]

    @property
    def suppressed(self) -> bool:
        return self.n < MIN_COHORT


def _group_figures_postgres(cohort: QuerySet, targets: list[Target]) -> dict[str, dict]:
    """PostgreSQL: both groupings from one scan of the cohort (GROUPING SETS), each
    assessment's indicators read once (in the subquery) before the two sorts."""
    aliases = {
        f"ind_{i}": json_number("indicators", t.indicator_code) for i, t in enumerate(targets)
    }
    inner = (
        cohort.order_by()
        .annotate(**aliases)
        .values("park_id", "city_id", "above_designated_size", "overall_score", *aliases)
    )
    sql, params = inner.query.sql_with_params()
    columns = [
        "count(*) AS n",
        "count(*) FILTER (WHERE above_designated_size) AS n_above",
        "avg(overall_score) AS mean",
        "percentile_cont(0.5) WITHIN GROUP (ORDER BY overall_score) AS median",
    ]
    for i, t in enumerate(targets):
        where = "above_designated_size" if t.population == Target.Population.ABOVE_SCALE else "true"
        if t.kind == Target.Kind.POPULATION:
            columns.append(f"count(*) FILTER (WHERE {where} AND ind_{i} >= 100) AS t_{i}")
        else:
            columns.append(f"avg(ind_{i}) FILTER (WHERE {where}) AS t_{i}")
    query = (
        f"SELECT GROUPING(park_id) AS by_city, park_id, city_id, {', '.join(columns)} "
        f"FROM ({sql} LIMIT {10**12}) AS cohort GROUP BY GROUPING SETS ((park_id), (city_id))"
    )
    groups: dict[str, dict] = {"park": {}, "city": {}}
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        names = [c[0] for c in cursor.description]
        for values in cursor.fetchall():
            r = dict(zip(names, values, strict=True))
            by = "city" if r["by_city"] else "park"
            r.update({t.code: r.pop(f"t_{i}") for i, t in enumerate(targets)})
            groups[by][r[f"{by}_id"]] = r
    return groups


def _group_figures(cohort: QuerySet, key: str, targets: list[Target]) -> dict:
    """Elsewhere: one grouped query, and the medians from ordered look-ups."""
    aliases, aggregates = _target_aggregates(targets)
    rows = {
        r[key]: r
        for r in cohort.alias(**aliases)
        .order_by()
        .values(key)
        .annotate(
            n=Count("pk"),
            n_above=Count("pk", filter=Q(above_designated_size=True)),
            mean=Avg("overall_score"),
            **aggregates,
        )
    }
    if rows:
        for pk, median in grouped_quantiles(cohort, key, "overall_score", probs=(0.5,)).items():
            rows[pk]["median"] = median[0.5]
    return rows


def cohort_comparison(
    *, scope: Scope, filters: CohortFilters, targets: list[Target]
) -> dict[str, list[GroupRow]]:
    """The province's parks and cities side by side ({"park": rows, "city": rows}): count,
    mean and median score and each target's figure (on PostgreSQL one query for both).
    Groups under MIN_COHORT submitted keep only their count."""
    cohort = cohort_assessments(scope=scope, filters=filters)
    if connection.vendor == "postgresql":
        groups = _group_figures_postgres(cohort, targets)
    else:
        groups = {by: _group_figures(cohort, f"{by}_id", targets) for by in ("park", "city")}
    result = {}
    for by, model in (("park", Park), ("city", City)):
        rows = groups[by]
        names = {o.pk: o.name for o in model.objects.filter(pk__in=[k for k in rows if k])}
        result[by] = sorted(
            (
                GroupRow(
                    pk=pk,
                    name=names.get(pk, "—"),
                    n=r["n"],
                    mean=r["mean"],
                    median=r.get("median"),
                    indicators=[_target_value(t, r[t.code], r["n"], r["n_above"]) for t in targets],
                )
                for pk, r in rows.items()
            ),
            key=lambda g: (-g.n, g.name),
        )
    return result


# --- the enterprises themselves (the administrator's own drill-down list) --------------------


@dataclass
class HeatmapPage:
    dimensions: list[Dimension]
    rows: list[dict]
    page: int
    pages: int
    total: int


def heat_band(score: float | None) -> str:
    """The heat-map colour class of a score: heat-0 (below 20) to heat-4 (80 and over)."""
    if score is None:
        return "heat-none"
    return f"heat-{min(4, int(score // 20))}"


def cohort_heatmap(
    *,
    scope: Scope,
    filters: CohortFilters,
    page: int = 1,
    total: int | None = None,
    dimensions: list[Dimension] | None = None,
) -> HeatmapPage:
    """Enterprise × dimension scores, one page at a time (weakest overall first; the
    indexes on round, status, park or province and overall score give the page without a
    sort). `total`, the cohort's size if already counted, and `dimensions`, the round's
    if already read, save reading them again."""
    cohort = cohort_assessments(scope=scope, filters=filters)
    total = cohort.count() if total is None else total
    pages = max(1, -(-total // HEATMAP_PAGE))
    page = min(max(1, page), pages)
    start = (page - 1) * HEATMAP_PAGE
    rows = list(
        cohort.order_by("overall_score", "pk").values(
            "pk", "enterprise__name", "overall_score", "level", "report__id", "scores"
        )[start : start + HEATMAP_PAGE]
    )
    dimensions = _dimensions_of(filters.round) if dimensions is None else dimensions
    for r in rows:
        scores = r.pop("scores")
        r["cells"] = [
            (score, heat_band(score)) for score in (scores.get(d.code) for d in dimensions)
        ]
    return HeatmapPage(dimensions=dimensions, rows=rows, page=page, pages=pages, total=total)


def reminder_recipients(*, scope: Scope, round: Round) -> list[tuple[int, str, bool]]:
    """(enterprise id, e-mail, started) of the scope's enterprises that have not submitted
    in `round` and have a contact e-mail."""
    submitted = Assessment.objects.filter(round=round, status=Assessment.Status.SUBMITTED).values(
        "enterprise_id"
    )
    started = set(
        Assessment.objects.filter(
            round=round, enterprise__in=Enterprise.objects.filter(scope.q())
        ).values_list("enterprise_id", flat=True)
    )
    return [
        (pk, email, pk in started)
        for pk, email in Enterprise.objects.filter(scope.q())
        .exclude(pk__in=submitted)
        .exclude(contact_email="")
        .values_list("pk", "contact_email")
        .order_by("pk")
    ]


# --- exports -------------------------------------------------------------------------------


def export_columns(*, round: Round) -> tuple[list[str], list[str], list[str]]:
    """(header, dimension codes, indicator codes) of a cohort export."""
    from django.utils.translation import gettext as _

    dimensions = [d.code for d in _dimensions_of(round)]
    indicators = list(
        Indicator.objects.filter(questionnaire_id=round.questionnaire_id)
        .order_by("order")
        .values_list("code", flat=True)
    )
    header = [
        _("企业名称"),
        _("统一社会信用代码"),
        _("城市"),
        _("园区"),
        _("行业大类"),
        _("企业规模"),
        _("规模以上"),
        _("轮次"),
        _("提交时间"),
        _("总分"),
        _("等级"),
        *dimensions,
        *indicators,
    ]
    return header, dimensions, indicators


def export_rows(*, scope: Scope, filters: CohortFilters) -> Iterator[list]:
    """One row per enterprise of the cohort, read in keyset chunks so that memory stays
    flat however large the province."""
    _header, dimensions, indicators = export_columns(round=filters.round)
    cohort = cohort_assessments(scope=scope, filters=filters).order_by("pk")
    last = 0
    while True:
        chunk = list(
            cohort.filter(pk__gt=last).values_list(
                "pk",
                "enterprise__name",
                "enterprise__credit_code",
                "city__name_zh",
                "park__name_zh",
                "industry__code",
                "size_class",
                "above_designated_size",
                "round__code",
                "submitted_at",
                "overall_score",
                "level",
                "scores",
                "indicators",
            )[:EXPORT_CHUNK]
        )
        if not chunk:
            return
        for r in chunk:
            scores, values = r[12], r[13]
            submitted_at = timezone.localtime(r[9]).strftime("%Y-%m-%d %H:%M") if r[9] else ""
            yield [
                *r[1:9],
                submitted_at,
                *r[10:12],
                *(scores.get(code) for code in dimensions),
                *(values.get(code) for code in indicators),
            ]
        last = chunk[-1][0]


ENTERPRISE_PAGE_SIZE = 100


@dataclass(frozen=True)
class EnterprisePage:
    rows: list[dict]
    page: int
    pages: int
    total: int
    status: str


def park_enterprise_statuses(
    *, park: Park, round: Round, status: str = "", page: int = 1
) -> EnterprisePage:
    """The park's enterprises with where each stands in `round` (not started, filling in,
    submitted with its score), those furthest behind first; one page at a time, filtered
    by status ("not_started", "draft", "submitted") when asked."""
    from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When

    of_round = Assessment.objects.filter(enterprise=OuterRef("pk"), round=round)
    enterprises = Enterprise.objects.filter(park=park).annotate(
        assessment_status=Subquery(of_round.values("status")[:1]),
        assessment_id=Subquery(of_round.values("pk")[:1]),
        overall_score=Subquery(of_round.values("overall_score")[:1]),
        updated_at=Subquery(of_round.values("updated_at")[:1]),
        members=Count("memberships", distinct=True),
        behind=Case(
            When(assessment_status__isnull=True, then=Value(0)),
            When(assessment_status=Assessment.Status.DRAFT, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
    )
    if status == "not_started":
        enterprises = enterprises.filter(assessment_status__isnull=True)
    elif status in (Assessment.Status.DRAFT, Assessment.Status.SUBMITTED):
        enterprises = enterprises.filter(assessment_status=status)
    total = enterprises.count()
    pages = max(1, -(-total // ENTERPRISE_PAGE_SIZE))
    page = min(max(1, page), pages)
    start = (page - 1) * ENTERPRISE_PAGE_SIZE
    rows = list(
        enterprises.order_by("behind", "name").values(
            "pk",
            "name",
            "credit_code",
            "contact_email",
            "members",
            "assessment_status",
            "assessment_id",
            "overall_score",
            "updated_at",
        )[start : start + ENTERPRISE_PAGE_SIZE]
    )
    return EnterprisePage(rows=rows, page=page, pages=pages, total=total, status=status)
