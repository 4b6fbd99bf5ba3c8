"""Read the permit catalogue: one permit type with all its rule rows, or every type."""
from apps.core.errors import ServiceError
from apps.core.money import CURRENCY, money_str
from apps.permits.errors import UNKNOWN_PERMIT_TYPE_MESSAGE, PermitErrorCode
from apps.permits.fees import fee_rule_formula
from apps.permits.models import Condition, PermitType
from apps.permits.rules import ZONE_CLASS_LABELS, normalize_term

CATALOGUE_PREFETCH = ("fee_rules", "required_documents", "conditions", "inspection_types")


def _active_types():
    return PermitType.objects.filter(is_active=True)


def permit_type_codes(*, prefix: str = "") -> list[str]:
    """Return the active permit type codes, those starting with `prefix` first."""
    codes = list(_active_types().order_by("code").values_list("code", flat=True))
    key = normalize_term(prefix)
    if not key:
        return codes
    starting = [code for code in codes if code.startswith(key)]
    return starting + [code for code in codes if key in code and code not in starting]


def permit_type_get(*, code: str) -> PermitType:
    """Return an active permit type with its fee rules, documents, conditions and inspections."""
    permit_type = _active_types().prefetch_related(*CATALOGUE_PREFETCH).filter(code=normalize_term(code)).first()
    if permit_type is None:
        codes = permit_type_codes()
        raise ServiceError(
            PermitErrorCode.UNKNOWN_PERMIT_TYPE,
            UNKNOWN_PERMIT_TYPE_MESSAGE.format(code=code.strip(), valid=", ".join(codes)),
            field="permit_type",
            details={"valid_permit_types": codes},
        )
    return permit_type


def permit_type_list() -> list[PermitType]:
    """Return every active permit type with its rule rows."""
    return list(_active_types().order_by("code").prefetch_related(*CATALOGUE_PREFETCH))


def review_period(days_min: int, days_max: int) -> str:
    """Say a review period the way residents think of it: "2-3 weeks", "5-10 days"."""
    if days_min % 7 == 0 and days_max % 7 == 0 and days_min:
        low, high = days_min // 7, days_max // 7
        unit = "week" if high == 1 else "weeks"
        return f"{low} {unit}" if low == high else f"{low}-{high} weeks"
    unit = "day" if days_max == 1 else "days"
    return f"{days_min} {unit}" if days_min == days_max else f"{days_min}-{days_max} days"


def condition_text(row, threshold: int | None) -> str:
    """Describe when a row applies: "always", "over 500 sq ft", "when alcohol is served"…"""
    condition = row.applies_when
    if condition == Condition.WITHIN_THRESHOLD:
        return f"{threshold:,} sq ft or less" if threshold is not None else "always"
    if condition == Condition.OVER_THRESHOLD:
        return f"over {threshold:,} sq ft" if threshold is not None else "never"
    if condition == Condition.SERVES_ALCOHOL:
        return "when alcohol is served"
    if condition == Condition.BUSINESS_TYPE:
        return "business type: " + ", ".join(row.match_value_list())
    if condition == Condition.PROJECT_SCOPE:
        return "project scope: " + ", ".join(row.match_value_list())
    return "always"


def allowed_zone_labels(permit_type: PermitType) -> list[str]:
    return [ZONE_CLASS_LABELS.get(cls, cls) for cls in permit_type.zone_class_list()]


def fee_schedule_rows(permit_type: PermitType) -> list[dict]:
    """Return the fee schedule as data: each rule's formula and when it applies."""
    threshold = permit_type.area_threshold_sqft
    return [
        {
            "label": rule.label,
            "kind": rule.kind,
            "applies": condition_text(rule, threshold),
            "formula": fee_rule_formula(rule),
            "basis": rule.basis,
            "flat_amount": rule.flat_amount,
            "rate": f"{rule.rate.normalize():f}",
            "per_units": rule.per_units,
            "minimum": rule.minimum,
            "maximum": rule.maximum,
        }
        for rule in permit_type.fee_rules.all()
    ]


def permit_type_describe(permit_type: PermitType) -> dict:
    """Return a permit type as JSON-ready data: requirements, fee schedule, inspections."""
    threshold = permit_type.area_threshold_sqft
    conditions = list(permit_type.conditions.all())

    def money(value):
        return money_str(value) if value is not None else None

    return {
        "code": permit_type.code,
        "name": permit_type.name,
        "category": permit_type.category,
        "description": permit_type.description,
        "project_label": permit_type.project_label,
        "area_threshold_sqft": threshold,
        "allowed_zones": allowed_zone_labels(permit_type),
        "review_days_min": permit_type.review_days_min,
        "review_days_max": permit_type.review_days_max,
        "review_period": review_period(permit_type.review_days_min, permit_type.review_days_max),
        "validity_label": permit_type.validity_label,
        "validity_months": permit_type.validity_months,
        "payment_due_days": permit_type.payment_due_days,
        "currency": CURRENCY,
        "fee_schedule": [
            {**row, "flat_amount": money(row["flat_amount"]), "minimum": money(row["minimum"]),
             "maximum": money(row["maximum"])}
            for row in fee_schedule_rows(permit_type)
        ],
        "required_documents": [
            {"code": doc.code, "name": doc.name, "mandatory": doc.mandatory,
             "applies": condition_text(doc, threshold)}
            for doc in permit_type.required_documents.all()
        ],
        "conditions": [
            {"text": row.text, "applies": condition_text(row, threshold)}
            for row in conditions if row.kind == row.Kind.CONDITION
        ],
        "codes": [row.text for row in conditions if row.kind == row.Kind.CODE],
        "inspections": [
            {"code": kind.code, "name": kind.name, "timing": kind.timing, "required": kind.required}
            for kind in permit_type.inspection_types.all()
        ],
    }


def permit_type_catalogue() -> dict:
    """Return every active permit type described, for the catalogue resource."""
    return {"permit_types": [permit_type_describe(t) for t in permit_type_list()], "currency": CURRENCY}
