from django import forms
from django.utils.translation import gettext_lazy as _

from assessment.models import Dimension
from enterprises.credit_code import normalise
from enterprises.models import SizeClass
from reference.models import City, Province

from .models import ContactRequest, Provider, Share, Solution


def dimension_choices() -> list[tuple[str, str]]:
    """The dimensions of the latest questionnaire (their codes are stable across versions)."""
    latest = Dimension.objects.order_by("-questionnaire_id", "order").values_list(
        "questionnaire_id", flat=True
    )[:1]
    return [
        (d.code, f"{d.code} {d.name}")
        for d in Dimension.objects.filter(questionnaire_id__in=latest).order_by("order")
    ]


def _codes(text: str) -> list[str]:
    parts = text.replace("，", ",").replace("、", ",").split(",")
    return [part.strip() for part in parts if part.strip()]


class ProviderForm(forms.ModelForm):
    class Meta:
        model = Provider
        fields = [
            "name",
            "credit_code",
            "contact_name",
            "contact_phone",
            "contact_email",
            "provinces_served",
            "cities_served",
            "tier",
        ]
        widgets = {
            "provinces_served": forms.SelectMultiple(attrs={"size": 6}),
            "cities_served": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, park, province: Province, **kwargs):
        super().__init__(*args, **kwargs)
        self.pool = (
            Provider.objects.filter(park=park)
            if park
            else Provider.objects.filter(province=province, park__isnull=True)
        )
        self.fields["cities_served"].queryset = City.objects.filter(province=province)
        self.fields["provinces_served"].help_text = _("不选省份和城市表示不限地区。")

    def clean_credit_code(self) -> str:
        code = normalise(self.cleaned_data["credit_code"])
        if self.pool.filter(credit_code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("资源池中已有该统一社会信用代码的服务商。"))
        return code


class SolutionForm(forms.ModelForm):
    dimension_codes = forms.MultipleChoiceField(
        label=_("针对的维度"), widget=forms.CheckboxSelectMultiple
    )
    indicator_codes = forms.CharField(
        label=_("针对的指标"),
        required=False,
        help_text=_("指标代码，以逗号分隔，如 cnc_key_process_rate。"),
    )
    size_classes = forms.MultipleChoiceField(
        label=_("适合的企业规模"),
        choices=SizeClass.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选表示适合各种规模。"),
    )
    industry_codes = forms.CharField(
        label=_("适合的行业"),
        required=False,
        help_text=_("行业大类代码，以逗号分隔，如 34、38；留空表示不限行业。"),
    )

    class Meta:
        model = Solution
        fields = [
            "title",
            "description",
            "dimension_codes",
            "indicator_codes",
            "size_classes",
            "industry_codes",
            "price_band",
            "quick_light",
            "active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dimension_codes"].choices = dimension_choices()
        for name in ("indicator_codes", "industry_codes"):
            self.initial[name] = ", ".join(self.initial.get(name) or [])

    def clean_indicator_codes(self) -> list[str]:
        return _codes(self.cleaned_data["indicator_codes"])

    def clean_industry_codes(self) -> list[str]:
        return _codes(self.cleaned_data["industry_codes"])


class ContactRequestForm(forms.Form):
    shares = forms.MultipleChoiceField(
        label=_("同意提供给服务商的信息"),
        choices=Share.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("未勾选的信息不会提供给服务商；不勾选任何一项时，由园区与您联系后再安排。"),
    )
    message = forms.CharField(
        label=_("需求说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RequestUpdateForm(forms.ModelForm):
    class Meta:
        model = ContactRequest
        fields = ["status", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("评分"),
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("评语"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
