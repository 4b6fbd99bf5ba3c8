"""Builders of permits test data and small helpers, shared by the permits tests.

The builders recreate, row by row, the catalogue entries the seed's examples depend on
(the residential deck, the building permit, the business licence), so unit tests do not
lean on the demo fixture; only the end-to-end tests load the demo city.
"""
import base64
import datetime as dt
from decimal import Decimal

from django.utils import timezone

from apps.permits.documents import document_check
from apps.permits.models import (
    FeeRule,
    InspectionClosure,
    InspectionType,
    PermitCondition,
    PermitType,
    RequiredDocument,
)
from apps.permits.services import (
    permit_application_fees_pay,
    permit_application_submit,
    permit_application_transition,
)

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 16
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 16


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def document(filename: str, data: bytes = PDF, content_type: str = "application/pdf", **extra) -> dict:
    """A document argument as an assistant sends it to submit_application."""
    return {"filename": filename, "content_type": content_type, "content_base64": b64(data), **extra}


def local(year, month, day, hour=0, minute=0) -> dt.datetime:
    """An aware datetime in the city's time zone."""
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


def fee(ptype, label, kind, flat="0", *, basis="none", rate="0", per=1, minimum=None, maximum=None,
        when="always", match="", seq=0):
    return FeeRule.objects.create(
        permit_type=ptype, label=label, kind=kind, flat_amount=Decimal(flat), basis=basis, rate=Decimal(rate),
        per_units=per, minimum=None if minimum is None else Decimal(minimum),
        maximum=None if maximum is None else Decimal(maximum), applies_when=when, match_values=match, sequence=seq)


def doc(ptype, code, name, icon="", *, mandatory=True, keywords="", when="always", match="", seq=0):
    return RequiredDocument.objects.create(permit_type=ptype, code=code, name=name, icon=icon, mandatory=mandatory,
                                           keywords=keywords, applies_when=when, match_values=match, sequence=seq)


def condition(ptype, text, *, kind="condition", when="always", match="", seq=0, applicant_step=False):
    return PermitCondition.objects.create(permit_type=ptype, kind=kind, text=text, applies_when=when,
                                          match_values=match, sequence=seq, applicant_step=applicant_step)


def inspection_type(ptype, code, name, timing="", *, required=True, seq=0):
    return InspectionType.objects.create(permit_type=ptype, code=code, name=name, timing=timing, required=required,
                                         sequence=seq)


def make_deck_type() -> PermitType:
    """The seed's residential deck: $150 + $75 + $100 up to 500 sq ft, a larger schedule above."""
    deck = PermitType.objects.create(
        code="residential_deck", name="Residential Deck Permit", icon="🏗️", category="building",
        project_label="Deck Addition", area_threshold_sqft=500, zone_classes="R", review_days_min=14,
        review_days_max=21, validity_label="Construction Period", validity_months=6, payment_due_days=7,
        tip="Consider hiring a licensed contractor for structural calculations.")
    fee(deck, "Permit Fee", "permit", "150", when="within_threshold", seq=1)
    fee(deck, "Plan Review", "plan_review", "75", when="within_threshold", seq=2)
    fee(deck, "Inspections", "inspection", "100", when="within_threshold", seq=3)
    fee(deck, "Permit Fee", "permit", "150", basis="area", rate="0.25", when="over_threshold", seq=4)
    fee(deck, "Plan Review", "plan_review", basis="valuation", rate="6.50", per=1000, minimum="150",
        when="over_threshold", seq=5)
    fee(deck, "Inspections", "inspection", "150", when="over_threshold", seq=6)
    fee(deck, "Structural Engineering Review", "plan_review", "120", when="over_threshold", seq=7)
    doc(deck, "site_plan", "Site plan showing deck location", "📐", keywords="site plan,siteplan,site", seq=1)
    doc(deck, "structural_drawings", "Structural drawings with dimensions", "🏗️",
        keywords="structural,drawings,framing plan", seq=2)
    doc(deck, "electrical_plans", "Electrical plans (if adding outlets/lighting)", "⚡", mandatory=False,
        keywords="electrical,wiring,lighting", seq=3)
    doc(deck, "property_survey", "Property survey (if close to setbacks)", "🏠", mandatory=False, keywords="survey",
        seq=4)
    doc(deck, "engineering_calculations", "Engineered structural calculations (decks over 500 sq ft)", "📏",
        keywords="calculations,calcs,engineering", when="over_threshold", seq=5)
    condition(deck, "Standard setback requirements apply", seq=1)
    condition(deck, "Plans stamped by a licensed engineer required", when="over_threshold", seq=2)
    condition(deck, "2021 International Residential Code R507 (exterior decks)", kind="code", seq=3)
    inspection_type(deck, "foundation", "Foundation", "before building", seq=1)
    inspection_type(deck, "framing", "Framing", "before decking and railings go on", seq=2)
    inspection_type(deck, "final", "Final", "when the deck is complete", seq=3)
    return deck


