"""Which filings are Open311 services: one service per kind of request, derived from the tools.

Each group names a filing tool (whose kind argument's choices become one service each), the
tracking tool that shows a request's public view, and the model its requests are listed
from. Service names, attributes and validation all come from the tools' own serializers,
so a noise type added to the catalogue is a new Open311 service at once.
"""
from dataclasses import dataclass

from apps.environmental.locks import NUMBERED as ENVIRONMENTAL_NUMBERED
from apps.environmental.models import BulkPickup, EnvironmentalReport
from apps.mcp.calls import bound_serializer
from apps.mcp.registry import Tool, registry
from apps.noise.locks import NUMBERED as NOISE_NUMBERED
from apps.noise.models import Complaint
from apps.parking.locks import NUMBERED as PARKING_NUMBERED
from apps.parking.models import Citation
from apps.transportation.locks import NUMBERED as TRANSPORTATION_NUMBERED
from apps.transportation.models import RoadIssue
from apps.utilities.locks import NUMBERED as UTILITIES_NUMBERED
from apps.utilities.models import Outage, ServiceRequest


@dataclass(frozen=True)
class ServiceGroup:
    prefix: str  # service codes are "<prefix>-<kind>"
    group: str  # GeoReport's `group`
    agency: str  # `agency_responsible`
    domain: str
    file_tool: str
    track_tool: str | None  # the tool showing one record's public view (reference_field is its argument)…
    kind_argument: str | None  # the filing tool's argument the service code fixes (None: one service)
    model: type
    reference_field: str  # the record's reference, and the tracking tool's argument
    requested_field: str  # when it was filed
    closed_statuses: frozenset
    reference_prefixes: tuple  # the domain's reference formats (its locks.NUMBERED)
    keywords: str
    read_resource: str | None = None  # …or the resource template that does (its one variable: the reference)
    location_argument: str = "location"  # the filing tool's argument for where
    # False where the tool can tell where without it (a utility request names its account instead).
    location_required: bool = True
    # Listed by GET /requests. Off where a list would let strangers enumerate other people's
    # records (parking: citations; docs/security.md, "Three views"): read by id only.
    listed: bool = True

    @property
    def filing(self) -> Tool:
        return registry.tools[(self.domain, self.file_tool)]

    @property
    def tracking(self) -> Tool | None:
        return registry.tools[(self.domain, self.track_tool)] if self.track_tool else None

    @property
    def reading(self):
        """The resource template that shows one record (when there is no tracking tool)."""
        return next(t for t in registry.templates if t.uri_template == self.read_resource)

    def kinds(self) -> dict:
        """{kind: label} from the filing tool's own argument ({None: group} for a single service)."""
        if self.kind_argument is None:
            return {None: self.group}
        return dict(bound_serializer(self.filing.input_serializer).fields[self.kind_argument].choices)

    def owns_reference(self, reference: str) -> bool:
        return reference.upper().startswith(tuple(f"{prefix}-" for prefix in self.reference_prefixes))


def prefixes_of(numbered: dict, model: type) -> tuple[str, ...]:
    """The reference prefixes a domain hands out for `model` (its locks.NUMBERED)."""
    return tuple(prefix for prefix, (numbered_model, *_rest) in numbered.items() if numbered_model is model)


