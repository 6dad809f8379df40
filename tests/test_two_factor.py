"""Administrators and staff present a code from an authenticator app (or a single-use
recovery code) after their password before they reach anything; enterprise users only
once they have turned it on."""

import re
from base64 import b32decode

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import LoginEvent
from accounts.services import recovery_codes_renew
from portal.demo import DEMO_PASSWORD, demo_accounts_ensure
from reference.models import Park
from tests.factories import (
    PASSWORD,
    UserFactory,
    authenticator,
    authenticator_code,
    current_round,
    enterprise_user,
    park_admin,
)

pytestmark = pytest.mark.django_db
VERIFY = "/accounts/two-factor/"
SETUP = "/accounts/two-factor/setup/"


@pytest.fixture
def park():
    current_round()
    return Park.objects.get(code="chengdu-hitech")


@pytest.fixture
def dashboard(park):
    return reverse("cohorts:dashboard", args=["park", park.pk])


def sign_in_with_password(client, user):
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302  # the password was right


def test_a_park_administrator_with_only_a_password_is_sent_to_verification(client, park, dashboard):
    admin = park_admin(park)
    authenticator(admin)
    sign_in_with_password(client, admin)
    response = client.get(dashboard)
    assert response.status_code == 302
    assert response.url == f"{VERIFY}?next={dashboard}"
    assert client.get("/enterprise/").url.startswith(VERIFY)


def test_a_valid_code_opens_the_dashboard(client, park, dashboard):
    admin = park_admin(park)
    sign_in_with_password(client, admin)
    response = client.post(
        f"{VERIFY}?next={dashboard}", {"code": authenticator_code(admin)}, follow=True
    )
    assert response.redirect_chain[-1][0] == dashboard
    assert park.name_zh in response.content.decode()
    assert client.get(dashboard).status_code == 200
    assert LoginEvent.objects.filter(user=admin, kind=LoginEvent.Kind.SECOND_FACTOR).exists()


def test_a_wrong_code_is_refused_next_to_the_field_and_recorded(client, park, dashboard):
    admin = park_admin(park)
    right = authenticator_code(admin)
    sign_in_with_password(client, admin)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'id="id_code"[^>]*is-invalid|is-invalid[^>]*id="id_code"', html)
    assert "验证码不正确或已过期" in html
    assert client.get(dashboard).url.startswith(VERIFY)
    assert (
        LoginEvent.objects.filter(user=admin, kind=LoginEvent.Kind.SECOND_FACTOR_FAILED).count()
        == 1
    )


def test_a_recovery_code_works_once(client, park, dashboard):
    admin = park_admin(park)
    authenticator(admin)
    codes = recovery_codes_renew(user=admin)
    assert len(codes) == 10 and len(set(codes)) == 10

    sign_in_with_password(client, admin)
    response = client.post(f"{VERIFY}?next={dashboard}", {"code": codes[0].upper()})
    assert response.url == dashboard
    assert client.get(dashboard).status_code == 200
    assert LoginEvent.objects.filter(user=admin, kind=LoginEvent.Kind.RECOVERY_CODE).exists()

    client.post("/accounts/logout/")
    sign_in_with_password(client, admin)
    response = client.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 200 and "验证码不正确或已过期" in response.content.decode()
    assert client.get(dashboard).url.startswith(VERIFY)
    assert "剩余恢复码：9 个" in _account_page_after_verifying(client, admin)


def _account_page_after_verifying(client, admin) -> str:
    client.post(VERIFY, {"code": authenticator_code(admin)})
    return client.get("/accounts/").content.decode()


def test_an_administrator_without_an_authenticator_sets_one_up_first(client, park, dashboard):
    admin = park_admin(park)
    sign_in_with_password(client, admin)
    response = client.get(dashboard)
    assert response.url == f"{SETUP}?next={dashboard}"

    html = client.get(response.url).content.decode()
    assert "<svg" in html  # the QR code, drawn in the page
    secret = re.search(r"<code[^>]*data-secret>([A-Z2-7 ]+)</code>", html).group(1)
    key = b32decode(secret.replace(" ", ""))
    device = TOTPDevice.objects.get(user=admin)
    assert key == device.bin_key and not device.confirmed

    response = client.post(f"{SETUP}?next={dashboard}", {"code": f"{totp(key):06d}"})
    assert response.url == "/accounts/two-factor/recovery-codes/"
    page = client.get(response.url).content.decode()
    shown = re.findall(r'<li class="col mb-1">([a-z2-7]{8})</li>', page)
    assert len(shown) == 10
    assert 'download="recovery-codes.txt"' in page and "window.print()" in page
    assert f'href="{dashboard}"' in page  # on to where the user was going
    # Shown once only.
    assert client.get("/accounts/two-factor/recovery-codes/").url == "/accounts/"
    assert client.get(dashboard).status_code == 200


