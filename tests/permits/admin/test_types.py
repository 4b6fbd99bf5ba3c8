"""Permit types in the admin: fee schedules are editable and answers follow them."""
from django.urls import reverse

from apps.permits.models import PermitType
from apps.permits.selectors import permit_type_fee_quote


def inline_rows(prefix, rows, fields):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(len(rows)),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for index, row in enumerate(rows):
        data[f"{prefix}-{index}-id"] = str(row.pk)
        data[f"{prefix}-{index}-permit_type"] = str(row.permit_type_id)
        for name in fields:
            value = getattr(row, name)
            if isinstance(value, bool):
                if value:
                    data[f"{prefix}-{index}-{name}"] = "on"
            else:
                data[f"{prefix}-{index}-{name}"] = "" if value is None else str(value)
    return data


def test_editing_a_fee_changes_the_quote(admin_client, deck_type):
    url = reverse("admin:permits_permittype_change", args=[deck_type.pk])
    assert admin_client.get(url).status_code == 200
    main = {name: getattr(deck_type, name) for name in (
        "code", "name", "icon", "category", "project_label", "description", "area_threshold_sqft", "zone_classes",
        "payment_due_days", "review_days_min", "review_days_max", "validity_label", "validity_months", "tip")}
    post = {key: "" if value is None else str(value) for key, value in main.items()}
    post["is_active"] = "on"
    fees = list(deck_type.fee_rules.all())
    post.update(inline_rows("fee_rules", fees, ("sequence", "label", "kind", "flat_amount", "basis", "rate",
                                                "per_units", "minimum", "maximum", "applies_when", "match_values")))
    post["fee_rules-0-flat_amount"] = "175.00"
    post.update(inline_rows("required_documents", list(deck_type.required_documents.all()),
                            ("sequence", "code", "icon", "name", "mandatory", "keywords", "applies_when",
                             "match_values")))
    post.update(inline_rows("conditions", list(deck_type.conditions.all()),
                            ("sequence", "kind", "text", "applies_when", "match_values")))
    post.update(inline_rows("inspection_types", list(deck_type.inspection_types.all()),
                            ("sequence", "code", "name", "timing", "required")))
    post["_save"] = "Save"
    response = admin_client.post(url, post)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert PermitType.objects.get(pk=deck_type.pk).fee_rules.get(sequence=1).flat_amount == 175
    assert str(permit_type_fee_quote(permit_type="residential_deck", square_feet=400)["fees"]["total"]) == "350.00"
