"""Prompts of the permits domain: walk an assistant through applying and booking inspections."""
from apps.mcp.registry import PromptArgument, prompt
from apps.permits.completions import complete_inspection_type, complete_permit_type
from apps.permits.selectors import permit_type_get


@prompt(
    name="apply_for_a_permit",
    title="Apply for a permit",
    arguments=(
        PromptArgument("permit_type", "Permit type code, e.g. residential_deck or business_license.", required=True),
        PromptArgument("property_address", "Street address of the property."),
        PromptArgument("project_description", "What will be built or done, with its size."),
    ),
    completions={"permit_type": complete_permit_type},
)
def apply_for_a_permit(permit_type: str, property_address: str = "", project_description: str = ""):
    """Walk through analysing, pricing, submitting and tracking a permit application.

    An unknown permit type raises ServiceError, which prompts/get answers as invalid params.
    """
    ptype = permit_type_get(code=permit_type)
    documents = "; ".join(doc.name for doc in ptype.required_documents.all() if doc.applies_when == "always")
    first = next((kind for kind in ptype.inspection_types.all() if kind.required), None)
    where = f" at {property_address}" if property_address else ""
    project = f" Project: {project_description}." if project_description else ""
    inspection = f"the {first.name.lower()} inspection ({first.code})" if first else "each inspection"
    text = (
        f"I want to apply for a {ptype.name} (permit_type \"{ptype.code}\"){where}.{project}\n\n"
        "Please walk me through it with the CivicMind permits tools:\n"
        f"1. Call analyze_application with permit_type=\"{ptype.code}\", my project description and property "
        "address (and estimated_cost and square_feet if I know them); tell me which requirements are met and "
        "which are not.\n"
        f"2. Call check_requirements with permit_type=\"{ptype.code}\" and go through the documents I need"
        + (f" ({documents})" if documents else "") + ".\n"
        "3. Call calculate_fees with my estimated cost and area and show me the itemised total.\n"
        "4. When I have the documents, call submit_application with them as base64 PDF, JPEG or PNG files "
        "named after what they hold, and give me the reference and the access code it returns (the code is "
        "shown only once: tell me to keep it).\n"
        f"5. Later, track_status with that reference and access code shows progress; once the permit is issued, "
        f"schedule_inspection with both books {inspection}.\n\n"
        "Ask me for anything missing before calling a tool, and never invent addresses, costs or sizes."
    )
    return [{"role": "user", "content": {"type": "text", "text": text}}]


@prompt(
    name="schedule_an_inspection",
    title="Schedule a permit inspection",
    arguments=(
        PromptArgument("reference", "Permit application reference, e.g. PRM-2026-000123.", required=True),
        PromptArgument("inspection_type", "Inspection to book, e.g. foundation or final."),
    ),
    completions={"inspection_type": complete_inspection_type},
)
def schedule_an_inspection(reference: str, inspection_type: str = ""):
    """Walk through checking a permit and booking its next inspection.

    The access code is asked for in the conversation, not taken as a prompt argument: it is
    a secret, and prompt arguments are echoed back into the transcript as they are.
    """
    which = f"the \"{inspection_type}\" inspection" if inspection_type else "the next inspection that is due"
    text = (
        f"I need to book {which} for permit {reference}.\n\n"
        "1. Ask me for the access code submit_application gave me with the reference (like K7QX2-M9PRT): only "
        "the applicant can book, and the code is the proof. If I no longer have it, tell me to contact the "
        "permit office.\n"
        f"2. Call track_status with reference=\"{reference}\" and that access_code and check the permit is "
        "issued; tell me which inspections are still due.\n"
        "3. Ask me for a preferred date if I have one (YYYY-MM-DD), then call schedule_inspection with the "
        "reference, the access_code, the inspection_type code and that date.\n"
        "4. Tell me the date, time and inspector it booked."
    )
    return [{"role": "user", "content": {"type": "text", "text": text}}]
