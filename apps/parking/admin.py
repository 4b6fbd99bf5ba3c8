"""Admin pages for parking staff: citations (with their payments), payments, fee schedules, facilities.

Citations change state only through workflow moves (admin_moves.py: buttons on the page,
actions in the list), each calling one service per citation, so the admin emits the same
events and enforces the same rules as the MCP tools. Payments are records of money
received: view only.
"""
from django.contrib import admin
from django.db.models import F, Q
from django.utils import timezone

from apps.core.admin_display import money
from apps.core.admin_workflow import WorkflowAdminMixin
from apps.core.paginators import EstimatedCountPaginator
from apps.core.money import format_money
from apps.parking.admin_moves import CITATION_MOVES
from apps.parking.models import Citation, ParkingFacility, Payment, PaymentItem, ViolationType
from apps.parking.parsing import plate_normalize
from apps.parking.selectors import citation_balance, facility_rate_text
from apps.places.normalize import place_key


class CitationPaymentInline(admin.TabularInline):
    model = PaymentItem
    fk_name = "citation"
    fields = ("payment", "paid_at", "method", money("fine"), money("late_fees", "late fees"), money("amount"))
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name = "payment"
    verbose_name_plural = "payments"

    @admin.display(description="paid at")
    def paid_at(self, item):
        return item.payment.paid_at

    @admin.display(description="method")
    def method(self, item):
        return item.payment.method

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("payment")

    def has_add_permission(self, request, obj=None):
        return False


class LargeTableAdmin(admin.ModelAdmin):
    """A change list that stays fast at millions of rows (docs/performance.md).

    No full COUNT(*) (estimated past 10,000 rows, and no second unfiltered count), no facet
    counts, no date hierarchy (its year links read every row): each page is one indexed
    range scan.
    """

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER


def exact_search(queryset, search_term: str, *, number_field: str, number_prefix: str, plate_field: str):
    """Search by number (exact, or a prefix such as "VIO-2026-00") or plate: indexed look-ups only.

    Substring search (`icontains`) would read every row of a million-row table.
    """
    term = search_term.strip().upper()
    if not term:
        return queryset
    if term.startswith(number_prefix):
        return queryset.filter(**{f"{number_field}__startswith": term})
    try:
        plate = plate_normalize(term)
    except ValueError:
        return queryset.filter(**{number_field: term})
    return queryset.filter(Q(**{plate_field: plate}) | Q(**{number_field: term}))


def location_search(queryset, search_term: str):
    """Citations whose location contains the term, as typed or with street words abbreviated."""
    term = search_term.strip()
    return queryset.filter(Q(location__icontains=term) | Q(location__icontains=place_key(term)))


@admin.register(Citation)
class CitationAdmin(WorkflowAdminMixin, LargeTableAdmin):
    list_display = ("citation_number", "license_plate", "violation_type", "status", "issued_on", "due_date",
                    "fine_display", "source")
    list_filter = ("status", "violation_type", "source", "issued_at", "observed_at")
    search_fields = ("citation_number", "license_plate", "location")
    search_help_text = ("A citation number (or its start, e.g. VIO-2026-00), a license plate, or a location "
                        "(“123 Main Street” finds “123 Main St”).")
    list_select_related = ("violation_type",)
    # Residents' reports (not issued yet, so no issue time) first, on every database: SQLite
    # puts NULLs last in a descending sort, PostgreSQL first, unless told.
    ordering = (F("issued_at").desc(nulls_first=True), "-pk")
    inlines = (CitationPaymentInline,)
    workflow_moves = CITATION_MOVES  # buttons on the citation's page and actions in the list
    workflow_refusal_prefix = False  # the services' refusals name the citation
    fieldsets = (
        (None, {"fields": ("citation_number", "license_plate", "violation_type", "status", "location", "place")}),
        ("Dates and money", {"fields": ("observed_at", "issued_at", "due_date", "fine", "balance_today",
                                        "paid_at")}),
        ("Evidence", {"fields": ("source", "reporter", "description", "photo", "notes")}),
        ("Contest", {"fields": ("contested_at", "contest_reason", "contest_evidence")}),
        ("Decision", {"fields": ("decided_at", "decided_by", "decision_note")}),
        ("Record", {"fields": ("created_by", "created_at", "updated_at")}),
    )

    def get_readonly_fields(self, request, obj=None):
        # Everything but staff notes changes only through services (actions, tools).
        return [f for group in self.fieldsets for f in group[1]["fields"] if f != "notes"]

    @admin.display(description="issued", ordering="issued_at")
    def issued_on(self, citation):
        return timezone.localdate(citation.issued_at) if citation.issued_at else "—"

    @admin.display(description="fine", ordering="fine")
    def fine_display(self, citation):
        return format_money(citation.fine)

    @admin.display(description="balance today")
    def balance_today(self, citation):
        balance = citation_balance(citation, today=timezone.localdate())
        return (f"{format_money(balance.amount_due)} due ({format_money(balance.fine)} fine + "
                f"{format_money(balance.late_fees)} late fees)")

    def get_search_results(self, request, queryset, search_term):
        # Staff type plates as they read them ("abc-123"); stored plates are normalised.
        found = exact_search(queryset, search_term, number_field="citation_number", number_prefix="VIO-",
                             plate_field="license_plate")
        if not search_term.strip() or search_term.strip().upper().startswith("VIO-") or found.exists():
            return found, False
        # Nothing by number or plate (both indexed): then a location, which reads more rows.
        return location_search(queryset, search_term), False

    def has_add_permission(self, request):
        return False  # citations come from officers (issue_citation) and residents' reports

    def has_delete_permission(self, request, obj=None):
        return False  # records are voided, never deleted


class PaymentItemInline(admin.TabularInline):
    model = PaymentItem
    fk_name = "payment"
    fields = ("citation", money("fine"), money("late_fees", "late fees"), money("amount"))
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("citation")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(LargeTableAdmin):
    """Money received: staff look, nobody edits."""

    list_display = ("receipt_number", "license_plate", money("amount"), "method", "paid_at", "is_test")
    list_filter = ("is_test", "paid_at")  # not gateway: its choices would be a DISTINCT over every payment
    search_fields = ("receipt_number", "license_plate")
    search_help_text = "A receipt number (or its start, e.g. RCP-2026-00) or a license plate."
    inlines = (PaymentItemInline,)

    def get_search_results(self, request, queryset, search_term):
        return exact_search(queryset, search_term, number_field="receipt_number", number_prefix="RCP-",
                            plate_field="license_plate"), False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ViolationType)
class ViolationTypeAdmin(admin.ModelAdmin):
    """Fines and late-fee schedules; a change applies to citations issued afterwards."""

    # Fines are read as money here and changed on the type's own page, where the schedule
    # is seen whole (a change applies to citations issued afterwards).
    list_display = ("description", "code", money("fine"), money("late_fee_initial", "first late fee"),
                    money("late_fee_recurring", "recurring late fee"), "late_fee_interval_days",
                    money("late_fee_cap", "late fee cap"), "is_active")
    list_editable = ("is_active",)
    list_filter = ("is_active",)
    search_fields = ("code", "description", "ordinance")

    def has_delete_permission(self, request, obj=None):
        return False  # cited types stay on record; deactivate instead


@admin.register(ParkingFacility)
class ParkingFacilityAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "rate", "time_limit_minutes", "capacity", "occupied", "spaces_available",
                    "is_active")
    list_editable = ("occupied", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "address")

    @admin.display(description="rate")
    def rate(self, facility):
        return facility_rate_text(facility)
