"""Bad input gets a clear message, never a server error: NUL characters, numbers too large
or typed with a decimal comma, forged revisions, credit codes typed with separators or
full-width characters, and spreadsheets that are broken or built to exhaust the server."""

import io
import time
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook

from assessment.models import Answer, Section
from assessment.selectors import answers_of
from assessment.services import assessment_start
from enterprises.credit_code import normalise
from enterprises.models import Enterprise
from onboarding import spreadsheet
from onboarding.models import ImportBatch
from reference.models import City, Industry, Park
from tests.factories import (
    EnterpriseFactory,
    UserFactory,
    credit_code,
    current_round,
    enterprise_user,
    park_admin,
)

pytestmark = pytest.mark.django_db

HEADER = "name,统一社会信用代码,industry,size,contact e-mail\n"


# --- NUL in the URL -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/methodology/?version=%00",
        "/methodology/?province=abc%00def",
        "/cohorts/invitation/%00/",
        "/enterprise/join/%00/",
        "/enterprise/join/%00/?x=1",
    ],
)
def test_a_nul_character_in_the_url_is_a_bad_request(client, url):
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code == 400
    assert "网址或提交的内容中含有无法处理的字符" in response.content.decode()


def test_a_session_cookie_holding_an_escaped_nul_is_a_bad_request(client):
    response = client.get("/", HTTP_COOKIE='sessionid="abcdefgh\\000ijklmnop"')
    assert response.status_code == 400


def test_an_ordinary_url_still_works(client):
    assert client.get("/methodology/").status_code == 200


# --- assessment: numbers --------------------------------------------------------------------


@pytest.fixture
def assessment():
    return assessment_start(enterprise=EnterpriseFactory(), round=current_round())


@pytest.fixture
def member(client, assessment):
    client.force_login(enterprise_user(assessment.enterprise))


def _section(assessment, code):
    return f"/assessments/{assessment.pk}/section/{code}/"


