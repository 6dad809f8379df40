"""The data interface for provincial and national platforms: bearer tokens issued per park
or province reach that scope and nothing else; the figures are the dashboard's, withheld
where the dashboard withholds them; the enterprise list imports as on the page; every call
is logged; calls are rate limited; the OpenAPI document is valid."""

import io
import json
import re
import urllib.request

import pytest
from django.core.cache import cache
from django.urls import reverse

from api.keys import key_hash
from api.models import ApiCall, ApiToken
from api.services import token_issue, token_revoke
from cohorts.dashboard import dashboard_figures
from cohorts.filters import CohortFilters, Scope
from enterprises.models import Enterprise
from onboarding.imports import import_preview
from onboarding.models import ImportBatch
from reference.models import Park, Province
from reports.models import Report
from tests.factories import (
    EnterpriseFactory,
    UserFactory,
    credit_code,
    current_round,
    submitted_assessment,
)

HEADER = "name,统一社会信用代码,industry,size,contact e-mail\n"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def _sichuan():
    return Province.objects.get(code="510000")


def _jiangsu():
    return Province.objects.get(code="320000")


def _chengdu():
    return Park.objects.get(code="chengdu-hitech")


def _mianyang():
    return Park.objects.get(code="mianyang-hitech")


def _auth(key: str | None) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}


def _csv(*rows: str, name: str = "enterprises.csv") -> io.BytesIO:
    data = io.BytesIO((HEADER + "\n".join(rows) + "\n").encode("utf-8"))
    data.name = name
    return data


def _clean_csv() -> io.BytesIO:
    return _csv(
        f"甲机械有限公司,{credit_code()},34,small,a@example.com",
        f"乙电子有限公司,{credit_code()},39,medium,b@example.com",
    )


# --- the access probe ------------------------------------------------------------------------


def _endpoints(park: Park, province: Province, enterprise: Enterprise, batch: ImportBatch):
    """(name, method, url, body) of every endpoint, aimed at Chengdu and Sichuan."""
    return {
        "province_figures": ("get", reverse("api:province_figures", args=[province.pk]), None),
        "province_enterprises": (
            "get",
            reverse("api:province_enterprises", args=[province.pk]),
            None,
        ),
        "park_figures": ("get", reverse("api:park_figures", args=[park.pk]), None),
        "park_enterprises": ("get", reverse("api:park_enterprises", args=[park.pk]), None),
        "report": ("get", reverse("api:report", args=[enterprise.pk]), None),
        "import_upload": ("post", reverse("api:imports", args=[park.pk]), "upload"),
        "import_batch": ("get", reverse("api:import_batch", args=[park.pk, batch.pk]), None),
        "import_confirm": (
            "post",
            reverse("api:import_confirm", args=[park.pk, batch.pk]),
            None,
        ),
    }


ENDPOINTS = [
    "province_figures",
    "province_enterprises",
    "park_figures",
    "park_enterprises",
    "report",
    "import_upload",
    "import_batch",
    "import_confirm",
]
# The token each column of the probe calls with, and what it must get.
HOLDERS = {
    "own province": "allowed",
    "other province": "refused",
    "other park": "refused",
    "revoked": 401,
    "none": 401,
}


def _call(client, method: str, url: str, body, key: str | None):
    if body == "upload":
        return client.post(url, {"file": _clean_csv()}, **_auth(key))
    return getattr(client, method)(url, **_auth(key))


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("holder", list(HOLDERS))
def test_a_token_reaches_its_own_scope_only(client, endpoint, holder):
    park, province = _chengdu(), _sichuan()
    current_round()
    enterprise = (
        submitted_assessment(EnterpriseFactory(park=park)).enterprise
        if endpoint == "report"
        else EnterpriseFactory(park=park)
    )
    batch = import_preview(park=park, user=None, name="a.csv", data=_clean_csv().getvalue())
    tokens = {
        "own province": token_issue(name="川", province=province, can_import=True),
        "other province": token_issue(name="苏", province=_jiangsu(), can_import=True),
        "other park": token_issue(name="绵阳", park=_mianyang(), can_import=True),
        "revoked": token_issue(name="旧", province=province, can_import=True),
    }
    token_revoke(token=tokens["revoked"][0])
    key = tokens[holder][1] if holder in tokens else None
    method, url, body = _endpoints(park, province, enterprise, batch)[endpoint]

    response = _call(client, method, url, body, key)

    expected = HOLDERS[holder]
    if expected == "allowed":
        assert response.status_code in (200, 201), response.content
    elif expected == "refused":
        assert response.status_code in (403, 404), response.content
        assert b'"funnel"' not in response.content and enterprise.name not in response.text
    else:
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert ImportBatch.objects.filter(status=ImportBatch.Status.IMPORTED).exists() == (
        expected == "allowed" and endpoint == "import_confirm"
    )


