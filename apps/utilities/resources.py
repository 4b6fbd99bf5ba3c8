"""Resources of the utilities domain: active outages, one outage by id, the catalogues."""
from django.utils import timezone
from rest_framework import serializers

from apps.mcp.watches import Watch
from apps.mcp.registry import resource, resource_template
from apps.utilities import answers
from apps.utilities.catalogue import RESPONSE_BUSINESS_DAYS, RequestType, ServiceType, service_emoji
from apps.utilities.selectors import outage_active_list, outage_get, reference_normalize
from apps.utilities.tools import NearbyOutageOutput, OutageOutput


class ActiveOutagesOutput(serializers.Serializer):
    outages = NearbyOutageOutput(many=True)

    class Meta:
        public_fields = ("outages",)


class OutageReportOutput(serializers.Serializer):
    address = serializers.CharField()
    reported_at = serializers.CharField()


class OneOutageOutput(OutageOutput):
    reports = OutageReportOutput(many=True)

    class Meta:
        # Where it is out, in what area, since when: public. Who reported from which
        # address: staff (apps.accounts.viewers).
        public_fields = ("outage_id", "service_type", "status", "area", "cause", "reported_at",
                         "estimated_restoration", "resolved_at", "report_count")


@resource(uri="civicmind://utilities/outages", name="utility-outages", title="Active utility outages",
          output=ActiveOutagesOutput, watch=Watch(("outage.*",)))
def active_outages() -> dict:
    """Every active water, electric, gas and sewer outage with its status and estimated restoration."""
    found = answers.outages_facts(outage_active_list(), address=None, service_type=None)["outages"]
    return {"outages": NearbyOutageOutput(instance=found, many=True).data}


@resource_template(uri_template="civicmind://utilities/outages/{outage_id}", name="utility-outage",
                   title="A utility outage", output=OneOutageOutput,
                   watch=Watch(("outage.*",), field="outage_id", normalize=reference_normalize,
                               creates=("outage.reported",)))
def outage(outage_id: str) -> dict:
    """One outage by id: service, status, area and restoration (reporting addresses to staff)."""
    found = outage_get(outage_id=outage_id)
    facts = dict(OutageOutput(instance=answers.outage_facts(found)).data)
    facts["reports"] = [{"address": report.address, "reported_at": timezone.localtime(report.reported_at).isoformat()}
                        for report in found.reports.all()]
    return facts


@resource(uri="civicmind://utilities/catalogue", name="utility-catalogue", title="Utility services and requests")
def catalogue() -> dict:
    """The services (service_type values) and request types (with response times) the tools accept."""
    return {
        "service_types": [{"value": value, "label": label, "emoji": service_emoji(value)}
                          for value, label in ServiceType.choices],
        "request_types": [{"value": value, "label": label,
                           "response_business_days": RESPONSE_BUSINESS_DAYS[RequestType(value)]}
                          for value, label in RequestType.choices],
    }
