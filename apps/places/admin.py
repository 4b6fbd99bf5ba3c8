from django.contrib import admin

from apps.places.models import Place


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "alias_of", "address", "zone", "latitude", "longitude")
    list_filter = ("kind", "zone")
    search_fields = ("name", "key", "address")
    list_select_related = ("alias_of",)
    autocomplete_fields = ("alias_of",)
    # The look-up key is derived from the name on save; shown so staff can see what matches.
    readonly_fields = ("key",)
    fields = ("name", "key", "kind", "alias_of", "address", "zone", "latitude", "longitude")