@pytest.mark.django_db
def test_a_sichuan_token_is_refused_for_jiangsu_and_its_parks(client):
    current_round()
    _token, key = token_issue(name="四川省平台", province=_sichuan(), can_import=True)
    suzhou = Park.objects.get(code="suzhou-sip")
    urls = [
        reverse("api:province_figures", args=[_jiangsu().pk]),
        reverse("api:province_enterprises", args=[_jiangsu().pk]),
        reverse("api:park_figures", args=[suzhou.pk]),
        reverse("api:park_enterprises", args=[suzhou.pk]),
        reverse("api:report", args=[EnterpriseFactory(park=suzhou).pk]),
    ]
    assert [client.get(url, **_auth(key)).status_code for url in urls] == [404] * 5
    upload = client.post(
        reverse("api:imports", args=[suzhou.pk]), {"file": _clean_csv()}, **_auth(key)
    )
    assert upload.status_code == 404 and not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_a_park_token_reaches_its_park_but_not_its_province_nor_a_sibling_park(client):
    current_round()
    _token, key = token_issue(name="成都高新", park=_chengdu())
    figures = client.get(reverse("api:park_figures", args=[_chengdu().pk]), **_auth(key))
    assert figures.status_code == 200
    for url in (
        reverse("api:province_figures", args=[_sichuan().pk]),
        reverse("api:province_enterprises", args=[_sichuan().pk]),
        reverse("api:park_figures", args=[_mianyang().pk]),
        reverse("api:park_enterprises", args=[_mianyang().pk]),
    ):
        assert client.get(url, **_auth(key)).status_code == 404, url
    elsewhere = EnterpriseFactory(park=_mianyang())
    response = client.get(reverse("api:report", args=[elsewhere.pk]), **_auth(key))
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_read_only_token_cannot_import_and_an_import_only_token_cannot_read(client):
    current_round()
    park = _chengdu()
    _t, read_only = token_issue(name="只读", province=_sichuan())
    _t, import_only = token_issue(name="只导入", park=park, can_read=False, can_import=True)
    batch = import_preview(park=park, user=None, name="a.csv", data=_clean_csv().getvalue())

    upload = client.post(
        reverse("api:imports", args=[park.pk]), {"file": _clean_csv()}, **_auth(read_only)
    )
    confirm = client.post(
        reverse("api:import_confirm", args=[park.pk, batch.pk]), **_auth(read_only)
    )
    read = client.get(reverse("api:park_figures", args=[park.pk]), **_auth(import_only))

    assert (upload.status_code, confirm.status_code, read.status_code) == (403, 403, 403)
    assert ImportBatch.objects.count() == 1
    assert not ImportBatch.objects.filter(status=ImportBatch.Status.IMPORTED).exists()


@pytest.mark.django_db
def test_a_token_is_stored_hashed_and_stops_working_once_revoked(client):
    current_round()
    token, key = token_issue(name="国家平台", province=_sichuan())
    url = reverse("api:province_figures", args=[_sichuan().pk])
    assert key not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert token.key_hash == key_hash(key) and key.startswith(token.prefix)

    assert client.get(url, **_auth(key)).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None

    token_revoke(token=token)
    assert client.get(url, **_auth(key)).status_code == 401
    assert client.get(url, **_auth(key + "x")).status_code == 401


@pytest.mark.django_db
def test_staff_issue_a_token_in_the_admin_and_see_it_once(client):
    current_round()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        "/admin/api/apitoken/add/",
        {"name": "省级平台", "province": "", "park": _chengdu().pk, "can_read": "on"},
    )
    assert response.status_code == 200
    key = re.search(r'id="api-token-key"[^>]*>([^<]+)<', response.text).group(1)
    token = ApiToken.objects.get()
    assert (token.province, token.park, token.can_import) == (_sichuan(), _chengdu(), False)
    assert token.key_hash == key_hash(key)
    assert "no-store" in response["Cache-Control"]
    assert key not in client.get(f"/admin/api/apitoken/{token.pk}/change/").text
    figures = client.get(reverse("api:park_figures", args=[_chengdu().pk]), **_auth(key))
    assert figures.status_code == 200

    client.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None


