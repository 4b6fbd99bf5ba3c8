"""MCP tools of the utilities domain, declared against apps.mcp.registry."""
from decimal import Decimal

from rest_framework import serializers

from apps.accounts.history import tool_history_record, tool_status_change
from apps.accounts.viewers import Viewer, access_code_field, viewer_for
from apps.core.idempotency import idempotency_key_field
from apps.mcp.outputs import filing_result, timeline_output, tracked_record_result
from apps.mcp.registry import Access, ToolResult, tool
from apps.utilities import answers
from apps.utilities.fields import RequestTypeField, ServiceTypeField, payment_token_check
from apps.utilities.models import Outage, ServiceRequest
from apps.utilities.selectors import (
    BillStatus,
    account_holder_check,
    billing_summary,
    outage_check,
    service_request_get,
)
from apps.utilities.services import (
    bill_pay,
    outage_report,
    outage_resolve,
    outage_status_update,
    service_request_create,
)

OUTAGE_ID_HELP = "Outage id, e.g. OUT-2026-0007."
ACCOUNT_HELP = "Utility account number as printed on the bill, e.g. UA-100234."


class OutageOutput(serializers.Serializer):
    outage_id = serializers.CharField()
    service_type = serializers.CharField()
    status = serializers.ChoiceField(choices=Outage.Status.choices)
    address = serializers.CharField()
    area = serializers.CharField(allow_null=True)
    cause = serializers.CharField(allow_null=True)
    reported_at = serializers.DateTimeField()
    estimated_restoration = serializers.DateTimeField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    report_count = serializers.IntegerField()
    past_estimate = serializers.BooleanField(help_text="Still active after its estimated restoration time.")


# --- report_outage -----------------------------------------------------------------------
class ReportOutageInput(serializers.Serializer):
    service_type = ServiceTypeField(help_text="The service that is out: water, electric, gas or sewer.")
    address = serializers.CharField(max_length=200, help_text="Address without service, e.g. \"456 Oak Ave\".")
    description = serializers.CharField(max_length=2000, default="", allow_blank=True,
                                        help_text="What the resident sees (no water, flickering lights…).")
    contact = serializers.CharField(max_length=120, default="", allow_blank=True,
                                    help_text="Phone or email for restoration updates (optional, kept private).")


class ReportOutageOutput(OutageOutput):
    service_label = serializers.CharField()
    reported_address = serializers.CharField()
    merged = serializers.BooleanField()
    duplicate = serializers.BooleanField()
    distance_miles = serializers.FloatField()
    next_step = serializers.CharField()

    class Meta:
        public_fields = ("outage_id", "service_type", "status", "area", "cause", "reported_at",
            "estimated_restoration", "resolved_at", "report_count", "past_estimate", "service_label", "merged",
            "duplicate", "distance_miles", "next_step")
        # `address` is where the outage was first reported: another resident's, staff only.
        owner_fields = ("reported_address",)


@tool(name="report_outage", title="Report a utility outage", input=ReportOutageInput, output=ReportOutageOutput,
      access=Access.RESIDENT, idempotent=True)
def report_outage(args: dict, ctx) -> ToolResult:
    """Report a water, electric, gas or sewer outage at an address.

    A report near an active outage of the same service joins it (with its estimated
    restoration) instead of opening a duplicate; a repeated report is counted once.
    """
    facts = answers.report_facts(outage_report(actor=ctx.actor, **args))
    return ToolResult(owner=True, text="", structured=facts, render=answers.report_text)


# --- check_outages -----------------------------------------------------------------------
class CheckOutagesInput(serializers.Serializer):
    address = serializers.CharField(max_length=200, default=None, allow_null=True,
                                    help_text="Address to check; outages are then sorted by distance from it.")
    service_type = ServiceTypeField(default=None, allow_null=True, help_text="Only this service (optional).")


class NearbyOutageOutput(OutageOutput):
    distance_miles = serializers.FloatField(allow_null=True)
    affects_address = serializers.BooleanField()

    class Meta:
        public_fields = ("outage_id", "service_type", "status", "area", "cause", "reported_at",
            "estimated_restoration", "resolved_at", "report_count", "past_estimate", "distance_miles",
            "affects_address")
        owner_fields = ("address",)


