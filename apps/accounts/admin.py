"""Staff manage API keys here and browse the audit log and its quarantine (read-only).

A new key's secret is shown once, on the page that answers the "Save" of the add form
(not stored in messages or the session: only its hash reaches the database).
"""
import json

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html

from apps.accounts.forms import ApiKeyForm
from apps.accounts.models import DOMAIN_CHOICES, ApiKey, AuditEntry, AuditQuarantine
from apps.accounts.services import api_key_revoke, api_key_secret_assign

ISSUED_KEY_ATTRIBUTE = "_civicmind_issued_key"


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = ("name", "prefix", "owner", "scope", "access_level", "expires_at", "last_used_at", "status")
    list_filter = ("access_level", "all_domains", "revoked_at", "expires_at")
    search_fields = ("name", "prefix", "owner__username")
    list_select_related = ("owner",)
    readonly_fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke_keys"]

    def get_fields(self, request, obj=None):
        fields = ["name", "owner", "all_domains", "domains", "access_level", "expires_at"]
        return fields + list(self.readonly_fields) if obj is not None else fields

    @admin.display(description="Domains")
    def scope(self, obj):
        if obj.all_domains:
            return "All domains"
        return ", ".join(dict(DOMAIN_CHOICES).get(d, d) for d in obj.domains) or "No domain"

    @admin.display(description="Status")
    def status(self, obj):
        if obj.revoked_at:
            return "revoked"
        if obj.expires_at and obj.expires_at <= timezone.now():
            return "expired"
        return "active"

    def save_model(self, request, obj, form, change):
        if not change:
            setattr(request, ISSUED_KEY_ATTRIBUTE, api_key_secret_assign(api_key=obj))
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        raw_key = getattr(request, ISSUED_KEY_ATTRIBUTE, None)
        if raw_key is None:
            return super().response_add(request, obj, post_url_continue)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "API key created",
            "api_key": obj,
            "raw_key": raw_key,
        }
        response = TemplateResponse(request, "admin/accounts/apikey/issued.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description="Revoke selected API keys", permissions=["change"])
    def revoke_keys(self, request, queryset):
        revoked = 0
        for api_key in queryset.order_by("pk"):
            api_key_revoke(api_key=api_key)
            revoked += 1
        self.message_user(request, f"{revoked} API key(s) revoked; other processes stop accepting them within "
                                   "seconds.", messages.SUCCESS)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "listener", "domain", "tool", "caller", "outcome", "error_code", "duration_ms")
    list_filter = ("outcome", "domain", "listener", "transport")
    search_fields = ("tool", "key_prefix", "key_name", "client_address", "request_id")
    date_hierarchy = "created_at"
    show_full_result_count = False  # no COUNT(*) over a large log on every page
    list_per_page = 100
    fields = ("created_at", "transport", "listener", "domain", "tool", "caller", "client_address", "request_id",
              "outcome", "error_code", "duration_ms", "arguments_display", "user_context_display")
    readonly_fields = fields

    @admin.display(description="Arguments (redacted)")
    def arguments_display(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.arguments, indent=2, ensure_ascii=False))

    @admin.display(description="User context (redacted)")
    def user_context_display(self, obj):
        if obj.user_context is None:
            return "—"
        return format_html("<pre>{}</pre>", json.dumps(obj.user_context, indent=2, ensure_ascii=False))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the retention setting and prune_audit_log remove entries


@admin.register(AuditQuarantine)
class AuditQuarantineAdmin(admin.ModelAdmin):
    """Audit rows the database refused: kept for staff to read, never edited (the city's record)."""

    list_display = ("created_at", "domain", "tool", "request_id", "reason")
    list_filter = ("domain",)
    search_fields = ("tool", "request_id", "reason")
    date_hierarchy = "created_at"
    fields = ("created_at", "recorded_at", "domain", "tool", "request_id", "reason", "row_display")
    readonly_fields = fields

    @admin.display(description="Row (redacted, ASCII-escaped JSON)")
    def row_display(self, obj):
        return format_html("<pre>{}</pre>", obj.row)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
