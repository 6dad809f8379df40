"""Reads of a park's campaign: where each of its enterprises stands in a round, and who
still needs a reminder."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, IntegerField, OuterRef, Subquery, Value, When

from assessment.models import Assessment, Round
from cohorts.access import scope_for
from cohorts.filters import Scope
from enterprises.models import Enterprise, ParkJoinRequest
from reference.models import Park

from .models import EnterpriseClaim


def park_join_requests_pending(*, scope: Scope) -> list[ParkJoinRequest]:
    """Enterprises asking to join the scope's park (or a park of its province)."""
    where = {"park": scope.park} if scope.park else {"park__city__province": scope.province}
    return list(
        ParkJoinRequest.objects.filter(decision=ParkJoinRequest.Decision.PENDING, **where)
        .select_related("enterprise", "park", "requested_by")
        .order_by("at")[:50]
    )


def enterprise_claims_pending(*, scope: Scope) -> list[EnterpriseClaim]:
    """Claims of the scope's enterprises awaiting a decision."""
    return list(
        EnterpriseClaim.objects.filter(
            scope.q("enterprise__"), decision=EnterpriseClaim.Decision.PENDING
        )
        .select_related("enterprise", "claimant")
        .order_by("at")[:50]
    )


def park_join_request_for_decider(*, pk: int, user) -> ParkJoinRequest | None:
    """The pending request `pk` if `user` administers its park (or the park's province)."""
    join_request = (
        ParkJoinRequest.objects.select_related("park", "enterprise")
        .filter(pk=pk, decision=ParkJoinRequest.Decision.PENDING)
        .first()
    )
    if join_request and scope_for(user=user, kind="park", pk=join_request.park_id):
        return join_request
    return None


def enterprise_claim_for_decider(*, pk: int, user) -> EnterpriseClaim | None:
    """The pending claim `pk` if `user` administers the enterprise's park, or its province
    (an enterprise without a park is its province's to decide)."""
    claim = (
        EnterpriseClaim.objects.select_related("enterprise", "claimant")
        .filter(pk=pk, decision=EnterpriseClaim.Decision.PENDING)
        .first()
    )
    if claim is None:
        return None
    enterprise = claim.enterprise
    kind, scope_pk = (
        ("park", enterprise.park_id) if enterprise.park_id else ("province", enterprise.province_id)
    )
    return claim if scope_for(user=user, kind=kind, pk=scope_pk) else None


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


ENTERPRISE_PAGE_SIZE = 100


@dataclass(frozen=True)
class EnterprisePage:
    page: Page  # its object_list: the rows
    status: str

    @property
    def rows(self) -> list[dict]:
        return self.page.object_list

    @property
    def total(self) -> int:
        return self.page.paginator.count


def park_enterprise_statuses(
    *, park: Park, round: Round, status: str = "", page: int | str | None = 1
) -> EnterprisePage:
    """The park's enterprises with where each stands in `round` (not started, filling in,
    submitted with its score), those furthest behind first; one page at a time, filtered
    by status ("not_started", "draft", "submitted") when asked. `page` is the number asked
    for as given: a number past the end is the last page, anything else the first."""
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
    rows = enterprises.order_by("behind", "name", "pk").values(
        "pk",
        "name",
        "credit_code",
        "contact_email",
        "members",
        "assessment_status",
        "assessment_id",
        "overall_score",
        "updated_at",
    )
    shown = Paginator(rows, ENTERPRISE_PAGE_SIZE).get_page(page)
    shown.object_list = list(shown.object_list)
    return EnterprisePage(page=shown, status=status)
