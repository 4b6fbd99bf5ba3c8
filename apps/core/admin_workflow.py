"""Workflow moves for the admin: one declaration gives a change-list action and a change-form button.

A domain admin lists its moves (`workflow_moves`); each move names the service call it
makes, the input it needs (a reason, an upload, a payment) and the statuses it starts
from. `WorkflowAdminMixin` turns every move into

- an action in the change list's menu, and
- a button on the change form (a plain POST form with a CSRF token, no JavaScript) that
  posts to a per-object view, `<pk>/workflow/<move>/`.

Both call the same service the staff tools call (STYLE.md rule 14), and both write a
`LogEntry` for the staff user, so the record's History page and "Recent actions" show who
did what. A move that needs input asks its service first, with a rolled-back attempt, and
refuses before showing the form: a reason is never typed only to be thrown away.
"""
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from apps.core.errors import ServiceError
from apps.core.history import history_record

CHECK_REASON = "(checking whether the move is allowed)"
NOTHING_TO_DO = "{label} is {status}: “{move}” does not apply; nothing was changed."


class ReasonForm(forms.Form):
    """The reason a resident reads in the record's tracking answer."""

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}), max_length=2000,
        help_text="The resident reads this when they track the record: say why, and what to do next.")


@dataclass(frozen=True)
class Move:
    """One workflow move of a model, as staff make it in the admin.

    `run(request, obj, data)` calls one service for one object with the form's cleaned data
    (empty for a move without input) and may return a sentence for the success message.
    `sources` limits the button to objects in those statuses (the service still decides);
    `form` asks for input first (`ReasonForm` for a reason). `done` is the change list's
    success message, with `{count}` and `{labels}` (empty: what `run` returned is the success
    message); `log` is the History line.
    """

    name: str
    label: str
    run: Callable
    done: str
    form: type[forms.Form] | None = None
    sources: tuple | None = None
    log: str = ""
    check: Callable | None = None  # (request, obj) -> refusal sentence or None; default: a dry run
    in_changelist: bool = True  # False for input about one record (an upload, an inspection date)

    @property
    def history(self) -> str:
        return self.log or self.label.rstrip("…").strip()

    @property
    def asks(self) -> bool:
        return self.form is not None


class _Named(str):
    """A refusal that already names the record (so it is not prefixed with its label again)."""


class _DryRun(Exception):
    """Raised inside the attempt that only asks the service, to roll it back."""


def move_refusal(move: Move, request, obj, *, ask_anyway: bool = False) -> str | None:
    """Return why `move` would be refused for `obj`, asking the service itself, or None.

    The service is the one place that knows the rules, so it is asked with a placeholder
    reason inside a transaction that is always rolled back: nothing is written and no event
    is published (events go out only on commit). Moves whose input cannot be made up (an
    upload, a payment) declare their own `check` instead. Moves without input are asked
    only with `ask_anyway`; otherwise their refusal comes when they run.
    """
    if move.check is not None:
        return move.check(request, obj)
    if move.form is not ReasonForm and not (ask_anyway and move.form is None):
        return None
    try:
        with transaction.atomic():
            move.run(request, obj, {"reason": CHECK_REASON} if move.form is ReasonForm else {})
            raise _DryRun
    except _DryRun:
        return None
    except ServiceError as error:
        return error.message


def move_apply(move: Move, request, obj, data: dict) -> str | None:
    """Make `move` on `obj` and write its LogEntry in the same transaction."""
    with transaction.atomic():
        said = move.run(request, obj, data)
        message = move.history
        reason = (data.get("reason") or "").strip()
        if reason:
            message = f"{message}: {reason}"
        if said:
            message = f"{message} ({said})"
        history_record(user_id=request.user.pk, obj=obj, message=message)
    return said


def staff_actor(request) -> str:
    """Name the staff user on timelines the way every domain does: staff:<username>."""
    return f"staff:{request.user.get_username()}"


def sources_of(transitions: dict, target: str) -> tuple:
    """Return the statuses a transition table lets reach `target`."""
    return tuple(source for source, targets in transitions.items() if target in targets)


