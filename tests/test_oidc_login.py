"""Single sign-on (统一身份认证) against a real OpenID provider: django-oidc-provider in a
process of its own (tests/oidc_provider/serve.py), the product on `live_server`, the
visitor a requests.Session that fills in the provider's sign-in and consent forms."""

import html
import json
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse
from factories import EnterpriseFactory, UserFactory, credit_code, enterprise_user

from accounts.middleware import PROVIDER_MFA_KEY
from accounts.models import ExternalIdentity, LoginEvent, User
from accounts.oidc import CREDIT_CODE_SESSION_KEY, sign_on_from_claims
from enterprises.models import Membership

SERVE = Path(__file__).resolve().parent / "oidc_provider" / "serve.py"
CLIENT_ID, CLIENT_SECRET = "dtmaturity", "provider-secret"
PASSWORD = "provider-password"
REGISTERED = credit_code(90001)
UNREGISTERED = credit_code(90002)
PEOPLE = {
    "li": {"email": "li@example.com", "email_verified": True, "credit_code": REGISTERED},
    "wang": {"email": "wang@example.com", "email_verified": True, "credit_code": REGISTERED},
    "zhao": {"email": "zhao@example.com", "email_verified": False},
    "chen": {"email": "chen@example.com", "email_verified": True, "credit_code": UNREGISTERED},
    "sun": {"email": "sun@example.com", "email_verified": True},
    "zhou": {"email": "zhou@example.com", "email_verified": True, "amr": ["pwd", "mfa"]},
}


@dataclass(frozen=True)
class Provider:
    url: str

    @property
    def issuer(self) -> str:
        return f"{self.url}/openid"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    """The provider process, started once for this file and always stopped."""
    folder = tmp_path_factory.mktemp("oidc_provider")
    people = {name: {**person, "password": PASSWORD} for name, person in PEOPLE.items()}
    client = {
        "id": CLIENT_ID,
        "secret": CLIENT_SECRET,
        "redirect_uri": live_server.url + "/accounts/sso/callback/",
    }
    (folder / "people.json").write_text(json.dumps({"client": client, "people": people}))
    port = _free_port()
    log = (folder / "provider.log").open("w")
    process = subprocess.Popen(
        [sys.executable, str(SERVE), str(port), str(folder / "people.json"), str(folder / "db")],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30  # usually ready within a few seconds
        while True:
            try:
                requests.get(f"{url}/openid/.well-known/openid-configuration", timeout=1)
                break
            except requests.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"the provider did not start: {(folder / 'provider.log').read_text()}"
                    )
                time.sleep(0.1)
        yield Provider(url=url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def sso(settings, provider, transactional_data):
    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_SCOPES = "openid email profile enterprise"
    settings.OIDC_CREDIT_CODE_CLAIM = "credit_code"
    return provider


def sign_in(app_url: str, provider: Provider, username: str) -> requests.Response:
    """Press the product's single sign-on button, sign in at the provider and allow the
    product to read the claims; the answer is the page the product ends on."""
    browser = requests.Session()
    page = browser.get(f"{app_url}{reverse('sso_login')}", timeout=10)
    assert page.url.startswith(f"{provider.url}/login/"), page.url
    page = browser.post(
        page.url,
        data={
            "username": username,
            "password": PASSWORD,
            "next": parse_qs(urlsplit(page.url).query)["next"][0],
            "csrfmiddlewaretoken": browser.cookies["op_csrftoken"],
        },
        timeout=10,
    )
    assert "Request for Permission" in page.text, page.text[:500]
    consent = {
        name: html.unescape(value)
        for name, value in re.findall(r'name="(\w+)" type="hidden" value="([^"]*)"', page.text)
    }
    consent.update(allow="Authorize", csrfmiddlewaretoken=browser.cookies["op_csrftoken"])
    page = browser.post(f"{provider.issuer}/authorize", data=consent, timeout=10)
    page.browser = browser
    return page


def test_verified_email_links_the_existing_account_and_the_first_member_owns_the_enterprise(
    sso, live_server
):
    enterprise = EnterpriseFactory(credit_code=REGISTERED)
    li = UserFactory(username="li.existing", email="LI@example.com")

    page = sign_in(live_server.url, sso, "li")

    assert page.url.startswith(live_server.url)
    assert "统一身份认证登录成功" in page.browser.get(f"{live_server.url}/accounts/").text
    identity = ExternalIdentity.objects.get()
    assert (identity.user, identity.issuer) == (li, sso.issuer)
    assert LoginEvent.objects.filter(user=li, kind=LoginEvent.Kind.SSO_LOGIN).count() == 1
    membership = Membership.objects.get(user=li)
    assert (membership.enterprise, membership.role) == (enterprise, Membership.Role.OWNER)

    wang = UserFactory(username="wang.existing", email="wang@example.com")
    sign_in(live_server.url, sso, "wang")
    membership = Membership.objects.get(user=wang)
    assert (membership.enterprise, membership.role) == (enterprise, Membership.Role.COLLEAGUE)


def test_later_sign_ins_find_the_account_by_the_link_not_the_email(sso, live_server):
    li = UserFactory(username="li.existing", email="li@example.com")
    sign_in(live_server.url, sso, "li")
    User.objects.filter(pk=li.pk).update(email="li.elsewhere@example.com")
    UserFactory(username="li.namesake", email="li@example.com")

    sign_in(live_server.url, sso, "li")

    assert ExternalIdentity.objects.get().user == li
    assert LoginEvent.objects.filter(user=li, kind=LoginEvent.Kind.SSO_LOGIN).count() == 2


def test_an_unverified_email_does_not_link_to_the_account_that_has_it(sso, live_server):
    zhao = UserFactory(username="zhao.existing", email="zhao@example.com")

    sign_in(live_server.url, sso, "zhao")

    identity = ExternalIdentity.objects.get()
    assert identity.user != zhao
    assert identity.user.email == ""
    assert not identity.user.has_usable_password()
    assert not ExternalIdentity.objects.filter(user=zhao).exists()


def test_an_unregistered_credit_code_prefills_the_enterprise_registration(sso, live_server):
    page = sign_in(live_server.url, sso, "chen")

    assert urlsplit(page.url).path == reverse("enterprises:profile")
    assert f'value="{UNREGISTERED}"' in page.text
    assert "尚未登记" in page.text
    assert not Membership.objects.exists()


def test_administrators_owe_the_second_factor_unless_the_provider_asserts_mfa(sso, live_server):
    UserFactory(username="sun.staff", email="sun@example.com", is_staff=True)
    UserFactory(username="zhou.staff", email="zhou@example.com", is_staff=True)

    page = sign_in(live_server.url, sso, "sun")
    assert urlsplit(page.url).path == reverse("two_factor_setup")

    page = sign_in(live_server.url, sso, "zhou")
    assert "two-factor" not in page.url
    assert page.browser.get(f"{live_server.url}/admin/", timeout=10).url.endswith("/admin/")


def test_the_login_page_offers_single_sign_on_only_when_configured(client, settings):
    settings.OIDC_ISSUER = ""
    assert "使用统一身份认证登录" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("sso_login")).status_code == 404

    settings.OIDC_ISSUER = "https://sso.example.gov.cn/openid"
    settings.OIDC_CLIENT_ID = CLIENT_ID
    assert "使用统一身份认证登录" in client.get(reverse("login")).content.decode()


