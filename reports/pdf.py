"""The PDF of a report: WeasyPrint over the same template as the web page, with an
embedded CJK font, the one of the active language (core.lang.pdf_font_family: Traditional
forms for zh-hant). Without it, building the PDF fails and says which package to install."""

import shutil
import subprocess
import threading

from django.utils.translation import gettext as _

from core.lang import pdf_font_family

CJK_FONT_PACKAGE = "fonts-noto-cjk"


class MissingCJKFont(RuntimeError):
    pass


def cjk_font_problem() -> str | None:
    """Why Chinese could not be rendered with an embedded font in the active language, or
    None if it can."""
    family = pdf_font_family()
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        families = ""
    else:
        families = subprocess.run(
            [fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=20
        ).stdout
    if family in families:
        return None
    return _(
        "未找到中文字体“%(family)s”，无法生成 PDF（网页版报告不受影响）。请安装字体包 "
        "%(package)s，例如：sudo apt-get install %(package)s libharfbuzz-subset0"
    ) % {"family": family, "package": CJK_FONT_PACKAGE}


def html_to_pdf(*, html: str, base_url: str | None = None) -> bytes:
    """Render HTML to PDF bytes; MissingCJKFont when no CJK font is installed."""
    problem = cjk_font_problem()
    if problem:
        raise MissingCJKFont(problem)
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf(font_config=_font_config())


_local = threading.local()


def _font_config():
    """One fontconfig set-up for every PDF a thread makes (setting it up again for each
    was half of a report's PDF time)."""
    config = getattr(_local, "font_config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _local.font_config = FontConfiguration()
    return config


def embedded_fonts(pdf_path: str) -> list[str]:
    """Names of the fonts embedded in a PDF file (pdffonts, poppler-utils)."""
    out = subprocess.run(
        ["pdffonts", pdf_path], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    lines = out.splitlines()[2:]
    return [line.split()[0] for line in lines if line.strip() and "yes" in line.split()]
