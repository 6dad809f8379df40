"""A cohort: the park or province (its scope), the round and the filters an administrator
narrowed it to, and the submitted assessments that make it up."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from assessment.models import Assessment, Round
from enterprises.models import SizeClass
from reference.models import Industry, Park, Province


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
    return _("规模以上企业") if above else _("规模以下企业")


def rounds_available() -> list[Round]:
    return list(Round.objects.select_related("questionnaire").order_by("-opens_on"))


def round_previous(*, round: Round) -> Round | None:
    return (
        Round.objects.filter(opens_on__lt=round.opens_on)
        .select_related("questionnaire")
        .order_by("-opens_on")
        .first()
    )


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
