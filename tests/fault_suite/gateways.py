"""A payment gateway for a real server under test: the processor charges, then answers late.

`tok_slowVisa` is charged at once (the DemoCharge row commits, as a processor's ledger
would) and the answer comes back CHARGE_ANSWER_SECONDS later: the window in which the fault
suite kills the server's database connections, so the charge stands and recording it fails.
"""
import time

from apps.core.payments import DemoPaymentGateway

CHARGE_ANSWER_SECONDS = 2.0


class SlowAnswerGateway(DemoPaymentGateway):
    name = "slow-answer"
    APPROVED = {**DemoPaymentGateway.APPROVED, "tok_slowVisa": "Visa ending 4242"}

    def charge(self, **kwargs):
        charge = super().charge(**kwargs)
        if kwargs["payment_method"] == "tok_slowVisa":
            time.sleep(CHARGE_ANSWER_SECONDS)
        return charge
