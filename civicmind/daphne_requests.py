"""Skip Twisted's form parsing of POST bodies in daphne: nothing reads its result.

Twisted's `Request.requestReceived` parses the Content-Type of every POST (with the email
package's header registry, 4% of a busy MCP process's CPU) to fill `request.args` with
form fields. daphne never reads `request.args`: it hands the raw body to the ASGI
application (rewinding the body first), and Django parses forms itself. Twisted lets a
request opt out (`parsePOSTFormSubmission=False`); daphne offers no way to pass that, so
this sets it on each of daphne's requests as it is made.
"""
from functools import wraps

FLAG = "_parsePOSTFormSubmission"  # Twisted >= 24.7; tests fail if it is renamed


def skip_form_parsing() -> bool:
    """Make daphne's requests skip form parsing; return False if this Twisted has no opt-out."""
    from daphne.http_protocol import WebRequest
    from twisted.web.http import Request

    if getattr(WebRequest.__init__, "skips_form_parsing", False):
        return True
    if "parsePOSTFormSubmission" not in Request.__init__.__code__.co_varnames:
        return False
    made = WebRequest.__init__

    @wraps(made)
    def __init__(self, *args, **kwargs):
        made(self, *args, **kwargs)
        setattr(self, FLAG, False)

    __init__.skips_form_parsing = True
    WebRequest.__init__ = __init__
    return True
