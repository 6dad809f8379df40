from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from assessment.selectors import current_round


def home(request):
    return render(request, "core/home.html", {"round": current_round()})


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True})
