from auditlog.models import LogEntry
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTIONS = [
    ("", pgettext_lazy("audit", "全部")),
    (str(LogEntry.Action.ACCESS), _("查看或下载")),
    (str(LogEntry.Action.CREATE), pgettext_lazy("audit", "新建")),
    (str(LogEntry.Action.UPDATE), pgettext_lazy("audit", "修改")),
    (str(LogEntry.Action.DELETE), pgettext_lazy("audit", "删除")),
]


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("操作人"), required=False, max_length=150)
    action = forms.TypedChoiceField(
        label=_("类别"), choices=ACTIONS, required=False, coerce=int, empty_value=None
    )
    since = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
