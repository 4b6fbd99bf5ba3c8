"""Admin pages for utility staff: accounts and bills are edited here, outages are worked here.

Outages and service requests change only through actions that call the services, so
the events and the transition rules are the same as through the MCP tools.
"""
from django.contrib import admin, messages

from apps.core.admin_display import money
from apps.core.errors import ServiceError
from apps.utilities.models import Account, AccountService, Bill, BillLine, Outage, OutageReport, ServiceRequest
from apps.utilities.services import outage_resolve, outage_status_update, service_request_status_update


def staff_actor(request) -> str:
    return f"staff:{request.user.get_username()}"


def _run_each(modeladmin, request, queryset, work, label, done: str) -> None:
    """Apply `work(obj)` to each selected row, reporting successes and refusals."""
    succeeded = 0
    for obj in queryset.order_by("pk"):
        try:
            work(obj)
        except ServiceError as error:
            modeladmin.message_user(request, f"{label(obj)}: {error.message}", messages.ERROR)
        else:
            succeeded += 1
    if succeeded:
        modeladmin.message_user(request, f"{succeeded} {done}.", messages.SUCCESS)


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


@admin.register(Bill)
class BillAdmin(admin.ModelAdmin):
    list_display = ("bill_number", "account", "period_start", "period_end", "due_date", money("amount"),
                    money("amount_paid", "amount paid"), "paid_on")
    list_filter = ("due_date", "period_start")
    search_fields = ("bill_number", "account__account_number", "account__holder_name")
    list_select_related = ("account",)
    date_hierarchy = "due_date"
    inlines = (BillLineInline,)


def _request_action(status: str, description: str, done: str):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        _run_each(modeladmin, request, queryset, lambda sr: service_request_status_update(
            reference=sr.reference, status=status, actor=staff_actor(request)), lambda sr: sr.reference, done)

    action.__name__ = f"mark_{status!s}"
    return action


@admin.register(ServiceRequest)
class ServiceRequestAdmin(admin.ModelAdmin):
    list_display = ("reference", "request_type", "service_type", "address", "account", "priority", "status",
                    "respond_by", "created_at")
    list_filter = ("status", "priority", "request_type", "service_type", "respond_by")
    search_fields = ("reference", "address", "account__account_number", "description")
    list_select_related = ("account",)
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in ServiceRequest._meta.fields]
    actions = (
        _request_action(ServiceRequest.Status.SCHEDULED, "Mark selected requests scheduled", "request(s) scheduled"),
        _request_action(ServiceRequest.Status.IN_PROGRESS, "Mark selected requests in progress",
                        "request(s) in progress"),
        _request_action(ServiceRequest.Status.COMPLETED, "Mark selected requests completed", "request(s) completed"),
        _request_action(ServiceRequest.Status.CANCELLED, "Cancel selected requests", "request(s) cancelled"),
    )

    def has_add_permission(self, request):
        # Requests are opened through create_service_request, which numbers and schedules them.
        return False


class OutageReportInline(admin.TabularInline):
    model = OutageReport
    fields = ("reported_at", "address", "description", "contact", "reported_by")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def _outage_status_action(status: str, description: str, done: str):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        _run_each(modeladmin, request, queryset, lambda outage: outage_status_update(
            outage_id=outage.outage_id, status=status, actor=staff_actor(request)), lambda o: o.outage_id, done)

    action.__name__ = f"mark_{status!s}"
    return action


@admin.action(description="Resolve selected outages", permissions=["change"])
def resolve_outages(modeladmin, request, queryset):
    _run_each(modeladmin, request, queryset, lambda outage: outage_resolve(
        outage_id=outage.outage_id, actor=staff_actor(request)), lambda o: o.outage_id, "outage(s) resolved")


@admin.register(Outage)
class OutageAdmin(admin.ModelAdmin):
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
    actions = (
        _outage_status_action(Outage.Status.CONFIRMED, "Confirm selected outages", "outage(s) confirmed"),
        _outage_status_action(Outage.Status.CREW_DISPATCHED, "Dispatch a crew to selected outages",
                              "outage(s) with a crew dispatched"),
        resolve_outages,
    )

    def has_add_permission(self, request):
        # Outages are opened by report_outage, which merges reports of the same outage.
        return False

    def has_delete_permission(self, request, obj=None):
        return False
