"""Run an admin change-list action the way a staff member does, and read what it says."""
from django.urls import reverse


def run_action(admin_client, model: str, action: str, objects, **extra) -> list[str]:
    """POST `action` for `objects` on the change list of `model` ("app.model"); return the messages shown."""
    app_label, model_name = model.split(".")
    response = admin_client.post(reverse(f"admin:{app_label}_{model_name}_changelist"), {
        "action": action, "_selected_action": [o.pk for o in objects], **extra}, follow=True)
    assert response.status_code == 200
    return [str(m) for m in response.context["messages"]]


def changelist_get(admin_client, model: str, **params) -> str:
    """GET the change list of `model` ("app.model"); assert it lists every row, each with its link.

    A page that renders 200 with an empty or partial list (a broken queryset, a filter left
    on) fails here, where a status check alone would pass. Returns the page's text.
    """
    app_label, model_name = model.split(".")
    response = admin_client.get(reverse(f"admin:{app_label}_{model_name}_changelist"), params)
    assert response.status_code == 200
    changelist = response.context["cl"]
    rows = list(changelist.result_list)
    assert rows, f"the {model} change list shows no rows"
    assert len(rows) == min(changelist.result_count, changelist.list_per_page), model
    text = response.content.decode()
    for row in rows:
        link = reverse(f"admin:{app_label}_{model_name}_change", args=[row.pk])
        assert f'href="{link}' in text, f"{model} row {row.pk} is not on the page"
    return text