def service_call(service: Callable, *, key: str = "reference", with_note: bool = False, **fixed) -> Callable:
    """A move's `run`: `service(<key>=obj.<key>, actor=<staff>, **fixed)` for the chosen record.

    Almost every move calls one service with the record's own key and the staff actor,
    so a domain names the service instead of writing a closure. `with_note` passes the
    reason the form asked for as the service's `note` (the resident reads it on the timeline).
    """
    def run(request, obj, data):
        extra = {"note": data.get("reason", "")} if with_note else {}
        service(**{key: getattr(obj, key)}, actor=staff_actor(request), **fixed, **extra)
    return run


def status_move(machine, target: str, label: str, done: str, *, service: Callable, key: str = "reference",
                log: str = "", form: type[forms.Form] | None = None, with_note: bool = False,
                sources: tuple | None = None, name: str = "") -> Move:
    """The move that sends a record to `target` through the status service the staff tool calls.

    Most workflow moves are "call `service(<key>=obj.<key>, status=target, actor=staff)`,
    offered where the status machine allows `target`"; a domain lists them as data with
    this instead of writing one closure per status.
    """
    return Move(name or f"mark_{target}", label, service_call(service, key=key, with_note=with_note, status=target),
                done, form=form, sources=machine.sources(target) if sources is None else sources, log=log)


def _refreshed(obj):
    """Re-read `obj` so a label or status shown after a move is current."""
    return type(obj)._default_manager.filter(pk=obj.pk).first() or obj


