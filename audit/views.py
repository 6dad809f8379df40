from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .forms import AuditFilterForm
from .selectors import audit_entries, audit_provinces

ACTION_LABELS = {
    int(value): label for value, label in AuditFilterForm.base_fields["action"].choices if value
}

# What a recorded read was, by the view that served it.
VIEW_LABELS = {
    "reports:detail": _("查看报告"),
    "reports:pdf": _("下载报告 PDF"),
    "evidence:download": _("下载证明材料"),
    "cohorts:job_download": _("下载群体文件"),
    "cohorts:export_csv": _("导出 CSV"),
    "onboarding:import_preview": _("查看导入文件"),
}


@login_required
def entries(request):
    """The audit trail of the provinces a provincial administrator answers for (staff:
    all of it), newest first; anyone else gets a 404."""
    provinces = audit_provinces(user=request.user)
    if provinces == []:
        raise Http404
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(
        audit_entries(provinces=provinces, **{k: v for k, v in filters.items() if v}), 50
    ).get_page(request.GET.get("page"))
    for entry in page:
        view = (entry.additional_data or {}).get("view", "")
        entry.kind_label = VIEW_LABELS.get(view) or ACTION_LABELS.get(entry.action, "")
    return render(
        request,
        "audit/entries.html",
        {"form": form, "page": page},
    )
