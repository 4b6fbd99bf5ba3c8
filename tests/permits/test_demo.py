"""The demo city's permit data is consistent with its own catalogue."""
from apps.permits.fees import fee_lines
from apps.core.models import ReferenceSequence
from apps.permits.models import PermitApplication, PermitType
from apps.permits.selectors import permit_application_missing_documents
from apps.permits.selectors.applications import application_project

CODES = ["building_permit", "business_license", "demolition", "electrical", "fence", "plumbing", "residential_deck",
         "roofing", "sign", "solar"]


def test_every_permit_type_is_complete(demo_city):
    types = list(PermitType.objects.prefetch_related("fee_rules", "required_documents", "inspection_types"))
    assert sorted(t.code for t in types) == CODES
    for permit_type in types:
        assert permit_type.fee_rules.all(), permit_type.code
        assert permit_type.required_documents.all(), permit_type.code
        assert any(kind.required for kind in permit_type.inspection_types.all()), permit_type.code


def test_demo_applications_agree_with_the_catalogue(demo_city):
    applications = list(PermitApplication.objects.select_related("permit_type").prefetch_related(
        "fees", "documents", "timeline", "permit_type__fee_rules", "permit_type__required_documents"))
    assert len(applications) == 11
    for application in applications:
        permit_type = application.permit_type
        expected = fee_lines(permit_type.fee_rules.all(), application_project(application),
                             permit_type.area_threshold_sqft)
        assert [(f.label, f.amount) for f in application.fees.all()] == [(line.label, line.amount)
                                                                          for line in expected], application.reference
        missing = permit_application_missing_documents(application)
        assert application.is_complete is (not missing), application.reference
        assert application.timeline.all()[0].status == "submitted"
        assert application.timeline.all().reverse()[0].status == application.status, application.reference
    counter = ReferenceSequence.objects.get(prefix="PRM", year=2026)
    assert counter.last_number >= max(int(a.reference[-6:]) for a in applications)


def test_the_seed_reference_exists(demo_city):
    application = PermitApplication.objects.get(reference="PRM-2026-000123")
    assert (application.permit_type.code, application.property_address, application.area_sqft) == (
        "residential_deck", "123 Oak St", 400)
