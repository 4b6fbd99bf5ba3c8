from django.contrib import admin

from apps.places.models import Place


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "address", "zone", "latitude", "longitude")
    list_filter = ("kind", "zone")
    search_fields = ("name", "address")
    list_select_related = ("alias_of",)
