"""The provider pools' solutions beside an enterprise's action plan."""

from django import template

from providers.matching import Gaps
from providers.selectors import solutions_matching

register = template.Library()


@register.inclusion_tag("providers/_plan_solutions.html")
def plan_solutions(enterprise, groups) -> dict:
    """Solutions of the enterprise's park and province pools for the dimensions and
    indicators of the actions in its plan (`groups`: the plan by dimension)."""
    dimensions = tuple(g["code"] for g in groups if g["code"])
    indicators = frozenset(
        code for g in groups for action in g["actions"] for code in action.indicator_codes
    )
    if not dimensions and not indicators:
        return {"solutions": []}
    solutions = solutions_matching(
        park_id=enterprise.park_id,
        province_id=enterprise.province_id,
        city_id=enterprise.city_id,
        size_class=enterprise.size_class,
        industry_code=enterprise.industry.code,
        gaps=Gaps(dimensions=dimensions, indicators=indicators),
    )
    return {"solutions": solutions}