def test_a_number_of_310_digits_is_refused_next_to_its_field_and_the_rest_kept(
    client, member, assessment
):
    response = client.post(
        _section(assessment, "D1"),
        {"revision": 0, "D1_production_equipment": "9" * 310, "D1_networked_equipment": "12"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["D1_production_equipment"] == ["数值过大，请核对。"]
    html = response.content.decode()
    assert 'value="12"' in html and "9" * 310 in html
    assert not Answer.objects.filter(assessment=assessment).exists()


def test_a_huge_decimal_is_refused_too(client, member, assessment):
    response = client.post(
        _section(assessment, "D2"), {"revision": 0, "D2_equipment_on_cloud": "1e400"}
    )
    assert response.context["form"].errors["D2_equipment_on_cloud"] == ["数值过大，请核对。"]


def test_a_decimal_comma_is_a_decimal_point_where_decimals_are_taken(client, member, assessment):
    response = client.post(
        _section(assessment, "D2"), {"revision": 0, "D2_equipment_on_cloud": "1,5", "go": "stay"}
    )
    assert response.status_code == 302
    assert answers_of(assessment)["D2_equipment_on_cloud"] == 1.5


def test_a_comma_in_an_integer_is_refused_unless_it_separates_thousands(client, member, assessment):
    response = client.post(
        _section(assessment, "D1"),
        {"revision": 0, "D1_production_equipment": "1,5", "D1_networked_equipment": "1,00"},
    )
    errors = response.context["form"].errors
    assert "请输入整数" in errors["D1_production_equipment"][0]
    assert "请输入整数" in errors["D1_networked_equipment"][0]
    assert not Answer.objects.filter(assessment=assessment).exists()

    client.post(
        _section(assessment, "D1"),
        {"revision": 0, "D1_production_equipment": "1,500", "D1_networked_equipment": "１，２００"},
    )
    stored = answers_of(assessment)
    assert (stored["D1_production_equipment"], stored["D1_networked_equipment"]) == (1500, 1200)


# --- assessment: forged revision ------------------------------------------------------------


@pytest.mark.parametrize("revision", ["5", "9" * 310])
def test_a_forged_revision_on_a_section_never_saved_is_refused_with_a_message(
    client, member, assessment, revision
):
    response = client.post(
        _section(assessment, "D1"), {"revision": revision, "D1_production_equipment": "10"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "本页已过期，内容还没有保存" in html
    assert 'value="10"' in html
    assert response.context["form"]["revision"].value() == 0
    assert not Answer.objects.filter(assessment=assessment).exists()
    assert not Section.objects.filter(assessment=assessment).exists()


# --- credit codes ---------------------------------------------------------------------------


def _typed_loosely(code: str) -> str:
    """The code as someone might type it: full-width, lower case, grouped by spaces and a
    hyphen."""
    full_width = code.lower().translate(
        str.maketrans(
            "0123456789abcdefghijklmnopqrstuvwxyz",
            "０１２３４５６７８９ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ",
        )
    )
    return f"{full_width[:6]} {full_width[6:8]}－{full_width[8:]} "


def test_normalise_makes_a_loosely_typed_code_the_stored_one():
    code = credit_code(901)
    assert normalise(_typed_loosely(code)) == code
    assert normalise(f"{code[:6]}-{code[6:]}") == code


def test_the_enterprise_form_accepts_a_code_typed_with_spaces_hyphens_and_full_width(client):
    client.force_login(UserFactory())
    chengdu = City.objects.get(code="510100")
    code = credit_code(902)
    response = client.post(
        "/enterprise/profile/",
        {
            "name": "成都宽字符有限公司",
            "credit_code": _typed_loosely(code),
            "industry": Industry.objects.get(code="39").pk,
            "size_class": "micro",
            "employees": "12",
            "revenue": "250",
            "province": chengdu.province_id,
            "city": chengdu.pk,
        },
    )
    assert response.status_code == 302
    assert Enterprise.objects.get(name="成都宽字符有限公司").credit_code == code


# --- imports --------------------------------------------------------------------------------


@pytest.fixture
def park():
    return Park.objects.get(code="chengdu-hitech")


@pytest.fixture
def admin_client(client, park):
    client.force_login(park_admin(park))
    return client


def _file(name: str, data: bytes) -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def _csv(*rows: str) -> io.BytesIO:
    return _file("list.csv", (HEADER + "\n".join(rows) + "\n").encode("utf-8"))


def _post(client, park, upload):
    return client.post(reverse("onboarding:import_upload", args=[park.pk]), {"file": upload})


def _preview(client, park, upload) -> tuple[ImportBatch, str]:
    response = _post(client, park, upload)
    assert response.status_code == 302
    return ImportBatch.objects.latest("pk"), client.get(response["Location"]).content.decode()


def test_a_nul_in_an_imported_cell_is_an_error_on_its_row(admin_client, park):
    batch, html = _preview(
        admin_client,
        park,
        _csv(
            f"甲机械\x00有限公司,{credit_code(903)},34,small,a@example.com",
            f"乙电子有限公司,{credit_code(904)},39\x00,medium,b@example.com",
        ),
    )
    assert [(e["line"], e["column"]) for e in batch.errors] == [(2, "name"), (3, "industry")]
    assert "含有不可见的空字符" in html
    assert "\x00" not in str(batch.rows)


def test_the_import_normalises_loosely_typed_credit_codes(admin_client, park):
    code = credit_code(905)
    batch, _html = _preview(
        admin_client, park, _csv(f"甲机械有限公司,{_typed_loosely(code)},34,small,a@example.com")
    )
    assert batch.errors == []
    assert batch.rows[0]["credit_code"] == code


def test_a_csv_field_beyond_the_csv_limit_is_reported_as_unreadable(admin_client, park):
    batch, html = _preview(
        admin_client,
        park,
        _csv(f"{'甲' * 140_000},{credit_code(906)},34,small,a@example.com"),
    )
    assert batch.rows == []
    assert "无法读取该文件（第 2 行有一个单元格超过 131072 个字符）" in html


def _workbook_bytes() -> bytes:
    workbook = Workbook()
    workbook.active.append(["name", "统一社会信用代码", "industry", "size", "contact e-mail"])
    workbook.active.append(["甲机械有限公司", credit_code(907), "34", "small", "a@example.com"])
    data = io.BytesIO()
    workbook.save(data)
    return data.getvalue()


def _xlsx(sheet_xml: bytes | None = None, extra: dict[str, bytes] | None = None) -> io.BytesIO:
    """A real workbook whose first sheet is replaced by `sheet_xml`, plus `extra` members."""
    source = zipfile.ZipFile(io.BytesIO(_workbook_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml" and sheet_xml is not None:
                data = sheet_xml
            target.writestr(item.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return _file("list.xlsx", out.getvalue())


def _sheet(rows: str, dimension: str | None = None, padding: str = "") -> bytes:
    head = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{head}<sheetData>{rows}</sheetData>{padding}</worksheet>"
    ).encode()


HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>统一社会信用代码</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>industry</t></is></c>'
    '<c r="D1" t="inlineStr"><is><t>size</t></is></c>'
    '<c r="E1" t="inlineStr"><is><t>contact e-mail</t></is></c></row>'
)


@pytest.mark.parametrize(
    "sheet_xml",
    [
        _sheet(HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t>甲'),
        _sheet(HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t>甲&#0;</t></is></c></row>'),
    ],
    ids=["malformed", "nul-reference"],
)
def test_an_xlsx_whose_sheet_cannot_be_parsed_is_reported_as_unreadable(
    admin_client, park, sheet_xml
):
    batch, html = _preview(admin_client, park, _xlsx(sheet_xml))
    assert batch.rows == []
    assert "无法读取该文件（XLSX 文件已损坏或含有无效字符" in html


def _refused(client, park, upload) -> str:
    """The upload page answers with the form error; nothing is stored."""
    started = time.monotonic()
    response = _post(client, park, upload)
    assert time.monotonic() - started < 10
    assert response.status_code == 200
    assert not ImportBatch.objects.exists()
    [error] = response.context["form"].errors["file"]
    return error


def test_an_xlsx_declaring_a_huge_sheet_is_refused_without_reading_it(admin_client, park):
    sheet = _sheet(
        HEADER_ROW + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
        dimension="A1:XFD1048576",
    )
    error = _refused(admin_client, park, _xlsx(sheet))
    assert error.startswith("无法读取该文件：表格声明的范围（1048576 行 × 16384 列）超过上限")


def test_an_xlsx_with_a_row_far_below_and_no_declared_size_stops_at_the_row_bound(
    admin_client, park
):
    sheet = _sheet(HEADER_ROW + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    error = _refused(admin_client, park, _xlsx(sheet))
    assert error == "无法读取该文件：超过 5000 行数据，请分成几个文件上传。"


def test_a_csv_with_more_rows_than_the_bound_is_refused(admin_client, park, monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 2)
    rows = [f"企业{i},{credit_code(910 + i)},34,small,a{i}@example.com" for i in range(3)]
    assert _refused(admin_client, park, _csv(*rows)) == (
        "无法读取该文件：超过 2 行数据，请分成几个文件上传。"
    )


def test_a_highly_compressed_xlsx_is_refused(admin_client, park):
    bomb = _sheet(HEADER_ROW, padding=" " * (9 * 1024 * 1024))
    upload = _xlsx(bomb)
    assert len(upload.getvalue()) < 40_000
    assert _refused(admin_client, park, upload) == (
        "无法读取该文件：文件的压缩比异常，解压后过大，不予读取。"
    )


def test_an_xlsx_larger_than_the_bound_once_unpacked_is_refused(admin_client, park, monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_UNPACKED_BYTES", 50_000)
    noise = "".join(f"{i * 7919 % 104729:x}" for i in range(20_000))  # compresses poorly
    upload = _xlsx(extra={"docProps/custom.xml": f"<x>{noise}</x>".encode()})
    assert _refused(admin_client, park, upload).startswith("无法读取该文件：文件解压后超过")


def test_an_xlsx_holding_parts_a_workbook_does_not_have_is_refused(admin_client, park):
    upload = _xlsx(extra={"../../etc/cron.d/job": b"* * * * * root true"})
    error = _refused(admin_client, park, upload)
    assert error.startswith("无法读取该文件：压缩包中含有 XLSX 表格以外的内容")


def test_an_ordinary_xlsx_still_imports(admin_client, park):
    batch, _html = _preview(admin_client, park, _file("list.xlsx", _workbook_bytes()))
    assert batch.errors == []
    assert batch.rows[0]["name"] == "甲机械有限公司"
