"""The page of one dimension, generated from the questionnaire: fields parse what was typed
into typed answers; assessment/method.py says what is wrong with them."""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from crispy_forms.bootstrap import AppendedText
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Field, Layout, Row
from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import method
from .models import Dimension, Question, Rule

FULL_WIDTH = str.maketrans("０１２３４５６７８９．－，％", "0123456789.-,%")
THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
# No answer of the questionnaire comes near this (counts, percentages, amounts).
LARGEST = 10**12

PROBLEMS = {
    method.BELOW_MIN: _("不能小于 %(min)s。"),
    method.ABOVE_MAX: _("不能大于 %(max)s。"),
    method.NOT_A_CHOICE: _("请从列表中选择。"),
    method.EXCLUSIVE: _("“%(label)s”不能和其他选项同时选择。"),
    method.PART_GT_WHOLE: _("“%(part)s”不能大于“%(whole)s”。"),
}


class NumberField(forms.CharField):
    """A number typed as text (so a phone shows a number pad and what was typed, letters
    included, comes back to the server); full-width digits, thousands commas (1,200) and a
    trailing % are accepted, and where decimals are taken a decimal comma (1,5 is 1.5)."""

    def __init__(self, *, integer: bool, **kwargs):
        self.integer = integer
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"inputmode": "numeric" if integer else "decimal", "autocomplete": "off"}
        )

    def _invalid(self) -> forms.ValidationError:
        message = _("请输入整数，例如 12。") if self.integer else _("请输入数字，例如 12.5。")
        return forms.ValidationError(message, code="invalid")

    def _without_commas(self, text: str) -> str:
        if "," not in text:
            return text
        if THOUSANDS.match(text):
            return text.replace(",", "")
        if not self.integer and text.count(",") == 1 and "." not in text:
            return text.replace(",", ".")
        if self.integer:
            raise forms.ValidationError(
                _("请输入整数；逗号只用作千位分隔，例如 1,200。"), code="invalid"
            )
        raise self._invalid()

    def to_python(self, value):
        text = super().to_python(value).translate(FULL_WIDTH).strip().rstrip("%").strip()
        if not text:
            return None
        try:
            number = Decimal(self._without_commas(text))
        except InvalidOperation:
            raise self._invalid() from None
        if not number.is_finite():
            raise self._invalid()
        if abs(number) > LARGEST:
            raise forms.ValidationError(_("数值过大，请核对。"), code="too_large")
        if self.integer:
            if number != number.to_integral_value():
                raise self._invalid()
            return int(number)
        return float(number)


def problem_message(q: Question, problem: str, *, rule: Rule | None = None) -> str:
    """The message shown next to question `q` for a problem key of assessment/method.py
    (for a broken rule, the rule's own message)."""
    if problem == method.RULE:
        return rule.message
    if problem == method.MISSING:
        return _("必答题，请填写。")
    exclusive = next((c.label for c in q.choices.all() if c.exclusive), "")
    return PROBLEMS[problem] % {
        "min": 0 if q.min_value is None else q.min_value,
        "max": 100 if q.max_value is None else q.max_value,
        "label": exclusive,
        "part": q.part_label,
        "whole": q.whole_label,
    }


# What an answer that does not apply says (method.not_applicable), by question.
NOT_APPLICABLE = {
    "D4_cnc_key_processes": _("不适用（没有关键工序）"),
    "D4_automated_key_processes": _("不适用（没有关键工序）"),
    "D1_equipment_networked": _("不适用（没有生产设备）"),
}


def not_applicable_text(question_code: str) -> str:
    return NOT_APPLICABLE.get(question_code, _("不适用（总数为 0）"))


