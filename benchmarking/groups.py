"""The peer groups of an assessment and the submitted assessments that make each up."""

from django.db.models import QuerySet

from assessment.models import Assessment

from .models import PeerSnapshot

Kind = PeerSnapshot.Kind


def assessment_groups(*, assessment: Assessment) -> dict[str, str]:
    """{kind: key} of every group the assessment belongs to in its round."""
    a = assessment
    groups = {
        Kind.INDUSTRY: f"{a.province_id}:{a.industry_id}",
        Kind.SIZE: a.size_class,
        Kind.PROVINCE: str(a.province_id),
        Kind.NATIONAL: "",
    }
    if a.park_id:
        groups[Kind.PARK] = str(a.park_id)
    return groups


def group_assessments(*, round_id: int, kind: str, key: str) -> QuerySet[Assessment]:
    """The submitted assessments of one group in one round."""
    qs = Assessment.objects.filter(round_id=round_id, status=Assessment.Status.SUBMITTED)
    if kind == Kind.PARK:
        return qs.filter(park_id=int(key))
    if kind == Kind.INDUSTRY:
        province_id, industry_id = key.split(":")
        return qs.filter(province_id=int(province_id), industry_id=int(industry_id))
    if kind == Kind.SIZE:
        return qs.filter(size_class=key)
    if kind == Kind.PROVINCE:
        return qs.filter(province_id=int(key))
    return qs
