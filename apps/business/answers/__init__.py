"""Answers of the cross-domain tools: markdown for people and the same facts as data."""
