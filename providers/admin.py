from django.contrib import admin

from .models import ContactRequest, Provider, Rating, Solution


class SolutionInline(admin.TabularInline):
    model = Solution
    extra = 0
    fields = ["title", "dimension_codes", "price_band", "quick_light", "active"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "park", "province", "tier"]
    search_fields = ["name", "credit_code"]
    inlines = [SolutionInline]


@admin.register(ContactRequest)
class ContactRequestAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "solution", "status", "at"]
    list_filter = ["status"]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["provider", "score", "at"]