def test_a_credit_code_from_sign_on_never_replaces_the_registered_one(client, db):
    user = enterprise_user()
    client.force_login(user)
    session = client.session
    session[CREDIT_CODE_SESSION_KEY] = UNREGISTERED
    session.save()

    page = client.get(reverse("enterprises:profile")).content.decode()

    assert f'value="{user.memberships.get().enterprise.credit_code}"' in page
    assert UNREGISTERED not in page


def test_a_callback_without_the_state_it_was_sent_with_signs_nobody_in(client, settings, db):
    settings.OIDC_ISSUER = "https://sso.example.gov.cn/openid"
    settings.OIDC_CLIENT_ID = CLIENT_ID

    page = client.get(reverse("sso_callback"), {"code": "stolen", "state": "forged"}, follow=True)

    assert page.redirect_chain[-1][0] == reverse("login")
    assert "统一身份认证未能完成" in page.content.decode()
    assert "_auth_user_id" not in client.session


def test_claims_are_read_as_providers_send_them():
    sign_on = sign_on_from_claims(
        {
            "sub": 42,
            "email": " Li@Example.com ",
            "email_verified": "true",
            "amr": "pwd otp",
            "uscc": " 91510100MA6T90001X ",
        },
        issuer="https://sso.example.gov.cn",
        credit_code_claim="uscc",
    )
    assert (sign_on.subject, sign_on.email, sign_on.email_verified) == (
        "42",
        "Li@Example.com",
        True,
    )
    assert (sign_on.credit_code, sign_on.mfa, sign_on.username_hint) == (
        "91510100MA6T90001X",
        True,
        "Li",
    )

    bare = sign_on_from_claims(
        {"sub": "7", "email_verified": True, "uscc": "x"}, issuer="i", credit_code_claim=""
    )
    assert (bare.email_verified, bare.credit_code, bare.mfa) == (False, "", False)


def test_site_staff_see_an_accounts_single_sign_on_links(admin_client, db):
    user = UserFactory()
    ExternalIdentity.objects.create(user=user, issuer="https://sso.example.gov.cn", subject="s-1")
    session = admin_client.session
    session[PROVIDER_MFA_KEY] = True  # the second factor is not under test here
    session.save()

    page = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk]))

    assert "https://sso.example.gov.cn" in page.content.decode()
    assert "s-1" in page.content.decode()
