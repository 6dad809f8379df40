from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render

from assessment.rounds import current_round, published_questionnaire, round_window
from assessment.selectors import assessments_of
from enterprises.selectors import enterprise_of


def _dimension_count(round_) -> int:
    questionnaire = round_.questionnaire if round_ else published_questionnaire()
    return questionnaire.dimensions.count() if questionnaire else 0


def home(request):
    round_ = current_round()
    return render(
        request,
        "portal/home.html",
        {"round": round_, "dimension_count": _dimension_count(round_)},
    )


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True})


@login_required
def start(request):
    """Where a user lands after logging in: their own work, by role."""
    user = request.user
    if user.admin_roles.exists():
        return redirect("cohorts:index")
    if user.is_staff:
        return redirect("admin:index")
    return redirect("enterprise_dashboard")


@login_required
def enterprise_dashboard(request):
    """The enterprise's assessments by round and what to do next."""
    enterprise = enterprise_of(user=request.user)
    if enterprise is None:
        return redirect("enterprises:profile")
    rows = assessments_of(enterprise=enterprise)
    round_ = current_round()
    current = next(
        (r for r in rows if r["assessment"].round_id == getattr(round_, "pk", None)), None
    )
    return render(
        request,
        "portal/enterprise_dashboard.html",
        {
            "enterprise": enterprise,
            "rows": rows,
            "round": round_,
            "dimension_count": _dimension_count(round_),
            "current": current,
            "window": round_window(round=round_, enterprise=enterprise),
            "members": enterprise.memberships.select_related("user").order_by("joined_at"),
        },
    )
