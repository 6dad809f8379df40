"""Writes that concern assessments."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from enterprises.models import Enterprise

from .method import MISSING, Problem, Result, answer_problems, is_answered, question_problem, score
from .models import Answer, Assessment, Dimension, Question, Round, RoundExtension, Section
from .rounds import assessment_is_closed, questionnaire_for_year, round_closes_on
from .selectors import answers_of, assessment_spec


class NotComplete(Exception):
    """The answers cannot be submitted: `.problems` lists every problem (method.Problem:
    required answers missing, answers out of bounds, cross-field rules broken), `.missing`
    the question codes of the missing answers."""

    def __init__(self, problems: list[Problem]):
        super().__init__(", ".join(f"{p.question}:{p.kind}" for p in problems))
        self.problems = problems
        self.missing = [p.question for p in problems if p.kind == MISSING]


class AlreadySubmitted(Exception):
    pass


class RoundClosed(Exception):
    """The round has passed its closing date for this enterprise: nothing is stored."""


def _snapshot(enterprise: Enterprise) -> dict:
    return {
        "province_id": enterprise.province_id,
        "city_id": enterprise.city_id,
        "park_id": enterprise.park_id,
        "industry_id": enterprise.industry_id,
        "size_class": enterprise.size_class,
        "above_designated_size": enterprise.above_designated_size,
    }


def assessment_start(*, enterprise: Enterprise, round: Round) -> Assessment:
    """The enterprise's assessment of the round, created on first use."""
    assessment, _ = Assessment.objects.get_or_create(
        enterprise=enterprise,
        round=round,
        defaults={"questionnaire_id": round.questionnaire_id, **_snapshot(enterprise)},
    )
    return assessment


def assessment_store_result(*, assessment: Assessment, result: Result) -> None:
    """Write the scores of a scored assessment (replacing any earlier ones): dimension
    scores, the indicators that have a value, and the part/whole of ratio indicators."""
    assessment.scores = dict(result.dimension_scores)
    assessment.indicators = {k: v for k, v in result.indicators.items() if v is not None}
    assessment.ratio_parts = {k: list(v) for k, v in result.ratio_parts.items()}
    Assessment.objects.filter(pk=assessment.pk).update(
        scores=assessment.scores,
        indicators=assessment.indicators,
        ratio_parts=assessment.ratio_parts,
    )


