from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """API keys and their scopes, and the audit log of tool calls."""

    name = "apps.accounts"
    label = "accounts"
