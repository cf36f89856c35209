"""Operability: Prometheus metrics (``metrics``) and one-line logs with request context
(``logs``)."""