def test_setting_up_refuses_a_wrong_first_code(client, park):
    admin = park_admin(park)
    sign_in_with_password(client, admin)
    response = client.post(SETUP, {"code": "000000"})
    assert "验证码不正确" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=admin, confirmed=True).exists()


def test_password_only_cannot_replace_an_existing_authenticator(client, park):
    admin = park_admin(park)
    device = authenticator(admin)
    sign_in_with_password(client, admin)
    assert client.get(SETUP).url == "/accounts/two-factor/"
    assert list(TOTPDevice.objects.filter(user=admin)) == [device]


def test_an_enterprise_user_is_not_asked_for_a_second_factor(client):
    user = enterprise_user()
    sign_in_with_password(client, user)
    assert client.get("/enterprise/").status_code == 200
    assert "未开启" in client.get("/accounts/").content.decode()


def test_an_enterprise_user_who_turned_it_on_is_asked_at_the_next_sign_in(client):
    user = enterprise_user()
    sign_in_with_password(client, user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    client.post(SETUP, {"code": f"{totp(device.bin_key):06d}"})
    assert "已开启" in client.get("/accounts/").content.decode()
    client.post("/accounts/logout/")

    sign_in_with_password(client, user)
    assert client.get("/enterprise/").url.startswith(VERIFY)
    client.post(VERIFY, {"code": authenticator_code(user)})
    assert client.get("/enterprise/").status_code == 200

    # ...and may turn it off again (an administrator may not).
    client.post("/accounts/two-factor/disable/")
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.get("/enterprise/").status_code == 200


def test_an_administrator_cannot_turn_the_second_factor_off(client, park):
    admin = park_admin(park)
    client.force_login(admin)
    assert client.post("/accounts/two-factor/disable/").status_code == 403
    assert TOTPDevice.objects.filter(user=admin).exists()


def test_the_django_admin_needs_the_second_factor_too(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    authenticator(staff)
    sign_in_with_password(client, staff)
    assert client.get("/admin/").url == f"{VERIFY}?next=/admin/"
    client.post(VERIFY, {"code": authenticator_code(staff)})
    assert client.get("/admin/").status_code == 200


def test_demo_totp_prints_a_code_the_demo_administrator_signs_in_with(client, capsys, settings):
    settings.DEBUG = True
    demo_accounts_ensure()
    call_command("demo_totp", "demo-park")
    code = capsys.readouterr().out.strip()
    assert re.fullmatch(r"\d{6}", code)
    client.post("/accounts/login/", {"username": "demo-park", "password": DEMO_PASSWORD})
    assert client.get("/start/").url.startswith(VERIFY)
    client.post(VERIFY, {"code": code})
    assert client.get("/start/").url.startswith("/cohorts/")


@pytest.mark.browser
def test_a_park_administrator_signs_in_with_password_and_code_in_a_browser(
    transactional_data, live_server, browser, artifacts_dir
):
    """Password, then the authenticator's code, then the dashboard; left idle past the
    administrators' limit, the session ends and the login page says why."""
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.middleware import LAST_ACTIVITY_KEY

    current_round()
    park = Park.objects.get(code="chengdu-hitech")
    admin = park_admin(park)
    code = authenticator_code(admin)
    dashboard = reverse("cohorts:dashboard", args=["park", park.pk])
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + dashboard)
    page.fill("#id_username", admin.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button.btn-primary").click()
    assert "/accounts/two-factor/" in page.url
    page.fill("#id_code", code)
    page.locator("form button.btn-primary").click()
    assert page.url == live_server.url + dashboard
    assert page.locator("h1").inner_text() == park.name_zh
    page.screenshot(path=str(artifacts_dir / "two-factor-dashboard.png"), full_page=True)

    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=cookie["value"])
    session[LAST_ACTIVITY_KEY] -= 31 * 60
    session.save()
    page.reload()
    assert "/accounts/login/" in page.url
    assert "已自动退出" in page.locator(".alert").inner_text()
