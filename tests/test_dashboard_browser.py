"""Headless Chromium opens the park and the provincial dashboards; screenshots are kept
under test-artifacts/ (git-ignored)."""

import pytest

from reference.models import Park, Province
from tests.factories import (
    PASSWORD,
    EnterpriseFactory,
    authenticator_code,
    park_admin,
    province_admin,
    submitted_assessment,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base: str, user) -> None:
    code = authenticator_code(user)
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.fill("input[name=code]", code)
    page.press("input[name=code]", "Enter")
    page.wait_for_load_state()


def test_park_and_province_dashboards_render_with_charts(
    transactional_data, live_server, browser, artifacts_dir
):
    park = Park.objects.get(code="chengdu-hitech")
    other = Park.objects.get(code="mianyang-hitech")
    for i in range(8):
        submitted_assessment(
            EnterpriseFactory(park=park if i < 6 else other), quality=0.1 * (i + 2), seed=i
        )
    province = Province.objects.get(code="510000")
    park_user = park_admin(park)
    province_user = province_admin(province)

    for user, kind, pk, width, name in (
        (park_user, "park", park.pk, 1280, "dashboard-park-desktop"),
        (province_user, "province", province.pk, 1280, "dashboard-province-desktop"),
        (park_user, "park", park.pk, 375, "dashboard-park-phone"),
    ):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        _login(page, live_server.url, user)
        page.goto(f"{live_server.url}/cohorts/{kind}/{pk}/")
        assert page.locator("h1").inner_text() in (park.name_zh, province.name_zh)
        assert page.locator(".chart svg").count() >= 4
        assert page.locator('[data-figure="submitted"]').inner_text() == (
            "6" if kind == "park" else "8"
        )
        page.screenshot(path=str(artifacts_dir / f"{name}.png"), full_page=True)
        context.close()
