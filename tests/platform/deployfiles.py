"""Read docker-compose.yml and deploy/nginx.conf the way docker compose and nginx do.

No Docker engine or nginx runs in CI, so the tests check the files themselves: compose's
`${VAR:-default}` interpolation and YAML merge keys, nginx's directive tree and its
location matching (exact, then longest prefix, then regexes in order).
"""
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

BASE_DIR = Path(__file__).resolve().parents[2]
COMPOSE_FILE = BASE_DIR / "docker-compose.yml"
NGINX_FILE = BASE_DIR / "deploy" / "nginx.conf"

# The variables an operator must set (`${VAR:?...}`), with production-like values.
REQUIRED_VARIABLES = {
    "SECRET_KEY": "k7Qp2vXz9LmN4rT8wY1bC6dF3gH5jK0sA-UeIoPaSdFgHjKlZxCvBnM_qWeRtYuI",
    "POSTGRES_PASSWORD": "pg-5tr0ng-pa55word",
    "CIVICMIND_METRICS_TOKEN": "scrape-7f3c9a1e5b2d4c6a8e0f",
}
INTERPOLATION = re.compile(r"\$\$|\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


def interpolate(text: str, variables: dict[str, str]) -> str:
    """Substitute ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, $$ as compose does."""

    def substitute(found: re.Match) -> str:
        if found.group(0) == "$$":
            return "$"
        name, op, arg = found["name"], found["op"], found["arg"] or ""
        value = variables.get(name)
        if op in (":-", ":?") and value == "":
            value = None
        if value is not None:
            return value
        if op and op.endswith("?"):
            raise KeyError(f"compose needs {name}: {arg}")
        return arg if op else ""

    return INTERPOLATION.sub(substitute, text)


def load_compose(variables: dict[str, str] | None = None) -> dict:
    """The compose file as compose sees it, with `variables` added to the required ones."""
    return load_compose_with_exactly({**REQUIRED_VARIABLES, **(variables or {})})


def load_compose_with_exactly(given: dict[str, str]) -> dict:
    """The compose file as compose sees it, with `given` as the whole shell environment."""

    def walk(node):
        # Like compose: parse the YAML first, then interpolate each string value.
        if isinstance(node, dict):
            return {key: walk(value) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return interpolate(node, given) if isinstance(node, str) else node

    return walk(yaml.safe_load(COMPOSE_FILE.read_text()))


@dataclass
class Directive:
    name: str
    args: list[str]
    block: list["Directive"] | None = None

    def children(self, name: str) -> list["Directive"]:
        return [child for child in self.block or [] if child.name == name]


def parse_nginx(text: str) -> list[Directive]:
    """Parse nginx.conf into a directive tree (enough of the grammar for this file)."""
    tokens = re.findall(r'"[^"]*"|\'[^\']*\'|[{};]|[^\s{};"\']+', re.sub(r"#[^\n]*", "", text))
    position = 0

    def parse_block() -> list[Directive]:
        nonlocal position
        directives: list[Directive] = []
        words: list[str] = []
        while position < len(tokens):
            token = tokens[position]
            position += 1
            if token == ";":
                directives.append(Directive(words[0], words[1:]))
                words = []
            elif token == "{":
                directives.append(Directive(words[0], words[1:], parse_block()))
                words = []
            elif token == "}":
                assert not words, f"unterminated directive {words}"
                return directives
            else:
                words.append(token.strip("\"'"))
        assert not words, f"unterminated directive {words}"
        return directives

    return parse_block()


@dataclass
class Nginx:
    http: Directive
    upstreams: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "Nginx":
        tree = parse_nginx(NGINX_FILE.read_text())
        (http,) = [d for d in tree if d.name == "http"]
        upstreams = {u.args[0]: [s.args[0] for s in u.children("server")] for u in http.children("upstream")}
        return cls(http, upstreams)

    def server(self, port: int) -> Directive:
        def listens_on(server: Directive) -> bool:
            return any(d.args[0].rsplit(":", 1)[-1] == str(port) for d in server.children("listen"))

        (server,) = [s for s in self.http.children("server") if listens_on(s)]
        return server

    def location_for(self, port: int, path: str) -> Directive:
        """The location nginx picks for `path`: exact, longest prefix (^~ stops), regex, prefix."""
        locations = self.server(port).children("location")
        exact = [loc for loc in locations if loc.args[0] == "=" and loc.args[1] == path]
        if exact:
            return exact[0]
        prefixes = [loc for loc in locations if len(loc.args) == 1 or loc.args[0] == "^~"]
        matching = [loc for loc in prefixes if path.startswith(loc.args[-1])]
        longest = max(matching, key=lambda loc: len(loc.args[-1]), default=None)
        if longest is not None and longest.args[0] == "^~":
            return longest
        for loc in locations:
            if loc.args[0] in ("~", "~*"):
                flags = re.IGNORECASE if loc.args[0] == "~*" else 0
                if re.search(loc.args[1], path, flags):
                    return loc
        assert longest is not None, f"no location matches {path}"
        return longest

    def upstream_servers_for(self, port: int, path: str) -> list[str]:
        """The host:port list nginx proxies `path` to."""
        location = self.location_for(port, path)
        (proxy_pass,) = location.children("proxy_pass")
        target = re.match(r"^https?://([^/]+)(/.*)?$", proxy_pass.args[0])
        assert target, proxy_pass.args
        name = target.group(1)
        if name.startswith("$"):  # an upstream chosen by a map of $server_port
            (table,) = [m for m in self.http.children("map") if m.args == ["$server_port", name]]
            name = {entry.name: entry.args[0] for entry in table.block}[str(port)]
        return self.upstreams.get(name, [name])

    def headers_for(self, port: int, path: str) -> dict[str, str]:
        """proxy_set_header in force for `path` (a location's own list replaces the server's)."""
        location = self.location_for(port, path)
        own = location.children("proxy_set_header")
        inherited = (own or self.server(port).children("proxy_set_header")
                     or self.http.children("proxy_set_header"))
        return {d.args[0].lower(): d.args[1] for d in inherited}

    def setting_for(self, port: int, path: str, name: str) -> list[str] | None:
        """The value of a simple inherited directive (location, else server, else http)."""
        for scope in (self.location_for(port, path), self.server(port), self.http):
            found = scope.children(name)
            if found:
                return found[-1].args
        return None

    def map_default(self, variable: str) -> dict[str, str]:
        """The `map $source $variable { ... }` table that defines `variable`."""
        (table,) = [m for m in self.http.children("map") if m.args[1] == variable]
        return {entry.name: entry.args[0] if entry.args else "" for entry in table.block}
