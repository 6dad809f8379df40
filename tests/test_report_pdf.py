"""The PDF: same template as the web page, Chinese with an embedded CJK font, A4 pages."""

import subprocess

import pytest
from pypdf import PdfReader

from reports.models import Report
from reports.pdf import CJK_FONT_PACKAGE, embedded_fonts
from reports.services import report_build_timings, report_request
from tests.factories import EnterpriseFactory, enterprise_user, submitted_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reports_built_on_submit(on_commit_now):
    pass


@pytest.fixture
def no_cjk_font(tmp_path, monkeypatch):
    """A fontconfig that knows no fonts at all."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
        f"<fontconfig><cachedir>{tmp_path}/cache</cachedir></fontconfig>"
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))


def test_pdf_has_chinese_headings_the_enterprise_name_and_embedded_cjk_fonts(artifacts_dir):
    enterprise = EnterpriseFactory(name="成都精工机械制造有限公司")
    report = Report.objects.get(assessment=submitted_assessment(enterprise, seed=11))
    assert report.status == Report.Status.DONE and report.pdf, report.error or report.pdf_error
    path = report.pdf.path
    reader = PdfReader(path)
    text = "".join(page.extract_text() for page in reader.pages)
    for heading in ("总体得分与成熟度等级", "9 个维度得分", "对照政策目标", "同行对比", "改进建议"):
        assert heading in text
    assert "成都精工机械制造有限公司" in text
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    assert "1 / " in text and "第" in text  # page numbers from @page counters
    fonts = embedded_fonts(path)
    assert fonts and all("CJK" in name for name in fonts), fonts
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            path,
            str(artifacts_dir / "report-page-1"),
        ],
        check=True,
    )
    assert (artifacts_dir / "report-page-1.png").stat().st_size > 10_000


def test_without_a_cjk_font_the_pdf_names_the_package_and_the_web_report_works(no_cjk_font, client):
    user = enterprise_user()
    assessment = submitted_assessment(user.memberships.get().enterprise, seed=12)
    report = Report.objects.get(assessment=assessment)
    assert report.status == Report.Status.DONE
    assert not report.pdf
    assert CJK_FONT_PACKAGE in report.pdf_error
    client.force_login(user)
    page = client.get(f"/reports/{report.pk}/")
    assert "9 个维度得分" in page.content.decode()
    assert CJK_FONT_PACKAGE in page.content.decode()
    download = client.get(f"/reports/{report.pk}/pdf/")
    assert download.status_code == 404 and CJK_FONT_PACKAGE in download.content.decode()


def test_building_again_replaces_the_pdf_file(tmp_path):
    assessment = submitted_assessment(seed=13)
    first = Report.objects.get(assessment=assessment)
    old_path = first.pdf.path
    report_request(assessment=assessment)
    again = Report.objects.get(assessment=assessment)
    assert Report.objects.filter(assessment=assessment).count() == 1
    assert again.pk == first.pk and again.pdf.name != first.pdf.name
    import os

    assert not os.path.exists(old_path) and os.path.exists(again.pdf.path)


def test_report_build_timings_measures_html_and_pdf():
    submitted_assessment(seed=14)
    timings = report_build_timings()
    assert timings["html_seconds"] > 0 and timings["pdf_seconds"] > 0 and timings["pdf_bytes"] > 0
    print(timings)
