"""Adopting the sheets reps already keep: find the table, map the columns, lose nothing."""
