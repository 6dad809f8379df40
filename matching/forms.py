from django import forms
from django.utils.translation import gettext_lazy as _

from onboarding.spreadsheet import OutOfBounds, upload_check

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ProviderImportForm(forms.Form):
    file = forms.FileField(
        label=_("服务商与解决方案名单（CSV 或 XLSX）"),
        help_text=_(
            "每行一个解决方案；第一行为列名：服务商名称、统一社会信用代码、联系人、联系电话、"
            "联系邮箱、等级、解决方案、内容、维度、指标、规模、价格区间、小快轻准。"
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("请上传 .csv 或 .xlsx 文件。"))
        if upload.size > MAX_UPLOAD_BYTES:
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
