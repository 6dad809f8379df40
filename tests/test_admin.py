"""Site staff maintain data in the Django admin: every model's list opens and shows rows."""

import pytest
from django.contrib import admin

from enterprises.models import Invitation
from tests.factories import EnterpriseFactory, UserFactory


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_every_registered_model_has_a_working_list(staff_client):
    for model in admin.site._registry:
        meta = model._meta
        response = staff_client.get(f"/admin/{meta.app_label}/{meta.model_name}/")
        assert response.status_code == 200, meta.label


def test_staff_find_a_colleague_invitation_by_its_enterprise(staff_client):
    enterprise = EnterpriseFactory(name="查找用的企业")
    Invitation.objects.create(enterprise=enterprise, code="ABCD1234", email="x@example.com")
    html = staff_client.get("/admin/enterprises/invitation/", {"q": "查找用"}).content.decode()
    assert "ABCD1234" in html
