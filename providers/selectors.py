"""Reads of the provider pools: an owner's catalogue, the solutions matching an
enterprise's gaps, requests handled by a park or province, and ratings."""

from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404

from .matching import Candidate, Gaps, solutions_rank
from .models import ContactRequest, Provider, Rating, Solution

# An enterprise sees a provider's average rating only once this many ratings exist.
MIN_RATINGS_SHOWN = 5


def _owner_q(*, park, province, prefix: str = "") -> Q:
    if park is not None:
        return Q(**{f"{prefix}park": park})
    return Q(**{f"{prefix}province": province, f"{prefix}park__isnull": True})


def providers_of_owner(*, park, province) -> QuerySet[Provider]:
    """The pool a park (or, with park None, a province) keeps."""
    return (
        Provider.objects.filter(_owner_q(park=park, province=province))
        .prefetch_related("solutions", "provinces_served", "cities_served")
        .annotate(rating_average=Avg("ratings__score"), rating_count=Count("ratings"))
    )


def provider_of_owner_or_404(*, pk: int, park, province) -> Provider:
    provider = Provider.objects.filter(_owner_q(park=park, province=province), pk=pk).first()
    if provider is None:
        raise Http404
    return provider


def solutions_offered(*, park_id: int | None, province_id: int, city_id: int | None):
    """Active solutions of the enterprise's park pool and province pool whose provider
    serves its province or city (a provider naming no region serves everywhere)."""
    owner = Q(provider__province_id=province_id)
    if park_id:
        owner |= Q(provider__park_id=park_id)
    region = (
        Q(provider__provinces_served__isnull=True, provider__cities_served__isnull=True)
        | Q(provider__provinces_served=province_id)
        | Q(provider__cities_served=city_id)
    )
    ids = Solution.objects.filter(owner, region, active=True).values("pk")
    return Solution.objects.filter(pk__in=ids).select_related("provider")


def solutions_matching(
    *,
    park_id: int | None,
    province_id: int,
    city_id: int | None,
    size_class: str,
    industry_code: str,
    gaps: Gaps,
) -> list[Solution]:
    """The offered solutions that address `gaps` and fit the enterprise, best first."""
    solutions = {
        s.pk: s
        for s in solutions_offered(park_id=park_id, province_id=province_id, city_id=city_id)
    }
    candidates = [
        Candidate(
            pk=s.pk,
            title=s.title,
            dimension_codes=tuple(s.dimension_codes),
            indicator_codes=tuple(s.indicator_codes),
            size_classes=tuple(s.size_classes),
            industry_codes=tuple(s.industry_codes),
            quick_light=s.quick_light,
        )
        for s in solutions.values()
    ]
    chosen = solutions_rank(
        candidates=candidates, gaps=gaps, size_class=size_class, industry_code=industry_code
    )
    return [solutions[c.pk] for c in chosen]


def solution_for_enterprise_or_404(*, pk: int, enterprise) -> Solution:
    """A solution offered to `enterprise` (its park's or province's pool), else a 404."""
    solution = (
        solutions_offered(
            park_id=enterprise.park_id,
            province_id=enterprise.province_id,
            city_id=enterprise.city_id,
        )
        .filter(pk=pk)
        .first()
    )
    if solution is None:
        raise Http404
    return solution


def requests_of_enterprise(*, enterprise) -> QuerySet[ContactRequest]:
    return ContactRequest.objects.filter(enterprise=enterprise).select_related(
        "solution__provider", "rating"
    )


def request_of_enterprise_or_404(*, pk: int, enterprise) -> ContactRequest:
    found = requests_of_enterprise(enterprise=enterprise).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def requests_handled_by(*, park, province) -> QuerySet[ContactRequest]:
    """The requests a park handles, or a province for its enterprises without a park."""
    return ContactRequest.objects.filter(_owner_q(park=park, province=province)).select_related(
        "enterprise", "solution__provider", "rating"
    )


def request_handled_by_or_404(*, pk: int, park, province) -> ContactRequest:
    found = requests_handled_by(park=park, province=province).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def provider_rating_public(*, provider_id: int) -> dict | None:
    """{average, count} of a provider's ratings as enterprises see them: None below
    MIN_RATINGS_SHOWN ratings."""
    figures = Rating.objects.filter(provider_id=provider_id).aggregate(
        average=Avg("score"), count=Count("pk")
    )
    if figures["count"] < MIN_RATINGS_SHOWN:
        return None
    return {"average": round(figures["average"], 1), "count": figures["count"]}


def matching_summary(*, park, province) -> dict:
    """What a park's (or province's) dashboard shows of 供需对接: requests by status, how
    the closed ones were rated, and each provider of its pool with its ratings."""
    requests = requests_handled_by(park=park, province=province)
    by_status = dict(requests.values_list("status").annotate(n=Count("pk")).order_by())
    closed = requests.filter(status=ContactRequest.Status.CLOSED).aggregate(
        rated=Count("rating"), average=Avg("rating__score")
    )
    return {
        "by_status": [(s.label, by_status.get(s.value, 0)) for s in ContactRequest.Status],
        "open": by_status.get(ContactRequest.Status.NEW, 0)
        + by_status.get(ContactRequest.Status.ARRANGED, 0),
        "closed_rated": closed["rated"],
        "closed_average": round(closed["average"], 1) if closed["average"] is not None else None,
        "providers": list(
            Provider.objects.filter(_owner_q(park=park, province=province))
            .annotate(average=Avg("ratings__score"), count=Count("ratings"))
            .order_by("-count", "name")
            .values("pk", "name", "average", "count")
        ),
    }
