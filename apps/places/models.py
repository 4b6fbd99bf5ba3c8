from django.db import models


class Place(models.Model):
    """A named place, street or street address with coordinates that tools resolve to.

    `key` is the normalized form of `name` (see apps.places.normalize) so look-ups are one
    indexed equality; aliases ("Downtown", "City Hall") get their own rows of kind ALIAS
    pointing at the place they stand for.
    """

    class Kind(models.TextChoices):
        LANDMARK = "landmark", "Landmark"
        ADDRESS = "address", "Street address"
        STREET = "street", "Street"
        NEIGHBORHOOD = "neighborhood", "Neighborhood"
        ALIAS = "alias", "Alias"

    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True, editable=False)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    alias_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="aliases")
    address = models.CharField(max_length=200, blank=True)
    zone = models.CharField(max_length=32, blank=True, help_text="Zoning or parking zone code, if any.")
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(latitude__gte=-90, latitude__lte=90), name="place_latitude_range"),
            models.CheckConstraint(condition=models.Q(longitude__gte=-180, longitude__lte=180), name="place_longitude_range"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from apps.places.normalize import place_key

        self.key = place_key(self.name)
        super().save(*args, **kwargs)
