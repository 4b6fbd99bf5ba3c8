"""Admin for the permit catalogue: permit types with editable fee schedules and requirements."""
from django.contrib import admin

from apps.permits.models import FeeRule, InspectionType, PermitCondition, PermitType, RequiredDocument


class FeeRuleInline(admin.TabularInline):
    model = FeeRule
    extra = 0
    fields = ("sequence", "label", "kind", "flat_amount", "basis", "rate", "per_units", "minimum", "maximum",
              "applies_when", "match_values")


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0
    fields = ("sequence", "code", "icon", "name", "mandatory", "keywords", "applies_when", "match_values")


class PermitConditionInline(admin.TabularInline):
    model = PermitCondition
    extra = 0
    fields = ("sequence", "kind", "text", "applicant_step", "applies_when", "match_values")


class InspectionTypeInline(admin.TabularInline):
    model = InspectionType
    extra = 0
    fields = ("sequence", "code", "name", "timing", "required")


@admin.register(PermitType)
class PermitTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "category", "area_threshold_sqft", "review_days_min", "review_days_max",
                    "validity_months", "is_active")
    list_filter = ("category", "is_active")
    search_fields = ("code", "name")
    fieldsets = (
        (None, {"fields": ("code", "name", "icon", "category", "project_label", "description", "is_active")}),
        ("Rules", {"fields": ("area_threshold_sqft", "zone_classes", "payment_due_days")}),
        ("Timeline", {"fields": ("review_days_min", "review_days_max", "validity_label", "validity_months")}),
        ("Advice", {"fields": ("tip",)}),
    )
    inlines = (FeeRuleInline, RequiredDocumentInline, PermitConditionInline, InspectionTypeInline)