class CheckOutagesOutput(serializers.Serializer):
    address = serializers.CharField(allow_null=True)
    service_type = serializers.CharField(allow_null=True)
    checked_at = serializers.DateTimeField()
    count = serializers.IntegerField()
    affects_address = serializers.BooleanField()
    outages = NearbyOutageOutput(many=True)

    class Meta:
        public_fields = ("address", "service_type", "checked_at", "count", "affects_address", "outages")


@tool(name="check_outages", title="Check utility outages", input=CheckOutagesInput, output=CheckOutagesOutput,
      access=Access.PUBLIC, read_only=True)
def check_outages(args: dict, ctx) -> ToolResult:
    """List active utility outages, nearest first when an address is given, and whether one reaches it."""
    place, found = outage_check(address=args["address"], service_type=args["service_type"])
    facts = answers.outages_facts(found, address=place.name if place else None, service_type=args["service_type"])
    return ToolResult(text="", structured=facts, render=answers.outages_text)


# --- billing_inquiry ---------------------------------------------------------------------
class BillingInquiryInput(serializers.Serializer):
    account_number = serializers.CharField(max_length=20, help_text=ACCOUNT_HELP)
    holder_last_name = serializers.CharField(
        max_length=80, default="", allow_blank=True,
        help_text="The account holder's last name as printed on the bill; proves the account is yours "
        "(required unless the caller is utilities staff).")


class BillLineOutput(serializers.Serializer):
    service_type = serializers.CharField()
    description = serializers.CharField()
    usage = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    unit = serializers.CharField(allow_null=True)
    amount = serializers.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        public_fields = ("service_type", "description", "usage", "unit", "amount")


class BillOutput(serializers.Serializer):
    bill_number = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    issued_on = serializers.DateField()
    due_date = serializers.DateField()
    amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    amount_paid = serializers.DecimalField(max_digits=10, decimal_places=2)
    balance = serializers.DecimalField(max_digits=10, decimal_places=2)
    currency = serializers.CharField()
    status = serializers.ChoiceField(choices=[BillStatus.PAID, BillStatus.PARTIALLY_PAID, BillStatus.DUE,
                                              BillStatus.PAST_DUE])
    paid_on = serializers.DateField(allow_null=True)
    days_overdue = serializers.IntegerField(help_text="Days past the due date with a balance left (0: not late).")
    lines = BillLineOutput(many=True)

    class Meta:
        public_fields = ("bill_number", "period_start", "period_end", "issued_on", "due_date", "amount",
            "amount_paid", "balance", "currency", "status", "paid_on", "days_overdue", "lines")


class PaymentOptionsOutput(serializers.Serializer):
    online = serializers.CharField()
    phone = serializers.CharField()

    class Meta:
        public_fields = ("online", "phone")


class BillingInquiryOutput(serializers.Serializer):
    account_number = serializers.CharField()
    holder_name = serializers.CharField()
    service_address = serializers.CharField()
    account_status = serializers.CharField()
    services = serializers.ListField(child=serializers.CharField())
    as_of = serializers.DateField()
    balance = serializers.DecimalField(max_digits=10, decimal_places=2)
    past_due = serializers.DecimalField(max_digits=10, decimal_places=2)
    currency = serializers.CharField()
    next_due_date = serializers.DateField(allow_null=True)
    next_due_amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    last_payment_on = serializers.DateField(allow_null=True)
    bills = BillOutput(many=True)
    payment_options = PaymentOptionsOutput()

    class Meta:
        public_fields = ("account_number", "currency", "payment_options")
        owner_fields = ("holder_name", "service_address", "account_status", "services", "as_of", "balance",
            "past_due", "next_due_date", "next_due_amount", "last_payment_on", "bills")


@tool(name="billing_inquiry", title="Utility billing inquiry", input=BillingInquiryInput,
      output=BillingInquiryOutput, access=Access.RESIDENT, read_only=True)
