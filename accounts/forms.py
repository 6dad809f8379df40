from django import forms
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.template import loader
from django.utils.translation import gettext_lazy as _

from core.tasks import send_email

from .models import User


class SignupForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "email", "phone"]
        labels = {"username": _("用户名")}
        help_texts = {
            "username": _("登录时使用，可用字母、数字和 @ . + - _。"),
            "email": _("用于找回密码和接收同事邀请。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True


class SecondFactorForm(forms.Form):
    """The code from the authenticator app, or one of the recovery codes."""

    code = forms.CharField(
        label=_("动态验证码或恢复码"),
        max_length=32,
        help_text=_("输入身份验证器应用显示的 6 位数字；手机不在身边时，可输入一个恢复码。"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "autocapitalize": "off"}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).replace("-", "").lower()


class AuthenticatorConfirmForm(forms.Form):
    """The first code the newly added authenticator shows."""

    code = forms.RegexField(
        label=_("6 位动态验证码"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("请输入身份验证器应用显示的 6 位数字。")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset, its e-mail sent through the task queue."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_email.delay(subject=subject, body=body, to=[to_email])
