"""Every sign-in, failure, second-factor failure, sign-out and idle timeout of an account is
recorded with time, address and browser; the owner reads them on the account page, the site
staff in the admin, where nobody can change or delete them."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.middleware import LAST_ACTIVITY_KEY
from accounts.models import LoginEvent
from reference.models import Park
from tests.factories import PASSWORD, UserFactory, authenticator, enterprise_user, park_admin

pytestmark = pytest.mark.django_db

CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36"
)
WECHAT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
    "like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN"
)


def history_rows(client) -> list[str]:
    html = client.get("/accounts/").content.decode()
    body = html.split("data-login-history", 1)[1].split("</tbody>", 1)[0]
    return body.split("<tr")[2:]


def test_the_account_page_lists_sign_ins_failures_sign_outs_and_timeouts(client):
    user = enterprise_user()
    other = enterprise_user()
    browser = {"REMOTE_ADDR": "203.0.113.7", "HTTP_USER_AGENT": CHROME}
    phone = {"REMOTE_ADDR": "198.51.100.20", "HTTP_USER_AGENT": WECHAT}

    client.post("/accounts/login/", {"username": user.username, "password": "wrong"}, **phone)
    client.post("/accounts/login/", {"username": other.username, "password": "wrong"}, **phone)
    client.post("/accounts/login/", {"username": user.username, "password": PASSWORD}, **browser)
    client.post("/accounts/logout/", **browser)
    client.post("/accounts/login/", {"username": user.username, "password": PASSWORD}, **browser)
    session = client.session
    session[LAST_ACTIVITY_KEY] -= 121 * 60
    session.save()
    client.get("/enterprise/", **browser)  # ends the idle session
    client.post("/accounts/login/", {"username": user.username, "password": PASSWORD}, **phone)

    rows = history_rows(client)
    kinds = [row.split('data-kind="', 1)[1].split('"', 1)[0] for row in rows]
    assert kinds == ["login", "idle_timeout", "login", "logout", "login", "login_failed"]
    assert "登录失败" in rows[-1] and "198.51.100.20" in rows[-1] and "WeChat 8 · iOS" in rows[-1]
    assert "退出登录" in rows[3] and "203.0.113.7" in rows[3] and "Chrome 126 · Windows" in rows[3]
    assert "长时间未操作" in rows[1]
    assert LoginEvent.objects.filter(user=other).count() == 1  # not on this page


def test_a_wrong_second_factor_code_is_in_the_history(client):
    admin = park_admin(Park.objects.first())
    authenticator(admin)
    client.post("/accounts/login/", {"username": admin.username, "password": PASSWORD})
    client.post("/accounts/two-factor/", {"code": "000000"}, REMOTE_ADDR="203.0.113.9")
    event = LoginEvent.objects.get(kind=LoginEvent.Kind.SECOND_FACTOR_FAILED)
    assert (event.user, event.ip_address) == (admin, "203.0.113.9")


def test_a_failed_sign_in_under_an_unknown_name_is_kept_with_the_name_tried(client):
    client.post("/accounts/login/", {"username": "nobody-here", "password": "x"})
    event = LoginEvent.objects.get()
    assert (event.user, event.username, event.kind) == (None, "nobody-here", "login_failed")


def test_the_admin_shows_the_history_but_cannot_change_or_delete_it(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    event = LoginEvent.objects.get(user=staff)
    listing = client.get("/admin/accounts/loginevent/").content.decode()
    assert staff.username in listing
    assert "/admin/accounts/loginevent/add/" not in listing
    change = client.get(f"/admin/accounts/loginevent/{event.pk}/change/").content.decode()
    assert 'name="_save"' not in change
    delete = client.post(f"/admin/accounts/loginevent/{event.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    bulk = client.post(
        "/admin/accounts/loginevent/",
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302, 403)
    assert LoginEvent.objects.filter(pk=event.pk).exists()


def test_the_purge_keeps_at_least_180_days(capsys):
    user = UserFactory()
    now = timezone.now()
    for days in (10, 179, 181, 400):
        LoginEvent.objects.create(
            user=user, username=user.username, kind="login", at=now - timedelta(days=days)
        )
    call_command("purge_login_events")
    assert "2 events" in capsys.readouterr().out
    kept = sorted((now - e.at).days for e in LoginEvent.objects.all())
    assert kept == [10, 179]
    with pytest.raises(CommandError):
        call_command("purge_login_events", days=30)
