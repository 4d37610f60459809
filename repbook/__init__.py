"""repbook: Excel forms, target splits, validation and consolidation for sales teams."""

__version__ = "0.1.0"