GROUPS = (
    ServiceGroup(
        prefix="noise", group="Noise", agency="Noise Control", domain="noise",
        file_tool="file_complaint", track_tool="track_complaint", kind_argument="noise_type",
        model=Complaint, reference_field="case_number", requested_field="filed_at",
        closed_statuses=frozenset({"resolved", "closed", "unfounded"}),
        reference_prefixes=prefixes_of(NOISE_NUMBERED, Complaint),
        keywords="noise, complaint, quiet hours",
    ),
    ServiceGroup(
        prefix="road", group="Streets", agency="Transportation", domain="transportation",
        file_tool="report_road_issue", track_tool="track_road_issue", kind_argument="issue_type",
        model=RoadIssue, reference_field="reference", requested_field="reported_at",
        closed_statuses=frozenset({"resolved"}), reference_prefixes=prefixes_of(TRANSPORTATION_NUMBERED, RoadIssue),
        keywords="road, street, pothole, signal, streetlight",
    ),
    ServiceGroup(
        prefix="environmental", group="Environment", agency="Environmental Services", domain="environmental",
        file_tool="file_environmental_report", track_tool="track_environmental_report",
        kind_argument="report_type", model=EnvironmentalReport, reference_field="reference",
        requested_field="filed_at", closed_statuses=frozenset({"resolved", "closed"}),
        reference_prefixes=prefixes_of(ENVIRONMENTAL_NUMBERED, EnvironmentalReport),
        keywords="environment, dumping, pollution",
    ),
    ServiceGroup(
        prefix="parking-violation", group="Parking violation", agency="Parking Enforcement", domain="parking",
        file_tool="report_violation", track_tool=None, read_resource="civicmind://parking/citations/{citation_number}",
        kind_argument=None, model=Citation, reference_field="citation_number", requested_field="observed_at",
        closed_statuses=frozenset({"paid", "dismissed", "void"}),
        reference_prefixes=prefixes_of(PARKING_NUMBERED, Citation),
        keywords="parking, violation, blocked driveway, hydrant", listed=False,
    ),
    ServiceGroup(
        prefix="outage", group="Utilities", agency="Utilities", domain="utilities",
        file_tool="report_outage", track_tool=None, read_resource="civicmind://utilities/outages/{outage_id}",
        kind_argument="service_type", location_argument="address", model=Outage, reference_field="outage_id",
        requested_field="reported_at", closed_statuses=frozenset({"resolved"}),
        reference_prefixes=prefixes_of(UTILITIES_NUMBERED, Outage), keywords="outage, power, water, gas, sewer",
    ),
    ServiceGroup(
        prefix="utility-request", group="Utility service request", agency="Utilities", domain="utilities",
        file_tool="create_service_request", track_tool="track_service_request", kind_argument="request_type",
        location_argument="address", location_required=False, model=ServiceRequest, reference_field="reference",
        requested_field="created_at", closed_statuses=frozenset({"completed", "cancelled"}),
        reference_prefixes=prefixes_of(UTILITIES_NUMBERED, ServiceRequest),
        keywords="utility, start service, stop service, leak, meter",
    ),
    ServiceGroup(
        prefix="bulk-pickup", group="Bulk pickup", agency="Environmental Services", domain="environmental",
        file_tool="schedule_bulk_pickup", track_tool="track_bulk_pickup", kind_argument=None,
        location_argument="address", model=BulkPickup, reference_field="reference", requested_field="created_at",
        closed_statuses=frozenset({"completed", "missed", "cancelled"}),
        reference_prefixes=prefixes_of(ENVIRONMENTAL_NUMBERED, BulkPickup),
        keywords="bulk pickup, furniture, appliance, mattress",
    ),
)


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    kind: str | None
    group: ServiceGroup


def services() -> tuple[Service, ...]:
    """Every service, built once per registry generation (a new choice is a new service at once)."""
    return registry.view(("open311-services",), lambda: tuple(
        Service(code=service_code(group, kind), name=service_name(group, kind), kind=kind, group=group)
        for group in GROUPS for kind in group.kinds()))


def service_code(group: ServiceGroup, kind) -> str:
    return group.prefix if kind is None else f"{group.prefix}-{kind}"


def service_name(group: ServiceGroup, kind) -> str:
    return group.group if kind is None else f"{group.group}: {group.kinds().get(kind, kind)}"


def service_find(code: str) -> Service | None:
    return next((service for service in services() if service.code == code), None)


def group_for_reference(reference: str) -> ServiceGroup | None:
    return next((group for group in GROUPS if group.owns_reference(reference)), None)