def _display_number(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


class SectionForm(forms.Form):
    """All questions of one dimension. Every field is optional here (a draft may be
    partial); `answers()` gives {question code: typed value or None}."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, dimension: Dimension, spec: method.MethodSpec, others=None, **kw):
        """`dimension` with its questions and choices prefetched; `others`: the stored
        answers of the other sections, for the cross-field rules."""
        self.dimension = dimension
        # The questions of the assessment's sector module only (the spec has no others).
        self.questions = [q for q in dimension.questions.all() if q.code in spec.questions]
        self.spec_questions = spec.questions
        self.spec = spec
        self.others = others or {}
        super().__init__(*args, **kw)
        for q in self.questions:
            self.fields.update(self._fields_for(q))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.render_hidden_fields = True
        self.helper.layout = Layout(*(self._layout_for(q) for q in self.questions))

    # --- building -----------------------------------------------------------------------

    def _label(self, q: Question) -> str:
        return q.text if q.required else format_html("{}（{}）", q.text, _("选填"))

    def _fields_for(self, q: Question) -> dict[str, forms.Field]:
        label, help_text = self._label(q), q.help
        if q.kind == Question.Kind.SINGLE:
            choices = [(c.value, c.label) for c in q.choices.all()]
            widget = forms.RadioSelect
            return {
                q.code: forms.ChoiceField(
                    label=label, help_text=help_text, required=False, choices=choices, widget=widget
                )
            }
        if q.kind == Question.Kind.MULTI:
            choices = [(c.value, c.label) for c in q.choices.all()]
            return {
                q.code: forms.MultipleChoiceField(
                    label=label,
                    help_text=help_text,
                    required=False,
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                )
            }
        if q.kind == Question.Kind.YESNO:
            choices = [("yes", _("是")), ("no", _("否"))]
            return {
                q.code: forms.ChoiceField(
                    label=label,
                    help_text=help_text,
                    required=False,
                    choices=choices,
                    widget=forms.RadioSelect,
                )
            }
        if q.kind in (Question.Kind.INTEGER, Question.Kind.PERCENT):
            return {
                q.code: NumberField(
                    label=label,
                    help_text=help_text,
                    required=False,
                    integer=q.kind == Question.Kind.INTEGER,
                )
            }
        if q.kind == Question.Kind.PAIR:
            return {
                f"{q.code}__whole": NumberField(label=q.whole_label, required=False, integer=True),
                f"{q.code}__part": NumberField(label=q.part_label, required=False, integer=True),
            }
        return {
            q.code: forms.CharField(
                label=label,
                help_text=help_text,
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        }

    def _layout_for(self, q: Question):
        unit = q.unit or ("%" if q.kind == Question.Kind.PERCENT else "")
        wrapper = {"css_class": "question", "css_id": f"q-{q.code}"}
        if q.kind == Question.Kind.PAIR:
            help_html = (
                format_html('<div class="form-text mb-2">{}</div>', q.help) if q.help else ""
            )
            not_applicable = (
                format_html(
                    '<div class="alert alert-info py-1 px-2 small not-applicable">{}</div>',
                    not_applicable_text(q.code),
                )
                if method.not_applicable(self.spec_questions[q.code], self.others.get(q.code))
                else ""
            )
            return Div(
                HTML(format_html('<p class="form-label mb-1">{}</p>', self._label(q))),
                HTML(help_html),
                HTML(not_applicable),
                Row(
                    Column(AppendedText(f"{q.code}__whole", unit), css_class="col-sm-6"),
                    Column(AppendedText(f"{q.code}__part", unit), css_class="col-sm-6"),
                ),
                **wrapper,
            )
        if unit and q.kind in (Question.Kind.INTEGER, Question.Kind.PERCENT):
            return Div(AppendedText(q.code, unit), **wrapper)
        return Div(Field(q.code), **wrapper)

    @staticmethod
    def initial_for(dimension: Dimension, answers: dict[str, Any]) -> dict[str, Any]:
        """Form initial data from stored typed answers."""
        initial = {}
        for q in dimension.questions.all():
            value = answers.get(q.code)
            if value is None:
                continue
            if q.kind == Question.Kind.PAIR:
                initial[f"{q.code}__part"] = value.get("part")
                initial[f"{q.code}__whole"] = value.get("whole")
            elif q.kind == Question.Kind.YESNO:
                initial[q.code] = "yes" if value else "no"
            else:
                initial[q.code] = _display_number(value)
        return initial

    @classmethod
    def data_for(cls, dimension: Dimension, initial: dict[str, Any]) -> QueryDict:
        """What a browser would post for a section showing `initial` (initial_for and the
        revision), to check stored answers as if they had just been typed."""
        data = QueryDict(mutable=True)
        for name, value in initial.items():
            if isinstance(value, list):
                data.setlist(name, value)
            elif value is not None:
                data[name] = str(value)
        return data

    # --- validating ---------------------------------------------------------------------

    @staticmethod
    def field_names(q: Question) -> list[str]:
        if q.kind == Question.Kind.PAIR:
            return [f"{q.code}__whole", f"{q.code}__part"]
        return [q.code]

    def _typed(self, q: Question, data: dict) -> Any:
        if q.kind == Question.Kind.PAIR:
            part, whole = data.get(f"{q.code}__part"), data.get(f"{q.code}__whole")
            if part is None and whole is None:
                return None
            if part is None or whole is None:
                missing = f"{q.code}__part" if part is None else f"{q.code}__whole"
                if missing not in self.errors:
                    self.add_error(missing, _("请同时填写这两个数。"))
                return None
            return {"part": part, "whole": whole}
        value = data.get(q.code)
        if q.kind == Question.Kind.YESNO:
            return {"yes": True, "no": False}.get(value)
        if q.kind == Question.Kind.TEXT:
            return value or None
        return value if method.is_answered(value) else None

    def _problem_message(self, q: Question, problem: str, value: Any) -> str:
        return problem_message(q, problem)

    def clean(self):
        data = super().clean()
        answers = {}
        for q in self.questions:
            if any(name in self.errors for name in self.field_names(q)):
                continue
            value = self._typed(q, data)
            spec_q = self.spec_questions[q.code]
            if q.kind == Question.Kind.PAIR and value is not None:
                found = method.pair_problem(spec_q, value)
                if found:
                    side, problem = found
                    self.add_error(f"{q.code}__{side}", self._problem_message(q, problem, value))
                    continue
            else:
                problem = method.question_problem(spec_q, value)
                if problem:
                    self.add_error(q.code, self._problem_message(q, problem, value))
                    continue
            answers[q.code] = value
        rules = {r.code: r for r in self.dimension.questionnaire.rules.all()}
        for left, rule_code in method.rule_problems(self.spec, {**self.others, **answers}).items():
            if left in answers:
                q = next(q for q in self.questions if q.code == left)
                field = f"{left}__part" if q.kind == Question.Kind.PAIR else left
                self.add_error(field, rules[rule_code].message)
        self.typed_answers = answers
        return data

    def answers(self) -> dict[str, Any]:
        """{question code: typed value, None for a cleared answer} of a valid form."""
        return self.typed_answers


class RoundExtensionForm(forms.Form):
    """A later closing date of a round for the administrator's park or province."""

    closes_on = forms.DateField(
        label=_("新的截止日期"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_closes_on(self):
        closes_on = self.cleaned_data["closes_on"]
        if closes_on < timezone.localdate():
            raise forms.ValidationError(_("新的截止日期不能早于今天。"), code="past")
        return closes_on
