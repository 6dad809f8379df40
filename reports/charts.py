"""Server-side SVG charts (pygal): the same markup inline in the web page and in the PDF."""

import pygal

from core.charts import chart_style


def radar_svg(*, labels: list[str], series: list[tuple[str, list[float | None]]]) -> str:
    """A radar of 0–100 scores, one line per series (the enterprise first)."""
    chart = pygal.Radar(
        style=chart_style(colors=("#0d6efd", "#fd7e14", "#198754", "#6f42c1"), opacity=".25"),
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
