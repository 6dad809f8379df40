from django.contrib.auth.backends import ModelBackend

from .oidc import SignOn
from .services import user_for_sign_on


class ExternalIdentityBackend(ModelBackend):
    """Signs in the account linked to a person the OpenID provider vouched for
    (accounts.oidc); passwords stay with ModelBackend."""

    def authenticate(self, request, sign_on: SignOn | None = None, **kwargs):
        if sign_on is None:
            return None
        user = user_for_sign_on(sign_on=sign_on)
        return user if self.user_can_authenticate(user) else None
