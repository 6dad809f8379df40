"""Reads that concern reports."""

from django.http import Http404

from accounts.models import AdminRole
from assessment.models import Assessment
from enterprises.models import Membership

from .models import Report


def assessment_viewable_by(*, assessment: Assessment, user) -> bool:
    """The enterprise's own users, its park's administrators and its province's
    administrators may see its report (the park and province of the assessment's snapshot
    or of the enterprise now)."""
    if not user.is_authenticated:
        return False
    enterprise = assessment.enterprise
    if Membership.objects.filter(user=user, enterprise_id=enterprise.pk).exists():
        return True
    parks = {assessment.park_id, enterprise.park_id} - {None}
    provinces = {assessment.province_id, enterprise.province_id}
    return (
        AdminRole.objects.filter(user=user)
        .filter(park_id__in=parks, kind=AdminRole.Kind.PARK)
        .exists()
        or AdminRole.objects.filter(
            user=user, kind=AdminRole.Kind.PROVINCE, province_id__in=provinces
        ).exists()
    )


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
