"""Admin for permit applications: the review desk.

Status changes happen only through the workflow moves (admin/moves.py: buttons on the page,
actions in the list), each calling the same service as the `update_application_status`
tool, so the timeline, the rules and the events are the same whoever moves an application.
"""
from django import forms
from django.contrib import admin

from apps.core.admin_display import SearchVariantsMixin, file_size, money
from apps.core.admin_workflow import WorkflowAdminMixin, staff_actor
from apps.core.errors import ServiceError
from apps.core.paginators import EstimatedCountPaginator
from apps.permits.admin_moves import APPLICATION_MOVES
from apps.permits.documents import document_check
from apps.permits.models import (
    AssessedFee,
    FeePayment,
    Inspection,
    PermitApplication,
    PermitDocument,
    TimelineEntry,
)
from apps.permits.services import permit_document_add
from apps.places.normalize import place_key

Status = PermitApplication.Status


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TimelineEntryInline(ReadOnlyInline):
    model = TimelineEntry
    fields = ("created_at", "status", "note", "actor")
    readonly_fields = fields


class AssessedFeeInline(ReadOnlyInline):
    model = AssessedFee
    fields = ("label", "kind", money("amount"), "note", "paid_at", "payment")
    readonly_fields = fields


class FeePaymentInline(ReadOnlyInline):
    """Online payments of the fees: receipts, declines, and any still charging."""

    model = FeePayment
    fields = ("created_at", "status", money("amount"), "method", "receipt_number", "gateway_reference", "is_test",
              "note", "created_by")
    readonly_fields = fields


class InspectionInline(ReadOnlyInline):
    model = Inspection
    fields = ("inspection_type", "scheduled_for", "inspector", "status", "result_note")
    readonly_fields = fields
    show_change_link = True


class PermitDocumentForm(forms.ModelForm):
    """Checks a staff upload the way submit_application checks an assistant's."""

    class Meta:
        model = PermitDocument
        fields = ("file", "required_document")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            if "file" in self.changed_data or "required_document" in self.changed_data:
                raise forms.ValidationError("A document on file cannot be changed; upload a new one instead.")
            return cleaned
        upload = cleaned.get("file")
        if upload:
            required = cleaned.get("required_document")
            try:
                self.upload = document_check(index=1, filename=upload.name, data=upload.read(),
                                             document_type=required.code if required else None)
            except ServiceError as error:
                raise forms.ValidationError(error.message) from None
        return cleaned


class PermitDocumentInline(admin.TabularInline):
    model = PermitDocument
    form = PermitDocumentForm
    extra = 0
    can_delete = False
    readonly_fields = ("filename", "content_type", file_size("size"), "uploaded_at")
    fields = ("file", "required_document", *readonly_fields)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        parent = getattr(request, "_permits_application", None)
        if db_field.name == "required_document" and parent is not None:
            field.queryset = field.queryset.filter(permit_type=parent.permit_type_id)
        return field


@admin.register(PermitApplication)
class PermitApplicationAdmin(SearchVariantsMixin, WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ("reference", "permit_type", "applicant", "property_address", "status", "is_complete",
                    "submitted_at", "fees_due_on")
    list_filter = ("status", "permit_type", "is_complete", "submitted_at")
    search_fields = ("reference", "applicant", "property_address")
    search_help_text = "A reference, an applicant's name or an address (“123 Oak Street” finds “123 Oak St”)."
    list_select_related = ("permit_type",)
    # Fast at hundreds of thousands of rows (docs/performance.md): no full counts, no facet
    # counts, no date hierarchy (its year links read every row; the submitted_at filter stays).
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    readonly_fields = ("reference", "permit_type", "status", "is_complete", "applicant", "property_address",
                       "place", "zone", "description", "valuation", "area_sqft", "serves_alcohol", "submitted_at",
                       "submitted_by", "status_changed_at", "fees_due_on", "valid_until")
    inlines = (TimelineEntryInline, AssessedFeeInline, FeePaymentInline, PermitDocumentInline,
               InspectionInline)
    workflow_moves = APPLICATION_MOVES  # buttons on the page and actions in the list (admin/moves.py)
    workflow_refusal_prefix = False  # the services' refusals name the application

    def has_add_permission(self, request):
        return False  # applications arrive through submit_application

    def search_term_variants(self, term):
        return [place_key(term)]  # addresses as staff type them: "Street", "Avenue"

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        request._permits_application = obj
        return obj

    def save_formset(self, request, form, formset, change):
        if formset.model is not PermitDocument:
            return super().save_formset(request, form, formset, change)
        added = []
        for document_form in formset.forms:
            upload = getattr(document_form, "upload", None)
            if upload is not None and not document_form.instance.pk:
                added.append(permit_document_add(reference=form.instance.reference, upload=upload,
                                                 actor=staff_actor(request)))
        # What formset.save() would have recorded, for the admin's change message.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = added, [], []
        return added
