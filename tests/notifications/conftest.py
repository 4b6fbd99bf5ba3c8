"""Notifications fixtures: a real SMTP server (aiosmtpd) and records that residents filed."""
import email
from email import policy
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller

from apps.places.models import Place
from tests.helpers.places import place_create
from tests.permits.helpers import make_deck_type, submit_deck
from tests.servers import free_ports


class Inbox:
    """aiosmtpd handler: keeps every message it accepts, parsed."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        self.messages.append(SimpleNamespace(to=list(envelope.rcpt_tos), message=message,
                                             body=message.get_content()))
        return "250 Message accepted for delivery"


class SmtpServer:
    """A real SMTP server on a free port, stoppable and restartable on that same port."""

    def __init__(self):
        self.inbox = Inbox()
        self.port = free_ports(1)[0]
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self):
        return self.inbox.messages


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_settings(settings, smtp_server):
    """This process sends to the test SMTP server too (pytest-django's default is locmem)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_server.port
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 5
    return settings


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def deck_permits(db):
    """What submitting a deck permit at 123 Oak St needs: the type and the gazetteer rows."""
    place_create("Oak St", Place.Kind.STREET, zone="R-1")
    place_create("123 Oak St", Place.Kind.ADDRESS, zone="R-1", address="123 Oak St")
    return make_deck_type()


@pytest.fixture
def deck_application(deck_permits):
    """A deck application whose applicant opted in at filing."""
    return submit_deck(notify_email="Jane.Doe@Example.com")


@pytest.fixture
def outage_places(db):
    return SimpleNamespace(
        oak_456=place_create("456 Oak Ave", Place.Kind.ADDRESS, "37.775000", "-122.426100", zone="R-1"),
        oak_123=place_create("123 Oak St", Place.Kind.ADDRESS, "37.772300", "-122.430400", zone="R-1"),
        pine_42=place_create("42 Pine St", Place.Kind.ADDRESS, "37.775200", "-122.425400", zone="R-1"),
    )
