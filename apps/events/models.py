from django.db import models

from apps.events.timestamps import utc_text


class Event(models.Model):
    """One domain event, stored in the transaction of the change it announces (the outbox).

    The id is the stream position: subscribers resume with `since=<id>`.
    """

    id = models.BigAutoField(primary_key=True)
    type = models.CharField(max_length=64, db_index=True)
    domain = models.CharField(max_length=32, db_index=True)
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"#{self.id} {self.type}"

    def as_message(self) -> dict:
        """Return the wire form sent to subscribers (`timestamp` in UTC with Z, like `data`'s moments)."""
        return {
            "id": self.id,
            "type": self.type,
            "domain": self.domain,
            "timestamp": utc_text(self.created_at),
            "data": self.data,
        }
