from django import forms
from django.utils.translation import gettext_lazy as _


class EvidenceForm(forms.Form):
    """One file for one question of the section; its content is checked by the service."""

    question = forms.ChoiceField(label=_("题目"))
    file = forms.FileField(
        label=_("文件"),
        help_text=_("PDF、PNG、JPEG 图片或 Excel（XLSX）、CSV 表格。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.xlsx,.csv"}),
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [(q.code, q.text) for q in questions]
