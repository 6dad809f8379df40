"""Languages are configured in one place: a report is built once with its texts in every
language, the language switch and <html lang> follow settings.LANGUAGES."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from assessment.models import Dimension
from core import lang
from reference.models import Park, Province
from reports.content import report_content
from reports.models import Report
from tests.factories import EnterpriseFactory, enterprise_user, submitted_assessment

pytestmark = pytest.mark.django_db

TWO_LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
THREE_LANGUAGES = [*TWO_LANGUAGES, ("zh-hant", "繁體中文")]
# One report's queries, whatever the number of languages. Measured with six enterprises
# in the park: 22 on PostgreSQL (spreads in one query per group), 202 on SQLite (one sort
# per quantile); each was twice that when the report was computed once per language.
REPORT_QUERIES_AT_MOST = {"postgresql": 25, "sqlite": 210}


@pytest.fixture(autouse=True)
def _reports_built_on_submit(on_commit_now):
    pass


@pytest.fixture
def park_of_six():
    """Six submitted enterprises of one park, so that the park's figures are shown."""
    park = Park.objects.filter(city__province__code="510000").order_by("code").first()
    return [submitted_assessment(EnterpriseFactory(park=park), seed=s) for s in range(6)]


def test_a_report_built_once_shows_the_same_figures_in_chinese_and_english(client, park_of_six):
    assessment = park_of_six[-1]
    user = enterprise_user(assessment.enterprise)
    report = Report.objects.get(assessment=assessment)
    park_group = report.content["peers"][0]
    assert {code: park_group["label"][code] for code in ("zh-hans", "en")} == {
        "zh-hans": f"同园区（{assessment.park.name_zh}）",
        "en": f"Same park ({assessment.park.name_en})",
    }
    d1 = Dimension.objects.get(questionnaire=assessment.questionnaire, code="D1")
    name = report.content["dimensions"][0]["name"]
    assert {"zh-hans": name["zh-hans"], "en": name["en"]} == {
        "zh-hans": d1.name_zh,
        "en": d1.name_en,
    }
    finished_at = report.finished_at

    client.force_login(user)
    chinese = client.get(f"/reports/{report.pk}/").content.decode()
    english = client.get(f"/reports/{report.pk}/", {"lang": "en"}).content.decode()

    assert f"同园区（{assessment.park.name_zh}）" in chinese and "Same park" not in chinese
    assert f"Same park ({assessment.park.name_en})" in english and "同园区" not in english
    assert f"D1 {d1.name_en}" in english and f"D1 {d1.name_zh}" in chinese
    rank = str(park_group["overall"]["rank"])
    assert rank in chinese and rank in english
    report.refresh_from_db()
    assert report.finished_at == finished_at  # shown in English without building again


def test_building_a_report_runs_the_same_bounded_queries_whatever_the_number_of_languages(
    park_of_six,
):
    assessment = park_of_six[-1]
    with override_settings(LANGUAGES=TWO_LANGUAGES), CaptureQueriesContext(connection) as two:
        content = report_content(assessment=assessment)
    with override_settings(LANGUAGES=THREE_LANGUAGES), CaptureQueriesContext(connection) as three:
        content_in_three = report_content(assessment=assessment)
    assert len(two) == len(three) <= REPORT_QUERIES_AT_MOST[connection.vendor]
    assert set(content["peers"][0]["label"]) == {"zh-hans", "en"}
    # A language without its own data columns yet shows the source language's text.
    province = content_in_three["enterprise"]["province"]
    assert province["zh-hant"] == province["zh-hans"] == assessment.province.name_zh


def test_a_report_stored_per_language_before_still_shows_in_each_language(client, park_of_six):
    assessment = park_of_six[-1]
    report = Report.objects.get(assessment=assessment)
    neutral = report.content
    report.content = {code: lang.localize(neutral, code) for code in ("zh-hans", "en")}
    report.save(update_fields=["content"])
    client.force_login(enterprise_user(assessment.enterprise))
    english = client.get(f"/reports/{report.pk}/", {"lang": "en"}).content.decode()
    chinese = client.get(f"/reports/{report.pk}/", {"lang": "zh-hans"}).content.decode()
    assert f"Same park ({assessment.park.name_en})" in english
    assert f"同园区（{assessment.park.name_zh}）" in chinese


def test_the_report_pdf_page_is_tagged_with_its_language(park_of_six):
    content = report_content(assessment=park_of_six[-1])
    for language, tag in (("zh-hans", "zh-Hans"), ("en", "en")):
        with translation.override(language):
            html = render_to_string("reports/report_pdf.html", lang.localize(content))
        assert f'<html lang="{tag}">' in html


def test_the_language_switch_lists_every_configured_language(client):
    html = client.get("/").content.decode()
    assert '<html lang="zh-Hans">' in html
    for code, tag, name in (("zh-hans", "zh-Hans", "简体中文"), ("en", "en", "English")):
        assert f'name="language" value="{code}" lang="{tag}"' in html
        assert f">{name}</button>" in html
    with override_settings(LANGUAGES=THREE_LANGUAGES):
        html = client.get("/").content.decode()
    assert 'name="language" value="zh-hant" lang="zh-Hant"' in html
    assert ">繁體中文</button>" in html


def test_a_new_language_reads_its_own_columns_by_the_suffix_rule():
    with override_settings(LANGUAGES=THREE_LANGUAGES):
        assert [lang.suffix(code) for code in lang.language_codes()] == ["zh", "en", "zh_hant"]
        row = {"name_zh": "四川省", "name_en": "Sichuan", "name_zh_hant": "四川省（繁）"}
        assert lang.texts(row, "name") == {
            "zh-hans": "四川省",
            "en": "Sichuan",
            "zh-hant": "四川省（繁）",
        }
        with translation.override("zh-hant"):
            assert lang.localized(row, "name") == "四川省（繁）"
            assert lang.localized({"name_zh": "四川省", "name_en": ""}, "name") == "四川省"


def test_a_model_field_falls_back_to_the_source_language_when_its_translation_is_empty():
    sichuan = Province.objects.get(code="510000")
    sichuan.name_en = ""
    with translation.override("en"):
        assert sichuan.name == sichuan.name_zh
    sichuan.name_en = "Sichuan"
    with translation.override("en"):
        assert sichuan.name == "Sichuan"
