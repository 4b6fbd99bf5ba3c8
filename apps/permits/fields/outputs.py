"""Output serializers shared by the permits tools (and so by their outputSchema).

Money is a two-place decimal string with a `currency` beside it; dates and times are ISO
8601 in the city's time zone (DRF renders them from the selectors' Decimals and datetimes).
"""
from rest_framework import serializers as s

from apps.permits.models import PermitApplication
from apps.permits.selectors.progress import INSPECTION_WHEN


def money(**kwargs) -> s.DecimalField:
    return s.DecimalField(max_digits=12, decimal_places=2, **kwargs)


def strings() -> s.ListField:
    return s.ListField(child=s.CharField())


class OpenQuestionOutput(s.Serializer):
    argument = s.CharField(help_text="The argument that answers the question, e.g. serves_alcohol.")
    question = s.CharField(help_text="What to ask the resident, e.g. \"Does the business serve alcohol?\"")
    if_yes = strings()

    class Meta:
        public_fields = ("argument", "question", "if_yes")


class FeeItemOutput(s.Serializer):
    label = s.CharField()
    kind = s.CharField()
    amount = money()
    basis = s.CharField(help_text="none (flat), valuation or area.")
    note = s.CharField(help_text="How the amount was worked out.")
    estimated = s.BooleanField(help_text="True when shown at its minimum because an input was missing.")

    class Meta:
        public_fields = ("label", "kind", "amount", "basis", "note", "estimated")


class FeeEstimateOutput(s.Serializer):
    items = FeeItemOutput(many=True)
    total = money()
    currency = s.CharField()
    estimated = s.BooleanField()
    missing_inputs = strings()

    class Meta:
        public_fields = ("items", "total", "currency", "estimated", "missing_inputs")


class DocumentRequirementOutput(s.Serializer):
    code = s.CharField(help_text="Pass as document_type when submitting.")
    name = s.CharField()
    mandatory = s.BooleanField(help_text="False for documents needed only if applicable.")

    class Meta:
        public_fields = ("code", "name", "mandatory")


class ConditionalDocumentOutput(DocumentRequirementOutput):
    applies = s.CharField(help_text="When the document is needed.")

    class Meta:
        public_fields = ("code", "name", "mandatory", "applies")


class TimelineSummaryOutput(s.Serializer):
    review_days_min = s.IntegerField()
    review_days_max = s.IntegerField()
    review_period = s.CharField()
    validity_label = s.CharField()
    validity_months = s.IntegerField()

    class Meta:
        public_fields = ("review_days_min", "review_days_max", "review_period", "validity_label",
            "validity_months")


class InspectionStepOutput(s.Serializer):
    code = s.CharField(help_text="Pass as inspection_type to schedule_inspection.")
    name = s.CharField()
    timing = s.CharField()
    required = s.BooleanField()

    class Meta:
        public_fields = ("code", "name", "timing", "required")


class TimelineEntryOutput(s.Serializer):
    status = s.ChoiceField(choices=PermitApplication.Status.choices)
    status_label = s.CharField()
    at = s.DateTimeField()
    note = s.CharField(allow_blank=True)

    class Meta:
        public_fields = ("status", "status_label", "at", "note")


class DocumentOutput(s.Serializer):
    filename = s.CharField()
    content_type = s.CharField()
    size = s.IntegerField()
    document_type = s.CharField(allow_null=True)
    uploaded_at = s.DateTimeField()

    class Meta:
        public_fields = ("filename", "content_type", "size", "document_type", "uploaded_at")


class AssessedFeeOutput(s.Serializer):
    label = s.CharField()
    kind = s.CharField()
    amount = money()
    note = s.CharField(allow_blank=True)
    paid = s.BooleanField()

    class Meta:
        public_fields = ("label", "kind", "amount", "note", "paid")


class AssessedFeesOutput(s.Serializer):
    items = AssessedFeeOutput(many=True)
    total = money()
    paid = money()
    outstanding = money()
    currency = s.CharField()
    due_on = s.DateField()
    days_overdue = s.IntegerField(help_text="Days past due_on with fees still unpaid; 0 when none are overdue.")

    class Meta:
        public_fields = ("items", "total", "paid", "outstanding", "currency", "due_on", "days_overdue")


class InspectionOutput(s.Serializer):
    inspection_type = s.CharField()
    name = s.CharField()
    scheduled_for = s.DateTimeField()
    status = s.CharField()
    inspector = s.CharField()
    result_note = s.CharField(allow_blank=True)
    when = s.ChoiceField(choices=list(INSPECTION_WHEN),
                         help_text="Against today: upcoming, today, awaiting_result (its day has passed and no "
                                   "result is recorded), recorded (passed or failed) or cancelled.")

    class Meta:
        public_fields = ("inspection_type", "name", "scheduled_for", "status", "inspector", "result_note", "when")


class RemainingInspectionOutput(s.Serializer):
    code = s.CharField()
    name = s.CharField()
    timing = s.CharField(allow_blank=True)

    class Meta:
        public_fields = ("code", "name", "timing")


class ApplicationOutput(s.Serializer):
    """An application as submit_application, track_status and the application resource show it."""

    reference = s.CharField()
    permit_type = s.CharField()
    permit_type_name = s.CharField()
    status = s.ChoiceField(choices=PermitApplication.Status.choices)
    status_label = s.CharField()
    is_complete = s.BooleanField()
    applicant = s.CharField()
    notify_email = s.EmailField(allow_null=True, help_text="Where status emails go (staff only).")
    property_address = s.CharField()
    zone = s.CharField(allow_null=True)
    description = s.CharField()
    estimated_cost = money(allow_null=True)
    area_sqft = s.IntegerField(allow_null=True)
    submitted_at = s.DateTimeField()
    status_changed_at = s.DateTimeField()
    valid_until = s.DateField(allow_null=True)
    review_due_on = s.DateField(allow_null=True, help_text="While under review: the day the review target "
                                "(the permit type's slowest review) falls on.")
    review_days_overdue = s.IntegerField(help_text="Days the review is past its target; 0 when it is not.")
    open_questions = OpenQuestionOutput(many=True, help_text="What the assessment depended on but was not "
                                        "given (e.g. serves_alcohol); those rows were left out.")
    timeline = TimelineEntryOutput(many=True)
    documents = DocumentOutput(many=True)
    missing_documents = DocumentRequirementOutput(many=True)
    fees = AssessedFeesOutput()
    inspections = InspectionOutput(many=True)
    remaining_inspections = RemainingInspectionOutput(many=True)
    next_statuses = strings()
    next_step = s.CharField()
    currency = s.CharField()
    access_code = s.CharField(required=False, help_text="Shown once, by submit_application: the applicant's proof.")

    class Meta:
        public_fields = ("reference", "permit_type", "permit_type_name", "status", "status_label",
            "is_complete", "property_address", "zone", "description", "estimated_cost", "area_sqft",
            "submitted_at", "status_changed_at", "valid_until", "review_due_on", "review_days_overdue",
            "open_questions", "timeline", "missing_documents", "fees",
            "inspections", "remaining_inspections", "next_statuses", "next_step", "currency")
        owner_fields = ("applicant", "documents", "access_code")  # notify_email: staff only
