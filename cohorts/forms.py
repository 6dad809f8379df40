from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from enterprises.models import SizeClass
from reference.models import Industry

from .filters import CohortFilters, rounds_available

ABOVE_CHOICES = [("", _("全部")), ("1", _("规模以上")), ("0", _("规模以下"))]


class CohortFilterForm(forms.Form):
    round = forms.TypedChoiceField(label=_("轮次"), coerce=int, required=False)
    industry = forms.ModelChoiceField(
        label=_("行业大类"), queryset=Industry.objects.all(), required=False, empty_label=_("全部")
    )
    size = forms.ChoiceField(
        label=_("企业规模"), choices=[("", _("全部")), *SizeClass.choices], required=False
    )
    above = forms.ChoiceField(label=_("是否规模以上"), choices=ABOVE_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"
        self.rounds = rounds_available()
        self.fields["round"].choices = [(r.pk, r.name) for r in self.rounds]

    def filters(self) -> CohortFilters | None:
        """The filters asked for (invalid values fall back to 'all'); None without rounds."""
        if not self.rounds:
            return None
        data = self.cleaned_data if self.is_valid() else {}
        by_pk = {r.pk: r for r in self.rounds}
        from assessment.rounds import current_round

        current = current_round()
        round_ = by_pk.get(data.get("round")) or by_pk.get(current.pk if current else None)
        above = data.get("above")
        return CohortFilters(
            round=round_ or self.rounds[0],
            industry=data.get("industry"),
            size_class=data.get("size") or "",
            above=None if not above else above == "1",
        )


def filters_or_404(request) -> tuple[CohortFilterForm, CohortFilters]:
    """The filter form bound to the query string and the filters it gives; a 404 when the
    query names a round or industry that does not exist."""
    form = CohortFilterForm(request.GET or None)
    filters = form.filters()
    if filters is None:
        raise Http404
    return form, filters
