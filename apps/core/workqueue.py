"""The admin index's work queue: what needs a person today, per domain.

Each domain answers for itself with a `work_queue(*, now)` selector in its own
`selectors` module, returning `WorkItem`s; this module only collects them (found by name,
the way the admin autodiscovers `admin.py`, so core imports no domain) and turns each
item's filters into the link of its filtered change list. The link and the count come
from the same filters, so the number staff see is the number of rows the link shows.
"""
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.contrib import admin
from django.db.models import Model, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode

SELECTOR_NAME = "work_queue"


@dataclass(frozen=True)
class WorkItem:
    """One line of the queue: a count of rows in a filtered change list, and how many are overdue."""

    label: str
    queryset: QuerySet = field(repr=False)
    params: dict  # the change list's query string: the same filters as `queryset`
    overdue: QuerySet | None = field(default=None, repr=False)
    target: str = ""  # the response target that makes a row overdue, in words

    @property
    def model(self) -> type[Model]:
        return self.queryset.model


@dataclass(frozen=True)
class QueueLine:
    label: str
    count: int
    overdue: int
    url: str
    target: str


@dataclass(frozen=True)
class DomainQueue:
    domain: str
    lines: list[QueueLine]

    @property
    def total(self) -> int:
        return sum(line.count for line in self.lines)


def changelist_url(model: type[Model], params: dict) -> str:
    """Return the admin change list of `model` filtered by `params`."""
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def domain_selectors():
    """Yield (app config, work_queue selector) for every installed app that declares one."""
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.selectors")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.selectors":
                raise
            continue
        selector = getattr(module, SELECTOR_NAME, None)
        if selector is not None:
            yield config, selector


def work_queue_for(request, *, now=None, site=admin.site) -> list[DomainQueue]:
    """Return each domain's queue lines the user may see (a model they cannot view is left out)."""
    now = now or timezone.now()
    queues = []
    for config, selector in domain_selectors():
        lines = []
        for item in selector(now=now):
            model_admin = site._registry.get(item.model)
            if model_admin is None or not model_admin.has_view_or_change_permission(request):
                continue
            try:
                url = changelist_url(item.model, item.params)
            except NoReverseMatch:
                continue
            lines.append(QueueLine(label=item.label, count=item.queryset.count(),
                                   overdue=item.overdue.count() if item.overdue is not None else 0,
                                   url=url, target=item.target))
        if lines:
            queues.append(DomainQueue(domain=str(config.verbose_name), lines=lines))
    return queues
