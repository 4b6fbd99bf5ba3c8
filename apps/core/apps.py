from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared building blocks: service errors, money, reference counters, lock rows, listeners and health."""

    name = "apps.core"
    label = "core"

    def ready(self):
        from django.db.backends.signals import connection_created

        from apps.core.dbtimeouts import set_statement_timeout
        from civicmind import checks  # noqa: F401  (registers the deploy check)

        connection_created.connect(set_statement_timeout, dispatch_uid="civicmind.statement_timeout")