def billing_inquiry(args: dict, ctx) -> ToolResult:
    """Show a utility account's balance, past-due amount, next due date and recent bills (to its holder).

    The account number is printed on every bill and easy to guess, so it is no proof: the
    holder's last name must match as well (staff keys see any account).
    """
    staff = viewer_for(ctx.principal, ctx.domain) is Viewer.STAFF
    if not staff:
        account_holder_check(account_number=args["account_number"], last_name=args["holder_last_name"])
    facts = answers.billing_facts(billing_summary(account_number=args["account_number"]))
    return ToolResult(text="", structured=facts, owner=True, render=answers.billing_text)


# --- create_service_request --------------------------------------------------------------
class CreateServiceRequestInput(serializers.Serializer):
    account_number = serializers.CharField(max_length=20, default=None, allow_null=True,
                                           help_text=ACCOUNT_HELP + " Give this or address.")
    address = serializers.CharField(max_length=200, default=None, allow_null=True,
                                    help_text="Service address, when there is no account yet (start service).")
    holder_last_name = serializers.CharField(
        max_length=80, default="", allow_blank=True,
        help_text="With account_number: the account holder's last name as on the bill (proves the account is "
        "yours; not needed with an address alone, or for utilities staff).")
    request_type = RequestTypeField(help_text="What is needed, e.g. start_service, leak, meter_reading.")
    description = serializers.CharField(max_length=2000, help_text="Details of the request.")
    service_type = ServiceTypeField(default=None, allow_null=True,
                                    help_text="water, electric, gas or sewer; may be left out when the account "
                                    "has only one service.")
    contact = serializers.CharField(max_length=120, default="", allow_blank=True,
                                    help_text="Phone or email for follow-up (optional, kept private).")
    idempotency_key = serializers.CharField(max_length=64, default=None, allow_null=True,
                                            help_text="Any unique string; a retry with the same key returns the "
                                            "same request instead of opening two.")

    def validate(self, data):
        if not data.get("account_number") and not data.get("address"):
            raise serializers.ValidationError({"account_number": ["Give account_number or address (at least one)."]})
        return data


class CreateServiceRequestOutput(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=ServiceRequest.Status.choices)
    service_type = serializers.CharField()
    request_type = serializers.CharField()
    request_type_label = serializers.CharField()
    account_number = serializers.CharField(allow_null=True)
    address = serializers.CharField()
    priority = serializers.ChoiceField(choices=ServiceRequest.Priority.choices)
    respond_by = serializers.DateField()
    created_at = serializers.DateTimeField()
    replayed = serializers.BooleanField()
    next_step = serializers.CharField()

    access_code = serializers.CharField(required=False, help_text="Shown once: the requester's proof.")

    class Meta:
        public_fields = ("reference", "status", "service_type", "request_type", "request_type_label",
            "priority", "respond_by", "created_at", "replayed", "next_step")
        owner_fields = ("account_number", "address", "access_code")


@tool(name="create_service_request", title="Create a utility service request", input=CreateServiceRequestInput,
      output=CreateServiceRequestOutput, access=Access.RESIDENT, caller_scoped_key=True)
def create_service_request(args: dict, ctx) -> ToolResult:
    """Open a service request (start or stop service, a leak, a meter reading…) for an account or address.

    A request on an account acts on it (stop service) and answers its service address, so
    the account number alone is no proof: the holder's last name must match too.
    """
    last_name = args.pop("holder_last_name")
    if args["account_number"] and viewer_for(ctx.principal, ctx.domain) is not Viewer.STAFF:
        account_holder_check(account_number=args["account_number"], last_name=last_name)
    result = service_request_create(actor=ctx.actor, **args)
    facts = answers.request_facts(result)
    if result.replayed:
        # Another caller on the key already proved the account (holder's name): the holder's view,
        # but no access code — that was shown once, to the first caller (docs/security.md).
        return ToolResult(owner=True, text=answers.request_text(facts), structured=facts)
    return filing_result(result.request, facts=facts, text=answers.request_text, replayed=False,
                         reference=result.request.reference, track_tool="track_service_request")


