from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

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
