"""Answer "what does my project need?": analysis, requirements and fee quotes.

Everything is computed from the permit type's catalogue rows and the property's zoning;
the results are plain dicts shaped like the tools' structured answers (Decimals and dates
are turned into strings by the output serializers).
"""
from decimal import Decimal

from apps.core.money import CURRENCY
from apps.permits.area import project_area
from apps.permits.fees import fee_lines, fee_total, missing_fee_inputs
from apps.permits.models import Condition, PermitCondition, PermitType
from apps.permits.rules import ZONE_CLASS_LABELS, Project, applicable, normalize_term, zone_class
from apps.permits.selectors.properties import PropertyInfo, property_resolve
from apps.permits.selectors.types import (
    allowed_zone_labels,
    condition_text,
    fee_schedule_rows,
    permit_type_get,
    review_period,
)
from apps.permits.text import indefinite

MET = "met"  # checked against the facts given (size, zoning) and satisfied
NOT_MET = "not_met"
TO_DO = "to_do"  # a standing condition the applicant still has to fulfil or follow: never shown as met
ADDITIONAL = "additional"
TO_CONFIRM = "to_confirm"

ALCOHOL_QUESTION = "Does the business serve alcohol?"


def _requirement(text: str, status: str) -> dict:
    return {"text": text, "status": status}


def size_requirement(permit_type: PermitType, project: Project) -> dict | None:
    """Say where the project sits against the type's size threshold, if it has one."""
    threshold = permit_type.area_threshold_sqft
    if threshold is None:
        return None
    area = project.area_sqft
    if area is None:
        return _requirement(f"Size not given: projects over {threshold:,} sq ft follow the larger-project "
                            "schedule", TO_CONFIRM)
    if area < threshold:
        return _requirement(f"Size under {threshold:,} sq ft threshold", MET)
    if area == threshold:
        return _requirement(f"Size at the {threshold:,} sq ft threshold", MET)
    return _requirement(f"Size over {threshold:,} sq ft threshold: the larger-project fees and documents "
                        "apply", ADDITIONAL)


def zoning_requirement(permit_type: PermitType, prop: PropertyInfo | None) -> dict | None:
    """Say whether the property's zoning district allows this permit type."""
    allowed = permit_type.zone_class_list()
    if not allowed:
        return None
    if prop is None:
        return _requirement("Property address not given: zoning compatibility not checked", TO_CONFIRM)
    cls = zone_class(prop.zone)
    if cls is None:
        return _requirement(f"Zoning district of {prop.address} not on file: confirm compatibility with the "
                            "zoning office", TO_CONFIRM)
    label = ZONE_CLASS_LABELS[cls]
    if cls in allowed:
        return _requirement(f"{label} property zoning compatible", MET)
    return _requirement(f"{label} zoning ({prop.zone}) does not allow {indefinite(permit_type.name)}: allowed in "
                        f"{', '.join(allowed_zone_labels(permit_type))} districts", NOT_MET)


def condition_requirements(permit_type: PermitType, project: Project) -> list[dict]:
    """A standing rule is met by following it (the seed's "Standard setback requirements apply");
    a step the applicant still has to take is a to-do, never met; conditional rows are extra steps."""
    rows = applicable(permit_type.conditions.all(), project, permit_type.area_threshold_sqft)
    return [
        _requirement(row.text, _condition_status(row))
        for row in rows if row.kind == PermitCondition.Kind.CONDITION
    ]


def _condition_status(row: PermitCondition) -> str:
    if row.applicant_step:
        return TO_DO
    return MET if row.applies_when == Condition.ALWAYS else ADDITIONAL


def alcohol_dependent_rows(permit_type: PermitType) -> list[str]:
    """Name the fees, documents and conditions of a type that apply only when alcohol is served."""
    rows = [*permit_type.fee_rules.all(), *permit_type.required_documents.all(), *permit_type.conditions.all()]
    return [getattr(row, "label", None) or getattr(row, "name", None) or row.text
            for row in rows if row.applies_when == Condition.SERVES_ALCOHOL]


