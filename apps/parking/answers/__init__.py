"""Answers of the parking tools: markdown for people and the same facts as data."""