class WorkflowAdminMixin:
    """Give a ModelAdmin its `workflow_moves` as change-list actions and change-form buttons."""

    workflow_moves: tuple[Move, ...] = ()
    # Refusals of services that already name the record read better without a prefix.
    workflow_refusal_prefix = True
    workflow_label_field = ""  # the field that names a record to staff (a reference); empty: str(obj)
    change_form_template = "admin/core/workflow/change_form.html"

    # --- declarations ------------------------------------------------------------------
    def workflow_move(self, name: str) -> Move | None:
        return next((move for move in self.workflow_moves if move.name == name), None)

    def workflow_label(self, obj) -> str:
        return str(getattr(obj, self.workflow_label_field) if self.workflow_label_field else obj)

    def workflow_shows(self, move: Move, obj) -> bool:
        return move.sources is None or getattr(obj, "status", None) in move.sources

    # --- change list -------------------------------------------------------------------
    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            for move in self.workflow_moves:
                if move.in_changelist:
                    actions[move.name] = (self._changelist_action(move), move.name, move.label)
        return actions

    def _changelist_action(self, move: Move):
        def action(modeladmin, request, queryset):
            return modeladmin.workflow_changelist(request, queryset, move)

        action.__name__ = move.name
        return action

    def workflow_refusal(self, move: Move, request, obj) -> str | None:
        """Return why `move` cannot be made on `obj` now, before any input is asked for.

        A record outside the move's `sources` is asked of the service too: its refusal says
        best what is wrong; when the service would accept (the same status again, which it
        treats as done) the move is refused as not applying, so no history row claims a
        change that did not happen.
        """
        shows = self.workflow_shows(move, obj)
        if shows and not move.asks:
            return None  # refusals come when the move runs
        refusal = move_refusal(move, request, obj, ask_anyway=not shows)
        if refusal or shows:
            return refusal
        status = obj.get_status_display() if hasattr(obj, "get_status_display") else getattr(obj, "status", "")
        return _Named(NOTHING_TO_DO.format(label=self.workflow_label(obj), status=str(status).lower(),
                                           move=move.history))

    def _bind(self, move: Move, request, obj):
        """Build the move's form, bound only once staff pressed its submit button ("apply")."""
        if "apply" in request.POST:
            args = (request.POST, request.FILES or None)
        else:
            args = (None, None)
        if getattr(move.form, "takes_object", False):
            return move.form(*args, obj=obj)
        return move.form(*args)

    def _refuse(self, request, obj, message: str) -> None:
        named = not self.workflow_refusal_prefix or isinstance(message, _Named)
        text = message if named else f"{self.workflow_label(obj)}: {message}"
        self.message_user(request, text, messages.ERROR)

    def workflow_changelist(self, request, queryset, move: Move):
        """Run `move` on each selected object; ask for input once, after refusing what cannot move."""
        chosen = []
        for obj in queryset.order_by("pk"):
            refusal = self.workflow_refusal(move, request, obj)
            if refusal:
                self._refuse(request, obj, refusal)
            else:
                chosen.append(obj)
        if not chosen:
            return None  # back to the change list with the refusals, no form
        data = {}
        if move.asks:
            form = self._bind(move, request, None)
            if not form.is_valid():
                return self._input_page(request, move, form, chosen, changelist=True)
            data = form.cleaned_data
        moved, said = [], []
        for obj in chosen:
            try:
                note = move_apply(move, request, obj, data)
            except ServiceError as error:
                self._refuse(request, obj, error.message)
            else:
                moved.append(_refreshed(obj))
                if note:
                    said.append(note)
        if moved and move.done:
            labels = ", ".join(self.workflow_label(obj) for obj in moved)
            self.message_user(request, move.done.format(count=len(moved), labels=labels), messages.SUCCESS)
        for note in said:
            self.message_user(request, note, messages.INFO if move.done else messages.SUCCESS)
        return None

    # --- change form -------------------------------------------------------------------
    def get_urls(self):
        opts = self.model._meta
        own = [path("<path:object_id>/workflow/<str:move_name>/",
                    self.admin_site.admin_view(self.workflow_view),
                    name=f"{opts.app_label}_{opts.model_name}_workflow")]
        return own + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "workflow_buttons": self._buttons(request, object_id)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _buttons(self, request, object_id) -> list[dict]:
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_change_permission(request, obj):
            return []
        opts = self.model._meta
        return [{"name": move.name, "label": move.label, "asks": move.asks,
                 "url": reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_workflow",
                                args=[obj.pk, move.name])}
                for move in self.workflow_moves if self.workflow_shows(move, obj)]

    def _change_url(self, obj) -> str:
        opts = self.model._meta
        return reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])

    def workflow_view(self, request, object_id, move_name):
        """Make one move on one object from its change form's button."""
        move = self.workflow_move(move_name)
        obj = self.get_object(request, object_id)
        if move is None or obj is None:
            raise Http404("No such record or move.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        if request.method != "POST":
            if not move.asks:
                return HttpResponseRedirect(self._change_url(obj))  # a GET never changes anything
        refusal = self.workflow_refusal(move, request, obj)
        if refusal:
            self._refuse(request, obj, refusal)
            return HttpResponseRedirect(self._change_url(obj))
        data = {}
        if move.asks:
            form = self._bind(move, request, obj)
            if not form.is_valid():
                return self._input_page(request, move, form, [obj], changelist=False)
            data = form.cleaned_data
        try:
            note = move_apply(move, request, obj, data)
        except ServiceError as error:
            self._refuse(request, obj, error.message)
        else:
            obj = _refreshed(obj)
            if move.done:
                self.message_user(request, move.done.format(count=1, labels=self.workflow_label(obj)),
                                  messages.SUCCESS)
            if note:
                self.message_user(request, note, messages.INFO if move.done else messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(obj))

    def _input_page(self, request, move: Move, form, objects: list, *, changelist: bool):
        context = {
            **self.admin_site.each_context(request),
            "title": move.label.rstrip("…").strip(),
            "move": move,
            "form": form,
            "objects": [(obj, self.workflow_label(obj)) for obj in objects],
            "changelist": changelist,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
            "cancel_url": (reverse(f"{self.admin_site.name}:{self.model._meta.app_label}_"
                                   f"{self.model._meta.model_name}_changelist") if changelist
                           else self._change_url(objects[0])),
        }
        return TemplateResponse(request, "admin/core/workflow/input.html", context)
