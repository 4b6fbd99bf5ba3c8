"""apps.accounts.viewers and access_codes: one place decides the viewer; serializers declare fields."""
from rest_framework import serializers

from apps.accounts.access_codes import access_code_issue, access_code_matches
from apps.accounts.principals import ANONYMOUS, Principal
from apps.accounts.viewers import Viewer, shape, viewer_for
from apps.mcp.registry import Access


class Line(serializers.Serializer):
    amount = serializers.CharField()
    usage = serializers.CharField()

    class Meta:
        public_fields = ("amount",)
        owner_fields = ("usage",)


class Answer(serializers.Serializer):
    reference = serializers.CharField()
    name = serializers.CharField()
    secret = serializers.CharField()
    lines = Line(many=True)

    class Meta:
        public_fields = ("reference", "lines")
        owner_fields = ("name",)


FACTS = {"reference": "R-1", "name": "Jo", "secret": "s", "lines": [{"amount": "1", "usage": "9"}], "icon": "x"}


def test_viewer_for_staff_only_in_the_keys_domains():
    staff = Principal(name="k", key_id=1, domains=frozenset({"parking"}), level=Access.STAFF)
    assert viewer_for(staff, "parking") is Viewer.STAFF
    assert viewer_for(staff, "safety") is Viewer.PUBLIC
    assert viewer_for(staff, "safety", owner=True) is Viewer.OWNER
    resident = Principal(name="r", key_id=2, level=Access.RESIDENT)
    assert viewer_for(resident, "parking") is Viewer.PUBLIC
    assert viewer_for(ANONYMOUS, "parking") is Viewer.PUBLIC
    assert viewer_for(None, "parking", owner=True) is Viewer.OWNER


def test_shape_declares_fields_per_viewer_and_undeclared_fields_stay_private():
    assert shape(Answer, FACTS, Viewer.PUBLIC) == {"reference": "R-1", "lines": [{"amount": "1"}]}
    assert shape(Answer, FACTS, Viewer.OWNER) == {"reference": "R-1", "name": "Jo",
                                                  "lines": [{"amount": "1", "usage": "9"}]}
    assert shape(Answer, FACTS, Viewer.STAFF) is FACTS
    text_facts = shape(Answer, FACTS, Viewer.PUBLIC, for_text=True)
    assert text_facts["icon"] == "x" and text_facts["name"] is None and "secret" not in text_facts


def test_access_codes_are_random_hashed_and_per_record(db, django_user_model):
    record = django_user_model.objects.create_user(username="filer", password="x" * 20)
    other = django_user_model.objects.create_user(username="other", password="x" * 20)
    code = access_code_issue(record)
    assert len(code) == 11 and code[5] == "-"
    assert access_code_matches(record, code)
    assert access_code_matches(record, code.lower().replace("-", " "))
    assert not access_code_matches(other, code)
    assert not access_code_matches(record, None) and not access_code_matches(record, "AAAAA-AAAAA")
    from apps.accounts.models import AccessCode
    assert code not in str(list(AccessCode.objects.values_list("code_hash", flat=True)))