# --- figures: the dashboard's, over HTTP -----------------------------------------------------


def _get_json(url: str, key: str) -> dict:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (test server)
        assert response.status == 200
        return json.load(response)


def _close(a, b) -> bool:
    return a == b if a is None or b is None else abs(a - b) < 1e-9


def test_a_province_platform_fetches_the_dashboard_figures_over_http(
    transactional_data, live_server
):
    province, park = _sichuan(), _chengdu()
    round_ = current_round()
    for i in range(6):
        enterprise = EnterpriseFactory(
            park=park if i < 4 else _mianyang(), above_designated_size=i % 2 == 0
        )
        submitted_assessment(enterprise, round_, quality=0.15 * (i + 1), seed=i)
    EnterpriseFactory(park=park)  # invited, not started
    _token, key = token_issue(name="四川省平台", province=province)
    scope = Scope(park=None, province=province)
    base = live_server.url + reverse("api:province_figures", args=[province.pk])

    data = _get_json(f"{base}?round={round_.pk}", key)
    page = dashboard_figures(
        scope=scope, filters=CohortFilters(round=round_), page=None, compare=False
    )

    stats = page["statistics"]
    assert data["funnel"] == page["funnel"] and data["funnel"]["invited"] == 7
    assert data["statistics"]["n"] == stats.n == 6
    assert data["statistics"]["withheld"] is None
    for name in ("mean", "q1", "median", "q3"):
        assert _close(data["statistics"][name], getattr(stats, name)), name
    assert [lv["count"] for lv in data["statistics"]["levels"]] == [c for *_, c in stats.levels]
    for got, d in zip(data["statistics"]["dimensions"], stats.dimensions, strict=True):
        assert got["code"] == d.code
        assert all(_close(got[k], getattr(d, k)) for k in ("q1", "median", "q3", "mean"))
    assert [t["code"] for t in data["targets"]] == [f.target.code for f in page["targets"]]
    for got, f in zip(data["targets"], page["targets"], strict=True):
        assert got["n"] == f.n
        if f.suppressed:  # the page shows "不足 5 家，不显示"
            assert (got["value"], got["met"], got["gap"]) == (None, None, None)
            assert got["withheld"]["code"] == "group_too_small"
        else:
            assert _close(got["value"], f.value) and got["met"] == f.met
            assert _close(got["gap"], f.gap) and got["withheld"] is None
    assert any(t["value"] is not None for t in data["targets"])  # not all withheld

    # Narrowed to the three above designated size: the page withholds every figure.
    narrowed = _get_json(f"{base}?round={round_.pk}&above=1", key)
    small = dashboard_figures(
        scope=scope, filters=CohortFilters(round=round_, above=True), page=None, compare=False
    )
    assert small["statistics"].is_small and narrowed["statistics"]["n"] == 3
    assert narrowed["filters"]["above"] is True
    assert narrowed["funnel"] == small["funnel"]
    assert narrowed["statistics"]["withheld"]["code"] == "cohort_too_small"
    for name in ("mean", "median", "q1", "q3", "levels", "dimensions", "bins"):
        assert narrowed["statistics"][name] is None, name
    assert all(t["value"] is None and t["withheld"] for t in narrowed["targets"])


@pytest.mark.django_db
def test_a_target_of_too_few_enterprises_is_withheld_though_the_cohort_is_shown():
    from api.selectors import _target_data
    from cohorts.targets import TargetFigure

    target = current_round() and cohort_target_any()
    few = TargetFigure(
        target=target, n=4, value=50.0, met=True, gap=5.0, previous=None, change=None
    )
    enough = TargetFigure(
        target=target, n=5, value=50.0, met=True, gap=5.0, previous=40.0, change=10.0
    )

    withheld = _target_data(few, cohort_shown=True)
    shown = _target_data(enough, cohort_shown=True)

    assert withheld["withheld"]["code"] == "group_too_small" and withheld["n"] == 4
    assert (withheld["value"], withheld["met"], withheld["gap"]) == (None, None, None)
    assert (shown["value"], shown["met"], shown["gap"], shown["change"]) == (50.0, True, 5.0, 10.0)
    assert _target_data(enough, cohort_shown=False)["withheld"]["code"] == "cohort_too_small"


def cohort_target_any():
    from assessment.models import Target

    return Target.objects.filter(province__isnull=True).exclude(indicator_code="").first()


