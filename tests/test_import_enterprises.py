"""Spreadsheet import of a park's enterprises: preview, per-row errors, nothing imported
until a clean file is confirmed, all or nothing; invitations e-mailed with a sign-up link."""

import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import Workbook

from enterprises.models import Enterprise, Membership
from onboarding.models import ImportBatch, ParkInvitation
from reference.models import Park
from tests.factories import EnterpriseFactory, credit_code, park_admin

pytestmark = pytest.mark.django_db

HEADER = "name,统一社会信用代码,industry,size,contact e-mail\n"


def _csv(*rows: str) -> io.BytesIO:
    data = io.BytesIO((HEADER + "\n".join(rows) + "\n").encode("utf-8"))
    data.name = "enterprises.csv"
    return data


@pytest.fixture
def park():
    return Park.objects.get(code="chengdu-hitech")


@pytest.fixture
def admin_client(client, park):
    client.force_login(park_admin(park))
    return client


def _upload(client, park, upload):
    response = client.post(reverse("onboarding:import_upload", args=[park.pk]), {"file": upload})
    assert response.status_code == 302
    return ImportBatch.objects.latest("pk"), client.get(response["Location"]).content.decode()


def test_a_file_with_errors_lists_each_row_and_imports_nothing(admin_client, park):
    good = credit_code()
    bad_check = good[:17] + ("0" if good[17] != "0" else "1")
    taken = EnterpriseFactory().credit_code
    batch, html = _upload(
        admin_client,
        park,
        _csv(
            f"甲机械有限公司,{good},34,small,a@example.com",
            f"乙电子有限公司,{bad_check},39,medium,b@example.com",
            f"丙材料有限公司,{credit_code()},99,small,c@example.com",
            f"丁精密有限公司,{good},34,micro,d@example.com",
            f"戊装备有限公司,{taken},35,large,e@example.com",
        ),
    )

    lines = sorted({e["line"] for e in batch.errors})
    assert lines == [3, 4, 5, 6]
    assert "校验位不正确" in html
    assert "未知的行业大类" in html
    assert "与第 2 行重复" in html
    assert "已经注册" in html
    response = admin_client.post(reverse("onboarding:import_preview", args=[park.pk, batch.pk]))
    assert response.status_code == 302
    assert not Enterprise.objects.filter(name="甲机械有限公司").exists()
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.PREVIEW


def test_a_clean_file_is_previewed_then_imported_whole_with_invitations(
    admin_client, park, django_capture_on_commit_callbacks
):
    codes = [credit_code(), credit_code()]
    batch, html = _upload(
        admin_client,
        park,
        _csv(
            f"甲机械有限公司,{codes[0]},34,small,a@example.com",
            f"乙电子有限公司,{codes[1]},C39,中型,b@example.com",
        ),
    )
    assert "确认导入" in html
    assert not Enterprise.objects.filter(credit_code__in=codes).exists()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("onboarding:import_preview", args=[park.pk, batch.pk]))

    assert response.status_code == 302
    created = Enterprise.objects.filter(credit_code__in=codes).order_by("name")
    assert [(e.name, e.industry.code, e.size_class, e.park, e.city) for e in created] == [
        ("乙电子有限公司", "39", "medium", park, park.city),
        ("甲机械有限公司", "34", "small", park, park.city),
    ]
    assert ParkInvitation.objects.filter(enterprise__in=created, sent_at__isnull=False).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.com", "b@example.com"]
    token = ParkInvitation.objects.get(email="a@example.com").token
    assert reverse("onboarding:accept", args=[token]) in mail.outbox[0].body + mail.outbox[1].body


def test_an_xlsx_file_with_chinese_headers_is_read(admin_client, park):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["企业名称", "统一社会信用代码", "行业大类", "企业规模", "联系邮箱"])
    sheet.append(["丙制造有限公司", credit_code(), "34 通用设备制造业", "小型", "c@example.com"])
    data = io.BytesIO()
    workbook.save(data)
    data.seek(0)
    data.name = "list.xlsx"

    batch, _html = _upload(admin_client, park, data)

    assert batch.errors == []
    assert batch.rows[0]["name"] == "丙制造有限公司"


def test_an_import_lands_whole_or_not_at_all(admin_client, park):
    codes = [credit_code(), credit_code()]
    batch, _html = _upload(
        admin_client,
        park,
        _csv(
            f"甲机械有限公司,{codes[0]},34,small,a@example.com",
            f"乙电子有限公司,{codes[1]},34,small,b@example.com",
        ),
    )
    EnterpriseFactory(credit_code=codes[1])  # registered between preview and confirmation

    admin_client.post(reverse("onboarding:import_preview", args=[park.pk, batch.pk]))

    assert not Enterprise.objects.filter(credit_code=codes[0]).exists()
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.PREVIEW
    assert ParkInvitation.objects.count() == 0


def test_the_invitation_link_signs_up_a_user_attached_to_the_enterprise(client, admin_client, park):
    batch, _html = _upload(
        admin_client, park, _csv(f"甲机械有限公司,{credit_code()},34,small,a@example.com")
    )
    admin_client.post(reverse("onboarding:import_preview", args=[park.pk, batch.pk]))
    invitation = ParkInvitation.objects.get()
    client.logout()

    url = reverse("onboarding:accept", args=[invitation.token])
    assert "甲机械有限公司" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "username": "jia-owner",
            "email": "a@example.com",
            "password1": "Long-enough-pass-42",
            "password2": "Long-enough-pass-42",
        },
    )

    assert response.status_code == 302
    membership = Membership.objects.get(user__username="jia-owner")
    assert membership.enterprise == invitation.enterprise
    assert membership.role == Membership.Role.OWNER
    assert client.post(url, {}).status_code == 410  # used up


def test_reminders_go_to_enterprises_not_started_or_not_submitted(
    admin_client, park, django_capture_on_commit_callbacks
):
    from assessment.services import assessment_start
    from tests.factories import current_round, submitted_assessment

    done = EnterpriseFactory(park=park, contact_email="done@example.com")
    submitted_assessment(done)
    drafting = EnterpriseFactory(park=park, contact_email="draft@example.com")
    assessment_start(enterprise=drafting, round=current_round())
    EnterpriseFactory(park=park, contact_email="idle@example.com")
    EnterpriseFactory(park=Park.objects.get(code="suzhou-sip"), contact_email="far@example.com")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("onboarding:reminders", args=["park", park.pk]), follow=True
        )

    assert sorted(m.to[0] for m in mail.outbox) == ["draft@example.com", "idle@example.com"]
    assert re.search(r"1 家尚未开始，1 家尚未提交", response.content.decode())
