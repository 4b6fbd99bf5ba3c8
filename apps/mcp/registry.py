"""The registry domain apps fill from their own `tools.py`, `resources.py` and `prompts.py`.

Every declaration names its domain (the app label of the declaring module), so one registry
serves a single-domain listener and the all-domains endpoint alike. A declaration may also be
served on other domains' listeners (`also_on`): what spans domains lives in an app above
them (apps.business) and is still offered where an assistant looks for it. Schemas are
derived once at registration, never per request.
"""
import re
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import unquote

from apps.accounts.principals import Access
from apps.mcp.idempotency import declares_own_key, with_key_argument
from apps.mcp.schema import serializer_schema
from civicmind.domains import ALL_DOMAINS, DOMAINS

TOOL_NAME_RE = re.compile(r"^[A-Za-z0-9_.-]{1,128}$")


@dataclass
class ToolResult:
    """What a tool returns: markdown for people, the same facts as JSON for programs."""

    text: str
    structured: dict | None = None
    is_error: bool = False
    # The tool checked an owner proof (access code, plate, account details): the owner view.
    owner: bool = False
    # Renders the text from the facts each viewer may see (apps.accounts.viewers); when set,
    # `text` is replaced by render(shaped facts) so prose never says what structure hides.
    render: Callable[[dict], str] | None = None


@dataclass(frozen=True)
class ToolContext:
    """Who is calling and through which listener; passed to every tool handler."""

    domain: str
    listener: str
    protocol_version: str
    principal: Any = None
    client_address: str | None = None
    request_id: str | None = None
    user_context: dict | None = None

    @property
    def actor(self) -> str:
        """A short label for who acted, for audit trails and timelines."""
        name = getattr(self.principal, "name", None)
        return f"api-key:{name}" if name else f"anonymous@{self.client_address or 'local'}"


@dataclass(frozen=True)
class Tool:
    domain: str
    name: str
    title: str
    description: str
    handler: Callable[[dict, ToolContext], ToolResult]
    input_serializer: type
    output_serializer: type | None
    access: Access
    annotations: dict
    input_schema: dict
    output_schema: dict | None
    # A write tool whose key the call layer keeps (apps.mcp.replays); False for reads and
    # for tools that declare `idempotency_key` themselves, unless they ask for both (below).
    # Decided once, at declaration.
    call_keyed: bool = False
    # The tool's own serializer declares `idempotency_key` (its domain keeps it on the row).
    own_key: bool = False
    also_on: tuple = ()  # other domains whose listeners serve this tool under the same name

    @property
    def listeners(self) -> tuple[str, ...]:
        return (self.domain, *self.also_on)

    def qualified_name(self) -> str:
        return f"{self.domain}_{self.name}"


@dataclass(frozen=True)
class Resource:
    domain: str
    uri: str
    name: str
    title: str
    description: str
    mime_type: str
    handler: Callable[[], Any]
    output: type | None = None  # a serializer declaring what each viewer sees (apps.accounts.viewers)
    watch: Any = None  # apps.mcp.watches.Watch: the events that change it (subscriptions)


@dataclass(frozen=True)
class ResourceTemplate:
    domain: str
    uri_template: str
    name: str
    title: str
    description: str
    mime_type: str
    handler: Callable[..., Any]
    completions: dict = field(default_factory=dict)
    output: type | None = None  # a serializer declaring what each viewer sees (apps.accounts.viewers)
    also_on: tuple = ()
    watch: Any = None  # apps.mcp.watches.Watch: the events that change it, and the variable's field
    pattern: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        # RFC 6570 level 1: each {name} stands for one path segment. Compiled once here,
        # not on every resources/read.
        pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/?#]+)", re.escape(self.uri_template))
        object.__setattr__(self, "pattern", re.compile(pattern))

    @property
    def listeners(self) -> tuple[str, ...]:
        return (self.domain, *self.also_on)

    @property
    def variables(self) -> tuple[str, ...]:
        return tuple(self.pattern.groupindex)

    def match(self, uri: str) -> dict | None:
        """Return the (percent-decoded) template variables if `uri` matches, else None."""
        found = self.pattern.fullmatch(uri)
        if found is None:
            return None
        return {name: unquote(value) for name, value in found.groupdict().items()}


@dataclass(frozen=True)
class PromptArgument:
    name: str
    description: str
    required: bool = False


@dataclass(frozen=True)
class Prompt:
    domain: str
    name: str
    title: str
    description: str
    arguments: tuple
    handler: Callable[..., Any]
    completions: dict = field(default_factory=dict)
    also_on: tuple = ()

    @property
    def listeners(self) -> tuple[str, ...]:
        return (self.domain, *self.also_on)


def _domain_of(func) -> str:
    parts = func.__module__.split(".")
    if len(parts) >= 2 and parts[0] == "apps" and parts[1] in DOMAINS:
        return parts[1]
    raise ValueError(f"Cannot tell the domain of {func.__module__}.{func.__qualname__}; pass domain=.")


