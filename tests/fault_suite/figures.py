"""The fault suite's figures: what each fault did to the callers, printed after the run.

Each test records, for the fault it injects, how many requests (or events) it sent, how
many were answered, how many got a clean retryable error (HTTP 503, Retry-After), how
many got no answer at all (a connection reset by a killed process: the client retries),
how many were lost (an acknowledged write or an event that is not there, a 500, a hang)
and how long the service took to answer again. conftest.py prints the table in pytest's terminal summary, so a CI
log shows the numbers docs/deployment.md quotes.
"""
from dataclasses import dataclass, field


@dataclass
class FaultFigures:
    fault: str
    sent: int = 0
    answered: int = 0
    clean_errors: int = 0
    unanswered: int = 0  # no answer at all: the connection reset under a killed process
    lost: int = 0
    recovery_seconds: float | None = None
    notes: list[str] = field(default_factory=list)

    def row(self) -> str:
        recovery = "-" if self.recovery_seconds is None else f"{self.recovery_seconds:.2f}s"
        line = (f"{self.fault:<44} {self.sent:>6} {self.answered:>8} {self.clean_errors:>6} "
                f"{self.unanswered:>10} {self.lost:>5} {recovery:>9}")
        return line + ("  " + "; ".join(self.notes) if self.notes else "")

    def add(self, outcome: str) -> None:
        """Count one request by its outcome (tests.fault_suite.load.Outcome)."""
        self.sent += 1
        if outcome == "answered":
            self.answered += 1
        elif outcome == "clean":
            self.clean_errors += 1
        elif outcome == "unanswered":
            self.unanswered += 1
        else:
            self.lost += 1


HEADER = (f"{'fault':<44} {'sent':>6} {'answered':>8} {'clean':>6} {'unanswered':>10} {'lost':>5} "
          f"{'recovery':>9}")


class FigureBook:
    """Figures of the session's faults, in the order the tests recorded them."""

    def __init__(self):
        self.entries: list[FaultFigures] = []

    def record(self, fault: str) -> FaultFigures:
        entry = FaultFigures(fault)
        self.entries.append(entry)
        return entry

    def lines(self) -> list[str]:
        return [HEADER, *(entry.row() for entry in self.entries)]

