"""Row locks for parking writes, always taken in primary-key order.

Two payments of overlapping citations lock the same rows in the same order, so one waits
for the other instead of deadlocking, then sees the citation already paid. (SQLite has no
row locks; its IMMEDIATE transactions serialise writers instead.)
"""
from apps.core.numbering import reference_allocator
from apps.parking.models import Citation, Payment

CITATION_PREFIX = "VIO"
RECEIPT_PREFIX = "RCP"
# prefix: (model, field, digits) — where numbers already handed out live, and their width.
NUMBERED = {
    CITATION_PREFIX: (Citation, "citation_number", 6),
    RECEIPT_PREFIX: (Payment, "receipt_number", 6),
}
reference_allocate = reference_allocator(NUMBERED)


def citations_lock(*, citation_numbers) -> list[Citation]:
    """Lock and return the citations with these numbers, with their violation types."""
    return list(
        Citation.objects.select_for_update(of=("self",))
        .select_related("violation_type")
        .filter(citation_number__in=list(citation_numbers))
        .order_by("pk")
    )


def citation_lock(*, pk: int) -> Citation:
    """Lock and return one citation (raises Citation.DoesNotExist)."""
    return (
        Citation.objects.select_for_update(of=("self",))
        .select_related("violation_type")
        .get(pk=pk)
    )