@transaction.atomic
def assessment_submit(*, assessment: Assessment, user=None, past_round: bool = False) -> Result:
    """Score the assessment with its questionnaire's method and make it read-only. Every
    problem of the whole answer set refuses it (NotComplete), so does a round past its
    closing date for the enterprise (RoundClosed) unless `past_round` records an earlier
    round's assessment (demo history, tests)."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_submitted:
        raise AlreadySubmitted
    if not past_round and assessment_is_closed(assessment=assessment):
        raise RoundClosed
    spec = assessment_spec(assessment=assessment)
    answers = answers_of(assessment)
    problems = answer_problems(spec, answers)
    if problems:
        raise NotComplete(problems)
    result = score(spec, answers)
    assessment_store_result(assessment=assessment, result=result)
    for name, value in _snapshot(assessment.enterprise).items():
        setattr(assessment, name, value)
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = user
    assessment.overall_score = result.overall
    assessment.level = result.level
    assessment.save()
    return result


def round_ensure(*, year: int, questionnaire=None) -> Round:
    """The calendar-year round `year`, created if missing with `questionnaire`, by default
    the published version that applies to that year (rounds.questionnaire_for_year:
    2026.1 up to 2026, 2027.1 from 2027)."""
    from datetime import date

    if questionnaire is None:
        questionnaire = questionnaire_for_year(year=year)

    round_, _ = Round.objects.get_or_create(
        code=str(year),
        defaults={
            "year": year,
            "name_zh": f"{year} 年度评估",
            "name_en": f"{year} assessment",
            "questionnaire": questionnaire,
            "opens_on": date(year, 1, 1),
            "closes_on": date(year, 12, 31),
        },
    )
    return round_


class NotLater(ValueError):
    """An extension must move the closing date later: `.closes_on` is the current one."""

    def __init__(self, closes_on):
        super().__init__(str(closes_on))
        self.closes_on = closes_on


def round_extend(*, round: Round, park=None, province=None, closes_on, by) -> RoundExtension:
    """Extend `round` for one park or one province (not both) to `closes_on`, recorded
    with who did it and when. The date must be later than the closing date that applies
    to the scope now (a park's includes its province's extensions): NotLater otherwise."""
    if (park is None) == (province is None):
        raise ValueError("an extension is for one park or one province")
    current = round_closes_on(
        round=round,
        park_id=park.pk if park else None,
        province_id=(province or park.city.province).pk,
    )
    if closes_on <= current:
        raise NotLater(current)
    return RoundExtension.objects.create(
        round=round, park=park, province=province, closes_on=closes_on, by=by
    )


class SectionConflict(Exception):
    """Someone saved the section after the page was opened: `section` is the row as it is
    now (its revision, who saved it and when). A revision for a section never saved gives
    an unsaved row at revision 0 (no pk)."""

    def __init__(self, section: Section):
        super().__init__(f"section {section.pk} is at revision {section.revision}")
        self.section = section


class InvalidAnswer(ValueError):
    """An answer the method refuses (the section form shows these next to the fields)."""


def _section_check(spec, dimension: Dimension, answers: dict[str, Any]) -> None:
    questions = spec.questions
    for code, value in answers.items():
        q = questions.get(code)
        if q is None or q.dimension != dimension.code:
            raise InvalidAnswer(f"{code} is not a question of {dimension.code}")
        if question_problem(q, value):
            raise InvalidAnswer(code)


def section_save(
    *, assessment: Assessment, dimension: Dimension, answers: dict[str, Any], revision: int, user
) -> int:
    """Store one section's answers ({question code: typed value, None to clear}) in one
    transaction and a fixed number of queries, whatever the number of questions.

    `revision` is the section's revision when the page was opened; if someone saved the
    section since, nothing is written and SectionConflict says who and when. A submitted
    assessment refuses every change (AlreadySubmitted), so does a round past its closing
    date for the enterprise (RoundClosed). Returns the new revision."""
    if assessment_is_closed(assessment=assessment):
        raise RoundClosed
    spec = assessment_spec(assessment=assessment)
    _section_check(spec, dimension, answers)
    question_ids = {q.code: q.pk for q in dimension.questions.all()}
    now = timezone.now()
    try:
        with transaction.atomic():
            # Touching the draft row locks it against a concurrent submit.
            if not Assessment.objects.filter(
                pk=assessment.pk, status=Assessment.Status.DRAFT
            ).update(updated_at=now):
                raise AlreadySubmitted
            _section_claim(assessment, dimension, revision, user, now)
            Answer.objects.bulk_create(
                [
                    Answer(
                        assessment=assessment,
                        question_id=question_ids[code],
                        value=value,
                        updated_by=user,
                    )
                    for code, value in answers.items()
                    if is_answered(value)
                ],
                update_conflicts=True,
                unique_fields=["assessment", "question"],
                update_fields=["value", "updated_at", "updated_by"],
            )
            cleared = [question_ids[c] for c, v in answers.items() if not is_answered(v)]
            if cleared:
                Answer.objects.filter(assessment=assessment, question_id__in=cleared).delete()
    except _Stale:
        current = (
            Section.objects.select_related("updated_by")
            .filter(assessment=assessment, dimension=dimension)
            .first()
        )
        # Never saved: the revision sent is not one a page gave out.
        current = current or Section(assessment=assessment, dimension=dimension, revision=0)
        raise SectionConflict(current) from None
    return revision + 1


class _Stale(Exception):
    pass


def _section_claim(assessment, dimension, revision: int, user, now) -> None:
    """Move the section from `revision` to the next with a conditional UPDATE (a section
    saved for the first time is created at revision 0 first). Raises _Stale when someone
    saved it meanwhile."""
    if revision == 0:
        Section.objects.bulk_create(
            [Section(assessment=assessment, dimension=dimension, revision=0)],
            ignore_conflicts=True,
        )
    claimed = Section.objects.filter(
        assessment=assessment, dimension=dimension, revision=revision
    ).update(revision=revision + 1, updated_at=now, updated_by=user)
    if not claimed:
        raise _Stale


def assessment_answers_fill(*, assessment: Assessment, answers: dict) -> None:
    """Store a whole answer set at once ({question code: typed value}, as given): for demo
    data and tests, where no section page and no concurrent editor are involved."""
    questions = dict(
        Question.objects.filter(dimension__questionnaire=assessment.questionnaire).values_list(
            "code", "id"
        )
    )
    Answer.objects.bulk_create(
        Answer(assessment=assessment, question_id=questions[code], value=value)
        for code, value in answers.items()
    )
