from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import AdminRole
from assessment.models import Assessment, Round
from assessment.rounds import published_questionnaire
from enterprises.models import Enterprise
from enterprises.selectors import enterprise_of

from .forms import ActionCreateForm, ActionUpdateForm, PlanFilterForm
from .selectors import (
    action_of_member_or_404,
    enterprise_members,
    plan_actions,
    plan_by_dimension,
    plan_counts,
    scope_counts,
)
from .services import action_create, action_update


def _enterprise_or_404(request) -> Enterprise:
    enterprise = enterprise_of(user=request.user)
    if enterprise is None:
        raise Http404
    return enterprise


def _dimension_names() -> dict[str, str]:
    questionnaire = published_questionnaire()
    if questionnaire is None:
        return {}
    return {d.code: d.name for d in questionnaire.dimensions.order_by("order")}


@login_required
def plan(request):
    """The enterprise's plan by dimension, filtered by status and owner."""
    if enterprise_of(user=request.user) is None and request.user.admin_roles.exists():
        return redirect("actions:overview")
    enterprise = _enterprise_or_404(request)
    members = enterprise_members(enterprise=enterprise)
    names = _dimension_names()
    filters = PlanFilterForm(request.GET or None, members=members)
    status, owner = "", None
    if filters.is_valid():
        status, owner = filters.cleaned_data["status"], filters.cleaned_data["owner"]
    actions = plan_actions(enterprise=enterprise, status=status, owner_id=owner and owner.pk)
    return render(
        request,
        "actions/plan.html",
        {
            "enterprise": enterprise,
            "filters": filters,
            "groups": plan_by_dimension(actions=actions, dimension_names=names),
            "counts": plan_counts(enterprise=enterprise),
            "form": ActionCreateForm(members=members, dimensions=names.items()),
        },
    )


@login_required
@require_POST
def create(request):
    enterprise = _enterprise_or_404(request)
    members = enterprise_members(enterprise=enterprise)
    form = ActionCreateForm(request.POST, members=members, dimensions=_dimension_names().items())
    if not form.is_valid():
        messages.error(request, _("请填写行动的名称。"))
        return redirect("actions:plan")
    action = action_create(enterprise=enterprise, user=request.user, **form.cleaned_data)
    messages.success(request, _("已加入行动计划。"))
    return redirect(action)


@login_required
def detail(request, pk: int):
    """An action with its history; any member changes it or adds a follow-up."""
    action = action_of_member_or_404(pk=pk, user=request.user)
    members = enterprise_members(enterprise=action.enterprise)
    initial = {
        "status": action.status,
        "owner": action.owner,
        "due_on": action.due_on,
        "notes": action.notes,
    }
    form = ActionUpdateForm(request.POST or None, initial=initial, members=members)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        comment = data.pop("comment")
        if action_update(action=action, user=request.user, comment=comment, **data):
            messages.success(request, _("已保存。"))
        return redirect(action)
    people = {u.pk: u for u in members}
    return render(
        request,
        "actions/detail.html",
        {
            "action": action,
            "form": form,
            "dimension_name": _dimension_names().get(action.dimension_code, ""),
            "events": _history(action, people),
        },
    )


def _history(action, people: dict) -> list[dict]:
    """The action's history with stored values shown as a reader knows them."""
    labels = dict(action.Status.choices)
    fields = {
        "title": _("行动"),
        "status": _("状态"),
        "owner": _("负责人"),
        "due_on": _("计划完成日期"),
        "notes": _("备注"),
    }

    def shown(field, value):
        if value in (None, ""):
            return "—"
        if field == "status":
            return labels.get(value, value)
        if field == "owner":
            user = people.get(value)
            return user.get_full_name() or user.username if user else "—"
        return value

    return [
        {
            "event": event,
            "changes": [
                {"field": fields.get(f, f), "before": shown(f, b), "after": shown(f, a)}
                for f, (b, a) in event.changes.items()
            ],
        }
        for event in action.events.select_related("by")
    ]


@login_required
def overview(request):
    """Park and provincial administrators: counts of the plans in their scope only."""
    roles = list(request.user.admin_roles.all())
    if not roles:
        raise Http404
    rows = []
    for role in roles:
        if role.kind == AdminRole.Kind.PARK:
            scope, label = Enterprise.objects.filter(park_id=role.park_id), role.park.name
        else:
            scope, label = (
                Enterprise.objects.filter(province_id=role.province_id),
                role.province.name,
            )
        rows.append({"label": label, **scope_counts(enterprises=scope)})
    return render(request, "actions/overview.html", {"rows": rows})


@login_required
def assess_again(request, code: str):
    """Where the new round's reminder leads: the round's assessment if it is started,
    else the button that starts it."""
    enterprise = _enterprise_or_404(request)
    round_ = get_object_or_404(Round, code=code)
    started = Assessment.objects.filter(enterprise=enterprise, round=round_).first()
    if started is not None:
        return redirect("assessment:resume", pk=started.pk)
    return render(request, "actions/assess_again.html", {"round": round_, "enterprise": enterprise})
