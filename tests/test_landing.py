"""After logging in, each kind of user lands on their own work."""

import pytest

from reference.models import Park
from tests.factories import (
    PASSWORD,
    UserFactory,
    authenticator_code,
    enterprise_user,
    park_admin,
)


def log_in(client, user):
    return client.post(
        "/accounts/login/", {"username": user.username, "password": PASSWORD}, follow=True
    )


@pytest.mark.django_db
def test_an_enterprise_user_lands_on_the_enterprise_dashboard(client):
    response = log_in(client, enterprise_user())
    assert response.redirect_chain[-1][0] == "/enterprise/"


@pytest.mark.django_db
def test_a_park_administrator_lands_on_the_cohort_dashboards(client):
    admin = park_admin(Park.objects.first())
    code = authenticator_code(admin)
    response = log_in(client, admin)
    assert response.redirect_chain[-1][0] == "/accounts/two-factor/?next=/start/"
    response = client.post(response.redirect_chain[-1][0], {"code": code}, follow=True)
    assert response.redirect_chain[-1][0].startswith("/cohorts/")
    assert "进入群体看板" in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_new_user_without_an_enterprise_is_asked_to_register_it(client):
    response = log_in(client, UserFactory())
    assert response.redirect_chain[0][0] == "/start/"
    assert response.status_code == 200
