"""find_parking: parking options near a place, with costs for the stay and a recommendation."""
from rest_framework import serializers

from apps.mcp.registry import Access, ToolResult, tool
from apps.parking.answers.parking import search_data, search_text
from apps.parking.parsing import duration_parse
from apps.parking.search import facility_search
from apps.parking.fields import money_field, optional_field


class FindParkingInput(serializers.Serializer):
    location = serializers.CharField(
        max_length=200, help_text="Where you are going: a landmark (\"Downtown City Hall\") or an address.")
    duration = serializers.CharField(
        required=False, max_length=40,
        help_text="How long you will park, e.g. \"2 hours\" or \"90 minutes\" (up to 24 hours).")
    parking_type = serializers.ChoiceField(choices=["street", "garage", "lot", "any"], default="any",
                                           help_text="Only this kind of parking, or any.")
    max_results = serializers.IntegerField(default=5, min_value=1, max_value=20,
                                           help_text="Most options to list.")

    def validate_duration(self, value):
        try:
            return duration_parse(value)
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None


class PlaceOutput(serializers.Serializer):
    name = serializers.CharField()
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()

    class Meta:
        public_fields = ("name", "latitude", "longitude")


class FacilityOutput(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField()
    address = serializers.CharField(allow_blank=True)
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    distance_miles = serializers.FloatField()
    hourly_rate = money_field(allow_null=True)
    flat_rate = money_field(allow_null=True)
    daily_max = money_field(allow_null=True)
    time_limit_minutes = serializers.IntegerField(allow_null=True)
    enforcement_hours = serializers.CharField(allow_null=True, help_text="HH:MM-HH:MM, local time.")
    capacity = serializers.IntegerField()
    spaces_available = serializers.IntegerField()
    cost = money_field(allow_null=True, help_text="Cost of the requested stay (null without a duration).")
    currency = serializers.CharField()
    ruled_out = optional_field(serializers.CharField(required=False, help_text="full | time_limit"))

    class Meta:
        public_fields = ("name", "kind", "address", "latitude", "longitude", "distance_miles", "hourly_rate",
            "flat_rate", "daily_max", "time_limit_minutes", "enforcement_hours", "capacity",
            "spaces_available", "cost", "currency", "ruled_out")


class RecommendationOutput(serializers.Serializer):
    name = serializers.CharField()
    reason = serializers.CharField(help_text="closest_and_cheapest | cheapest | closest")
    text = serializers.CharField()

    class Meta:
        public_fields = ("name", "reason", "text")


class FindParkingOutput(serializers.Serializer):
    location = PlaceOutput()
    parking_type = serializers.CharField()
    duration_minutes = serializers.IntegerField(allow_null=True)
    radius_miles = serializers.FloatField()
    options = FacilityOutput(many=True)
    ruled_out = FacilityOutput(many=True)
    nearest_beyond = optional_field(FacilityOutput(required=False))
    recommendation = optional_field(RecommendationOutput(required=False))

    class Meta:
        public_fields = ("location", "parking_type", "duration_minutes", "radius_miles", "options",
            "ruled_out", "nearest_beyond", "recommendation")


@tool(name="find_parking", title="Find parking", input=FindParkingInput, output=FindParkingOutput,
      access=Access.PUBLIC, read_only=True)
def find_parking(args: dict, ctx) -> ToolResult:
    """Find parking near a place by distance, with rates, spaces, limits, the cost of the stay and a recommendation."""
    search = facility_search(location=args["location"], parking_type=args["parking_type"],
                             duration_minutes=args.get("duration"), max_results=args["max_results"])
    return ToolResult(text=search_text(search), structured=search_data(search))
