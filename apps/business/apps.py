from django.apps import AppConfig


class BusinessConfig(AppConfig):
    """What spans the domains: opening a business, parking demand, the synthetic city.

    The one app allowed to read several domains; no domain app imports it or each other
    (imports run core → places → accounts → mcp/events → domains → business).
    """

    name = "apps.business"
    label = "business"
