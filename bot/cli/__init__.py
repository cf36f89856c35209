"""Command-line interface: ``python -m bot tasks|simulate|serve|check``."""
