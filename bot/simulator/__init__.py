"""A simulated Tencent Cloud IVC recording-retrieval API, served over real HTTP.

For tests, the CLI (``python -m bot simulate``) and benchmarks. It serves the ``/ivc/``
endpoints and Tencent Cloud API 3.0 (``POST /``) on one server, checks request
signatures like IVC (HMAC-SHA1, and TC3-HMAC-SHA256 for API 3.0), generates realistic
tasks that progress over (injectable) time, and can be switched into failure modes
(``Fault``) at start or while running.

It also creates and deletes tasks (IVC's rules restated in ``writes``; created tasks move
pending -> retrieving -> retrieved like the others; API 3.0 allows 5 writes per second on
the simulator's clock) and serves a camera catalog (``cameras``: organizations with
sub-organizations, IPCs and NVRs, online and offline, hostile names, device passwords).
``set_write_fault`` switches creates and deletes alone into a fault, e.g. ``answer-lost``.
It serves playback addresses of retrieved tasks' channels too (``playback``: a fresh token
per call, IVC's refusals otherwise; ``expire_copy`` makes a copy count as expired), and on
API 3.0 download links of up to 60 minutes of them (``downloads``: a fresh ``source=`` secret
per call, the same footage rules).
On API 3.0 it tells each camera's recordings in a window (``recordings``: archived or not,
or none, a case per channel that ``set_recording`` changes).

It answers like Tencent: API 3.0 successes hold exactly the fields of the SDK's response models
(the device id is ``DeviceId`` and the PTZ field ``PTZType`` there, ``Id`` and ``PtzType`` on
the ``/ivc/`` endpoints), API 3.0 requests are checked against each action's parameters
(``parameters``), and every refusal carries one of Tencent's own error codes (``codes``).

One server holds many accounts (``accounts``): each request is answered from the account
its signature's SecretId names, with that account's key, tasks and cameras; ``accounts=N``
adds tenants ``tenant_secret_id(1..N)`` with keys ``tenant_secret_key(secret_id)``.
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
