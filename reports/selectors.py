"""Reads that concern reports."""

from django.http import Http404

from accounts.models import AdminRole
from assessment.models import Assessment
from enterprises.models import Membership

from .models import Report


def assessment_viewable_by(*, assessment: Assessment, user) -> bool:
    """The enterprise's own users, and the administrators of the park and the province
    the enterprise was in for that round (the assessment's snapshot, not where the
    enterprise is now: a park it moves to does not see its earlier reports)."""
    if not user.is_authenticated:
        return False
    if Membership.objects.filter(user=user, enterprise_id=assessment.enterprise_id).exists():
        return True
    roles = AdminRole.objects.filter(user=user)
    return (
        assessment.park_id is not None
        and roles.filter(kind=AdminRole.Kind.PARK, park_id=assessment.park_id).exists()
    ) or roles.filter(kind=AdminRole.Kind.PROVINCE, province_id=assessment.province_id).exists()


def report_get_for_user(*, pk: int, user) -> Report:
    """The report `pk` if `user` may see it, else Http404 (never someone else's report)."""
    report = (
        Report.objects.select_related(
            "assessment__enterprise", "assessment__round", "assessment__questionnaire"
        )
        .filter(pk=pk)
        .first()
    )
    if report is None or not assessment_viewable_by(assessment=report.assessment, user=user):
        raise Http404
    return report


def assessment_get_for_user(*, pk: int, user) -> Assessment:
    """A submitted assessment `user` may see the report of, else Http404."""
    assessment = (
        Assessment.objects.select_related("enterprise")
        .filter(pk=pk, status=Assessment.Status.SUBMITTED)
        .first()
    )
    if assessment is None or not assessment_viewable_by(assessment=assessment, user=user):
        raise Http404
    return assessment
