"""Resources of the zoning domain: the districts and their rules, one variance, the catalogue."""
from apps.core.errors import ServiceError
from apps.core.money import CURRENCY, money_str
from apps.mcp.watches import Watch
from apps.mcp.registry import resource, resource_template
from apps.zoning import answers
from apps.zoning.catalogue import VARIANCE_FEES, LandUse, VarianceType
from apps.zoning.errors import ZoningErrorCode
from apps.zoning.selectors import district_list, reference_normalize, variance_get
from apps.zoning.tools import TrackVarianceOutput, UseRuleOutput


def _district_facts(district) -> dict:
    return {**answers.district_facts(district), "description": district.description or None,
            **answers.standards_facts(district),
            "uses": UseRuleOutput(instance=[answers.use_rule_facts(r) for r in district.use_rules.all()],
                                  many=True).data}


def _code_completions(value: str, context: dict) -> list[str]:
    prefix = value.strip().upper()
    return [district.code for district in district_list() if district.code.startswith(prefix)]


@resource(uri="civicmind://zoning/districts", name="zoning-districts", title="Zoning districts")
def districts() -> dict:
    """Every zoning district: setbacks, height, lot coverage and the rule for each listed use."""
    return {"districts": [_district_facts(district) for district in district_list()]}


@resource_template(uri_template="civicmind://zoning/districts/{code}", name="zoning-district",
                   title="A zoning district", completions={"code": _code_completions})
def district(code: str) -> dict:
    """One zoning district (R-1, R-2, C-1, C-2, I-1, OS) with its standards and use rules."""
    found = next((d for d in district_list() if d.code == code.strip().upper()), None)
    if found is None:
        raise ServiceError(ZoningErrorCode.NO_DISTRICT, f"No zoning district has code {code}.")
    return _district_facts(found)


@resource_template(uri_template="civicmind://zoning/variances/{reference}", name="zoning-variance",
                   title="A variance application", output=TrackVarianceOutput,
                   watch=Watch(("variance.*",), field="reference", normalize=reference_normalize,
                               creates=("variance.submitted",)))
def variance(reference: str) -> dict:
    """One variance application by reference: status, hearing, decision, timeline (no contact details)."""
    return dict(TrackVarianceOutput(instance=answers.variance_facts(variance_get(reference=reference))).data)


@resource(uri="civicmind://zoning/catalogue", name="zoning-catalogue", title="Land uses and variance types")
def catalogue() -> dict:
    """The business types check_compliance accepts and the variance types with their filing fees."""
    return {
        "business_types": [{"value": value, "label": label} for value, label in LandUse.choices],
        "variance_types": [{"value": value, "label": label, "fee": money_str(VARIANCE_FEES[VarianceType(value)]),
                            "currency": CURRENCY} for value, label in VarianceType.choices],
    }
