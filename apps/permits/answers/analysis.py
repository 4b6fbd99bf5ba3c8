"""Markdown for analyze_application, check_requirements and calculate_fees."""
from apps.permits.fees import money_text

REQUIREMENT_SECTIONS = (
    ("met", "✅ **Permit Requirements Met:**"),
    ("not_met", "❌ **Requirements Not Met:**"),
    ("to_do", "📝 **Still To Do:**"),
    ("additional", "📌 **Additional Requirements:**"),
    ("to_confirm", "❓ **To Confirm:**"),
)


def _title_words(term: str) -> str:
    return term.replace("_", " ").title()


def _document_line(number: int, doc: dict) -> str:
    icon = f"{doc['icon']} " if doc.get("icon") else ""
    return f"{number}. {icon}{doc['name']}"


def _fee_lines(fees: dict) -> list[str]:
    lines = []
    for item in fees["items"]:
        suffix = " (minimum; depends on the project's size or value)" if item["estimated"] else ""
        lines.append(f"- {item['label']}: {money_text(item['amount'])}{suffix}")
    lines.append(f"- **Total: {money_text(fees['total'])}**")
    if fees["missing_inputs"]:
        lines.append(f"- _Give {' and '.join(fees['missing_inputs'])} for exact fees._")
    return lines


def _timeline_lines(timeline: dict) -> list[str]:
    months = timeline["validity_months"]
    return [
        f"- Application Review: {timeline['review_period']}",
        f"- {timeline['validity_label']}: {months} month{'s' if months != 1 else ''} from approval",
    ]


def _overview(report: dict) -> list[str]:
    project = report["project"]
    kind = project["type"]
    if project["area_sqft"] is not None:
        kind += f" ({project['area_sqft']:,} sq ft)"
    lines = ["**Project Overview:**", f"- Type: {kind}"]
    if project["property_address"]:
        lines.append(f"- Location: {project['property_address']}")
    if project["estimated_cost"] is not None:
        lines.append(f"- Estimated Cost: {money_text(project['estimated_cost'])}")
    if project["business_type"]:
        lines.append(f"- Business Type: {_title_words(project['business_type'])}")
    if project["serves_alcohol"] is not None:
        lines.append(f"- Serves Alcohol: {'Yes' if project['serves_alcohol'] else 'No'}")
    return lines


def open_question_lines(questions: list[dict]) -> list[str]:
    """The questions the answer could not settle, with the argument that settles each."""
    lines = []
    for item in questions:
        lines.append(f"- {item['question']} Answer with {item['argument']}: true or false. If yes, these apply "
                     f"too (not included below): {', '.join(item['if_yes'])}.")
    return ["❓ **Open Question:**", *lines] if lines else []


def render_analysis(report: dict) -> str:
    """Render an analysis in the layout of the seed's deck example."""
    blocks = [f"{report['icon']} **{report['permit_type_name']} Analysis**", "\n".join(_overview(report))]
    if report["open_questions"]:
        blocks.append("\n".join(open_question_lines(report["open_questions"])))
    for status, heading in REQUIREMENT_SECTIONS:
        items = [item["text"] for item in report["requirements"] if item["status"] == status]
        if items:
            blocks.append("\n".join([heading, *(f"- {text}" for text in items)]))
    documents = report["required_documents"]
    if documents:
        blocks.append("\n".join(["📋 **Required Documents:**",
                                 *(_document_line(n, doc) for n, doc in enumerate(documents, start=1))]))
    blocks.append("\n".join(["💰 **Estimated Fees:**", *_fee_lines(report["fees"])]))
    blocks.append("\n".join(["⏱️ **Timeline:**", *_timeline_lines(report["timeline"])]))
    blocks.append("\n".join(["📞 **Next Steps:**",
                             *(f"{n}. {step}" for n, step in enumerate(report["next_steps"], start=1))]))
    if report["tip"]:
        blocks.append(f"💡 **Tip:** {report['tip']}")
    return "\n\n".join(blocks)


