"""Size class and 规模以上 derived from employees and revenue, as the national SME
classification defines them for industry (工信部联企业〔2011〕300号《中小企业划型标准规定》):

- large: 1 000 employees or more and revenue of 40 000 万元 or more;
- medium: 300 employees or more and revenue of 2 000 万元 or more (and not large);
- small: 20 employees or more and revenue of 300 万元 or more (and not medium);
- micro: fewer than 20 employees or revenue below 300 万元.

An enterprise is 规模以上 (above designated size) with annual revenue of 2 000 万元
(20 million yuan) or more, whatever its size class.
"""

from dataclasses import dataclass
from decimal import Decimal

# (size class, minimum employees, minimum revenue in 万元), largest first.
INDUSTRY_THRESHOLDS = (
    ("large", 1000, Decimal(40000)),
    ("medium", 300, Decimal(2000)),
    ("small", 20, Decimal(300)),
)
ABOVE_DESIGNATED_REVENUE = Decimal(2000)


@dataclass(frozen=True)
class SizeFacts:
    size_class: str
    above_designated_size: bool


def enterprise_size(*, employees: int, revenue: Decimal | int | float) -> SizeFacts:
    """The size class (micro / small / medium / large) and the 规模以上 flag of an
    industrial enterprise with `employees` people and annual revenue `revenue` in 万元
    (10 000 yuan): a class needs both of its minimums."""
    revenue = Decimal(str(revenue))
    size_class = next(
        (
            name
            for name, min_employees, min_revenue in INDUSTRY_THRESHOLDS
            if employees >= min_employees and revenue >= min_revenue
        ),
        "micro",
    )
    return SizeFacts(size_class, revenue >= ABOVE_DESIGNATED_REVENUE)
