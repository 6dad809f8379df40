"""Server-side SVG charts (pygal): the same markup inline in the web page and in the PDF."""

import pygal
from pygal.style import Style

FONT_FAMILY = "Noto Sans CJK SC"
COLOURS = ("#0d6efd", "#fd7e14", "#198754", "#6f42c1")


def chart_style() -> Style:
    return Style(
        font_family=FONT_FAMILY,
        label_font_family=FONT_FAMILY,
        major_label_font_family=FONT_FAMILY,
        value_font_family=FONT_FAMILY,
        value_label_font_family=FONT_FAMILY,
        tooltip_font_family=FONT_FAMILY,
        title_font_family=FONT_FAMILY,
        legend_font_family=FONT_FAMILY,
        no_data_font_family=FONT_FAMILY,
        background="white",
        plot_background="white",
        colors=COLOURS,
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=13,
        opacity=".25",
        opacity_hover=".4",
    )


def radar_svg(*, labels: list[str], series: list[tuple[str, list[float | None]]]) -> str:
    """A radar of 0–100 scores, one line per series (the enterprise first)."""
    chart = pygal.Radar(
        style=chart_style(),
        width=640,
        height=520,
        range=(0, 100),
        fill=False,
        dots_size=3,
        legend_at_bottom=True,
        legend_at_bottom_columns=1,
        truncate_legend=-1,
        truncate_label=-1,
        show_y_labels=True,
        y_labels=[20, 40, 60, 80, 100],
        js=[],
        disable_xml_declaration=True,
        explicit_size=False,
    )
    chart.x_labels = labels
    for index, (name, values) in enumerate(series):
        chart.add(name, values, stroke_style={"width": 3 if index == 0 else 2})
    return chart.render(is_unicode=True)
