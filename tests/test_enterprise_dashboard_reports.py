"""The enterprise dashboard links each past assessment to its finished report."""

import pytest

from tests.factories import current_round, enterprise_user, submitted_assessment


@pytest.mark.django_db
def test_a_past_assessment_links_to_its_report(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assessment = submitted_assessment(round=current_round(2025))
    user = enterprise_user(assessment.enterprise)
    client.force_login(user)
    html = client.get("/enterprise/").content.decode()
    assert f'href="/reports/{assessment.report.pk}/"' in html
