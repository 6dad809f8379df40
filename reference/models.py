"""Reference data: regions (GB/T 2260), parks, industry divisions (GB/T 4754-2017 section C)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.lang import bilingual


class Province(models.Model):
    code = models.CharField(_("代码"), max_length=6, unique=True)
    name_zh = models.CharField(_("中文名称"), max_length=50)
    name_en = models.CharField(_("英文名称"), max_length=80)

    class Meta:
        ordering = ["code"]
        verbose_name = _("省份")
        verbose_name_plural = _("省份")

    def __str__(self):
        return self.name

    name = bilingual("name")


class City(models.Model):
    province = models.ForeignKey(Province, models.CASCADE, related_name="cities")
    code = models.CharField(_("代码"), max_length=6, unique=True)
    name_zh = models.CharField(_("中文名称"), max_length=50)
    name_en = models.CharField(_("英文名称"), max_length=80)

    class Meta:
        ordering = ["code"]
        verbose_name = _("城市")
        verbose_name_plural = _("城市")

    def __str__(self):
        return self.name

    name = bilingual("name")


class Park(models.Model):
    city = models.ForeignKey(City, models.PROTECT, related_name="parks")
    code = models.SlugField(_("代码"), max_length=60, unique=True)
    name_zh = models.CharField(_("中文名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=150)
    invitation_code = models.CharField(
        _("邀请码"),
        max_length=12,
        unique=True,
        help_text=_("企业注册时填写此码即加入本园区。"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("园区")
        verbose_name_plural = _("园区")

    def __str__(self):
        return self.name

    name = bilingual("name")

    @property
    def province(self):
        return self.city.province


class Industry(models.Model):
    """A division (大类) of GB/T 4754-2017 section C, manufacturing: codes 13 to 43."""

    code = models.CharField(_("代码"), max_length=2, unique=True)
    name_zh = models.CharField(_("中文名称"), max_length=60)
    name_en = models.CharField(_("英文名称"), max_length=120)

    class Meta:
        ordering = ["code"]
        verbose_name = _("行业大类")
        verbose_name_plural = _("行业大类")

    def __str__(self):
        return f"{self.code} {self.name}"

    name = bilingual("name")
