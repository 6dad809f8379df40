"""Reads of the action plan: a member's actions (404 for anyone else), the plan grouped
by dimension with filters, the counts an administrator sees, and what a report shows."""

from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from enterprises.models import Enterprise

from .models import OPEN_STATUSES, Action, ActionStatus


def action_of_member_or_404(*, pk: int, user) -> Action:
    """The action `pk` if `user` is a member of its enterprise; a 404 for anyone else."""
    return get_object_or_404(
        Action.objects.select_related("enterprise", "owner", "assessment__round"),
        pk=pk,
        enterprise__memberships__user=user,
    )


def enterprise_members(*, enterprise: Enterprise) -> QuerySet:
    """The users who may own an action of the enterprise: its members."""
    return get_user_model().objects.filter(memberships__enterprise=enterprise).order_by("username")


def enterprise_recipients(*, enterprise: Enterprise) -> list[str]:
    """The e-mail addresses of the enterprise's active members."""
    return sorted(
        set(
            enterprise_members(enterprise=enterprise)
            .filter(is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def plan_actions(
    *, enterprise: Enterprise, status: str = "", owner_id: int | None = None
) -> QuerySet[Action]:
    actions = Action.objects.filter(enterprise=enterprise).select_related("owner")
    if status == "open":
        actions = actions.filter(status__in=OPEN_STATUSES)
    elif status:
        actions = actions.filter(status=status)
    if owner_id:
        actions = actions.filter(owner_id=owner_id)
    return actions.order_by("dimension_code", "due_on", "pk")


def plan_by_dimension(*, actions, dimension_names: dict[str, str]) -> list[dict]:
    """[{code, name, actions}] in the questionnaire's order, own actions without a
    dimension last."""
    groups: dict[str, list[Action]] = {}
    for action in actions:
        groups.setdefault(action.dimension_code or "", []).append(action)
    ordered = [code for code in dimension_names if code in groups]
    ordered += sorted(code for code in groups if code not in dimension_names)
    return [
        {"code": code, "name": dimension_names.get(code, code), "actions": groups[code]}
        for code in ordered
    ]


def plan_counts(*, enterprise: Enterprise, today: date | None = None) -> dict:
    """{by_status: [(label, n)], overdue: n} of one enterprise's plan."""
    today = today or timezone.localdate()
    rows = dict(
        Action.objects.filter(enterprise=enterprise)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    overdue = Action.objects.filter(
        enterprise=enterprise, status__in=OPEN_STATUSES, due_on__lt=today
    ).count()
    return {
        "by_status": [(s.label, rows.get(s.value, 0)) for s in ActionStatus],
        "overdue": overdue,
    }


def scope_counts(*, enterprises: QuerySet[Enterprise], today: date | None = None) -> dict:
    """What a park or provincial administrator sees of the plans in their scope: counts
    only (enterprises with a plan, actions by status, overdue), never an action."""
    today = today or timezone.localdate()
    actions = Action.objects.filter(enterprise__in=enterprises)
    totals = actions.aggregate(
        enterprises=Count("enterprise", distinct=True),
        total=Count("pk"),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_on__lt=today)),
        **{s.value: Count("pk", filter=Q(status=s.value)) for s in ActionStatus},
    )
    return {
        "enterprises": totals["enterprises"],
        "total": totals["total"],
        "overdue": totals["overdue"],
        "by_status": [(s.label, totals[s.value]) for s in ActionStatus],
    }


def actions_open(*, enterprise_id: int) -> list[Action]:
    """The enterprise's actions still to be done, by due date (undated last)."""
    return list(
        Action.objects.filter(enterprise_id=enterprise_id, status__in=OPEN_STATUSES)
        .select_related("owner")
        .order_by(F("due_on").asc(nulls_last=True), "dimension_code", "pk")
    )


def actions_done_between(
    *, enterprise_id: int, after: datetime | None, until: datetime | None
) -> list[Action]:
    """The enterprise's actions marked done after `after` and by `until` (either open)."""
    actions = Action.objects.filter(enterprise_id=enterprise_id, status=ActionStatus.DONE)
    if after is not None:
        actions = actions.filter(done_at__gt=after)
    if until is not None:
        actions = actions.filter(done_at__lte=until)
    return list(actions.order_by("dimension_code", "done_at"))


def adopted_step_codes(*, enterprise_id: int) -> dict[str, int]:
    """{step code: action id} of the steps the enterprise has put into its plan."""
    return dict(
        Action.objects.filter(enterprise_id=enterprise_id)
        .exclude(step_code="")
        .values_list("step_code", "pk")
    )
