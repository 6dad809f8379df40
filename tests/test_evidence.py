"""Evidence files attached to answers: accepted by content (PDF, PNG, JPEG, XLSX, CSV),
refused next to the field with nothing stored when too big, of another kind or
malformed, read only by the enterprise and the administrators of its assessment's park
and province, removed by a member before submission, and gone from storage with the
enterprise."""

import io

import openpyxl
import pytest
import yaml
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from PIL import Image
from pypdf import PdfWriter

from assessment.models import Question, Questionnaire
from assessment.services import assessment_start
from enterprises.models import Enterprise
from evidence.models import Evidence
from evidence.requirements import REQUIREMENTS_FILE, evidence_requirements
from evidence.services import enterprise_delete
from reference.models import Park, Province
from reports.models import Report
from tests.factories import (
    EnterpriseFactory,
    current_round,
    enterprise_user,
    park_admin,
    province_admin,
    submitted_assessment,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_bytes(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format=kind)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["设备", "台数"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes() -> bytes:
    return "设备,台数\n数控机床,12\n".encode()


def named(content: bytes, name: str):
    file = io.BytesIO(content)
    file.name = name
    return file


@pytest.fixture
def assessment():
    return assessment_start(enterprise=EnterpriseFactory(), round=current_round())


@pytest.fixture
def member(assessment, client):
    user = enterprise_user(assessment.enterprise)
    client.force_login(user)
    return user


def upload(client, assessment, content: bytes, name: str, question="D1_5g", section="D1"):
    return client.post(
        f"/evidence/assessment/{assessment.pk}/{section}/",
        {"question": question, "file": named(content, name)},
    )


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    ("content", "name", "kind", "content_type"),
    [
        (pdf_bytes(), "合同.pdf", "pdf", "application/pdf"),
        (image_bytes("PNG"), "现场照片.png", "png", "image/png"),
        (image_bytes("JPEG"), "photo.JPG", "jpeg", "image/jpeg"),
        (
            xlsx_bytes(),
            "台账.xlsx",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (csv_bytes(), "台账.csv", "csv", "text/csv"),
        # The name says nothing: a PNG called .pdf is kept as the PNG it is.
        (image_bytes("PNG"), "扫描件.pdf", "png", "image/png"),
    ],
)
def test_a_member_attaches_a_file_and_its_type_is_read_from_the_content(
    client, assessment, member, content, name, kind, content_type
):
    response = upload(client, assessment, content, name)

    assert response.status_code == 302
    evidence = Evidence.objects.get(assessment=assessment)
    assert (evidence.question_code, evidence.original_name) == ("D1_5g", name)
    assert (evidence.kind, evidence.content_type, evidence.size) == (
        kind,
        content_type,
        len(content),
    )
    assert evidence.uploaded_by == member and len(evidence.sha256) == 64
    assert evidence.file.read() == content and name not in evidence.file.name
    page = client.get(f"/assessments/{assessment.pk}/section/D1/").content.decode()
    assert name in page and f"/evidence/{evidence.pk}/file" in page


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "合同.pdf", "只接受 PDF、PNG、JPEG"),
        (b"just some words without any columns\n", "说明.csv", "只接受 PDF、PNG、JPEG"),
        (b"%PDF-1.4\n" + b"garbage " * 50, "合同.pdf", "文件已损坏或格式不对"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "照片.png", "文件已损坏或格式不对"),
        (b"PK\x03\x04" + b"\x00" * 60, "台账.xlsx", "只接受 PDF、PNG、JPEG"),
        (b"", "空.pdf", "空文件"),
    ],
)
def test_a_wrong_kind_or_malformed_file_is_refused_next_to_the_field_and_nothing_stored(
    client, assessment, member, tmp_path, content, name, message
):
    response = upload(client, assessment, content, name)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'class="evidence-upload"' in page
    assert not Evidence.objects.exists() and stored_files(tmp_path) == []


def test_a_file_over_the_limit_is_refused_and_nothing_stored(
    client, assessment, member, settings, tmp_path
):
    settings.EVIDENCE_MAX_FILE_BYTES = 1024
    content = pdf_bytes() + b"\n%" + b"x" * 2048

    response = upload(client, assessment, content, "大文件.pdf")

    assert response.status_code == 400
    assert "超过每个文件" in response.content.decode()
    assert not Evidence.objects.exists() and stored_files(tmp_path) == []


def test_the_files_of_one_assessment_together_stay_within_its_limit(
    client, assessment, member, settings
):
    content = pdf_bytes()
    settings.EVIDENCE_MAX_ASSESSMENT_BYTES = len(content) * 2
    assert upload(client, assessment, content, "一.pdf").status_code == 302
    assert upload(client, assessment, content, "二.pdf").status_code == 302

    response = upload(client, assessment, content, "三.pdf")

    assert response.status_code == 400
    assert "合计不能超过" in response.content.decode()
    assert Evidence.objects.filter(assessment=assessment).count() == 2


def test_a_question_of_another_section_or_questionnaire_is_refused(client, assessment, member):
    response = upload(client, assessment, pdf_bytes(), "a.pdf", question="D9_roi_measured")
    assert response.status_code == 400 and not Evidence.objects.exists()


