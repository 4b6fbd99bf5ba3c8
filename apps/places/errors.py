"""Error codes and messages of the gazetteer."""
from django.db import models


class PlaceErrorCode(models.TextChoices):
    UNKNOWN_PLACE = "unknown_place"


UNKNOWN_PLACE_MESSAGE = "I couldn't find \"{query}\" in the city's gazetteer."
UNKNOWN_PLACE_HINT = " Did you mean: {suggestions}?"
UNKNOWN_PLACE_NO_HINT = " Try a street address such as \"123 Main St\" or a landmark such as \"Downtown City Hall\"."
