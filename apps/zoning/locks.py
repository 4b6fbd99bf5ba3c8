"""The variance lock, under which a review and a decision apply one after the other, and VAR numbering."""
from apps.core.locks import row_lock
from apps.core.numbering import reference_allocator
from apps.zoning.errors import VARIANCE_NOT_FOUND_MESSAGE, ZoningErrorCode
from apps.zoning.models import Variance

# prefix: (model, field, digits) — where numbers already handed out live, and their width.
NUMBERED = {
    "VAR": (Variance, "reference", 6),
}
reference_allocate = reference_allocator(NUMBERED)


def variance_lock(*, reference: str) -> Variance:
    """Lock and return the variance, so a decision and a review apply one after another."""
    return row_lock(Variance.objects, field="reference", value=reference,
                    code=ZoningErrorCode.VARIANCE_NOT_FOUND, message=VARIANCE_NOT_FOUND_MESSAGE)
