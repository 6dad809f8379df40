"""Sources are cited as a reader cites them (title, publisher, date) on every page, PDF and
export, never by their file key; the data cites only registered sources; a published
questionnaire version accepts corrections of its sources and nothing else."""

import csv
import io
import re

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from assessment.loaders import QUESTIONNAIRE_FILE, TARGETS_FILE
from assessment.models import Dimension, Indicator, Question, Target
from reference.models import Park
from reference.sources import (
    PRODUCT_GUIDANCE,
    citation_text,
    source_citations,
    source_registry,
    unknown_source_keys,
)
from reports.models import Report
from reports.recommendations import CATALOGUE_FILE
from tests.factories import EnterpriseFactory, enterprise_user, park_admin, submitted_assessment

pytestmark = pytest.mark.django_db

FILE_KEY = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
SICHUAN_PLAN = "《四川省加快发展工业互联网推动制造业数字化转型行动计划（2021—2023年）》解读"
SICHUAN_PLAN_EN = "Sichuan Action Plan for Accelerating the Industrial Internet"
JIANGSU = "智造强国：工业和信息化部推动工业互联网创新发展座谈会江苏省发言（2019年12月）"
SELF_ASSESSMENT = "本等级是按本产品的方法得出的自评结果，不是依据 GB/T 39116 开展的评估"


@pytest.fixture(autouse=True)
def _reports_built_on_submit(on_commit_now):
    pass


def _without_file_keys(text: str) -> str:
    found = FILE_KEY.findall(text)
    assert not found, found
    return text


def test_a_field_with_several_keys_cites_each_in_the_active_language():
    field = "001_1b621eb9872a72a3.txt; 004_9924f15e4eef8c78.txt;product_guidance"
    assert source_citations(field, "zh-hans") == [SICHUAN_PLAN, JIANGSU, "本产品的建议"]
    with translation.override("en"):
        english = citation_text(field)
    assert SICHUAN_PLAN_EN in english and english.endswith("; product guidance")
    assert "MIIT symposium on industrial-internet development" in english


def test_every_source_the_data_cites_is_registered():
    questionnaire = yaml.safe_load(QUESTIONNAIRE_FILE.read_text(encoding="utf-8"))
    fields = []
    for d in questionnaire["dimensions"]:
        fields.append(d["sources"])
        fields.extend(q["source"] for q in d["questions"])
    fields.extend(i["source"] for i in questionnaire["indicators"])
    fields.extend(t["source"] for t in yaml.safe_load(TARGETS_FILE.read_text(encoding="utf-8")))
    recommendations = yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))
    fields.extend(r["source"] for r in recommendations)
    assert [f for f in fields if unknown_source_keys(f)] == []
    for source in source_registry().values():
        assert source.citation_zh and source.citation_en
        assert not FILE_KEY.search(source.citation_zh + source.citation_en)


def test_claims_no_source_states_are_marked_as_product_guidance():
    guided = {"D1_ipv6", "D3_design_to_production", "D3_simulation", "D3_design_library"}
    guided |= {"D4_mes", "D7_asset_inventory", "D8_investment_share"}
    for code in guided:
        assert (
            Question.objects.get(dimension__questionnaire__version="2026.1", code=code).source
            == PRODUCT_GUIDANCE
        ), code
    assert (
        PRODUCT_GUIDANCE
        in Question.objects.get(
            dimension__questionnaire__version="2026.1", code="D2_cloud_star"
        ).source
    )
    assert (
        "003_f00e516df2fcacf4.txt"
        in Question.objects.get(
            dimension__questionnaire__version="2026.1", code="D5_public_service"
        ).source
    )
    assert (
        PRODUCT_GUIDANCE
        in Dimension.objects.get(questionnaire__version="2026.1", code="D1").sources
    )
    assert (
        Indicator.objects.get(
            questionnaire__version="2026.1", code="digital_investment_share"
        ).source
        == PRODUCT_GUIDANCE
    )
    base = Target.objects.get(code="js_base_platform_use")
    assert not base.is_benchmark  # shown for reference, held against no park
    assert [t.code for t in Target.objects.all() if unknown_source_keys(t.source)] == []


