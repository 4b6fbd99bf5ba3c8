"""The fault suite's figures: what each fault did to the callers, printed after the run.

Each test records, for the fault it injects, how many requests (or events) it sent, how
many were answered, how many got a clean retryable error, how many were lost (neither:
a hang, a reset, a 500, an acknowledged write that is not there) and how long the service
took to answer again. conftest.py prints the table in pytest's terminal summary, so a CI
log shows the numbers docs/deployment.md quotes.
"""
from dataclasses import dataclass, field


@dataclass
class FaultFigures:
    fault: str
    sent: int = 0
    answered: int = 0
    clean_errors: int = 0
    lost: int = 0
    recovery_seconds: float | None = None
    notes: list[str] = field(default_factory=list)

    def row(self) -> str:
        recovery = "-" if self.recovery_seconds is None else f"{self.recovery_seconds:.2f}s"
        line = (f"{self.fault:<44} {self.sent:>6} {self.answered:>8} {self.clean_errors:>6} "
                f"{self.lost:>5} {recovery:>9}")
        return line + ("  " + "; ".join(self.notes) if self.notes else "")


HEADER = f"{'fault':<44} {'sent':>6} {'answered':>8} {'clean':>6} {'lost':>5} {'recovery':>9}"


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
