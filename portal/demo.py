"""Demo accounts for `make run`: one of each role, in Sichuan."""

from base64 import b32decode
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_otp.oath import totp

from accounts.models import AdminRole
from accounts.services import totp_device_ensure
from actions.models import Action, ActionStatus
from actions.services import action_adopt, action_create, action_update
from assessment.models import Assessment, Round
from assessment.sampling import sample_answers
from assessment.selectors import method_spec
from assessment.services import assessment_answers_fill, assessment_start
from core.lang import in_language, source_language
from enterprises.credit_code import check_character
from enterprises.models import Enterprise, Membership, SizeClass
from providers.models import ContactRequest, Provider, Solution
from providers.services import contact_request_create
from reference.models import Industry, Park, Province
from reports.content import report_content
from reports.models import Report
from reports.services import assessment_submit_and_report

DEMO_PASSWORD = "demo-pass-2026"
DEMO_PROVINCE = "510000"
# The demo administrators' authenticator secret (base32: type it into an authenticator app);
# `python manage.py demo_totp demo-park` prints the current code instead.
DEMO_TOTP_SECRET = "ZHIPINGDEMOTOTPSECRETKEYFORDEMO2"


def demo_credit_code(serial: int) -> str:
    first17 = f"91510100MA6C{serial:05d}"
    return first17 + check_character(first17)


def _user(username: str, **extra):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults=extra)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


@transaction.atomic
def demo_accounts_ensure() -> list[tuple[str, str, str]]:
    """Create the demo accounts if missing; returns (role, username, password) rows."""
    province = Province.objects.get(code=DEMO_PROVINCE)
    park = Park.objects.filter(city__province=province).order_by("code").first()
    city = park.city if park else province.cities.first()
    enterprise, _ = Enterprise.objects.get_or_create(
        credit_code=demo_credit_code(1),
        defaults={
            "name": "成都示范精密机械有限公司",
            "industry": Industry.objects.get(code="34"),
            "size_class": SizeClass.SMALL,
            "above_designated_size": True,
            "employees": 180,
            "province": province,
            "city": city,
            "park": park,
            "contact_email": "demo-enterprise@example.com",
        },
    )
    user = _user("demo-enterprise", email="demo-enterprise@example.com")
    Membership.objects.get_or_create(enterprise=enterprise, user=user)
    park_admin = _user("demo-park", email="demo-park@example.com")
    if park:
        AdminRole.objects.get_or_create(user=park_admin, kind=AdminRole.Kind.PARK, park=park)
    province_admin = _user("demo-province", email="demo-province@example.com")
    AdminRole.objects.get_or_create(
        user=province_admin, kind=AdminRole.Kind.PROVINCE, province=province
    )
    staff = _user("demo-staff", email="demo-staff@example.com", is_staff=True, is_superuser=True)
    for admin in (park_admin, province_admin, staff):
        totp_device_ensure(user=admin, key=b32decode(DEMO_TOTP_SECRET).hex())
    return [
        ("enterprise user / 企业用户", "demo-enterprise", DEMO_PASSWORD),
        ("park administrator / 园区管理者", "demo-park", DEMO_PASSWORD),
        ("provincial administrator / 省级主管部门", "demo-province", DEMO_PASSWORD),
        ("site staff / 后台管理员", "demo-staff", DEMO_PASSWORD),
    ]


def demo_totp_code() -> str:
    """The code an authenticator app holding DEMO_TOTP_SECRET shows now."""
    return f"{totp(b32decode(DEMO_TOTP_SECRET)):06d}"


def demo_history_ensure() -> bool:
    """Give the demo enterprise last year's submitted assessment (and so its report), so a
    first visitor sees a report and, once this year's is submitted, the progress between
    them. Returns whether it was created now."""
    enterprise = Enterprise.objects.get(credit_code=demo_credit_code(1))
    last_year = Round.objects.order_by("-opens_on")[1:2].first()
    if last_year is None or Assessment.objects.filter(enterprise=enterprise, round=last_year):
        return False
    with transaction.atomic():
        assessment = assessment_start(enterprise=enterprise, round=last_year)
        answers = sample_answers(method_spec(assessment.questionnaire), quality=0.35, seed=2025)
        assessment_answers_fill(assessment=assessment, answers=answers)
        assessment_submit_and_report(
            assessment=assessment, user=enterprise.memberships.first().user, past_round=True
        )
    return True


# The demo plan: the first steps of last year's report in different statuses (status, due
# in days from today, follow-up comment), and one action of the enterprise's own.
DEMO_PLAN = [
    (ActionStatus.DONE, -30, "已完成，下一轮自评时看效果。"),
    (ActionStatus.IN_PROGRESS, 21, "已请两家服务商报价，下周现场查看。"),
    (ActionStatus.BLOCKED, 7, "等待年度预算批准。"),
    (ActionStatus.PROPOSED, 60, ""),
]


