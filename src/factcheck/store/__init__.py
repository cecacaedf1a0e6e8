"""Queries and writes: keyword-only functions that take a session and return records.

Nothing here prints; the CLI turns results into tables and JSON.
"""
