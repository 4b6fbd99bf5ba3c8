"""Markdown answers in the seed's style, rendered from the same dicts as structuredContent."""
from apps.permits.answers.analysis import render_analysis, render_fee_quote, render_requirements
from apps.permits.answers.applications import (
    render_application_status,
    render_booking,
    render_submission,
    render_transition,
)

__all__ = [
    "render_analysis",
    "render_application_status",
    "render_booking",
    "render_fee_quote",
    "render_requirements",
    "render_submission",
    "render_transition",
]
