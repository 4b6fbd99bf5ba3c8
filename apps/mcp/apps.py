from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class McpConfig(AppConfig):
    """The Model Context Protocol: transport, method table and the tool registry."""

    name = "apps.mcp"
    label = "mcp"
    verbose_name = "MCP"

    def ready(self):
        # Each app declares its tools, resources and prompts in its own modules, the way
        # contrib.admin discovers admin.py: the protocol never imports a domain by name.

        autodiscover_modules("tools", "resources", "prompts")
