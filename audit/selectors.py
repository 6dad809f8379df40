"""Reads of the audit trail: the entries an administrator may see."""

from datetime import date, datetime, time, timedelta

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import AdminRole
from assessment.models import Answer, Assessment, Target
from cohorts.models import CohortJob
from enterprises.models import Enterprise, Membership
from evidence.models import Evidence
from onboarding.models import ImportBatch
from reference.models import Park, Province
from reports.models import Report


def audit_provinces(*, user) -> list[int] | None:
    """The provinces whose entries `user` may read: None for staff (all of them), the
    provinces of the user's provincial roles, or an empty list (no audit page)."""
    if user.is_staff:
        return None
    return list(
        AdminRole.objects.filter(user=user, kind=AdminRole.Kind.PROVINCE).values_list(
            "province_id", flat=True
        )
    )


def _scope(provinces: list[int]) -> Q:
    """Entries about objects that belong to the provinces: each model by the province it
    is filed under (an assessment's by its snapshot). An object since deleted is no
    longer in any province's scope (staff still see its entries)."""
    objects = {
        Assessment: Assessment.objects.filter(province_id__in=provinces),
        Answer: Answer.objects.filter(assessment__province_id__in=provinces),
        Report: Report.objects.filter(assessment__province_id__in=provinces),
        Evidence: Evidence.objects.filter(assessment__province_id__in=provinces),
        Enterprise: Enterprise.objects.filter(province_id__in=provinces),
        Membership: Membership.objects.filter(enterprise__province_id__in=provinces),
        AdminRole: AdminRole.objects.filter(
            Q(province_id__in=provinces) | Q(park__city__province_id__in=provinces)
        ),
        Target: Target.objects.filter(province_id__in=provinces),
        CohortJob: CohortJob.objects.filter(province_id__in=provinces),
        ImportBatch: ImportBatch.objects.filter(park__city__province_id__in=provinces),
        Park: Park.objects.filter(city__province_id__in=provinces),
        Province: Province.objects.filter(pk__in=provinces),
    }
    types = ContentType.objects.get_for_models(*objects)
    scope = Q(pk__in=[])
    for model, queryset in objects.items():
        scope |= Q(content_type=types[model], object_id__in=queryset.values("pk"))
    return scope


def audit_entries(
    *,
    provinces: list[int] | None,
    actor: str = "",
    action: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[LogEntry]:
    """Entries newest first, within the provinces (None: all), filtered by the actor's
    user name or e-mail, the kind of entry and the dates (inclusive, local time)."""
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")
    if provinces is not None:
        entries = entries.filter(_scope(provinces))
    if actor:
        entries = entries.filter(
            Q(actor__username__icontains=actor) | Q(actor_email__icontains=actor)
        )
    if action is not None:
        entries = entries.filter(action=action)
    zone = timezone.get_current_timezone()
    if since:
        entries = entries.filter(timestamp__gte=datetime.combine(since, time.min, tzinfo=zone))
    if until:
        end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)
        entries = entries.filter(timestamp__lt=end)
    return entries
