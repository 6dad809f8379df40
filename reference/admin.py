from django.contrib import admin

from .models import City, Industry, Park, Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en"]
    search_fields = ["code", "name_zh", "name_en"]


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "province"]
    list_filter = ["province"]
    search_fields = ["code", "name_zh", "name_en"]


@admin.register(Park)
class ParkAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "city", "invitation_code"]
    list_filter = ["city__province"]
    search_fields = ["code", "name_zh", "name_en"]
    autocomplete_fields = ["city"]


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en"]
    search_fields = ["code", "name_zh", "name_en"]
