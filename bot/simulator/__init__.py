"""A simulated Tencent Cloud IVC recording-retrieval API, served over real HTTP.

For tests, the CLI (``python -m bot simulate``) and benchmarks: the ``/ivc/`` endpoints and API
3.0 (``POST /``) on one server, signatures checked like IVC's, answers and error codes as
Tencent's, and failure modes (``Fault``) switchable at start or while running. Each request is
answered from the account its SecretId names: ``accounts=N`` adds tenants
``tenant_secret_id(1..N)`` with keys ``tenant_secret_key(secret_id)``.
"""

from bot.simulator.accounts import tenant_secret_id, tenant_secret_key
from bot.simulator.cli import DEMO_SECRET_ID, DEMO_SECRET_KEY, build_parser, run_cli
from bot.simulator.cloudapi import CLOUDAPI_PATH
from bot.simulator.faults import Fault
from bot.simulator.recorded import RecordedRequest
from bot.simulator.runner import RunningSimulator, serve_forever, start_simulator
from bot.simulator.server import (
    ACCOUNTS_PATH,
    CHANNELS_PATH,
    CONTROL_PATH,
    CREATE_PATH,
    DELETE_PATH,
    DETAILS_PATH,
    DEVICES_PATH,
    LIST_PATH,
    PLAYBACK_PATH,
    STATS_PATH,
)
from bot.simulator.simulator import Simulator

__all__ = [
    "ACCOUNTS_PATH",
    "CHANNELS_PATH",
    "CLOUDAPI_PATH",
    "CONTROL_PATH",
    "CREATE_PATH",
    "DELETE_PATH",
    "DEMO_SECRET_ID",
    "DEMO_SECRET_KEY",
    "DETAILS_PATH",
    "DEVICES_PATH",
    "LIST_PATH",
    "PLAYBACK_PATH",
    "STATS_PATH",
    "Fault",
    "RecordedRequest",
    "RunningSimulator",
    "Simulator",
    "build_parser",
    "run_cli",
    "serve_forever",
    "start_simulator",
    "tenant_secret_id",
    "tenant_secret_key",
]
