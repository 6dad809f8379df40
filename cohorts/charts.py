"""The dashboard's charts as server-side SVG (pygal), the same on screen and in the PDF.

Chinese labels need a CJK font: the style names "Noto Sans CJK SC" (installed with
fonts-noto-cjk) first. No JavaScript is attached, so the SVG loads nothing from elsewhere."""

import pygal
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from assessment.method import round1
from core.charts import chart_style

STYLE = chart_style(colors=("#0d6efd", "#6ea8fe", "#084298", "#fd7e14", "#198754", "#dc3545"))


def _config(**extra) -> dict:
    return {
        "style": STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "width": 720,
        "height": 340,
        "explicit_size": False,
        "print_values": True,
        "legend_at_bottom": True,
        "margin": 12,
        **extra,
    }


def _svg(chart) -> SafeString:
    return mark_safe(chart.render(is_unicode=True))  # noqa: S308 (pygal escapes labels)


def score_histogram(bins: list[tuple[str, int]]) -> SafeString:
    chart = pygal.Bar(**_config(title=_("总分分布（家）"), show_legend=False, x_label_rotation=0))
    chart.x_labels = [label for label, _count in bins]
    chart.add(_("企业数"), [count for _label, count in bins])
    return _svg(chart)


def level_bars(levels: list[tuple[int, str, int]]) -> SafeString:
    chart = pygal.Bar(**_config(title=_("成熟度等级分布（家）"), show_legend=False))
    chart.x_labels = [name for _level, name, _count in levels]
    chart.add(_("企业数"), [count for _level, _name, count in levels])
    return _svg(chart)


def dimension_quartiles(dimensions) -> SafeString:
    chart = pygal.HorizontalBar(
        **_config(title=_("各维度得分四分位"), height=420, range=(0, 100), print_values=False)
    )
    chart.x_labels = [f"{d.code} {d.name}" for d in dimensions]
    chart.add(_("下四分位"), [_round(d.q1) for d in dimensions])
    chart.add(_("中位数"), [_round(d.median) for d in dimensions])
    chart.add(_("上四分位"), [_round(d.q3) for d in dimensions])
    return _svg(chart)


def target_bars(figures) -> SafeString:
    shown = [f for f in figures if not f.suppressed]
    chart = pygal.HorizontalBar(
        **_config(title=_("目标达成（%）"), height=120 + 60 * max(1, len(shown)), range=(0, 100))
    )
    chart.x_labels = [f.target.name for f in shown]
    chart.add(_("本群体"), [_round(f.value) for f in shown])
    chart.add(_("目标值"), [float(f.target.value) for f in shown])
    return _svg(chart)


def group_scores(rows, title: str) -> SafeString:
    shown = [r for r in rows if not r.suppressed][:25]
    chart = pygal.HorizontalBar(
        **_config(title=title, height=120 + 34 * max(1, len(shown)), range=(0, 100))
    )
    chart.x_labels = [r.name for r in shown]
    chart.add(_("平均总分"), [_round(r.mean) for r in shown])
    chart.add(_("总分中位数"), [_round(r.median) for r in shown])
    return _svg(chart)


def _round(value: float | None) -> float | None:
    return round1(value)
