"""The enterprise's journey in headless Chromium, with screenshots of a section page and
the result page at desktop (1280 px) and phone (375 px) widths in test-artifacts/."""

import pytest

from tests.factories import credit_code, current_round

pytestmark = pytest.mark.browser

PASSWORD = "Gear-Box-2026!"
WIDTHS = {"desktop": 1280, "phone": 375}


def fill_section(page):
    """Answer every question on the page: first option, 10 for counts (5 for a part)."""
    for kind in ("radio", "checkbox"):
        names = page.eval_on_selector_all(
            f"form.section-form input[type={kind}]", "els => [...new Set(els.map(e => e.name))]"
        )
        for name in names:
            page.locator(f"input[type={kind}][name='{name}']").first.check()
    for field in page.locator("input[inputmode=numeric]").all():
        field.fill("5" if field.get_attribute("name").endswith("__part") else "10")
    for field in page.locator("input[inputmode=decimal]").all():
        field.fill("50")


def screenshots(page, artifacts_dir, name):
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=artifacts_dir / f"journey-{name}-{label}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def log_in(page, base):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "plant-manager")
    page.fill("#id_password", PASSWORD)
    page.locator("form button.btn-primary").click()


def test_an_enterprise_completes_the_journey_in_a_browser(
    browser, live_server, transactional_data, artifacts_dir
):
    current_round()
    base = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})

    page.goto(f"{base}/")
    page.get_by_role("link", name="注册并开始自评").click()
    page.fill("#id_username", "plant-manager")
    page.fill("#id_email", "manager@example.com")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.locator("form button.btn-primary").click()

    page.fill("#id_name", "德阳重装配件有限公司")
    page.fill("#id_credit_code", credit_code(9090))
    page.select_option("#id_industry", label="34 通用设备制造业")
    page.fill("#id_employees", "85")
    page.fill("#id_revenue", "1500")
    page.select_option("#id_province", label="四川省")
    page.select_option("#id_city", label="成都市")
    page.get_by_role("button", name="登记企业").click()
    page.get_by_role("button", name="开始填写").click()

    for _ in ("D1", "D2"):
        fill_section(page)
        page.get_by_role("button", name="保存并继续").click()
    page.get_by_role("button", name="保存并退出").click()
    page.locator("nav form button", has_text="退出").click()

    log_in(page, base)
    page.goto(f"{base}/enterprise/")
    page.get_by_role("link", name="继续填写").click()
    assert page.url.endswith("/section/D3/")
    fill_section(page)
    page.get_by_role("button", name="保存并继续").click()

    # D4: a part larger than its whole is refused next to the part; input stays.
    fill_section(page)
    page.fill("#id_D4_cnc_key_processes__whole", "8")
    page.fill("#id_D4_cnc_key_processes__part", "9")
    page.get_by_role("button", name="保存并继续").click()
    error = page.locator("#div_id_D4_cnc_key_processes__part .invalid-feedback")
    assert "不能大于" in error.inner_text()
    assert page.input_value("#id_D4_cnc_key_processes__part") == "9"
    screenshots(page, artifacts_dir, "section")
    page.fill("#id_D4_cnc_key_processes__part", "6")
    page.get_by_role("button", name="保存并继续").click()

    while "/section/" in page.url:
        fill_section(page)
        page.locator(
            "form.section-form button[value=next], form.section-form button[value=review]"
        ).click()
    assert page.url.endswith("/review/")
    page.get_by_role("button", name="提交问卷").click()

    assert page.url.endswith("/result/")
    assert page.get_by_test_id("overall-score").inner_text().strip()
    assert "关键工序数控化率" in page.content()
    screenshots(page, artifacts_dir, "result")

    page.goto(page.url.replace("/result/", "/section/D1/"))
    assert page.url.endswith("/result/")
    assert "不能再修改" in page.content()
    page.close()
