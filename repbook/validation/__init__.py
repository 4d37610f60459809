"""Validating returned workbooks: every problem a record at its cell, safe on hostile files."""
