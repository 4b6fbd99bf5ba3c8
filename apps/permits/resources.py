"""Resources of the permits domain: the permit catalogue and one application by reference."""
from apps.mcp.watches import Watch
from apps.mcp.registry import resource, resource_template
from apps.permits.completions import complete_permit_type
from apps.permits.selectors.applications import normalize_reference
from apps.permits.selectors import (
    permit_application_get,
    permit_application_report,
    permit_type_catalogue,
    permit_type_describe,
    permit_type_get,
)
from apps.permits.fields.outputs import ApplicationOutput


@resource(uri="civicmind://permits/types", name="permit-types", title="Permit types")
def permit_types():
    """Every permit type with its requirements, fee schedule, inspections and review time."""
    return permit_type_catalogue()


@resource_template(uri_template="civicmind://permits/types/{code}", name="permit-type", title="Permit type",
                   completions={"code": complete_permit_type})
def permit_type(code: str):
    """One permit type (e.g. residential_deck) with its requirements and fee schedule."""
    return permit_type_describe(permit_type_get(code=code))


@resource_template(uri_template="civicmind://permits/applications/{reference}", name="permit-application",
                   title="Permit application", output=ApplicationOutput,
                   watch=Watch(("permit.*", "inspection.scheduled"), field="reference",
                               normalize=normalize_reference, creates=("permit.submitted",)))
def permit_application(reference: str):
    """One permit application by reference (PRM-2026-000123): status, timeline, fees, inspections."""
    return dict(ApplicationOutput(instance=permit_application_report(permit_application_get(reference=reference))).data)
