"""Traditional Chinese (zh-hant): every page, a stored report and the PDFs speak it, the
interface from locale/zh_Hant/LC_MESSAGES/django.po and the data texts from the data
catalogue (data.po) beside it; a missing, empty or fuzzy entry fails the check."""

import html as html_lib
import re
from types import SimpleNamespace

import polib
import pytest
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.utils import translation
from pypdf import PdfReader

from assessment.models import Dimension
from assessment.services import assessment_start
from core import lang
from core.catalogues import convert
from portal.management.commands.data_messages import data_catalogue_merge
from reference.models import Industry, Park
from reports.content import report_content
from reports.models import Report
from reports.pdf import embedded_fonts, html_to_pdf
from tests.factories import (
    EnterpriseFactory,
    current_round,
    enterprise_user,
    park_admin,
    submitted_assessment,
)

pytestmark = pytest.mark.django_db

# Shown as written whatever the page's language: the language switch names each language
# in itself.
AUTONYMS = ("简体中文",)


@pytest.fixture(autouse=True)
def _reports_built_on_submit(on_commit_now):
    pass


@pytest.fixture
def one_submitted():
    park = Park.objects.filter(city__province__code="510000").order_by("code").first()
    return submitted_assessment(EnterpriseFactory(park=park), seed=3)


@pytest.fixture
def park_of_six():
    park = Park.objects.filter(city__province__code="510000").order_by("code").first()
    return [submitted_assessment(EnterpriseFactory(park=park), seed=s) for s in range(6)]


def _visible(page: str) -> str:
    """The text a reader sees: no tags, scripts or styles."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", page))


def _simplified_left(page: str, *stored: str) -> list[str]:
    """Words of the visible text still in Simplified characters (OpenCC would change them),
    leaving out `stored` texts: names kept in the database in the source language only."""
    text = _visible(page)
    for name in (*stored, *AUTONYMS):
        text = text.replace(name, " ")
    return [word for word in text.split() if convert(word, "s2hk") != word]


def _traditional(page: str) -> list[str]:
    return [word for word in _visible(page).split() if convert(word, "t2s") != word]


def _in_hant(text: str) -> str:
    with translation.override("zh-hant"):
        return translation.gettext(text)


def _strip_language(value, code: str):
    """Stored content as it was before `code` was configured: no text in it."""
    if isinstance(value, dict):
        return {k: _strip_language(v, code) for k, v in value.items() if k != code}
    if isinstance(value, list):
        return [_strip_language(item, code) for item in value]
    return value


def test_every_page_type_is_shown_in_traditional_chinese(client, park_of_six):
    assessment = park_of_six[-1]
    report = Report.objects.get(assessment=assessment)
    draft = assessment_start(
        enterprise=EnterpriseFactory(park=assessment.park), round=current_round()
    )
    stored = [assessment.round.name_zh, *(a.enterprise.name for a in park_of_six)]
    stored.append(draft.enterprise.name)
    visits = [
        (None, "/"),
        (None, "/methodology/"),
        (enterprise_user(draft.enterprise), f"/assessments/{draft.pk}/section/D1/"),
        (enterprise_user(assessment.enterprise), f"/assessments/{assessment.pk}/result/"),
        (enterprise_user(assessment.enterprise), f"/reports/{report.pk}/"),
        (park_admin(assessment.park), f"/cohorts/park/{assessment.park.pk}/"),
    ]
    home = client.get("/", {"lang": "zh-hant"}).content.decode()  # remembered in a cookie
    for code, tag, name in (("zh-hans", "zh-Hans", "简体中文"), ("en", "en", "English")):
        assert f'name="language" value="{code}" lang="{tag}"' in home and f">{name}<" in home
    assert 'name="language" value="zh-hant" lang="zh-Hant" aria-current="true"' in home
    assert ">繁體中文</button>" in home
    for user, path in visits:
        if user:
            client.force_login(user)
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        assert '<html lang="zh-Hant">' in page, path
        assert _traditional(page), path
        assert _simplified_left(page, *stored) == [], path

    client.force_login(enterprise_user(assessment.enterprise))
    result = client.get(f"/assessments/{assessment.pk}/result/").content.decode()
    d1 = Dimension.objects.get(questionnaire=assessment.questionnaire, code="D1")
    assert convert(d1.name_zh, "s2hk") in result
    shown = _visible(result).replace(assessment.round.name_zh, "")
    assert "評估" in shown and "评估" not in shown


def test_a_stored_report_shows_traditional_labels_without_being_built_again(client, one_submitted):
    assessment = one_submitted
    report = Report.objects.get(assessment=assessment)
    # As stored before Traditional Chinese was configured: Simplified and English only.
    report.content = _strip_language(report.content, "zh-hant")
    report.save(update_fields=["content"])
    finished_at = report.finished_at
    assert "zh-hant" not in report.content["dimensions"][0]["name"]
    d1 = Dimension.objects.get(questionnaire=assessment.questionnaire, code="D1")

    client.force_login(enterprise_user(assessment.enterprise))
    page = client.get(f"/reports/{report.pk}/", {"lang": "zh-hant"}).content.decode()

    assert f"D1 {convert(d1.name_zh, 's2hk')}" in page and f"D1 {d1.name_zh}" not in page
    assert convert(assessment.province.name_zh, "s2hk") in page
    assert _in_hant("总体得分与成熟度等级") == "總體得分與成熟度等級"
    assert "總體得分與成熟度等級" in page
    with translation.override("zh-hant"):
        shown = report.content_in("zh-hant")
    assert shown["dimensions"][0]["name"] == convert(d1.name_zh, "s2hk")
    report.refresh_from_db()
    assert report.finished_at == finished_at


def test_the_report_pdf_in_traditional_chinese_embeds_the_traditional_font(tmp_path, one_submitted):
    assessment = one_submitted
    report = Report.objects.get(assessment=assessment)
    content = report_content(assessment=assessment)
    with translation.override("zh-hant"):
        html = render_to_string(
            "reports/report_pdf.html", {"report": report, **lang.localize(content)}
        )
        pdf = html_to_pdf(html=html)
    assert '<html lang="zh-Hant">' in html and '"Noto Sans CJK TC"' in html
    path = tmp_path / "report-zh-hant.pdf"
    path.write_bytes(pdf)
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    assert "總體得分與成熟度等級" in text and "总体得分与成熟度等级" not in text
    assert "改進建議" in text
    fonts = embedded_fonts(str(path))
    # Text and radar chart alike in the Traditional face.
    assert fonts and all("Noto-Sans-CJK-TC" in name for name in fonts), fonts

    with translation.override("zh-hans"):
        simplified = render_to_string(
            "reports/report_pdf.html", {"report": report, **lang.localize(content)}
        )
    assert '"Noto Sans CJK SC"' in simplified and "CJK TC" not in simplified


def test_the_cohort_pdf_in_traditional_chinese_embeds_the_traditional_font(tmp_path):
    park = Park.objects.filter(city__province__code="510000").order_by("code").first()
    with translation.override("zh-hant"):
        html = render_to_string(
            "cohorts/report_pdf.html",
            {
                "scope": SimpleNamespace(name=park.name),
                "filters": SimpleNamespace(describe=[]),
                "summary": "",
                "sections": [],
            },
        )
        pdf = html_to_pdf(html=html)
    path = tmp_path / "cohort-zh-hant.pdf"
    path.write_bytes(pdf)
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    title = _in_hant("数字化转型成熟度群体报告")
    assert title != "数字化转型成熟度群体报告" and title in text
    assert convert(park.name_zh, "s2hk") in text
    fonts = embedded_fonts(str(path))
    assert fonts and all("CJK-TC" in name for name in fonts), fonts


def test_a_person_corrected_data_text_is_shown_and_kept_by_the_catalogue():
    chemicals = Industry.objects.get(name_zh="化学原料和化学制品制造业")
    with translation.override("zh-hant"):
        assert chemicals.name == "化學原料和化學製品製造業"  # OpenCC alone writes 化學制品
    with translation.override("en"):
        assert chemicals.name == chemicals.name_en


TEMP_CATALOGUE = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: zh_Hant\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

msgid "评估报告"
msgstr "評估報告（人工校對）"

#, python-format
msgid "共 %(count)s 家企业，{{ park }} 园区"
msgstr ""

#, fuzzy
#| msgid "旧的说明"
msgid "新的说明"
msgstr "{old_seed}"

#, fuzzy
#| msgid "旧的标题"
msgid "新的标题"
msgstr "人工寫的舊標題"
"""