@pytest.mark.parametrize("who", ["member", "park admin", "province admin"])
def test_the_enterprise_and_its_park_and_province_download_the_file(client, assessment, who):
    evidence = _attached(client, assessment)
    enterprise = assessment.enterprise
    user = {
        "member": lambda: enterprise_user(enterprise),
        "park admin": lambda: park_admin(enterprise.park),
        "province admin": lambda: province_admin(enterprise.province),
    }[who]()
    client.force_login(user)

    response = client.get(f"/evidence/{evidence.pk}/file")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("who", ["other enterprise", "other park admin", "other province admin"])
def test_anyone_else_gets_a_404_for_the_file(client, assessment, who):
    evidence = _attached(client, assessment)
    enterprise = assessment.enterprise
    user = {
        "other enterprise": lambda: enterprise_user(),
        "other park admin": lambda: park_admin(Park.objects.exclude(pk=enterprise.park_id)[0]),
        "other province admin": lambda: province_admin(
            Province.objects.exclude(pk=enterprise.province_id)[0]
        ),
    }[who]()
    client.force_login(user)

    assert client.get(f"/evidence/{evidence.pk}/file").status_code == 404
    assert client.post(f"/evidence/{evidence.pk}/delete/").status_code == 404
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_a_member_deletes_a_file_before_submission_and_it_leaves_storage(
    client, assessment, member, django_capture_on_commit_callbacks
):
    evidence = _attached(client, assessment)
    name = evidence.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/evidence/{evidence.pk}/delete/")

    assert response.status_code == 302 and response["Location"].endswith("/section/D1/#evidence")
    assert not Evidence.objects.exists() and not default_storage.exists(name)


def test_after_submission_the_files_no_longer_change(client):
    assessment = submitted_assessment(seed=5)
    evidence = Evidence.objects.create(
        assessment=assessment,
        question_code="D1_5g",
        file=default_storage.save("evidence/x.pdf", io.BytesIO(pdf_bytes())),
        original_name="x.pdf",
        kind="pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
    )
    client.force_login(enterprise_user(assessment.enterprise))

    assert client.post(f"/evidence/{evidence.pk}/delete/").status_code == 302
    assert upload(client, assessment, pdf_bytes(), "b.pdf").status_code == 302
    assert list(Evidence.objects.all()) == [evidence]


def test_the_section_marks_questions_needing_evidence_and_the_review_lists_those_missing(
    client, assessment, member
):
    section = client.get(f"/assessments/{assessment.pk}/section/D1/").content.decode()
    assert 'id="evidence-D1_5g"' in section and "核实需要证明材料" in section
    assert '<option value="D1_5g" selected>' in section

    _attached(client, assessment)
    review = client.get(f"/assessments/{assessment.pk}/review/").content.decode()
    missing = review.split('class="alert alert-info small evidence-missing"')[1].split("</div>")[0]
    assert "#evidence-D1_identifier" in missing and "#evidence-D1_5g" not in missing
    assert "5G验收单.pdf" in review


def test_every_question_needing_evidence_is_in_its_questionnaire_version():
    versions = yaml.safe_load(REQUIREMENTS_FILE.read_text(encoding="utf-8"))["DTMA"]
    for version in versions:
        questionnaire = Questionnaire.objects.get(code="DTMA", version=version)
        required = evidence_requirements(questionnaire=questionnaire)
        codes = set(
            Question.objects.filter(dimension__questionnaire=questionnaire).values_list(
                "code", flat=True
            )
        )
        assert required and set(required) <= codes, version


def test_deleting_the_enterprise_deletes_its_files_from_storage(client, on_commit_now, tmp_path):
    enterprise = EnterpriseFactory()
    report = Report.objects.get(assessment=submitted_assessment(enterprise, seed=9))
    draft = assessment_start(enterprise=enterprise, round=current_round(2027))
    evidence = _attached(client, draft)
    other = _attached(client, assessment_start(enterprise=EnterpriseFactory(), round=draft.round))
    names = [report.pdf.name, evidence.file.name]
    assert all(default_storage.exists(name) for name in names)

    assert enterprise_delete(enterprise=enterprise) == 2

    assert not any(default_storage.exists(name) for name in names)
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert default_storage.exists(other.file.name)


def _attached(client, assessment) -> Evidence:
    client.force_login(enterprise_user(assessment.enterprise))
    assert upload(client, assessment, pdf_bytes(), "5G验收单.pdf").status_code == 302
    return Evidence.objects.filter(assessment=assessment).latest("pk")


def test_the_delete_enterprise_command_finds_the_enterprise_by_its_credit_code(
    client, on_commit_now
):
    assessment = assessment_start(enterprise=EnterpriseFactory(), round=current_round())
    evidence = _attached(client, assessment)
    output = io.StringIO()

    call_command("delete_enterprise", assessment.enterprise.credit_code.lower(), stdout=output)

    assert not Enterprise.objects.filter(pk=assessment.enterprise_id).exists()
    assert not default_storage.exists(evidence.file.name)
    assert "1 files removed" in output.getvalue()
    with pytest.raises(CommandError):
        call_command("delete_enterprise", assessment.enterprise.credit_code)
