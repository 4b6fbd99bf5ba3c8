from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """API keys and their scopes, rate limits, the audit log of tool calls, and metrics."""

    name = "apps.accounts"
    label = "accounts"
    verbose_name = "Access and audit"

    def ready(self):
        from apps.accounts import checks  # noqa: F401  (registers the system checks)
