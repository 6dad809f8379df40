"""What a report says of the next steps: the steps chosen from the answers, the action
plan as it stands, and the actions done between two rounds."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actions.models import ActionStatus
from actions.selectors import actions_done_between, actions_open
from assessment.method import question_score, round1
from assessment.models import Assessment
from assessment.selectors import answers_of, method_spec
from core.lang import phrase, texts

from .recommendations import steps_catalogue, steps_choose

EFFORT_LABELS = {
    "low": _("投入小（几个人周）"),
    "medium": _("投入中等（几个人月）"),
    "high": _("投入大（跨部门项目）"),
}


COST_LABELS = {
    "low": _("费用低（5万元以下）"),
    "medium": _("费用中等（5万～50万元）"),
    "high": _("费用高（50万元以上）"),
}


def _figure(value):
    """A figure as a text shows it: 20.0 → 20, 37.5 → 37.5."""
    if isinstance(value, float):
        value = round1(value)
        return int(value) if value == int(value) else value
    return value


def _formatted(entry: dict, field: str, params: dict) -> dict[str, str]:
    figures = {key: _figure(value) for key, value in params.items()}
    return {code: text.format(**figures) for code, text in texts(entry, field).items()}


def steps_content(a: Assessment, dimensions) -> list[dict]:
    """The concrete steps the enterprise's answers call for, by priority (see
    reports.recommendations), each with its texts formatted with the answers' figures."""
    spec = method_spec(a.questionnaire)
    answers = answers_of(a)
    questions = spec.questions
    question_scores = {
        code: question_score(questions[code], value)
        for code, value in answers.items()
        if code in questions and questions[code].is_scored
    }
    names = {d.code: texts(d, "name") for d in dimensions}
    chosen = steps_choose(
        answers=answers,
        question_scores=question_scores,
        weights={d.code: float(d.weight) for d in dimensions},
        size_class=a.size_class,
        industry_code=a.industry.code,
        province_code=a.province.code,
    )
    by_code = {e["code"]: e for e in steps_catalogue()}
    result = []
    for step in chosen:
        e = step.entry
        result.append(
            {
                "code": step.code,
                "dimension": step.dimension,
                "dimension_name": names.get(step.dimension, step.dimension),
                "indicators": list(e.get("indicators", [])),
                "title": _formatted(e, "title", step.params),
                "detail": _formatted(e, "detail", step.params),
                "size_note": texts(e["by_size"][step.size], ""),
                "sector_note": texts(e["by_sector"][step.sector], ""),
                "effort": e["effort"],
                "effort_label": phrase(EFFORT_LABELS[e["effort"]]),
                "cost": e["cost"],
                "cost_label": phrase(COST_LABELS[e["cost"]]),
                "weeks": phrase(
                    _("约 %(low)s～%(high)s 周"), low=e["weeks"][0], high=e["weeks"][1]
                ),
                "priority": step.priority,
                "first": [
                    {"code": code, "title": texts(by_code[code], "title")}
                    for code in step.missing
                    if code in by_code
                ],
                "programmes": [
                    {"text": texts(p, ""), "source": p["source"]} for p in step.programmes
                ],
                "source": e["source"],
            }
        )
    return result


def _member_name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def action_plan_content(a: Assessment, dimensions) -> dict:
    """The enterprise's open actions when the report is built (its action-plan page)."""
    names = {d.code: texts(d, "name") for d in dimensions}
    return {
        "as_of": timezone.localdate().isoformat(),
        "actions": [
            {
                "title": action.title,
                "dimension": names.get(action.dimension_code, ""),
                "owner": _member_name(action.owner),
                "due_on": action.due_on.isoformat() if action.due_on else "",
                "status": action.status,
                "status_label": phrase(ActionStatus(action.status).label),
            }
            for action in actions_open(enterprise_id=a.enterprise_id)
        ],
    }


def done_since(a: Assessment, previous: Assessment) -> dict[str, list[str]]:
    """{dimension code: titles} of the actions done after the previous round's submission
    and by this one's."""
    done: dict[str, list[str]] = {}
    for action in actions_done_between(
        enterprise_id=a.enterprise_id, after=previous.submitted_at, until=a.submitted_at
    ):
        done.setdefault(action.dimension_code, []).append(action.title)
    return done
