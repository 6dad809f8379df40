"""Factories and named personas shared by all tests."""

import itertools

import factory
from django.contrib.auth import get_user_model

from accounts.models import AdminRole
from assessment.models import Assessment, Round
from assessment.sampling import sample_answers
from assessment.selectors import method_spec
from assessment.services import (
    assessment_answers_fill,
    assessment_start,
    round_ensure,
)
from enterprises.credit_code import check_character
from enterprises.models import Enterprise, Membership, SizeClass
from reference.models import City, Industry, Park, Province
from reports.services import assessment_submit_and_report

PASSWORD = "correct-horse-battery"
_serial = itertools.count(1)


def credit_code(serial: int | None = None) -> str:
    """A valid 统一社会信用代码, different for each call."""
    first17 = f"91510100MA6T{(serial or next(_serial)) % 100000:05d}"
    return first17 + check_character(first17)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"测试制造有限公司{n}")
    credit_code = factory.LazyFunction(credit_code)
    industry = factory.LazyFunction(lambda: Industry.objects.get(code="34"))
    size_class = SizeClass.SMALL
    above_designated_size = True
    employees = 120
    park = factory.LazyFunction(
        lambda: Park.objects.filter(city__province__code="510000").order_by("code").first()
    )
    city = factory.LazyAttribute(
        lambda e: e.park.city if e.park else City.objects.filter(code="510100").first()
    )
    province = factory.LazyAttribute(lambda e: e.city.province)


def enterprise_user(enterprise: Enterprise | None = None, **user_kwargs):
    """A user who is a member of `enterprise` (created if not given)."""
    enterprise = enterprise or EnterpriseFactory()
    user = UserFactory(**user_kwargs)
    Membership.objects.create(enterprise=enterprise, user=user)
    return user


def park_admin(park: Park, **user_kwargs):
    user = UserFactory(**user_kwargs)
    AdminRole.objects.create(user=user, kind=AdminRole.Kind.PARK, park=park)
    return user


def province_admin(province: Province, **user_kwargs):
    user = UserFactory(**user_kwargs)
    AdminRole.objects.create(user=user, kind=AdminRole.Kind.PROVINCE, province=province)
    return user


def current_round(year: int = 2026) -> Round:
    return round_ensure(year=year)


def save_answers(assessment: Assessment, answers: dict) -> None:
    assessment_answers_fill(assessment=assessment, answers=answers)


def submitted_assessment(
    enterprise: Enterprise | None = None,
    round: Round | None = None,
    *,
    quality: float = 0.5,
    seed: int = 0,
    overrides: dict | None = None,
) -> Assessment:
    """An assessment answered in full (random answers of the given quality, then
    `overrides`) and submitted through the real service."""
    enterprise = enterprise or EnterpriseFactory()
    round = round or current_round()
    assessment = assessment_start(enterprise=enterprise, round=round)
    answers = sample_answers(method_spec(assessment.questionnaire), quality=quality, seed=seed)
    answers.update(overrides or {})
    save_answers(assessment, answers)
    assessment_submit_and_report(assessment=assessment, past_round=True)
    assessment.refresh_from_db()
    return assessment


def section_post_data(questions, answers: dict, *, revision: int = 0, go: str = "next") -> dict:
    """What a browser posts for a section page whose `questions` (Question rows) are
    answered with the typed `answers` {code: value}."""
    data = {"revision": revision, "go": go}
    for q in questions:
        value = answers.get(q.code)
        if value is None:
            continue
        if q.kind == "pair":
            data[f"{q.code}__part"], data[f"{q.code}__whole"] = value["part"], value["whole"]
        elif q.kind == "yesno":
            data[q.code] = "yes" if value else "no"
        else:
            data[q.code] = value
    return data


def authenticator(user):
    """The account's authenticator (a confirmed TOTP device), created if it has none."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def authenticator_code(user) -> str:
    """A code the account's authenticator accepts now, computed as the phone app would. A
    code is accepted once: a second call in the same 30 s uses the next step (within the
    one-step tolerance)."""
    import time

    from django_otp.oath import totp

    device = authenticator(user)
    now_t = (int(time.time()) - device.t0) // device.step
    ahead = max(0, device.last_t + 1 - now_t)
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + ahead)
    return f"{code:0{device.digits}d}"


def second_factor_passed(client, user) -> None:
    """Mark the client's session as having passed the second factor, for an account that
    needs one (what typing a code on the verification page does)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.selectors import user_requires_second_factor

    if not user_requires_second_factor(user=user):
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
    session.save()
