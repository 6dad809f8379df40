"""Site staff maintain data in the Django admin: every model's list opens and shows its rows,
the enterprise list shows each enterprise's park and industry in a bounded number of queries."""

import re

import pytest
from django.contrib import admin

from enterprises.models import Enterprise, Invitation
from reference.models import Industry, Park
from tests.factories import EnterpriseFactory, UserFactory, park_admin, submitted_assessment


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def result_rows(html: str) -> int:
    table = re.search(r'<table id="result_list">.*?<tbody>(.*?)</tbody>', html, re.S)
    return table.group(1).count("<tr") if table else 0


def test_every_registered_model_lists_its_rows_and_their_count(staff_client):
    submitted_assessment()
    park_admin(Park.objects.first())
    Invitation.objects.create(
        enterprise=Enterprise.objects.first(), code="LIST0001", email="l@example.com"
    )
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        response = staff_client.get(f"/admin/{meta.app_label}/{meta.model_name}/")
        assert response.status_code == 200, meta.label
        html = response.content.decode()
        count = model_admin.get_queryset(response.wsgi_request).count()
        name = meta.verbose_name if count == 1 else meta.verbose_name_plural
        assert f"{count} {name}" in html, meta.label
        assert result_rows(html) == min(count, model_admin.list_per_page), meta.label


def test_the_enterprise_list_shows_park_and_industry_in_a_bounded_number_of_queries(
    staff_client, django_assert_max_num_queries
):
    parks = list(Park.objects.order_by("code")[:3])
    industries = list(Industry.objects.order_by("code")[:3])
    for i in range(12):
        EnterpriseFactory(name=f"列表企业{i:02d}", park=parks[i % 3], industry=industries[i % 3])
    with django_assert_max_num_queries(8):
        response = staff_client.get("/admin/enterprises/enterprise/")
    html = response.content.decode()
    assert result_rows(html) == Enterprise.objects.count()
    for i in range(12):
        assert f"列表企业{i:02d}" in html
    for park in parks:
        assert park.name in html
    for industry in industries:
        assert str(industry) in html


def test_staff_find_a_colleague_invitation_by_its_enterprise(staff_client):
    enterprise = EnterpriseFactory(name="查找用的企业")
    Invitation.objects.create(enterprise=enterprise, code="ABCD1234", email="x@example.com")
    html = staff_client.get("/admin/enterprises/invitation/", {"q": "查找用"}).content.decode()
    assert "ABCD1234" in html
