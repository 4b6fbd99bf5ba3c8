"""Writes of the MCP app's own rows (the answers kept for idempotency keys)."""
from datetime import datetime

from django.db import transaction

from apps.mcp.models import ToolAnswer


def tool_answer_prune(*, older_than: datetime, batch_size: int = 5000) -> int:
    """Delete answers kept for keys used before `older_than`, in batches; return how many went.

    Batches keep each transaction (and PostgreSQL's locks) short while calls keep writing.
    """
    deleted = 0
    while True:
        with transaction.atomic():
            ids = list(ToolAnswer.objects.filter(created_at__lt=older_than)
                       .order_by("id").values_list("id", flat=True)[:batch_size])
            if not ids:
                return deleted
            deleted += ToolAnswer.objects.filter(id__in=ids).delete()[0]
