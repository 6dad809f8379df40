from django import template

from accounts.oidc import sign_on_enabled

register = template.Library()


@register.simple_tag
def sso_enabled() -> bool:
    """Whether single sign-on is configured (the login page offers it then)."""
    return sign_on_enabled()
