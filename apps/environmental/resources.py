"""Resources of the environmental domain: collection areas, bulk item rules, programs, one report."""
from apps.environmental import answers
from apps.environmental.catalogue import WEEKDAYS, WasteStream
from apps.environmental.selectors import bulk_item_rule_list, collection_area_list, program_list, reference_normalize, report_get
from apps.environmental.tools import ProgramOutput, TrackEnvironmentalReportOutput
from apps.mcp.watches import Watch
from apps.mcp.registry import resource, resource_template


@resource(uri="civicmind://environmental/collection-areas", name="collection-areas", title="Waste collection areas")
def collection_areas() -> dict:
    """Every collection area: the streets it serves, its collection days and its bulk pickup day."""
    return {"areas": [{
        "code": area.code, "name": area.name, "streets": [street.street_name for street in area.streets.all()],
        "schedules": [{"stream": s.stream, "label": WasteStream(s.stream).label, "weekday": WEEKDAYS[s.weekday],
                       "frequency": s.frequency} for s in area.schedules.all()],
        "bulk_pickup_weekday": WEEKDAYS[area.bulk_weekday], "bulk_capacity_per_day": area.bulk_capacity,
    } for area in collection_area_list()]}


@resource(uri="civicmind://environmental/bulk-items", name="bulk-item-rules", title="What bulk pickups take")
def bulk_items() -> dict:
    """The items bulk pickups take and refuse, with where refused items go instead."""
    return {"rules": [{"keyword": rule.keyword, "accepted": rule.accepted, "instructions": rule.instructions}
                      for rule in bulk_item_rule_list()]}


@resource(uri="civicmind://environmental/programs", name="sustainability-programs", title="Sustainability programs")
def programs() -> dict:
    """Every sustainability program open for enrollment."""
    return {"programs": ProgramOutput(instance=[answers.program_facts(p) for p in program_list()], many=True).data}


@resource_template(uri_template="civicmind://environmental/reports/{reference}", name="environmental-report",
                   title="An environmental report", output=TrackEnvironmentalReportOutput,
                   watch=Watch(("environmental_report.*",), field="reference", normalize=reference_normalize,
                               creates=("environmental_report.filed",)))
def report(reference: str) -> dict:
    """One environmental report by reference: type, status, response date (place and details to staff)."""
    return dict(TrackEnvironmentalReportOutput(instance=answers.report_facts(report_get(reference=reference))).data)
