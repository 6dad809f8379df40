"""Throttles: colleague invitations and password resets are limited per hour; the reset page
answers alike for known and unknown addresses; behind a reverse proxy each client is its own
address for django-axes and the login history; a NUL in a header is refused, not a 500."""

import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import LoginEvent
from enterprises.models import Invitation, Membership
from tests.factories import PASSWORD, UserFactory, enterprise_user

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset/"


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


# --- colleague invitations -------------------------------------------------------------------


def test_a_user_makes_only_so_many_invitations_an_hour(client, monkeypatch):
    monkeypatch.setattr("enterprises.views.INVITATIONS_PER_USER", 3)
    owner = enterprise_user()
    client.force_login(owner)
    answers = [
        client.post("/enterprise/colleagues/", {"email": f"c{i}@example.com"}) for i in range(4)
    ]
    assert [a.status_code for a in answers] == [302, 302, 302, 429]
    assert "邀请过于频繁，请一小时后再试" in answers[-1].content.decode()
    assert Invitation.objects.count() == 3


def test_an_enterprise_gets_only_so_many_invitations_an_hour_whoever_asks(client, monkeypatch):
    monkeypatch.setattr("enterprises.views.INVITATIONS_PER_ENTERPRISE", 2)
    owner = enterprise_user()
    enterprise = owner.memberships.get().enterprise
    colleague = UserFactory()
    Membership.objects.create(enterprise=enterprise, user=colleague, role="colleague")
    client.force_login(owner)
    assert client.post("/enterprise/colleagues/", {"email": ""}).status_code == 302
    client.force_login(colleague)
    assert client.post("/enterprise/colleagues/", {"email": ""}).status_code == 302
    assert client.post("/enterprise/colleagues/", {"email": ""}).status_code == 429
    assert Invitation.objects.count() == 2


# --- password resets -------------------------------------------------------------------------


def test_the_reset_link_is_mailed_through_the_task_queue(client, monkeypatch):
    UserFactory(email="known@example.com")
    queued = []
    monkeypatch.setattr("core.tasks.send_email.delay", lambda **kwargs: queued.append(kwargs))
    response = client.post(RESET, {"email": "known@example.com"})
    assert response.url == "/accounts/password/reset/sent/"
    assert [q["to"] for q in queued] == [["known@example.com"]]
    assert "/accounts/password/reset/" in queued[0]["body"]
    assert mail.outbox == []  # nothing sent inside the request


def test_known_and_unknown_addresses_get_the_same_answer_for_the_same_work(client, monkeypatch):
    UserFactory(email="known@example.com")
    enqueued = []
    monkeypatch.setattr(
        "accounts.views.password_reset_send.delay", lambda **kwargs: enqueued.append(kwargs)
    )
    client.get(RESET)  # the once-a-period job sweep happens here, not in a measured request
    answers, queries, seconds = {}, {}, {}
    for email in ("known@example.com", "nobody@example.com"):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            answers[email] = client.post(RESET, {"email": email})
            seconds[email] = time.perf_counter() - started
        queries[email] = len(captured)
    known, unknown = answers.values()
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert queries["known@example.com"] == queries["nobody@example.com"]
    assert [e["email"] for e in enqueued] == ["known@example.com", "nobody@example.com"]
    print("reset page seconds:", seconds)


def test_the_queued_reset_mails_known_addresses_only(client):
    UserFactory(email="known@example.com")
    client.post(RESET, {"email": "known@example.com"})
    client.post(RESET, {"email": "nobody@example.com"})
    assert [m.to for m in mail.outbox] == [["known@example.com"]]
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_resets_for_one_address_are_limited_per_hour(client):
    UserFactory(email="known@example.com")
    answers = [client.post(RESET, {"email": "Known@example.com"}) for _ in range(4)]
    assert [a.status_code for a in answers] == [302, 302, 302, 429]
    assert "请求过于频繁" in answers[-1].content.decode()
    assert len(mail.outbox) == 3


def test_resets_from_one_client_are_limited_per_hour(client):
    answers = [client.post(RESET, {"email": f"u{i}@example.com"}) for i in range(11)]
    assert [a.status_code for a in answers] == [302] * 10 + [429]
    other = Client(REMOTE_ADDR="192.0.2.44")
    assert other.post(RESET, {"email": "u99@example.com"}).status_code == 302


# --- client addresses behind a reverse proxy -------------------------------------------------


def _fail_five_times(client, username, **headers):
    for _ in range(5):
        client.post("/accounts/login/", {"username": username, "password": "wrong"}, **headers)


def test_behind_the_proxy_two_clients_are_throttled_separately(settings):
    settings.PROXY_COUNT = 1
    UserFactory(username="alice")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    attacker = Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    alice = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    _fail_five_times(attacker, "alice")
    locked = attacker.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert locked.status_code == 429
    # A forged entry on the left does not change the address the proxy appended.
    forged = attacker.post(
        "/accounts/login/",
        {"username": "alice", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5",
    )
    assert forged.status_code == 429
    response = alice.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    addresses = set(LoginEvent.objects.values_list("ip_address", flat=True))
    assert addresses == {"203.0.113.5", "198.51.100.7"}


def test_without_the_proxy_setting_the_forwarded_header_is_not_believed(settings):
    settings.PROXY_COUNT = 0
    UserFactory(username="alice")
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5")
    _fail_five_times(attacker, "alice")
    other = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert (
        other.post("/accounts/login/", {"username": "alice", "password": PASSWORD}).status_code
        == 429
    )
    assert set(LoginEvent.objects.values_list("ip_address", flat=True)) == {"10.0.0.2"}


# --- a NUL in a header -----------------------------------------------------------------------


def test_a_nul_in_the_user_agent_of_a_failed_login_is_refused_with_400(client):
    UserFactory(username="alice")
    client.raise_request_exception = False
    response = client.post(
        "/accounts/login/",
        {"username": "alice", "password": "wrong"},
        HTTP_USER_AGENT="Mozilla/5.0\x00<script>",
    )
    assert response.status_code == 400
    assert not LoginEvent.objects.exists()
