"""The questionnaire, targets and reference data as versioned data."""

import shutil

import pytest
import yaml
from django.core.management import CommandError, call_command

from assessment.loaders import QUESTIONNAIRE_FILE
from assessment.models import Choice, Dimension, Indicator, Question, Questionnaire, Target
from reference.models import Industry, Park, Province
from reference.sources import unknown_source_keys

SEEDS = {
    "000_de29dbcf66ed30d7.txt",
    "001_1b621eb9872a72a3.txt",
    "002_d80579fa8158c2f6.txt",
    "003_f00e516df2fcacf4.txt",
    "004_9924f15e4eef8c78.txt",
}


def snapshot():
    """Every row the loaders write, as comparable tuples."""
    return [
        list(model.objects.order_by("pk").values_list())
        for model in (Questionnaire, Dimension, Question, Choice, Indicator, Target, Park)
    ]


@pytest.fixture
def questionnaire(db):
    return Questionnaire.objects.get(code="DTMA", version="2026.1")


def test_the_questionnaire_covers_nine_dimensions_with_every_answer_kind(questionnaire):
    dimensions = list(questionnaire.dimensions.all())
    assert [d.code for d in dimensions] == [f"D{i}" for i in range(1, 10)]
    assert sum(d.weight for d in dimensions) == 100
    questions = Question.objects.filter(dimension__questionnaire=questionnaire)
    assert questions.count() >= 45
    kinds = set(questions.values_list("kind", flat=True))
    assert kinds == {"single", "multi", "yesno", "integer", "percent", "pair", "text"}
    assert questionnaire.rules.exists()


def test_every_question_and_dimension_cites_a_registered_source(questionnaire):
    for q in Question.objects.filter(dimension__questionnaire=questionnaire):
        assert q.source and not unknown_source_keys(q.source), q.code
    for d in questionnaire.dimensions.all():
        assert d.sources and not unknown_source_keys(d.sources), d.code
        assert set(d.sources) & SEEDS, d.code


def test_every_target_of_the_brief_is_loaded_with_its_source(db):
    sichuan_cnc = Target.objects.get(province__code="510000", indicator_code="cnc_key_process_rate")
    assert (sichuan_cnc.comparison, float(sichuan_cnc.value), sichuan_cnc.year) == (
        "gt",
        55.0,
        2023,
    )
    assert sichuan_cnc.source == "001_1b621eb9872a72a3.txt"
    national_cnc = Target.objects.get(
        province=None, indicator_code="cnc_key_process_rate", kind="enterprise"
    )
    assert float(national_cnc.value) == 68
    assert Target.objects.filter(province__code="320000").exists()  # Jiangsu
    assert Target.objects.filter(province__code="440000").count() >= 2  # Guangdong
    assert not Target.objects.filter(source="").exists()


def test_reference_data_has_the_manufacturing_divisions_and_provinces(db):
    assert list(Industry.objects.values_list("code", flat=True)) == [str(c) for c in range(13, 44)]
    assert Province.objects.count() == 31
    assert Park.objects.filter(city__province__code="510000").exists()
    assert Park.objects.exclude(invitation_code="").count() == Park.objects.count()


def test_loading_twice_changes_nothing(db):
    before = snapshot()
    call_command("load_reference", verbosity=0)
    call_command("load_questionnaire", verbosity=0)
    call_command("load_targets", verbosity=0)
    assert snapshot() == before


def test_changing_a_published_version_is_refused(db, tmp_path):
    doc = yaml.safe_load(QUESTIONNAIRE_FILE.read_text(encoding="utf-8"))
    doc["dimensions"][0]["questions"][0]["text_zh"] = "改过的题目"
    changed = tmp_path / "questionnaire.yaml"
    changed.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError, match="已发布"):
        call_command("load_questionnaire", str(changed), verbosity=0)
    assert snapshot() == before


def test_a_new_version_keeps_question_codes_and_leaves_the_old_one(db, tmp_path):
    doc = yaml.safe_load(QUESTIONNAIRE_FILE.read_text(encoding="utf-8"))
    doc["version"] = "2099.1"
    doc["dimensions"][0]["questions"][0]["text_zh"] = "改过的题目"
    path = tmp_path / "questionnaire.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    call_command("load_questionnaire", str(path), verbosity=0)
    old, new = (
        Questionnaire.objects.get(version="2026.1"),
        Questionnaire.objects.get(version="2099.1"),
    )
    codes = lambda q: list(  # noqa: E731
        Question.objects.filter(dimension__questionnaire=q).values_list("code", flat=True)
    )
    assert codes(old) == codes(new)
    first = doc["dimensions"][0]["questions"][0]["code"]
    assert Question.objects.get(dimension__questionnaire=old, code=first).text_zh != "改过的题目"


def test_a_draft_version_can_be_reloaded(db, tmp_path):
    doc = yaml.safe_load(QUESTIONNAIRE_FILE.read_text(encoding="utf-8"))
    doc.update(version="2027.0-draft", status="draft")
    path = tmp_path / "q.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    call_command("load_questionnaire", str(path), verbosity=0)
    doc["title_zh"] = "草稿改名"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    call_command("load_questionnaire", str(path), verbosity=0)
    assert Questionnaire.objects.get(version="2027.0-draft").title_zh == "草稿改名"


def test_the_shipped_file_is_the_loaded_version(tmp_path, db):
    shutil.copy(QUESTIONNAIRE_FILE, tmp_path / "q.yaml")
    call_command("load_questionnaire", str(tmp_path / "q.yaml"), verbosity=0)
    assert Questionnaire.objects.filter(code="DTMA", version="2026.1").count() == 1
