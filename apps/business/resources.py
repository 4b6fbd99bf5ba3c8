"""The opening plan as a resource: what plan_business_opening answers, for one use at one address."""
from apps.business.answers.plan import opening_plan_facts
from apps.business.fields import OpeningPlanOutput
from apps.business.planning import business_opening_plan
from apps.business.prompts import business_type_completions
from apps.business.tools.plan import SERVED_ON, PlanBusinessOpeningInput
from apps.core.errors import ServiceError
from apps.mcp.registry import resource_template

INVALID_ARGUMENTS = "invalid_arguments"


@resource_template(uri_template="civicmind://business/opening-plans/{business_type}/{address}",
                   name="business-opening-plan", title="Plan for opening a business at an address",
                   domain="business", also_on=SERVED_ON, output=OpeningPlanOutput,
                   completions={"business_type": business_type_completions})
def opening_plan(business_type: str, address: str) -> dict:
    """The opening plan of a use at an address (no seats, area or opening date: the tool takes those)."""
    arguments = PlanBusinessOpeningInput(data={"business_type": business_type, "address": address})
    if not arguments.is_valid():
        field, messages = next(iter(arguments.errors.items()))
        raise ServiceError(INVALID_ARGUMENTS, f"{field}: {' '.join(str(m) for m in messages)}", field=field)
    facts = opening_plan_facts(business_opening_plan(**arguments.validated_data))
    return dict(OpeningPlanOutput(instance=facts).data)
