"""The one chart style of the product: server-side SVG (pygal), the same on screen and in
the PDFs. Chinese needs a CJK font: "Noto Sans CJK SC" (Debian's fonts-noto-cjk) comes first,
and WeasyPrint, which reads only the first family it can find, finds it there."""

from pygal.style import Style

FONT_FAMILY = "Noto Sans CJK SC"
FONT_STACK = f'"{FONT_FAMILY}", "PingFang SC", "Microsoft YaHei", sans-serif'
COLOURS = ("#0d6efd", "#fd7e14", "#198754", "#6f42c1", "#6ea8fe", "#dc3545")


def chart_style(**overrides) -> Style:
    """pygal copies `font_family` into every *_font_family left unset."""
    settings = {
        "font_family": FONT_STACK,
        "background": "white",
        "plot_background": "white",
        "foreground": "#333",
        "foreground_strong": "#111",
        "foreground_subtle": "#666",
        "colors": COLOURS,
        "guide_stroke_color": "#c8c8c8",
        "major_guide_stroke_color": "#a0a0a0",
        "label_font_size": 13,
        "major_label_font_size": 13,
        "value_font_size": 12,
        "legend_font_size": 13,
        "title_font_size": 15,
        "tooltip_font_size": 12,
    }
    return Style(**{**settings, **overrides})
