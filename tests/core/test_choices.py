"""Typed words to catalogue values, and prompt completions (apps/core/choices.py)."""
from apps.core.choices import choice_completions, choice_key, choice_normalize

CHOICES = ["traffic_accident", "traffic_signal", "fire"]
ALIASES = {"car_crash": "traffic_accident", "blaze": "fire"}


def test_typed_words_become_the_catalogue_value_or_stay_as_typed():
    assert choice_key(" Traffic-Accident ") == "traffic_accident"
    assert choice_normalize("Traffic Signal", choices=CHOICES) == "traffic_signal"
    assert choice_normalize("car crash", choices=CHOICES, aliases=ALIASES) == "traffic_accident"
    assert choice_normalize("hail", choices=CHOICES, aliases=ALIASES) == "hail"


def test_completions_offer_the_values_that_start_with_what_was_typed_or_its_alias():
    complete = choice_completions(CHOICES, ALIASES)
    assert complete("Traff", {}) == ["traffic_accident", "traffic_signal"]
    assert complete("blaze", {}) == ["fire"]
    assert complete("", {}) == CHOICES
    assert complete("x", {}) == []