def open_questions(permit_type: PermitType, project: Project) -> list[dict]:
    """Ask what the answer depends on but the project does not say, instead of guessing it.

    Today that is alcohol: when a permit type has rows that apply only if alcohol is served
    and neither `serves_alcohol` nor the description settles it, the rows are left out and
    the question is asked, naming the argument that answers it.
    """
    if project.alcohol_answer() is not None:
        return []
    depends = alcohol_dependent_rows(permit_type)
    if not depends:
        return []
    return [{"argument": "serves_alcohol", "question": ALCOHOL_QUESTION,
             "if_yes": depends}]


def documents_for(permit_type: PermitType, project: Project) -> list:
    return applicable(permit_type.required_documents.all(), project, permit_type.area_threshold_sqft)


def document_rows(documents) -> list[dict]:
    return [{"code": doc.code, "name": doc.name, "icon": doc.icon, "mandatory": doc.mandatory}
            for doc in documents]


def fee_summary(permit_type: PermitType, project: Project) -> dict:
    """Return the itemised fees with their total, and which inputs would firm them up."""
    rules = list(permit_type.fee_rules.all())
    lines = fee_lines(rules, project, permit_type.area_threshold_sqft)
    return {
        "items": [
            {"label": line.label, "kind": line.kind, "amount": line.amount, "basis": line.basis,
             "note": line.note, "estimated": line.estimated}
            for line in lines
        ],
        "total": fee_total(lines),
        "currency": CURRENCY,
        "estimated": any(line.estimated for line in lines),
        "missing_inputs": missing_fee_inputs(rules, project, permit_type.area_threshold_sqft),
    }


def timeline_summary(permit_type: PermitType) -> dict:
    return {
        "review_days_min": permit_type.review_days_min,
        "review_days_max": permit_type.review_days_max,
        "review_period": review_period(permit_type.review_days_min, permit_type.review_days_max),
        "validity_label": permit_type.validity_label,
        "validity_months": permit_type.validity_months,
    }


def first_inspection_step(permit_type: PermitType) -> str | None:
    first = next((kind for kind in permit_type.inspection_types.all() if kind.required), None)
    if first is None:
        return None
    return f"Schedule {first.name.lower()} inspection {first.timing}".strip()


def analysis_next_steps(permit_type: PermitType, requirements: list[dict]) -> list[str]:
    steps = []
    if any(item["status"] == NOT_MET for item in requirements):
        steps.append("Resolve the requirements not met above before applying (the zoning office can "
                     "advise on a variance)")
    steps.append("Submit application with required documents")
    steps.append(f"Pay fees within {permit_type.payment_due_days} days")
    inspection = first_inspection_step(permit_type)
    if inspection:
        steps.append(inspection)
    return steps


def permit_type_analysis(*, permit_type: str, project_description: str | None = None,
                         property_address: str | None = None, estimated_cost: Decimal | None = None,
                         square_feet: int | None = None, business_type: str | None = None,
                         serves_alcohol: bool | None = None) -> dict:
    """Return what a project needs: requirements met or not, documents, fees, timeline, next steps."""
    ptype = permit_type_get(code=permit_type)
    prop = property_resolve(address=property_address) if property_address else None
    area, area_source = project_area(square_feet=square_feet, description=project_description)
    project = Project(area_sqft=area, valuation=estimated_cost, description=project_description or "",
                      business_type=business_type, serves_alcohol=serves_alcohol)
    requirements = [item for item in (size_requirement(ptype, project), zoning_requirement(ptype, prop)) if item]
    requirements += condition_requirements(ptype, project)
    questions = open_questions(ptype, project)
    alcohol = None  # only a licence cares; for one, the description may say what the flag did not
    if serves_alcohol is not None or ptype.category == PermitType.Category.BUSINESS:
        alcohol = project.alcohol_answer()
    return {
        "permit_type": ptype.code,
        "permit_type_name": ptype.name,
        "icon": ptype.icon,
        "project": {
            "type": ptype.project_label,
            "description": project_description,
            "area_sqft": area,
            "area_source": area_source,
            "property_address": prop.address if prop else None,
            "place_name": prop.place_name if prop else None,
            "zone": (prop.zone or None) if prop else None,
            "estimated_cost": estimated_cost,
            "business_type": normalize_term(business_type) or None,
            "serves_alcohol": alcohol,
        },
        "requirements": requirements,
        "requirements_met": not any(item["status"] == NOT_MET for item in requirements),
        "open_questions": questions,
        "required_documents": document_rows(documents_for(ptype, project)),
        "fees": fee_summary(ptype, project),
        "timeline": timeline_summary(ptype),
        "next_steps": analysis_next_steps(ptype, requirements),
        "tip": ptype.tip or None,
        "currency": CURRENCY,
    }


