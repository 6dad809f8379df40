"""供需对接 pages: an enterprise asks for contact on a solution and rates the work; park and
provincial administrators keep their provider pool, import it from a spreadsheet and
arrange the requests of their scope."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cohorts.access import scope_or_404
from enterprises.selectors import enterprise_of
from onboarding.spreadsheet import UnreadableFile
from providers.forms import (
    ContactRequestForm,
    ProviderForm,
    RatingForm,
    RequestUpdateForm,
    SolutionForm,
    dimension_choices,
)
from providers.models import ProviderImport, Solution
from providers.selectors import (
    provider_of_owner_or_404,
    provider_rating_public,
    providers_of_owner,
    request_handled_by_or_404,
    request_of_enterprise_or_404,
    requests_handled_by,
    requests_of_enterprise,
    solution_for_enterprise_or_404,
)
from providers.services import (
    AlreadyRated,
    ImportNotClean,
    NotRatable,
    contact_request_create,
    contact_request_update,
    provider_create,
    provider_import_confirm,
    provider_import_preview,
    provider_import_unreadable,
    rating_create,
    solution_create,
)

from .forms import ProviderImportForm
from .spreadsheet import provider_rows_read


def _enterprise_or_404(request):
    enterprise = enterprise_of(user=request.user)
    if enterprise is None:
        raise Http404
    return enterprise


# Enterprise pages


@login_required
def request_create(request, solution_pk: int):
    """Ask for contact on a solution of the enterprise's park or province pool, ticking
    what may be shared with the provider."""
    enterprise = _enterprise_or_404(request)
    solution = solution_for_enterprise_or_404(pk=solution_pk, enterprise=enterprise)
    form = ContactRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contact_request_create(
            enterprise=enterprise,
            solution=solution,
            user=request.user,
            shares=form.cleaned_data["shares"],
            message=form.cleaned_data["message"],
        )
        messages.success(request, _("对接申请已提交，园区将与您联系安排。"))
        return redirect("matching:my_requests")
    context = {
        "solution": solution,
        "form": form,
        "rating": provider_rating_public(provider_id=solution.provider_id),
    }
    return render(request, "providers/request_create.html", context)


@login_required
def my_requests(request):
    enterprise = _enterprise_or_404(request)
    rows = [
        {"request": r, "rating": provider_rating_public(provider_id=r.solution.provider_id)}
        for r in requests_of_enterprise(enterprise=enterprise)
    ]
    return render(request, "providers/my_requests.html", {"rows": rows, "enterprise": enterprise})


@login_required
def rate(request, pk: int):
    enterprise = _enterprise_or_404(request)
    contact = request_of_enterprise_or_404(pk=pk, enterprise=enterprise)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rating_create(
                request=contact,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except AlreadyRated:
            messages.error(request, _("该对接已经评价过。"))
        except NotRatable:
            messages.error(request, _("园区安排对接后才能评价。"))
        else:
            messages.success(request, _("感谢您的评价。"))
        return redirect("matching:my_requests")
    return render(request, "providers/rate.html", {"contact": contact, "form": form})


# Administrators' pages


@login_required
def catalogue(request, kind: str, pk: int):
    scope = scope_or_404(request, kind, pk)
    providers = providers_of_owner(park=scope.park, province=scope.province)
    context = {"scope": scope, "providers": providers, "dimensions": dict(dimension_choices())}
    return render(request, "providers/catalogue.html", context)


@login_required
def provider_edit(request, kind: str, pk: int, provider_pk: int | None = None):
    scope = scope_or_404(request, kind, pk)
    provider = (
        provider_of_owner_or_404(pk=provider_pk, park=scope.park, province=scope.province)
        if provider_pk
        else None
    )
    form = ProviderForm(
        request.POST or None, instance=provider, park=scope.park, province=scope.province
    )
    if request.method == "POST" and form.is_valid():
        if provider is None:
            provider = provider_create(form=form, park=scope.park, province=scope.province)
        else:
            form.save()
        messages.success(request, _("服务商已保存。"))
        return redirect("matching:provider_edit", kind, pk, provider.pk)
    context = {"scope": scope, "provider": provider, "form": form}
    return render(request, "providers/provider_form.html", context)


@login_required
def solution_edit(request, kind: str, pk: int, provider_pk: int, solution_pk: int | None = None):
    scope = scope_or_404(request, kind, pk)
    provider = provider_of_owner_or_404(pk=provider_pk, park=scope.park, province=scope.province)
    solution = (
        get_object_or_404(Solution, pk=solution_pk, provider=provider) if solution_pk else None
    )
    form = SolutionForm(request.POST or None, instance=solution)
    if request.method == "POST" and form.is_valid():
        if solution is None:
            solution_create(form=form, provider=provider)
        else:
            form.save()
        messages.success(request, _("解决方案已保存。"))
        return redirect("matching:provider_edit", kind, pk, provider.pk)
    context = {"scope": scope, "provider": provider, "solution": solution, "form": form}
    return render(request, "providers/solution_form.html", context)


@login_required
def import_upload(request, kind: str, pk: int):
    scope = scope_or_404(request, kind, pk)
    form = ProviderImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        owner = {"park": scope.park, "province": scope.province, "user": request.user}
        try:
            cells = provider_rows_read(upload.name, upload.read())
        except UnreadableFile as error:
            batch = provider_import_unreadable(**owner, filename=upload.name, why=str(error))
        else:
            batch = provider_import_preview(
                **owner,
                filename=upload.name,
                cells=cells,
                dimension_codes={code for code, _name in dimension_choices()},
            )
        return redirect("matching:import_preview", kind, pk, batch.pk)
    return render(request, "providers/import_upload.html", {"scope": scope, "form": form})


@login_required
def import_preview(request, kind: str, pk: int, batch_pk: int):
    scope = scope_or_404(request, kind, pk)
    owner = {"park": scope.park} if scope.park else {"province": scope.province, "park": None}
    batch = get_object_or_404(ProviderImport, pk=batch_pk, **owner)
    if request.method == "POST":
        try:
            created = provider_import_confirm(batch=batch)
        except ImportNotClean:
            messages.error(request, _("该文件有错误或已导入，未导入任何内容。"))
            return redirect("matching:import_preview", kind, pk, batch.pk)
        messages.success(request, _("已导入 %(n)s 个解决方案。") % {"n": created})
        return redirect("matching:catalogue", kind, pk)
    return render(request, "providers/import_preview.html", {"scope": scope, "batch": batch})


@login_required
def requests_list(request, kind: str, pk: int):
    scope = scope_or_404(request, kind, pk)
    contacts = requests_handled_by(park=scope.park, province=scope.province)
    return render(request, "providers/requests.html", {"scope": scope, "contacts": contacts})


@login_required
def request_detail(request, kind: str, pk: int, request_pk: int):
    """A request as the administrator arranges it: what the enterprise shared with the
    provider (and nothing it did not tick), its status and notes."""
    scope = scope_or_404(request, kind, pk)
    contact = request_handled_by_or_404(pk=request_pk, park=scope.park, province=scope.province)
    form = RequestUpdateForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        contact_request_update(
            request=contact,
            status=form.cleaned_data["status"],
            notes=form.cleaned_data["notes"],
        )
        messages.success(request, _("对接记录已保存。"))
        return redirect("matching:request_detail", kind, pk, contact.pk)
    context = {"scope": scope, "contact": contact, "form": form}
    return render(request, "providers/request_detail.html", context)
