from django.shortcuts import get_object_or_404, render

from .models import Questionnaire
from .selectors import methodology_context, published_questionnaire


def methodology(request):
    """Public page: how the score and level of a questionnaire version are made."""
    version = request.GET.get("version")
    if version:
        questionnaire = get_object_or_404(
            Questionnaire, version=version, status=Questionnaire.Status.PUBLISHED
        )
    else:
        questionnaire = published_questionnaire()
    return render(request, "assessment/methodology.html", methodology_context(questionnaire))
