"""Container healthcheck: exit 0 when GET <url> answers 200 with a serving status.

The image is python:3.11-slim, which has no curl or wget; this needs only the standard
library. Usage: python deploy/healthcheck.py http://127.0.0.1:9300/health/ready
"""
import json
import sys
import urllib.error
import urllib.request

TIMEOUT_SECONDS = 8


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: healthcheck.py URL", file=sys.stderr)
        return 2
    url = argv[1]
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
            body = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:  # 503: the body names the failing check
        print(f"{url}: HTTP {error.code} {error.read().decode('utf-8', 'replace')}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as error:
        print(f"{url}: {error}", file=sys.stderr)
        return 1
    # /health answers "healthy" or "degraded" (still serving), the probes "ready" or "alive".
    if body.get("status") not in ("healthy", "degraded", "ready", "alive"):
        print(f"{url}: {body}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