# --- enterprises and reports ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_enterprise_list_gives_each_latest_submitted_result_a_page_at_a_time(client):
    park = _chengdu()
    done = submitted_assessment(EnterpriseFactory(park=park, name="甲公司"))
    EnterpriseFactory(park=park, name="乙公司")
    EnterpriseFactory(park=_mianyang(), name="丙公司")
    EnterpriseFactory(park=Park.objects.get(code="suzhou-sip"), name="丁公司")
    _t, key = token_issue(name="川", province=_sichuan())

    url = reverse("api:province_enterprises", args=[_sichuan().pk])
    first = client.get(url, {"page_size": 2}, **_auth(key)).json()
    second = client.get(first["next"], **_auth(key)).json()

    assert first["count"] == 3
    names = [e["name"] for e in first["results"] + second["results"]]
    assert sorted(names) == ["丙公司", "乙公司", "甲公司"]
    by_name = {e["name"]: e for e in first["results"] + second["results"]}
    assert by_name["甲公司"]["latest"] == {
        "assessment": done.pk,
        "round": done.round.code,
        "score": done.overall_score,
        "level": done.level,
        "submitted_at": by_name["甲公司"]["latest"]["submitted_at"],
    }
    assert by_name["乙公司"]["latest"] is None
    assert by_name["甲公司"]["park"] == park.code


@pytest.mark.django_db
def test_report_data_comes_in_the_language_asked_for_chinese_by_default(client, on_commit_now):
    assessment = submitted_assessment(EnterpriseFactory(park=_chengdu()))
    report = Report.objects.get(assessment=assessment)
    _t, key = token_issue(name="川", province=_sichuan())
    url = reverse("api:report", args=[assessment.enterprise.pk])

    chinese = client.get(url, **_auth(key))
    english = client.get(url, {"lang": "en"}, **_auth(key))
    browser = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.8", **_auth(key))

    assert chinese.json()["content"] == report.content_in("zh-hans")
    assert chinese.json()["language"] == "zh-hans" and chinese["Content-Language"] == "zh-hans"
    assert english.json()["content"] == report.content_in("en")
    assert english.json()["content"] != chinese.json()["content"]
    assert browser.json()["language"] == "en"
    assert english.json()["assessment"]["score"] == assessment.overall_score


# --- imports ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_enterprise_list_is_previewed_with_row_errors_then_confirmed(client, on_commit_now):
    park = _chengdu()
    _t, key = token_issue(name="成都高新", park=park, can_import=True)
    taken = EnterpriseFactory(park=_mianyang()).credit_code

    bad = client.post(
        reverse("api:imports", args=[park.pk]),
        {"file": _csv(f"甲机械有限公司,{taken},34,small,a@example.com", "乙,x,99,huge,no")},
        **_auth(key),
    ).json()
    assert bad["is_clean"] is False and bad["rows"] == 2
    assert {(e["line"], e["column"]) for e in bad["errors"]} >= {
        (2, "统一社会信用代码"),
        (3, "industry"),
        (3, "size"),
        (3, "contact e-mail"),
    }
    refused = client.post(reverse("api:import_confirm", args=[park.pk, bad["id"]]), **_auth(key))
    assert refused.status_code == 409
    assert not Enterprise.objects.filter(park=park).exists()

    wrong_type = client.post(
        reverse("api:imports", args=[park.pk]),
        {"file": _csv("x", name="list.txt")},
        **_auth(key),
    )
    assert wrong_type.status_code == 400 and "file" in wrong_type.json()["errors"]

    good = client.post(reverse("api:imports", args=[park.pk]), {"file": _clean_csv()}, **_auth(key))
    assert good.status_code == 201 and good.json()["is_clean"]
    assert (
        client.get(
            reverse("api:import_batch", args=[park.pk, good.json()["id"]]), **_auth(key)
        ).json()["status"]
        == "preview"
    )
    confirmed = client.post(
        reverse("api:import_confirm", args=[park.pk, good.json()["id"]]), **_auth(key)
    )
    assert confirmed.status_code == 200
    created = Enterprise.objects.filter(pk__in=confirmed.json()["created"])
    assert sorted(created.values_list("name", flat=True)) == ["乙电子有限公司", "甲机械有限公司"]
    assert all(e.park_id == park.pk for e in created)
    assert confirmed.json()["batch"]["status"] == "imported"
    again = client.post(
        reverse("api:import_confirm", args=[park.pk, good.json()["id"]]), **_auth(key)
    )
    assert again.status_code == 409 and Enterprise.objects.filter(park=park).count() == 2


