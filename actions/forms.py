from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ActionStatus


class _OwnerMixin:
    def __init__(self, *args, members=(), dimensions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members
        if "dimension_code" in self.fields:
            self.fields["dimension_code"].choices = [("", "—"), *dimensions]


class ActionUpdateForm(_OwnerMixin, forms.Form):
    """A member's change to an action, with an optional comment (a follow-up)."""

    status = forms.ChoiceField(label=_("状态"), choices=ActionStatus.choices)
    owner = forms.ModelChoiceField(label=_("负责人"), queryset=None, required=False)
    due_on = forms.DateField(
        label=_("计划完成日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = forms.CharField(
        label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    comment = forms.CharField(
        label=_("跟进说明"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("例如：已联系服务商报价，下周到现场。"),
    )


class ActionCreateForm(_OwnerMixin, forms.Form):
    """An action of the enterprise's own."""

    title = forms.CharField(label=_("行动"), max_length=200)
    dimension_code = forms.ChoiceField(label=_("维度"), required=False)
    owner = forms.ModelChoiceField(label=_("负责人"), queryset=None, required=False)
    due_on = forms.DateField(
        label=_("计划完成日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = forms.CharField(
        label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PlanFilterForm(_OwnerMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), ("open", _("未完成")), *ActionStatus.choices],
    )
    owner = forms.ModelChoiceField(label=_("负责人"), queryset=None, required=False)
