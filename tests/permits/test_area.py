"""Reading a project's area from its description, around every boundary."""
import pytest

from apps.permits.area import MAX_AREA_SQFT, area_from_description, project_area


@pytest.mark.parametrize("text, expected", [
    ("Adding 400 sq ft deck to back of house", 400),
    ("Adding 400 square feet of deck", 400),
    ("400 sq. ft. deck", 400),
    ("a 400-sq-ft deck", 400),
    ("400sqft", 400),
    ("400 SF patio", 400),
    ("400 ft² patio", 400),
    ("400 square foot deck", 400),
    ("1,200 sq ft addition", 1200),
    ("400.5 sq ft", 401),  # half rounds up
    ("400.4 sq ft", 400),
    ("20 x 20 ft deck", 400),
    ("12' x 16' shed", 192),
    ("deck 20x20 feet", 400),
    ("1 sq ft", 1),
    (f"{MAX_AREA_SQFT:,} sq ft", MAX_AREA_SQFT),
    (f"{MAX_AREA_SQFT + 1:,} sq ft", None),
    ("0 sq ft", None),
    ("0.4 sq ft", None),
    ("costs $8000 and has 12 steps", None),
    ("123 Oak St", None),
    ("sq ft 400", None),
    ("", None),
    (None, None),
])
def test_area_from_description(text, expected):
    assert area_from_description(text) == expected


def test_the_first_stated_area_wins():
    assert area_from_description("a 300 sq ft deck and a 100 sq ft porch") == 300


def test_square_feet_argument_wins_over_the_description():
    assert project_area(square_feet=250, description="Adding 400 sq ft deck") == (250, "square_feet")


def test_area_read_from_description_says_so():
    assert project_area(square_feet=None, description="Adding 400 sq ft deck") == (400, "project_description")


def test_no_area_anywhere():
    assert project_area(square_feet=None, description="A deck") == (None, None)
