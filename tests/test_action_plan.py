"""The action plan: steps adopted from the report or the result page, own actions, changes
and follow-ups kept as history, members only, counts for administrators, and the plan on
the report (its PDF page, and done actions beside the score change of the next round)."""

from datetime import date

import pytest
from pypdf import PdfReader

from actions.models import Action, ActionEvent, ActionStatus
from actions.services import action_update
from reports.models import Report
from tests.factories import (
    EnterpriseFactory,
    current_round,
    enterprise_user,
    park_admin,
    submitted_assessment,
)

pytestmark = pytest.mark.django_db

NO_INVENTORY = {"D7_asset_inventory": False}


@pytest.fixture(autouse=True)
def _reports_built_on_submit(on_commit_now):
    pass


@pytest.fixture
def member_with_report():
    user = enterprise_user()
    enterprise = user.memberships.get().enterprise
    assessment = submitted_assessment(enterprise, quality=0.9, seed=5, overrides=NO_INVENTORY)
    report = Report.objects.get(assessment=assessment)
    assert report.status == Report.Status.DONE, report.error
    return user, report


def test_adopting_a_step_from_the_report_creates_an_action_with_its_history(
    client, member_with_report
):
    user, report = member_with_report
    client.force_login(user)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert f"/reports/{report.pk}/adopt/d7_asset_inventory/" in page
    response = client.post(f"/reports/{report.pk}/adopt/d7_asset_inventory/")
    action = Action.objects.get(step_code="d7_asset_inventory")
    assert response.url == f"/actions/{action.pk}/"
    assert (action.title, action.dimension_code, action.owner) == (
        "建立工控和联网设备清单",
        "D7",
        user,
    )
    assert action.details.startswith("没有工控资产清单")
    assert action.assessment_id == report.assessment_id and action.status == "proposed"
    (event,) = action.events.all()
    assert (event.kind, event.by) == (ActionEvent.Kind.ADOPTED, user)
    client.post(f"/reports/{report.pk}/adopt/d7_asset_inventory/")  # twice: still one
    assert Action.objects.filter(step_code="d7_asset_inventory").count() == 1
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert f'href="/actions/{action.pk}/"' in page and "已在行动计划中" in page


def test_adopting_from_the_result_page_in_english_keeps_the_english_texts(
    client, member_with_report
):
    user, report = member_with_report
    client.force_login(user)
    result = client.get(f"/assessments/{report.assessment_id}/result/").content.decode()
    assert f"/reports/{report.pk}/adopt/d7_asset_inventory/" in result
    client.cookies["django_language"] = "en"
    client.post(f"/reports/{report.pk}/adopt/d7_asset_inventory/", HTTP_ACCEPT_LANGUAGE="en")
    action = Action.objects.get(step_code="d7_asset_inventory")
    assert action.title == "Draw up an inventory of control and networked equipment"


def test_non_members_and_administrators_get_404_and_administrators_see_counts_only(
    client, member_with_report
):
    user, report = member_with_report
    client.force_login(user)
    client.post(f"/reports/{report.pk}/adopt/d7_asset_inventory/")
    action = Action.objects.get()
    stranger = enterprise_user()
    client.force_login(stranger)
    assert client.get(f"/actions/{action.pk}/").status_code == 404
    assert client.post(f"/actions/{action.pk}/", {"status": "done"}).status_code == 404
    assert client.post(f"/reports/{report.pk}/adopt/d7_backup_restore/").status_code == 404
    assert "建立工控和联网设备清单" not in client.get("/actions/").content.decode()
    admin = park_admin(report.assessment.enterprise.park)
    client.force_login(admin)
    assert client.get(f"/actions/{action.pk}/").status_code == 404
    overview = client.get("/actions/overview/").content.decode()
    assert "1 家企业制定了行动计划，共 1 项行动" in overview
    assert "建立工控和联网设备清单" not in overview
    client.force_login(stranger)
    assert client.get("/actions/overview/").status_code == 404
    action.refresh_from_db()
    assert action.status == "proposed"


def test_any_member_changes_status_owner_and_date_and_each_change_is_recorded(
    client, member_with_report
):
    user, report = member_with_report
    colleague = enterprise_user(report.assessment.enterprise, first_name="李工")
    client.force_login(user)
    client.post(f"/reports/{report.pk}/adopt/d7_asset_inventory/")
    action = Action.objects.get()
    client.force_login(colleague)
    client.post(
        f"/actions/{action.pk}/",
        {
            "status": "in_progress",
            "owner": colleague.pk,
            "due_on": "2026-12-31",
            "notes": "",
            "comment": "已找到两台未登记的PLC",
        },
    )
    client.post(
        f"/actions/{action.pk}/",
        {"status": "in_progress", "owner": colleague.pk, "due_on": "2026-12-31", "comment": "x"},
    )
    action.refresh_from_db()
    assert (action.status, action.owner, action.due_on) == (
        "in_progress",
        colleague,
        date(2026, 12, 31),
    )
    follow_up, change, adopted = action.events.all()
    assert change.by == colleague and change.comment == "已找到两台未登记的PLC"
    assert change.changes == {
        "status": ["proposed", "in_progress"],
        "owner": [user.pk, colleague.pk],
        "due_on": [None, "2026-12-31"],
    }
    assert (follow_up.kind, follow_up.changes, follow_up.comment) == ("comment", {}, "x")
    page = client.get(f"/actions/{action.pk}/").content.decode()
    assert "待定 → 进行中" in page and "已找到两台未登记的PLC" in page and "李工" in page


