"""Consolidating a folder of returned workbooks (or regional masters) into one master."""
