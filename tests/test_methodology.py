"""The public methodology page, generated from the data, in Chinese and English."""

import pytest
from django.utils.html import escape

from assessment.models import Dimension, Question


@pytest.fixture
def page(client, db):
    def get(lang=None):
        response = client.get("/methodology/", {"lang": lang} if lang else {})
        assert response.status_code == 200
        return response.content.decode()

    return get


def test_it_shows_all_nine_dimensions_and_their_questions_in_chinese(page):
    html = page()
    for d in Dimension.objects.filter(questionnaire__version="2026.1"):
        assert f"{d.code} {d.name_zh}" in html
    for q in Question.objects.filter(dimension__questionnaire__version="2026.1"):
        assert escape(q.text_zh) in html
    assert "规划级" in html and "引领级" in html
    assert "《四川省加快发展工业互联网推动制造业数字化转型行动计划（2021—2023年）》解读" in html
    assert "001_1b621eb9872a72a3.txt" not in html


def test_it_switches_to_english_with_lang_en(page):
    html = page("en")
    assert "Network and connectivity" in html
    for q in Question.objects.filter(dimension__questionnaire__version="2026.1")[:10]:
        assert escape(q.text_en) in html
    assert "Leading" in html
    assert '<html lang="en">' in html
    assert "200000 enterprises" in html  # a count target's unit in English
    assert "200000家" in page("zh-hans")


def test_it_shows_level_thresholds_weights_and_targets(page):
    html = page()
    assert "[85.0, 100]" in html or "[85, 100]" in html
    assert "关键工序数控化率" in html
    assert "四川" in html


def test_the_language_choice_sticks_for_the_next_page(client, db):
    client.get("/methodology/", {"lang": "en"})
    assert "Leading" in client.get("/methodology/").content.decode()


def test_an_unknown_version_is_a_404(client, db):
    assert client.get("/methodology/", {"version": "1999"}).status_code == 404


def test_chinese_is_the_default_whatever_the_browser_prefers(client, db):
    html = client.get("/methodology/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-Hans">' in html
    assert Dimension.objects.filter(code="D1").first().name_zh in html


def test_the_menu_switch_keeps_the_user_on_the_same_page(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/methodology/"})
    assert response.status_code == 302 and response["Location"] == "/methodology/"
    assert '<html lang="en">' in client.get("/methodology/").content.decode()


def test_the_scoring_rule_shown_is_the_one_the_method_applies(db, monkeypatch):
    from django.template.loader import render_to_string

    from assessment import method

    question = Question(kind="yesno", scoring={})
    spec = method.QuestionSpec(code="x", kind="yesno", dimension="D1", scoring={})

    def shown():
        return render_to_string("assessment/_scoring_rule.html", {"q": question}).strip()

    assert shown() == "是 100，否 0"
    assert method.question_score(spec, True) == 100
    monkeypatch.setitem(method.SCORING_DEFAULTS, "yesno", {"yes": 90, "no": 10})
    assert shown() == "是 90，否 10"
    assert method.question_score(spec, False) == 10