def _other_listeners(domain: str, also_on) -> tuple[str, ...]:
    """Check and return the extra listeners of a declaration (known domains, not its own)."""
    listeners = tuple(dict.fromkeys(also_on or ()))
    unknown = [name for name in listeners if name not in DOMAINS or name == domain]
    if unknown:
        raise ValueError(f"also_on names {', '.join(unknown)}: give other domains, each once.")
    return listeners


def _first_paragraph(doc: str | None) -> str:
    return (doc or "").strip().split("\n\n")[0].replace("\n", " ").strip()


class Registry:
    """Tools, resources and prompts by domain, in declaration order.

    Declarations happen at start-up (autodiscovery in McpConfig.ready); readers get
    per-domain views computed once and kept until the next declaration.
    """

    def __init__(self):
        self.tools: dict[tuple[str, str], Tool] = {}
        self.resources: dict[str, Resource] = {}
        self.templates: list[ResourceTemplate] = []
        self.prompts: dict[tuple[str, str], Prompt] = {}
        self.generation = 0  # bumped by every declaration; keys the caches of derived views
        self._views: dict[tuple, Any] = {}

    def _changed(self) -> None:
        self.generation += 1
        self._views.clear()

    def view(self, key: tuple, build: Callable[[], Any]) -> Any:
        """Return the cached value for `key`, building it once per registry generation."""
        try:
            return self._views[key]
        except KeyError:
            value = self._views[key] = build()
            return value

    # --- declaring ---------------------------------------------------------------------
    def tool(
        self,
        *,
        name: str,
        title: str,
        input: type,
        output: type | None = None,
        access: Access = Access.PUBLIC,
        read_only: bool = False,
        destructive: bool = False,
        idempotent: bool = False,
        open_world: bool = False,
        description: str | None = None,
        domain: str | None = None,
        also_on: tuple = (),
        caller_scoped_key: bool = False,
    ):
        """Declare a tool; the handler takes (validated arguments, ToolContext).

        `domain` (default: the declaring app) prefixes the name on the all-domains endpoint
        and decides scopes, audit and metrics; `also_on` lists further domain listeners
        that serve the tool under its plain name. `caller_scoped_key` is for a tool whose
        own `idempotency_key` is city-wide (one per filed record): the call layer also keeps
        each caller's first answer, so a retry gets that answer back (with its access code),
        the same key with other arguments is refused, and only another caller who happens on
        the key reaches the domain's replay, which answers with the public view.
        """

        def register(handler):
            tool_domain = domain or _domain_of(handler)
            extra = _other_listeners(tool_domain, also_on)
            if not TOOL_NAME_RE.match(name):
                raise ValueError(f"Tool name {name!r} is not a valid MCP tool name.")
            key = (tool_domain, name)
            if key in self.tools:
                raise ValueError(f"Tool {tool_domain}.{name} is declared twice.")
            taken = [d for d in (tool_domain, *extra)
                     if any(t.name == name and d in t.listeners for t in self.tools.values())]
            if taken:
                raise ValueError(f"Tool {name} is already served on {', '.join(taken)}.")
            annotations = {
                "title": title,
                "readOnlyHint": read_only,
                "destructiveHint": (not read_only) and destructive,
                "idempotentHint": read_only or idempotent,
                "openWorldHint": open_world,
            }
            own_key = declares_own_key(input)
            call_keyed = not read_only and (not own_key or caller_scoped_key)
            input_schema = serializer_schema(input, for_input=True)
            self.tools[key] = Tool(
                domain=tool_domain,
                name=name,
                title=title,
                description=description or _first_paragraph(handler.__doc__),
                handler=handler,
                input_serializer=input,
                output_serializer=output,
                access=access,
                annotations=annotations,
                input_schema=with_key_argument(input_schema) if call_keyed and not own_key else input_schema,
                output_schema=serializer_schema(output, for_input=False) if output else None,
                call_keyed=call_keyed,
                own_key=own_key,
                also_on=extra,
            )
            self._changed()
            return handler

        return register

    def resource(self, *, uri: str, name: str, title: str, mime_type: str = "application/json",
                 description: str | None = None, domain: str | None = None, output: type | None = None,
                 watch=None):
        """Declare a fixed resource; the handler returns text, bytes, or a dict/list sent as JSON.

        `watch` (apps.mcp.watches.Watch) names the events that change it: subscribers are told.
        """

        def register(handler):
            if uri in self.resources:
                raise ValueError(f"Resource {uri} is declared twice.")
            self.resources[uri] = Resource(
                domain=domain or _domain_of(handler), uri=uri, name=name, title=title,
                description=description or _first_paragraph(handler.__doc__),
                mime_type=mime_type, handler=handler, output=output, watch=watch,
            )
            self._changed()
            return handler

        return register

    def resource_template(self, *, uri_template: str, name: str, title: str,
                          mime_type: str = "application/json", description: str | None = None,
                          completions: dict | None = None, domain: str | None = None,
                          output: type | None = None, also_on: tuple = (), watch=None):
        """Declare a URI template; the handler takes the template variables as keywords.

        `watch` (apps.mcp.watches.Watch) names the events that change one resource of the
        template and the event field holding its variable: subscribers to that URI are told.

        `completions` maps a variable to fn(value, context_arguments) -> list[str]; a
        completer that takes a third argument gets the viewer (apps.accounts.viewers), so
        it can refuse to enumerate personal references to the public.
        """

        def register(handler):
            if any(t.uri_template == uri_template for t in self.templates):
                raise ValueError(f"Resource template {uri_template} is declared twice.")
            template_domain = domain or _domain_of(handler)
            template = ResourceTemplate(
                domain=template_domain, uri_template=uri_template, name=name,
                title=title, description=description or _first_paragraph(handler.__doc__),
                mime_type=mime_type, handler=handler, completions=completions or {}, output=output,
                also_on=_other_listeners(template_domain, also_on), watch=watch,
            )
            if watch is not None and len(template.variables) != 1:
                raise ValueError(f"A watched template has one variable: {uri_template}.")
            unknown = set(template.completions) - set(template.variables)
            if unknown:
                raise ValueError(f"Completions for {', '.join(sorted(unknown))} name no variable of {uri_template}.")
            self.templates.append(template)
            self._changed()
            return handler

        return register

    def prompt(self, *, name: str, title: str, arguments: tuple = (), description: str | None = None,
               completions: dict | None = None, domain: str | None = None, also_on: tuple = ()):
        """Declare a prompt; the handler takes the arguments and returns a list of messages.

        A message is a string (sent as the user's text) or an MCP PromptMessage dict.
        """

        def register(handler):
            prompt_domain = domain or _domain_of(handler)
            extra = _other_listeners(prompt_domain, also_on)
            if not TOOL_NAME_RE.match(name):
                raise ValueError(f"Prompt name {name!r} is not a valid MCP name.")
            if (prompt_domain, name) in self.prompts:
                raise ValueError(f"Prompt {prompt_domain}.{name} is declared twice.")
            taken = [d for d in (prompt_domain, *extra)
                     if any(p.name == name and d in p.listeners for p in self.prompts.values())]
            if taken:
                raise ValueError(f"Prompt {name} is already served on {', '.join(taken)}.")
            unknown = set(completions or {}) - {a.name for a in arguments}
            if unknown:
                raise ValueError(f"Completions for {', '.join(sorted(unknown))} name no argument of {name}.")
            self.prompts[(prompt_domain, name)] = Prompt(
                domain=prompt_domain, name=name, title=title,
                description=description or _first_paragraph(handler.__doc__),
                arguments=tuple(arguments), handler=handler, completions=completions or {}, also_on=extra,
            )
            self._changed()
            return handler

        return register

    # --- reading -----------------------------------------------------------------------
    def tools_for(self, domain: str) -> list[tuple[str, Tool]]:
        """Return (published name, tool) pairs; the all-domains listener prefixes names."""
        return self.view(("tools", domain), lambda: [
            (t.qualified_name(), t) if domain == ALL_DOMAINS else (t.name, t)
            for t in self.tools.values()
            if domain == ALL_DOMAINS or domain in t.listeners
        ])

    def find_tool(self, domain: str, published_name: str) -> Tool | None:
        if not isinstance(published_name, str):
            return None
        return self.view(("tool_names", domain), lambda: dict(self.tools_for(domain))).get(published_name)

    def resources_for(self, domain: str) -> list[Resource]:
        return self.view(("resources", domain), lambda: [
            r for r in self.resources.values() if domain in (ALL_DOMAINS, r.domain)
        ])

    def find_resource(self, domain: str, uri: str) -> Resource | None:
        resource = self.resources.get(uri)
        if resource is not None and domain in (ALL_DOMAINS, resource.domain):
            return resource
        return None

    def templates_for(self, domain: str) -> list[ResourceTemplate]:
        return self.view(("templates", domain), lambda: [
            t for t in self.templates if domain == ALL_DOMAINS or domain in t.listeners
        ])

    def prompts_for(self, domain: str) -> list[tuple[str, Prompt]]:
        return self.view(("prompts", domain), lambda: [
            (f"{p.domain}_{p.name}", p) if domain == ALL_DOMAINS else (p.name, p)
            for p in self.prompts.values()
            if domain == ALL_DOMAINS or domain in p.listeners
        ])

    def find_prompt(self, domain: str, published_name: str) -> Prompt | None:
        if not isinstance(published_name, str):
            return None
        return self.view(("prompt_names", domain), lambda: dict(self.prompts_for(domain))).get(published_name)


registry = Registry()
tool = registry.tool
resource = registry.resource
resource_template = registry.resource_template
prompt = registry.prompt
