from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from .spreadsheet import OutOfBounds, upload_check


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("企业名单（CSV 或 XLSX）"),
        help_text=_("第一行为列名：name、统一社会信用代码、industry、size、contact e-mail。"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("请上传 .csv 或 .xlsx 文件。"))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("文件不能超过 5 MB。"))
        try:
            upload_check(upload.name, upload.read())
        except OutOfBounds as error:
            raise forms.ValidationError(
                _("无法读取该文件：%(why)s。"), params={"why": error}
            ) from None
        finally:
            upload.seek(0)
        return upload


class SignUpForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")


class ClaimForm(forms.Form):
    note = forms.CharField(
        label=_("您与该企业的关系和联系方式"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("例如：职务、办公电话、营业执照上的法定代表人。园区或省级管理员会据此核实。"),
    )

    def clean_note(self):
        return self.cleaned_data["note"].replace("\x00", "").strip()
