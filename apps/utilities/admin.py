"""Admin pages for utility staff: accounts and bills are edited here, outages are worked here.

Outages and service requests change only through workflow moves (admin_moves.py) that call
the services, so the events and the transition rules are the same as through the MCP tools.
"""
from django.contrib import admin

from apps.core.admin_display import money
from apps.core.admin_records import ReadOnlyInline, ServiceRecordAdminMixin, TimelineInline
from apps.core.admin_workflow import WorkflowAdminMixin
from apps.utilities.admin_moves import OUTAGE_MOVES, REQUEST_MOVES
from apps.utilities.models import (
    Account,
    AccountService,
    Bill,
    BillLine,
    BillPayment,
    Outage,
    OutageReport,
    ServiceRequest,
    ServiceRequestUpdate,
)


class AccountServiceInline(admin.TabularInline):
    model = AccountService
    extra = 0


class BillInline(admin.TabularInline):
    model = Bill
    fields = ("bill_number", "period_start", "period_end", "due_date", "amount", "amount_paid", "paid_on")
    extra = 0
    show_change_link = True
    ordering = ("-period_start",)


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ("account_number", "holder_name", "service_address", "status", "opened_on")
    list_filter = ("status", "services__service_type")
    search_fields = ("account_number", "holder_name", "service_address")
    readonly_fields = ("address_key",)
    inlines = (AccountServiceInline, BillInline)


class BillLineInline(admin.TabularInline):
    model = BillLine
    extra = 0


class BillPaymentInline(ReadOnlyInline):
    model = BillPayment
    fields = ("receipt_number", "status", "amount", "method", "paid_at", "note", "created_by")
    show_change_link = True


@admin.register(Bill)
class BillAdmin(admin.ModelAdmin):
    list_display = ("bill_number", "account", "period_start", "period_end", "due_date", money("amount"),
                    money("amount_paid", "amount paid"), "paid_on")
    list_filter = ("due_date", "period_start")
    search_fields = ("bill_number", "account__account_number", "account__holder_name")
    list_select_related = ("account",)
    date_hierarchy = "due_date"
    inlines = (BillLineInline, BillPaymentInline)


@admin.register(BillPayment)
class BillPaymentAdmin(ServiceRecordAdminMixin, admin.ModelAdmin):
    """Online payments as the gateway left them: read-only (they come from pay_bill, never added here)."""

    list_display = ("receipt_number", "bill", "status", money("amount"), "method", "is_test", "paid_at",
                    "created_at")
    list_filter = ("status", "is_test", "created_at")
    search_fields = ("receipt_number", "bill__bill_number", "bill__account__account_number", "gateway_reference")
    list_select_related = ("bill",)
    date_hierarchy = "created_at"


class ServiceRequestUpdateInline(TimelineInline):
    model = ServiceRequestUpdate


@admin.register(ServiceRequest)
class ServiceRequestAdmin(ServiceRecordAdminMixin, WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ("reference", "request_type", "service_type", "address", "account", "priority", "status",
                    "respond_by", "created_at")
    list_filter = ("status", "priority", "request_type", "service_type", "respond_by")
    search_fields = ("reference", "address", "account__account_number", "description")
    list_select_related = ("account",)
    date_hierarchy = "created_at"
    inlines = (ServiceRequestUpdateInline,)
    workflow_moves = REQUEST_MOVES  # buttons on the request's page and actions in the list
    workflow_label_field = "reference"
    # Requests are opened through create_service_request, which numbers and schedules them.
    records_deletable = True  # as before: staff may delete a request (the other records refuse)


class OutageReportInline(ReadOnlyInline):
    model = OutageReport
    fields = ("reported_at", "address", "description", "contact", "reported_by")


@admin.register(Outage)
class OutageAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ("outage_id", "service_type", "status", "address", "area", "report_count", "reported_at",
                    "estimated_restoration", "resolved_at")
    list_filter = ("status", "service_type", "reported_at")
    search_fields = ("outage_id", "address", "area", "cause")
    date_hierarchy = "reported_at"
    readonly_fields = ("outage_id", "service_type", "status", "address", "latitude", "longitude", "reported_at",
                       "confirmed_at", "dispatched_at", "resolved_at", "report_count", "resolution_note", "updated_by")
    fields = ("outage_id", "service_type", "status", "address", "area", "latitude", "longitude",
              "affected_radius_feet", "description", "cause", "estimated_restoration", "reported_at",
              "confirmed_at", "dispatched_at", "resolved_at", "report_count", "resolution_note", "updated_by")
    inlines = (OutageReportInline,)
    workflow_moves = OUTAGE_MOVES  # buttons on the outage's page and actions in the list
    workflow_label_field = "outage_id"

    def has_add_permission(self, request):
        # Outages are opened by report_outage, which merges reports of the same outage.
        return False

    def has_delete_permission(self, request, obj=None):
        return False
