"""Synthetic data for a city at scale (`manage.py generate_city`): citations, payments,
parking facilities and permit applications, written in bulk against the demo city.

A package of generators, one per kind of record, sharing one bulk writer (COPY on
PostgreSQL, bulk_create elsewhere). Permits applications are generated here too because
the scale work needs them and their models are read only through apps.permits.
"""