# --- track_service_request ---------------------------------------------------------------
class TrackServiceRequestInput(serializers.Serializer):
    reference = serializers.CharField(max_length=32, help_text="Service request reference, e.g. SR-2026-000122.")
    access_code = access_code_field()


RequestTimelineOutput = timeline_output(ServiceRequest.Status.choices)


class TrackServiceRequestOutput(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=ServiceRequest.Status.choices)
    service_type = serializers.CharField()
    request_type = serializers.CharField()
    request_type_label = serializers.CharField()
    priority = serializers.ChoiceField(choices=ServiceRequest.Priority.choices)
    created_at = serializers.DateTimeField()
    respond_by = serializers.DateField()
    overdue = serializers.BooleanField(help_text="Still open after the date staff respond by.")
    days_overdue = serializers.IntegerField()
    account_number = serializers.CharField(allow_null=True)
    address = serializers.CharField()
    description = serializers.CharField()
    contact = serializers.CharField(allow_null=True)
    timeline = RequestTimelineOutput(many=True)
    next_step = serializers.CharField()

    class Meta:
        public_fields = ("reference", "status", "service_type", "request_type", "request_type_label", "priority",
            "created_at", "respond_by", "overdue", "days_overdue", "timeline", "next_step")
        owner_fields = ("account_number", "address", "description")  # contact: staff only


@tool(name="track_service_request", title="Track a utility service request", input=TrackServiceRequestInput,
      output=TrackServiceRequestOutput, access=Access.PUBLIC, read_only=True)
def track_service_request(args: dict, ctx) -> ToolResult:
    """Show a service request's status, the date staff respond by (flagged when passed) and its timeline.

    The reference alone shows the public view; with the access code create_service_request
    returned, the requester sees the address, account and details too.
    """
    return tracked_record_result(service_request_get(reference=args["reference"]), access_code=args["access_code"],
                                 facts=answers.track_request_facts, render=answers.track_request_text)


# --- pay_bill ----------------------------------------------------------------------------
class PayBillInput(serializers.Serializer):
    account_number = serializers.CharField(max_length=20, help_text=ACCOUNT_HELP)
    holder_last_name = serializers.CharField(
        max_length=80, default="", allow_blank=True,
        help_text="The account holder's last name as printed on the bill; proves the account is yours "
        "(required unless the caller is utilities staff).")
    bill_number = serializers.CharField(max_length=24, default=None, allow_null=True,
                                        help_text="The bill to pay, e.g. UB-202610-100234; default: the oldest "
                                        "bill with a balance.")
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0.01"), default=None,
                                      allow_null=True, help_text="Dollars to pay, at most the bill's balance; "
                                      "default: the whole balance.")
    payment_method = serializers.CharField(
        max_length=64, help_text="A payment token, never a card number (demo gateway: tok_visa approves, "
        "tok_chargeDeclined declines; nothing real is charged).")
    idempotency_key = idempotency_key_field(
        help_text="A unique key for this payment (e.g. a UUID); a retry with the same key returns the same "
        "receipt and is never charged twice.")

    def validate_payment_method(self, value):
        return payment_token_check(value.strip())


class PayBillOutput(serializers.Serializer):
    receipt_number = serializers.CharField()
    account_number = serializers.CharField()
    bill_number = serializers.CharField()
    amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    currency = serializers.CharField()
    paid_at = serializers.DateTimeField()
    payment_method = serializers.CharField(help_text="The card or account charged, e.g. Visa ending 4242.")
    gateway = serializers.CharField(help_text="The payment processor that charged it.")
    test_mode = serializers.BooleanField(help_text="True for the demo gateway: nothing was charged.")
    replayed = serializers.BooleanField(help_text="True when an earlier request with this idempotency_key paid it.")
    bill_amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    bill_balance = serializers.DecimalField(max_digits=10, decimal_places=2)
    bill_status = serializers.ChoiceField(choices=[BillStatus.PAID, BillStatus.PARTIALLY_PAID, BillStatus.DUE,
                                                   BillStatus.PAST_DUE])
    bill_due_date = serializers.DateField()

    class Meta:
        public_fields = ("receipt_number", "amount", "currency", "paid_at", "payment_method", "gateway",
            "test_mode", "replayed")
        owner_fields = ("account_number", "bill_number", "bill_amount", "bill_balance", "bill_status",
            "bill_due_date")


