"""Form specs, the locale catalogue and Jinja2 templates, shipped as package data."""
