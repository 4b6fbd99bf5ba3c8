"""`{% work_queue as queues %}`: the admin index's per-domain counts of what needs a person today."""
from django import template

from apps.core.workqueue import work_queue_for

register = template.Library()


@register.simple_tag(takes_context=True)
def work_queue(context):
    request = context.get("request")
    if request is None or not getattr(request.user, "is_staff", False):
        return []
    return work_queue_for(request)