def test_own_actions_and_the_plan_filters_by_status_and_owner(client):
    user = enterprise_user()
    colleague = enterprise_user(user.memberships.get().enterprise)
    client.force_login(user)
    client.post(
        "/actions/new/", {"title": "给仓库装扫码枪", "dimension_code": "D4", "owner": colleague.pk}
    )
    client.post("/actions/new/", {"title": "参加园区数字化培训"})
    own = Action.objects.get(title="给仓库装扫码枪")
    assert own.step_code == "" and own.events.get().kind == ActionEvent.Kind.CREATED
    action_update(action=own, user=user, status=ActionStatus.BLOCKED)
    page = client.get("/actions/").content.decode()
    assert "给仓库装扫码枪" in page and "参加园区数字化培训" in page
    blocked = client.get("/actions/?status=blocked").content.decode()
    assert "给仓库装扫码枪" in blocked and "参加园区数字化培训" not in blocked
    mine = client.get(f"/actions/?owner={user.pk}").content.decode()
    assert "给仓库装扫码枪" not in mine


def test_the_pdf_has_an_action_plan_page_with_owner_due_date_and_status(client, member_with_report):
    user, report = member_with_report
    user.first_name = "王"
    user.last_name = "经理"
    user.save()
    client.force_login(user)
    client.post(f"/reports/{report.pk}/adopt/d7_asset_inventory/")
    action = Action.objects.get()
    action_update(action=action, user=user, status="in_progress", due_on=date(2027, 3, 31))
    client.post(f"/reports/{report.pk}/rebuild/")
    report.refresh_from_db()
    assert report.pdf, report.pdf_error
    pages = [page.extract_text() for page in PdfReader(report.pdf.path).pages]
    plan_page = next(text for text in pages if "尚未完成的行动" in text)
    assert plan_page.startswith("行动计划")  # a page of its own
    assert "建立工控和联网设备清单" in plan_page
    assert "2027-03-31" in plan_page and "进行中" in plan_page and "王" in plan_page


def test_the_next_rounds_report_shows_done_actions_beside_the_score_change(client):
    user = enterprise_user()
    enterprise = user.memberships.get().enterprise
    earlier = current_round(2025)
    first = submitted_assessment(enterprise, earlier, quality=0.5, seed=6, overrides=NO_INVENTORY)
    client.force_login(user)
    client.post(f"/reports/{first.report.pk}/adopt/d7_asset_inventory/")
    action = Action.objects.get()
    action_update(action=action, user=user, status=ActionStatus.DONE)
    second = submitted_assessment(
        enterprise, current_round(2026), quality=0.5, seed=6, overrides={"D7_asset_inventory": True}
    )
    content = second.report.content_in("zh-hans")
    d7 = next(d for d in content["progress"]["dimensions"] if d["name"] == "安全保障")
    assert d7["actions_done"] == ["建立工控和联网设备清单"]
    assert d7["change"] > 0
    page = client.get(f"/reports/{second.report.pk}/").content.decode()
    row = page[page.index("<td>安全保障</td>") :].split("</tr>")[0]
    assert f">{d7['change']}<" in row and "建立工控和联网设备清单" in row
    assert "d7_asset_inventory" not in [s["code"] for s in content["steps"]]
    other = EnterpriseFactory()
    assert not Action.objects.filter(enterprise=other).exists()


def test_the_demo_enterprise_has_a_plan_in_several_statuses_once(client):
    from portal.demo import demo_accounts_ensure, demo_history_ensure, demo_plan_ensure

    current_round(2025), current_round(2026)
    demo_accounts_ensure()
    demo_history_ensure()
    assert demo_plan_ensure() is True
    assert demo_plan_ensure() is False
    actions = Action.objects.filter(enterprise__name="成都示范精密机械有限公司")
    assert {a.status for a in actions} == {"done", "in_progress", "blocked", "proposed"}
    assert all(a.events.exists() for a in actions)
    user = actions.first().enterprise.memberships.get().user
    client.force_login(user)
    page = client.get("/actions/").content.decode()
    assert all(a.title in page for a in actions)
    adopted = actions.exclude(step_code="").first()
    result = client.get(f"/assessments/{adopted.assessment_id}/result/").content.decode()
    assert "已在行动计划中" in result