def demo_plan_ensure() -> bool:
    """Give the demo enterprise an action plan adopted from last year's report, with
    actions in different statuses and their history, so the loop from recommendation to
    follow-up is visible. Returns whether it was created now."""
    enterprise = Enterprise.objects.get(credit_code=demo_credit_code(1))
    assessment = (
        Assessment.objects.filter(enterprise=enterprise, status=Assessment.Status.SUBMITTED)
        .order_by("-submitted_at")
        .first()
    )
    if assessment is None or Action.objects.filter(enterprise=enterprise).exists():
        return False
    report = Report.objects.filter(assessment=assessment, content__isnull=False).first()
    content = report.content if report else report_content(assessment=assessment)
    user = enterprise.memberships.first().user
    today = timezone.localdate()
    with transaction.atomic():
        for step, (status, days, comment) in zip(content.get("steps", []), DEMO_PLAN, strict=False):
            action, _created = action_adopt(
                enterprise=enterprise,
                assessment=assessment,
                step_code=step["code"],
                title=in_language(step["title"], source_language()),
                details=in_language(step["detail"], source_language()),
                dimension_code=step["dimension"],
                indicator_codes=step.get("indicators", []),
                user=user,
            )
            action_update(
                action=action,
                user=user,
                comment=comment,
                status=status,
                due_on=today + timedelta(days=days),
            )
        action_create(
            enterprise=enterprise,
            user=user,
            title="每月召开一次数字化推进例会",
            dimension_code="D8",
            owner=user,
            due_on=today + timedelta(days=14),
        )
    return True


# The demo park's and province's provider pools: (owner, name, tier, [(title, dimensions,
# indicators, sizes, price band, 小快轻准)]).
DEMO_PROVIDERS = [
    (
        "park",
        "成都云帆工业互联网服务有限公司",
        "",
        [
            (
                "车间设备联网快装包",
                ["D1", "D4"],
                ["equipment_data_collection_rate"],
                [],
                "low",
                True,
            ),
            (
                "轻量 MES 与生产看板",
                ["D6", "D5"],
                ["digital_management"],
                ["micro", "small"],
                "low",
                True,
            ),
        ],
    ),
    (
        "park",
        "四川智造安全技术有限公司",
        "",
        [("工控安全评估与分类分级辅导", ["D7"], [], [], "medium", False)],
    ),
    (
        "province",
        "天府工业云科技股份有限公司",
        "省级优质服务商（A 级）",
        [
            ("星级上云一站式服务", ["D2"], ["cloud_star_4_plus"], [], "low", True),
            (
                "工业互联网平台接入与工业 App",
                ["D5"],
                ["uses_industrial_platform"],
                [],
                "medium",
                False,
            ),
        ],
    ),
    (
        "province",
        "蜀研数字设计咨询有限公司",
        "省级服务商（B 级）",
        [
            (
                "CAD/CAE 正版化与设计数字化",
                ["D3"],
                ["uses_digital_design_tools"],
                [],
                "medium",
                False,
            ),
            ("数字化转型诊断与人才培训", ["D8", "D9"], [], [], "free", True),
        ],
    ),
]


@transaction.atomic
def demo_providers_ensure() -> bool:
    """Fill the demo park's and province's provider pools, and let the demo enterprise ask
    for contact on one solution (already arranged). Returns whether it was created now."""
    province = Province.objects.get(code=DEMO_PROVINCE)
    park = Park.objects.filter(city__province=province).order_by("code").first()
    if Provider.objects.filter(park=park).exists():
        return False
    for serial, (owner, name, tier, solutions) in enumerate(DEMO_PROVIDERS, start=901):
        provider = Provider.objects.create(
            park=park if owner == "park" else None,
            province=province if owner == "province" else None,
            name=name,
            credit_code=demo_credit_code(serial),
            contact_name="张经理",
            contact_phone="028-8000" + str(serial),
            tier=tier,
        )
        for title, dimensions, indicators, sizes, price, quick in solutions:
            Solution.objects.create(
                provider=provider,
                title=title,
                dimension_codes=dimensions,
                indicator_codes=indicators,
                size_classes=sizes,
                price_band=price,
                quick_light=quick,
            )
    enterprise = Enterprise.objects.get(credit_code=demo_credit_code(1))
    user = enterprise.memberships.first().user
    arranged = contact_request_create(
        enterprise=enterprise,
        solution=Solution.objects.get(title="车间设备联网快装包"),
        user=user,
        shares=["contact"],
        message="两条产线约 40 台设备，希望先做一条试点。",
    )
    arranged.status = ContactRequest.Status.ARRANGED
    arranged.notes = "已约服务商下周到车间查看。"
    arranged.save()
    contact_request_create(
        enterprise=enterprise,
        solution=Solution.objects.get(title="星级上云一站式服务"),
        user=user,
        shares=["contact", "scores"],
    )
    return True
