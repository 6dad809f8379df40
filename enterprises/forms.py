from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reference.models import Park

from .credit_code import normalise
from .models import Enterprise
from .selectors import region_choices
from .size import enterprise_size


class ParentSelect(forms.Select):
    """A select whose options carry `data-parent`, the id of the province (for a city) or
    the city (for a park); static/js/region-select.js narrows the lists with it."""

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parents = parents or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        parent = self.parents.get(str(value))
        if parent:
            option["attrs"]["data-parent"] = parent
        return option


class CreditCodeField(forms.CharField):
    """A credit code as people type it: full-width characters, spaces and hyphens are
    normalised before the length and the check character are validated."""

    def to_python(self, value):
        return normalise(super().to_python(value))

    def widget_attrs(self, widget):
        # Room for the spaces and hyphens the browser would otherwise stop at 18 characters.
        return {**super().widget_attrs(widget), "maxlength": "40"}


class EnterpriseForm(forms.ModelForm):
    park_code = forms.CharField(
        label=_("园区邀请码"),
        required=False,
        max_length=12,
        help_text=_("园区给了您邀请码的，填写后自动选定园区、城市和省份。"),
    )

    class Meta:
        model = Enterprise
        fields = [
            "name",
            "credit_code",
            "industry",
            "employees",
            "revenue",
            "province",
            "city",
            "park",
            "park_code",
            "contact_email",
        ]
        field_classes = {"credit_code": CreditCodeField}
        help_texts = {
            "credit_code": _("18 位，见营业执照。"),
            "park": _("没有园区邀请码时，选择的园区要经园区管理员同意后才生效。"),
            "employees": _("期末从业人员数。"),
            "revenue": _(
                "上一年度营业收入，单位万元。企业规模和是否规模以上由这两个数字按"
                "《中小企业划型标准规定》（工业）自动得出，不必另选。"
            ),
        }

    def __init__(self, *args, requested_park=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The credit code of an enterprise registered already: the page offers to claim it.
        self.taken_credit_code = None
        if requested_park is not None:
            self.initial["park"] = requested_park.pk
        regions = region_choices()
        self.fields["province"].choices = regions["provinces"]
        self.fields["city"].widget = ParentSelect(parents=regions["city_parent"])
        self.fields["city"].choices = regions["cities"]
        self.fields["park"].widget = ParentSelect(parents=regions["park_parent"])
        self.fields["park"].choices = regions["parks"]
        for name in ("province", "city"):
            self.fields[name].required = False  # a park invitation code may set them
        self.fields["industry"].queryset = self.fields["industry"].queryset.order_by("code")
        for name in ("employees", "revenue"):
            self.fields[name].required = True
        self.fields["credit_code"].widget.attrs.update(
            {"autocomplete": "off", "spellcheck": "false", "style": "text-transform: uppercase"}
        )

    def clean_credit_code(self):
        code = self.cleaned_data["credit_code"]
        if Enterprise.objects.filter(credit_code=code).exclude(pk=self.instance.pk).exists():
            self.taken_credit_code = code
            raise forms.ValidationError(_("该统一社会信用代码的企业已经注册。"), code="unique")
        return code

    def clean_park_code(self):
        code = self.cleaned_data["park_code"].strip().upper()
        if not code:
            return None
        park = Park.objects.select_related("city__province").filter(invitation_code=code).first()
        if park is None:
            raise forms.ValidationError(_("没有找到这个园区邀请码，请向园区核对。"))
        return park

    def clean(self):
        """A park's invitation code places the enterprise in the park; a park chosen from
        the list (other than its current one) is only requested (`requested_park`)."""
        data = super().clean()
        park = data.get("park_code") or data.get("park")
        data["requested_park"] = None
        if data.get("park_code"):
            data["park"] = park
        elif park and park.pk != self.instance.park_id:
            data["park"], data["requested_park"] = None, park
        if park:
            data["city"], data["province"] = park.city, park.city.province
        if not data.get("province"):
            self.add_error("province", _("请选择省份。"))
        if not data.get("city"):
            self.add_error("city", _("请选择城市。"))
        elif data.get("province") and data["city"].province_id != data["province"].pk:
            self.add_error("city", _("所选城市不在所选省份。"))
        if data.get("employees") is not None and data.get("revenue") is not None:
            # Derived, never declared: the size class and 规模以上 of the two figures,
            # which the owner confirms by saving them.
            facts = enterprise_size(employees=data["employees"], revenue=data["revenue"])
            self.instance.size_class = facts.size_class
            self.instance.above_designated_size = facts.above_designated_size
            self.instance.size_confirmed_at = timezone.now()
        return data


class JoinForm(forms.Form):
    code = forms.CharField(label=_("同事给您的邀请码"), max_length=32)


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("同事邮箱（可选）"),
        required=False,
        help_text=_("填写后系统会把邀请链接发到这个邮箱；不填也可以把链接或邀请码直接发给同事。"),
    )
