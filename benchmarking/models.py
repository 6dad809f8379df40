from django.db import models
from django.utils.translation import gettext_lazy as _


class PeerSnapshot(models.Model):
    """The figures of one peer group in one round as they stood at `computed_at`: the
    distribution of its scores and the sums of its indicators. Reports read the latest
    snapshot of each of their groups, never the live rows, so that their peer figures move
    only in batches (assessment.benchmarks.snapshot_is_due).

    `figures` holds {"hist": {field: {bin: count}}, "indicators": {code: {population:
    {"n", "sum", "flags", "part", "whole"}}}}: each score field as a histogram of 1 001 bins
    of 0.1 point (distribution.py reads quantiles and ranks from it exactly at that
    resolution), so that snapshots can equally be added up from pre-aggregated histograms."""

    class Kind(models.TextChoices):
        PARK = "park", _("同园区")
        INDUSTRY = "industry", _("本省同行业")
        SIZE = "size", _("全国同规模")
        PROVINCE = "province", _("本省")
        NATIONAL = "national", _("全国")

    round = models.ForeignKey(
        "assessment.Round", models.CASCADE, related_name="+", verbose_name=_("评估轮次")
    )
    kind = models.CharField(_("群体类型"), max_length=10, choices=Kind.choices)
    key = models.CharField(_("群体"), max_length=40, blank=True)
    computed_at = models.DateTimeField(_("计算时间"))
    n = models.PositiveIntegerField(_("企业数"))
    figures = models.JSONField(_("统计数据"), default=dict)

    class Meta:
        verbose_name = _("同行数据快照")
        verbose_name_plural = _("同行数据快照")
        indexes = [models.Index(fields=["round", "kind", "key", "-computed_at"])]

    def __str__(self):
        return f"{self.round_id} · {self.kind}:{self.key} · {self.n}"


class CohortAggregate(models.Model):
    """The figures of one cohort in one round, kept up to date as assessments are
    submitted (in the submitting transaction) and rebuilt from the rows by
    `manage.py aggregates_rebuild`: the nation, a province, a city or a park (`kind`,
    `scope_id`, 0 for the nation), narrowed by any of industry, size and above-scale
    (`key`, "<industry id>:<size>:<above 1/0>", empty parts for "any").

    `figures` holds {"n_above", "levels": {level: count}, "sums": {field: [count, sum]},
    "hist": {field: {bin: count}}, "indicators": {code: {population: {"n", "sum",
    "flags", "part", "whole"}}}} in PeerSnapshot's format: the histograms of every score
    for a province or the nation (any key) and for a park or a city unnarrowed, the
    overall score's alone elsewhere (`full` says which). Dashboards, comparisons and peer
    snapshots read these rows, never a scan of the assessments. Rows carry their
    province, so they partition by (round, province) like the assessments."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("全国")
        PROVINCE = "province", _("省")
        CITY = "city", _("城市")
        PARK = "park", _("园区")

    round = models.ForeignKey(
        "assessment.Round", models.CASCADE, related_name="+", verbose_name=_("评估轮次")
    )
    kind = models.CharField(_("群体类型"), max_length=10, choices=Kind.choices)
    scope_id = models.PositiveIntegerField(_("范围"))
    key = models.CharField(_("筛选条件"), max_length=40, blank=True)
    province_id = models.PositiveIntegerField(_("省"), null=True, blank=True)
    n = models.PositiveIntegerField(_("企业数"), default=0)
    full = models.BooleanField(default=False)
    figures = models.JSONField(_("统计数据"), default=dict)

    class Meta:
        verbose_name = _("群体汇总")
        verbose_name_plural = _("群体汇总")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "kind", "scope_id", "key"], name="cohort_aggregate_unique"
            )
        ]
        indexes = [models.Index(fields=["round", "kind", "key", "province_id"])]

    def __str__(self):
        return f"{self.round_id} · {self.kind}:{self.scope_id} [{self.key}] · {self.n}"
