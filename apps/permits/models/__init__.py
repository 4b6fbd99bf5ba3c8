"""Permits models: the catalogue of permit types, applications, and the inspection calendar.

A package because the three parts change for different reasons; every model is re-exported
here so `apps.permits.models.PermitType` keeps working.
"""
from apps.permits.models.applications import (
    AssessedFee,
    PermitApplication,
    PermitDocument,
    TimelineEntry,
)
from apps.permits.models.payments import FeePayment
from apps.permits.models.inspections import Inspection, InspectionClosure, Inspector, InspectorAbsence
from apps.permits.models.types import (
    Condition,
    FeeRule,
    InspectionType,
    PermitCondition,
    PermitType,
    RequiredDocument,
)

__all__ = [
    "AssessedFee",
    "Condition",
    "FeePayment",
    "FeeRule",
    "Inspection",
    "InspectionClosure",
    "InspectionType",
    "Inspector",
    "InspectorAbsence",
    "PermitApplication",
    "PermitCondition",
    "PermitDocument",
    "PermitType",
    "RequiredDocument",
    "TimelineEntry",
]