@tool(name="pay_bill", title="Pay a utility bill", input=PayBillInput, output=PayBillOutput,
      access=Access.RESIDENT, idempotent=True)
def pay_bill(args: dict, ctx) -> ToolResult:
    """Pay a utility bill (in full or in part) through the payment gateway; returns the receipt number.

    Only the account holder (the last name proves it) or utilities staff may pay; a retry
    with the same idempotency_key returns the same receipt and is never charged twice.
    """
    last_name = args.pop("holder_last_name")
    if viewer_for(ctx.principal, ctx.domain) is not Viewer.STAFF:
        account_holder_check(account_number=args["account_number"], last_name=last_name)
    outcome = bill_pay(actor=ctx.actor, **args)
    facts = answers.payment_facts(outcome)
    if not outcome.replayed:
        tool_history_record(ctx=ctx, tool="pay_bill", obj=outcome.bill,
                            message=f"Paid {facts['amount']} (receipt {facts['receipt_number']})")
    return ToolResult(owner=True, text=answers.payment_text(facts), structured=facts)


# --- staff: update_outage_status, resolve_outage -----------------------------------------
class ResolveOutageInput(serializers.Serializer):
    outage_id = serializers.CharField(max_length=20, help_text=OUTAGE_ID_HELP)
    note = serializers.CharField(max_length=2000, default="", allow_blank=True,
                                 help_text="What was done to restore service.")


class OutageChangeOutput(OutageOutput):
    old_status = serializers.ChoiceField(choices=Outage.Status.choices)
    changed = serializers.BooleanField()
    resolution_note = serializers.CharField(allow_null=True)

    class Meta:
        public_fields = ("outage_id", "service_type", "status", "address", "area", "cause", "reported_at",
            "estimated_restoration", "resolved_at", "report_count", "past_estimate", "old_status", "changed",
            "resolution_note")


@tool(name="resolve_outage", title="Resolve a utility outage", input=ResolveOutageInput, output=OutageChangeOutput,
      access=Access.STAFF, idempotent=True)
def resolve_outage(args: dict, ctx) -> ToolResult:
    """Mark an outage resolved (staff only); resolving it again changes nothing."""
    change = tool_status_change(ctx=ctx, tool="resolve_outage", service=outage_resolve, record="outage", args=args)
    facts = answers.change_facts(change)
    return ToolResult(text=answers.resolve_text(facts), structured=facts)


class UpdateOutageStatusInput(serializers.Serializer):
    outage_id = serializers.CharField(max_length=20, help_text=OUTAGE_ID_HELP)
    status = serializers.ChoiceField(choices=Outage.Status.choices, help_text="reported → confirmed → "
                                     "crew_dispatched → resolved.")
    estimated_restoration = serializers.DateTimeField(default=None, allow_null=True,
                                                      help_text="When service should be back (ISO 8601).")
    cause = serializers.CharField(max_length=200, default="", allow_blank=True, help_text="Cause, once known.")
    note = serializers.CharField(max_length=2000, default="", allow_blank=True, help_text="Note for the record.")


@tool(name="update_outage_status", title="Update a utility outage", input=UpdateOutageStatusInput,
      output=OutageChangeOutput, access=Access.STAFF, idempotent=True)
def update_outage_status(args: dict, ctx) -> ToolResult:
    """Confirm an outage, dispatch a crew or post a restoration estimate (staff only)."""
    change = tool_status_change(ctx=ctx, tool="update_outage_status", service=outage_status_update, record="outage",
                                args=args)
    facts = answers.change_facts(change)
    return ToolResult(text=answers.outage_change_text(facts), structured=facts)