def test_pages_pdf_and_export_cite_sources_and_never_show_a_file_key(client):
    park = Park.objects.get(code="chengdu-hitech")
    user = enterprise_user(EnterpriseFactory(park=park))
    assessment = submitted_assessment(user.memberships.get().enterprise, quality=0.3, seed=3)
    for i in range(4):
        submitted_assessment(EnterpriseFactory(park=park), seed=20 + i)
    client.force_login(user)

    methodology = _without_file_keys(client.get("/methodology/").content.decode())
    assert SICHUAN_PLAN in methodology and "本产品的建议" in methodology
    assert "《“十四五”信息化和工业化深度融合发展规划》（工业和信息化部，2021年11月）" in methodology
    english = _without_file_keys(client.get("/methodology/", {"lang": "en"}).content.decode())
    assert SICHUAN_PLAN_EN in english and "product guidance" in english
    client.get("/methodology/", {"lang": "zh-hans"})

    section = client.get(reverse("assessment:section", args=[assessment.pk, "D1"]))
    _without_file_keys(section.content.decode())

    result = _without_file_keys(
        client.get(reverse("assessment:result", args=[assessment.pk])).content.decode()
    )
    assert SELF_ASSESSMENT in result

    report = Report.objects.get(assessment=assessment)
    page = _without_file_keys(client.get(f"/reports/{report.pk}/").content.decode())
    assert "资料来源" in page and SICHUAN_PLAN in page and SELF_ASSESSMENT in page
    assert report.pdf, report.pdf_error
    pdf = PdfReader(report.pdf.path)
    text = _without_file_keys("".join(p.extract_text() for p in pdf.pages))
    flat = re.sub(r"\s+", "", text)
    assert "资料来源" in flat and "四川省加快发展工业互联网" in flat
    assert "不是依据GB/T39116" in flat

    client.force_login(park_admin(park))
    dashboard = client.get(reverse("cohorts:dashboard", args=["park", park.pk]))
    assert SICHUAN_PLAN in _without_file_keys(dashboard.content.decode())
    export = client.get(reverse("cohorts:export_csv", args=["park", park.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 6
    _without_file_keys("\n".join(",".join(row) for row in rows))


def _write(tmp_path, doc) -> str:
    path = tmp_path / "questionnaire.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return str(path)


def _published():
    return yaml.safe_load(QUESTIONNAIRE_FILE.read_text(encoding="utf-8"))


def test_a_published_version_takes_a_source_correction_and_says_so(tmp_path):
    doc = _published()
    doc["dimensions"][0]["questions"][0]["source"] = "000_de29dbcf66ed30d7.txt"
    doc["dimensions"][1]["sources"] = ["002_d80579fa8158c2f6.txt"]
    doc["indicators"][0]["source"] = PRODUCT_GUIDANCE
    out = io.StringIO()

    call_command("load_questionnaire", _write(tmp_path, doc), stdout=out)

    first = doc["dimensions"][0]["questions"][0]["code"]
    assert (
        Question.objects.get(dimension__questionnaire__version="2026.1", code=first).source
        == "000_de29dbcf66ed30d7.txt"
    )
    assert Dimension.objects.get(questionnaire__version="2026.1", code="D2").sources == [
        "002_d80579fa8158c2f6.txt"
    ]
    assert (
        Indicator.objects.get(
            questionnaire__version="2026.1", code=doc["indicators"][0]["code"]
        ).source
        == PRODUCT_GUIDANCE
    )
    printed = out.getvalue()
    assert "corrected" in printed and f"Question {first}.source" in printed
    assert "Dimension D2.sources" in printed
    again = io.StringIO()
    call_command("load_questionnaire", _write(tmp_path, doc), stdout=again)
    assert "unchanged" in again.getvalue()


@pytest.mark.parametrize(
    "other_change",
    [
        lambda q: q.update(text_zh="改过的题目"),
        lambda q: q.update(weight=q["weight"] + 1),
    ],
    ids=["text", "scoring"],
)
def test_a_source_correction_with_any_other_change_is_refused(tmp_path, other_change):
    doc = _published()
    question = doc["dimensions"][0]["questions"][0]
    before = Question.objects.get(dimension__questionnaire__version="2026.1", code=question["code"])
    question["source"] = PRODUCT_GUIDANCE
    other_change(question)

    with pytest.raises(CommandError, match="已发布"):
        call_command("load_questionnaire", _write(tmp_path, doc), verbosity=0)

    after = Question.objects.get(dimension__questionnaire__version="2026.1", code=question["code"])
    assert (after.source, after.text_zh, after.weight) == (
        before.source,
        before.text_zh,
        before.weight,
    )
