"""An unknown place is refused naming the argument the caller read it from."""
import pytest

from apps.core.errors import ServiceError
from apps.places.selectors import place_resolve

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kwargs, field", [({}, "location"), ({"field": "property_address"}, "property_address")])
def test_an_unknown_place_names_the_argument(kwargs, field):
    with pytest.raises(ServiceError) as refused:
        place_resolve(query="Nowhere Plaza", **kwargs)
    assert (refused.value.code, refused.value.field) == ("unknown_place", field)
    assert "Nowhere Plaza" in refused.value.message
