"""Synthetic data for a city at scale (`manage.py generate_city`): citations, payments,
parking facilities and permit applications, written in bulk against the demo city.

A package of generators, one per kind of record, sharing one bulk writer (COPY on
PostgreSQL, bulk_create elsewhere). It writes the rows of several domains (parking and
permits), so it lives in apps.business, the one app that may import more than one domain.
"""
