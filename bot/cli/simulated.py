"""Settings from the environment, or pointed at an in-process IVC simulator (``--simulate``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from bot.config import Settings, load_settings


@asynccontextmanager
async def settings_for(
    simulate: bool, extra: Mapping[str, Any] | None = None, *, api: str | None = None
) -> AsyncIterator[Settings]:
    """Yield validated settings; with ``simulate``, IVC is a simulator running in this loop.

    ``api`` (``--api``) chooses the API, overriding IVC_API; the simulator serves both.
    """
    overrides = {**(extra or {}), **({"ivc_api": api} if api else {})}
    if not simulate:
        yield load_settings(overrides)
        return
    from bot.simulator import DEMO_SECRET_ID, DEMO_SECRET_KEY, Simulator, start_simulator

    running = await start_simulator(Simulator(secret_id=DEMO_SECRET_ID, secret_key=DEMO_SECRET_KEY))
    try:
        yield load_settings(
            {
                **overrides,
                "ivc_base_url": running.base_url,
                "ivc_secret_id": DEMO_SECRET_ID,
                "ivc_secret_key": DEMO_SECRET_KEY,
            }
        )
    finally:
        await running.aclose()