def _split_by_condition(rows, project: Project, threshold: int | None) -> tuple[list, list]:
    """Split rows into those that apply to the scope and those that apply only in other cases."""
    applying, conditional = [], []
    for row in rows:
        always = row.applies_when in (Condition.ALWAYS, Condition.WITHIN_THRESHOLD)
        if always or (row.applies_when == Condition.PROJECT_SCOPE and applicable([row], project, threshold)):
            applying.append(row)
        else:
            conditional.append(row)
    return applying, conditional


def permit_type_requirements(*, permit_type: str, project_scope: str | None = None) -> dict:
    """Return the documents, inspections, codes, fee schedule and review time of a permit type."""
    ptype = permit_type_get(code=permit_type)
    threshold = ptype.area_threshold_sqft
    scope = normalize_term(project_scope) or None
    project = Project(project_scope=scope, description=(scope or "").replace("_", " "))
    documents, conditional_documents = _split_by_condition(ptype.required_documents.all(), project, threshold)
    conditions = [row for row in ptype.conditions.all() if row.kind == PermitCondition.Kind.CONDITION]
    scoped_rows = [row for row in [*ptype.required_documents.all(), *conditions]
                   if row.applies_when == Condition.PROJECT_SCOPE]
    general_conditions, conditional_conditions = _split_by_condition(conditions, project, threshold)
    return {
        "permit_type": ptype.code,
        "permit_type_name": ptype.name,
        "icon": ptype.icon,
        "project_scope": scope,
        "scope_matched": any(applicable([row], project, threshold) for row in scoped_rows),
        "required_documents": document_rows(documents),
        "conditional_documents": [
            {**document_rows([doc])[0], "applies": condition_text(doc, threshold)} for doc in conditional_documents
        ],
        "conditions": [row.text for row in general_conditions],
        "conditional_requirements": [
            {"text": row.text, "applies": condition_text(row, threshold)} for row in conditional_conditions
        ],
        "codes": [row.text for row in ptype.conditions.all() if row.kind == PermitCondition.Kind.CODE],
        "inspections": [
            {"code": kind.code, "name": kind.name, "timing": kind.timing, "required": kind.required}
            for kind in ptype.inspection_types.all()
        ],
        "allowed_zones": allowed_zone_labels(ptype),
        "area_threshold_sqft": threshold,
        "fee_schedule": fee_schedule_rows(ptype),
        "timeline": timeline_summary(ptype),
        "payment_due_days": ptype.payment_due_days,
        "currency": CURRENCY,
    }


def permit_type_fee_quote(*, permit_type: str, estimated_cost: Decimal | None = None,
                          square_feet: int | None = None) -> dict:
    """Return the itemised fees for a project's valuation and area, with the assumptions made."""
    ptype = permit_type_get(code=permit_type)
    threshold = ptype.area_threshold_sqft
    project = Project(area_sqft=square_feet, valuation=estimated_cost)
    fees = fee_summary(ptype, project)
    assumptions = []
    if "square_feet" in fees["missing_inputs"] and threshold is not None:
        assumptions.append(f"square_feet not given: fees assume {threshold:,} sq ft or less.")
    elif "square_feet" in fees["missing_inputs"]:
        assumptions.append("square_feet not given: area-based fees are shown at their minimum.")
    if "estimated_cost" in fees["missing_inputs"]:
        assumptions.append("estimated_cost not given: valuation-based fees are shown at their minimum.")
    over = project.is_over(threshold)
    return {
        "permit_type": ptype.code,
        "permit_type_name": ptype.name,
        "icon": ptype.icon,
        "estimated_cost": estimated_cost,
        "square_feet": square_feet,
        "area_threshold_sqft": threshold,
        "size_band": None if threshold is None or over is None else ("over" if over else "within"),
        "fees": fees,
        "assumptions": assumptions,
        "payment_due_days": ptype.payment_due_days,
        "currency": CURRENCY,
    }