@pytest.fixture
def temp_locale(tmp_path):
    folder = tmp_path / "zh_Hant" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    text = TEMP_CATALOGUE.replace("{old_seed}", convert("旧的说明", "s2hk"))
    (folder / "django.po").write_text(text, encoding="utf-8")
    return tmp_path


def test_the_check_fails_on_an_empty_or_fuzzy_traditional_entry(temp_locale):
    with pytest.raises(CommandError, match="3 translation"):
        call_command("messages_fill", "--check", locale_dir=str(temp_locale))


def test_filling_seeds_empty_entries_and_keeps_what_a_person_wrote(temp_locale):
    call_command("messages_fill", locale_dir=str(temp_locale))
    po = polib.pofile(str(temp_locale / "zh_Hant" / "LC_MESSAGES" / "django.po"))
    entries = {entry.msgid: entry for entry in po}
    assert entries["评估报告"].msgstr == "評估報告（人工校對）"
    assert (
        entries["共 %(count)s 家企业，{{ park }} 园区"].msgstr
        == "共 %(count)s 家企業，{{ park }} 園區"
    )
    # Still the seed of its old text: seeded again from the new one.
    assert entries["新的说明"].msgstr == convert("新的说明", "s2hk")
    assert not entries["新的说明"].fuzzy
    # Written by a person for the old text: left for a person to look at again.
    assert entries["新的标题"].msgstr == "人工寫的舊標題" and entries["新的标题"].fuzzy
    with pytest.raises(CommandError, match="1 translation"):
        call_command("messages_fill", "--check", locale_dir=str(temp_locale))


def test_the_check_fails_on_a_data_text_missing_from_the_data_catalogue(tmp_path):
    path = tmp_path / "zh_Hant" / "LC_MESSAGES" / "data.po"
    data_catalogue_merge(
        path=path, language="zh-hant", texts={"规划级": ["assessment/data/questionnaire.yaml"]}
    )
    call_command("messages_fill", locale_dir=str(tmp_path))
    call_command("messages_fill", "--check", locale_dir=str(tmp_path))
    texts = {"新增的数据文本": ["a.yaml"]}
    data_catalogue_merge(path=path, language="zh-hant", texts=texts)
    with pytest.raises(CommandError, match="1 translation"):
        call_command("messages_fill", "--check", locale_dir=str(tmp_path))
    # A text gone from the data files stays for data loaded earlier (older versions).
    assert {e.msgid: e.msgstr for e in polib.pofile(str(path))}["规划级"] == "規劃級"