def render_requirements(report: dict) -> str:
    """Render a permit type's requirements: documents, inspections, codes, fees, review time."""
    title = f"{report['icon']} **{report['permit_type_name']} Requirements**"
    if report["project_scope"]:
        title += f" — {_title_words(report['project_scope'])}"
    blocks = [title]
    if report["project_scope"] and not report["scope_matched"]:
        blocks.append(f"No requirements specific to \"{report['project_scope']}\" are on file; the general "
                      "requirements below apply.")
    documents = report["required_documents"]
    lines = ["📋 **Required Documents:**",
             *(_document_line(n, doc) + ("" if doc["mandatory"] else " — if applicable")
               for n, doc in enumerate(documents, start=1))]
    blocks.append("\n".join(lines))
    if report["conditional_documents"]:
        blocks.append("\n".join(["➕ **Also Required When It Applies:**",
                                 *(f"- {doc['icon']} {doc['name']} ({doc['applies']})".replace("-  ", "- ")
                                   for doc in report["conditional_documents"])]))
    if report["inspections"]:
        blocks.append("\n".join(["🔍 **Inspections:**", *(
            f"{n}. {kind['name']}" + (f" — {kind['timing']}" if kind["timing"] else "")
            + ("" if kind["required"] else " (if applicable)")
            for n, kind in enumerate(report["inspections"], start=1))]))
    conditional = [f"{row['text']} ({row['applies']})" for row in report["conditional_requirements"]]
    rules = [*report["conditions"], *conditional, *report["codes"]]
    if rules:
        blocks.append("\n".join(["📘 **Codes & Conditions:**", *(f"- {text}" for text in rules)]))
    if report["allowed_zones"]:
        blocks.append(f"🗺️ **Zoning:** {', '.join(report['allowed_zones'])} districts")
    if report["area_threshold_sqft"] is not None:
        blocks.append(f"📏 **Size Threshold:** {report['area_threshold_sqft']:,} sq ft — larger projects follow "
                      "the larger-project rows")
    fee_rows = [f"- {row['label']}: {row['formula']}" + ("" if row["applies"] == "always" else f" ({row['applies']})")
                for row in report["fee_schedule"]]
    blocks.append("\n".join(["💰 **Fee Schedule:**", *fee_rows,
                             f"- Fees are due within {report['payment_due_days']} days of submitting"]))
    blocks.append("\n".join(["⏱️ **Review Time:**", *_timeline_lines(report["timeline"])]))
    blocks.append("📞 **Next Step:** use calculate_fees for your project's exact fees, then submit_application.")
    return "\n\n".join(blocks)


def render_fee_quote(report: dict) -> str:
    """Render itemised fees with the basis they were computed on."""
    blocks = [f"💰 **{report['permit_type_name']} Fees**"]
    basis = []
    if report["estimated_cost"] is not None:
        basis.append(f"- Estimated Cost: {money_text(report['estimated_cost'])}")
    if report["square_feet"] is not None:
        basis.append(f"- Area: {report['square_feet']:,} sq ft")
    if report["size_band"] == "within":
        basis.append(f"- Size: within the {report['area_threshold_sqft']:,} sq ft threshold")
    elif report["size_band"] == "over":
        basis.append(f"- Size: over the {report['area_threshold_sqft']:,} sq ft threshold")
    if basis:
        blocks.append("\n".join(["**Basis:**", *basis]))
    items = [f"- {item['label']}: {money_text(item['amount'])} — {item['note']}" for item in report["fees"]["items"]]
    blocks.append("\n".join(["**Itemised Fees:**", *items, f"- **Total: {money_text(report['fees']['total'])}**"]))
    if report["assumptions"]:
        blocks.append("\n".join(["**Assumptions:**", *(f"- {text}" for text in report["assumptions"])]))
    blocks.append(f"Fees are due within {report['payment_due_days']} days of submitting the application.")
    return "\n\n".join(blocks)