def make_building_type() -> PermitType:
    """Valuation-based fees and a garage-specific document and condition."""
    building = PermitType.objects.create(
        code="building_permit", name="Building Permit", icon="🏠", category="building",
        project_label="Building Addition or Alteration", zone_classes="R,C,I,M", review_days_min=21,
        review_days_max=42, validity_months=12, payment_due_days=10)
    fee(building, "Permit Fee", "permit", "100", basis="valuation", rate="8.00", per=1000, minimum="200", seq=1)
    fee(building, "Plan Review", "plan_review", basis="valuation", rate="6.50", per=1000, minimum="100", seq=2)
    fee(building, "Inspections", "inspection", "150", seq=3)
    doc(building, "site_plan", "Site plan with setbacks and lot coverage", "📐", keywords="site plan,site", seq=1)
    doc(building, "architectural_plans", "Architectural plans (floor plans and elevations)", "🏛️",
        keywords="architectural,floor plan", seq=2)
    doc(building, "driveway_plan", "Driveway and curb cut plan", "🚗", keywords="driveway",
        when="project_scope", match="garage_addition,garage,carport", seq=3)
    condition(building, "Work must follow the approved plans; changes need a plan revision", seq=1)
    condition(building, "Garage walls next to the house need one-hour fire separation (IRC R302.6)",
              when="project_scope", match="garage_addition,garage", seq=2)
    condition(building, "2021 International Building Code", kind="code", seq=3)
    inspection_type(building, "foundation", "Foundation", "before pouring concrete", seq=1)
    inspection_type(building, "final", "Final", "before occupying the new space", seq=2)
    return building


FOOD = "restaurant,cafe,bakery,bar,food_truck,catering,grocery"


def make_business_type() -> PermitType:
    """The restaurant workflow's licence: food and alcohol rows on top of the base fee."""
    business = PermitType.objects.create(
        code="business_license", name="Business License", icon="🏪", category="business",
        project_label="New Business", zone_classes="C,I,M", review_days_min=5, review_days_max=10,
        validity_label="License Term", validity_months=12, payment_due_days=7)
    fee(business, "Business License Fee", "license", "125", seq=1)
    fee(business, "Health Permit", "license", "275", when="business_type", match=FOOD, seq=2)
    fee(business, "Liquor License Review", "license", "450", when="serves_alcohol", seq=3)
    doc(business, "business_registration", "Business registration (articles or DBA filing)", "📝",
        keywords="registration", seq=1)
    doc(business, "food_service_plan", "Food service plan (kitchen layout and menu)", "🍽️", keywords="food,menu",
        when="business_type", match=FOOD, seq=2)
    doc(business, "liquor_application", "State liquor license application", "🍷", keywords="liquor",
        when="serves_alcohol", seq=3)
    condition(business, "Business must register with the city tax office before opening", seq=1, applicant_step=True)
    condition(business, "State liquor license (ABC) required before serving alcohol", when="serves_alcohol", seq=2)
    inspection_type(business, "fire_safety", "Fire safety", "before opening", seq=1)
    inspection_type(business, "health", "Health", "before serving food", required=False, seq=2)
    return business


def make_closure(day: dt.date, reason="City holiday"):
    return InspectionClosure.objects.create(date=day, reason=reason)


def upload(filename: str, data: bytes = PDF, content_type: str | None = "application/pdf", document_type=None):
    """A checked document, as the submit tool hands it to the service."""
    return document_check(index=1, filename=filename, data=data, content_type=content_type,
                          document_type=document_type)


def submit_deck(*, address="123 Oak St", description="Adding 400 sq ft deck to back of house", cost="8000",
                documents=("site_plan.pdf", "structural_drawings.pdf"), **extra):
    return permit_application_submit(
        permit_type="residential_deck", property_address=address, project_description=description,
        applicant="Jane Doe", estimated_cost=Decimal(cost) if cost is not None else None,
        documents=[upload(name) for name in documents], actor="test", **extra)


def advance(application, *statuses, pay_before_issue=True):
    """Move an application through `statuses` with the real service (paying fees before issuing)."""
    for status in statuses:
        if status == "issued" and pay_before_issue:
            permit_application_fees_pay(reference=application.reference, actor="test")
        application, _ = permit_application_transition(reference=application.reference, status=status,
                                                       note="noted" if status in ("corrections_requested",
                                                                                  "rejected") else "",
                                                       actor="test")
    return application


def issued_deck(**kwargs):
    return advance(submit_deck(**kwargs), "in_review", "approved", "issued")