# --- limits, log, schema ---------------------------------------------------------------------


@pytest.mark.django_db
def test_calls_beyond_the_rate_limit_get_429_with_retry_after(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api_token": "3/min"},
    }
    _t, key = token_issue(name="川", province=_sichuan())
    _t, other = token_issue(name="川二", province=_sichuan())
    url = reverse("api:province_enterprises", args=[_sichuan().pk])

    statuses = [client.get(url, **_auth(key)).status_code for _ in range(4)]
    limited = client.get(url, **_auth(key))

    assert statuses == [200, 200, 200, 429]
    assert limited.status_code == 429 and 0 < int(limited["Retry-After"]) <= 60
    assert client.get(url, **_auth(other)).status_code == 200  # counted per token


@pytest.mark.django_db
def test_every_call_is_logged_with_token_scope_status_and_address(client):
    current_round()
    token, key = token_issue(name="成都高新", park=_chengdu())
    figures = reverse("api:park_figures", args=[_chengdu().pk])
    elsewhere = reverse("api:park_figures", args=[_mianyang().pk])

    client.get(figures, {"above": "1"}, **_auth(key))
    client.get(elsewhere, **_auth(key))
    client.get(figures)

    calls = list(ApiCall.objects.order_by("pk"))
    assert [(c.token, c.method, c.path, c.status) for c in calls] == [
        (token, "GET", figures, 200),
        (token, "GET", elsewhere, 404),
        (None, "GET", figures, 401),
    ]
    assert (calls[0].park, calls[0].province) == (_chengdu(), _sichuan())
    assert calls[0].query == "above=1" and calls[0].client_address == "127.0.0.1"
    assert calls[0].at is not None


def _one_logged_call(client) -> None:
    current_round()
    _t, key = token_issue(name="川", province=_sichuan())
    client.get(reverse("api:province_figures", args=[_sichuan().pk]), **_auth(key))


@pytest.mark.django_db
def test_the_call_log_refuses_changes_in_the_database(client):
    from django.db import DatabaseError, transaction

    _one_logged_call(client)
    with pytest.raises(DatabaseError), transaction.atomic():
        ApiCall.objects.update(status=500)
    assert list(ApiCall.objects.values_list("status", flat=True)) == [200]


@pytest.mark.django_db
def test_the_call_log_refuses_deletions_on_postgresql(client, require_postgres):
    from django.db import DatabaseError, transaction

    _one_logged_call(client)
    with pytest.raises(DatabaseError), transaction.atomic():
        ApiCall.objects.all().delete()
    assert ApiCall.objects.count() == 1


@pytest.mark.django_db
def test_the_call_log_is_read_only_in_the_admin(client):
    current_round()
    token, key = token_issue(name="川", province=_sichuan())
    client.get(reverse("api:province_figures", args=[_sichuan().pk]), **_auth(key))
    call = ApiCall.objects.get()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    listing = client.get("/admin/api/apicall/")
    change = client.get(f"/admin/api/apicall/{call.pk}/change/")
    delete = client.post(f"/admin/api/apicall/{call.pk}/delete/", {"post": "yes"})

    assert listing.status_code == 200 and "/admin/api/apicall/add/" not in listing.text
    assert change.status_code == 200 and 'name="_save"' not in change.text
    assert delete.status_code == 403 and ApiCall.objects.filter(pk=call.pk).exists()
    assert (
        client.post(f"/admin/api/apitoken/{token.pk}/delete/", {"post": "yes"}).status_code == 403
    )


@pytest.mark.django_db
def test_the_openapi_document_is_valid_and_its_pages_load_nothing_from_elsewhere(client):
    from openapi_spec_validator import validate

    response = client.get(reverse("api:schema"))
    document = response.json()
    validate(document)

    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    assert "/api/v1/provinces/{id}/figures/" in paths
    assert "/api/v1/parks/{id}/imports/{batch_pk}/confirm/" in paths
    assert "bearerAuth" in document["components"]["securitySchemes"]
    assert "/api/v1/docs/" not in paths and "/api/v1/openapi.json" not in paths
    listing = paths["/api/v1/provinces/{id}/enterprises/"]["get"]["responses"]["200"]
    assert listing["content"]["application/json"]["schema"]["$ref"].endswith("EnterprisePage")
    html = client.get(reverse("api:docs")).text
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    assert all(client.get(s).status_code == 200 for s in sources), sources
    assert "https://" not in html and '"validatorUrl": null' in html
