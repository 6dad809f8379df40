from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render

from assessment.selectors import current_round


def home(request):
    return render(request, "core/home.html", {"round": current_round()})


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
    return redirect("enterprises:dashboard")
