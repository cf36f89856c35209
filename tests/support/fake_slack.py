"""A fake Slack for wire tests: Web API methods, response_url endpoints and Socket Mode.

Serve ``FakeSlack().app`` with ``ServerThread`` (or use ``running_fake_slack()``), set
``fake.base_url`` and point slack_sdk at it::

    with running_fake_slack() as fake:
        client = AsyncWebClient(token=fake.bot_token, base_url=fake.api_base_url)

Routes: ``/api/<method>`` (GET or POST, form or JSON), ``POST /response/<id>``
(response_url) and ``GET /socket-mode?ticket=...`` (WebSocket; the URL comes from
``apps.connections.open``). Everything recorded is guarded by one ``threading.Condition``:
``wait_*_sync`` methods block on it, the async ``wait_*`` forms run that wait in a worker
thread, so tests may be sync or async and the fake may run in any thread or loop.
"""

# The async wait_* methods take a timeout on purpose: it bounds a Condition wait that runs
# in a worker thread, which asyncio.timeout() could not interrupt.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import math
import threading
import time
import uuid
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import pytest
from aiohttp import WSCloseCode, WSMsgType, web

from tests.support.polling import bound
from tests.support.server_thread import serve_in_thread

T = TypeVar("T")

BOT_TOKEN = "xoxb-0001-0002-fake-bot-token"
APP_TOKEN = "xapp-1-A0001-0003-fake-app-token"
TEAM_ID = "T0001"
APP_ID = "A0001"
BOT_USER_ID = "U0BOT"
BOT_ID = "B0BOT"
FIRST_TS_MICROS = 1_700_000_000_000_100  # first ts handed out: "1700000000.000100"
TS_STEP_MICROS = 100
JSON_ENCODED_PARAMS = ("blocks", "attachments", "metadata", "unfurls", "error")  # form posts
APP_TOKEN_METHODS = frozenset({"apps.connections.open"})
CLIENT_CREDENTIAL_METHODS = frozenset({"oauth.v2.access"})  # client id/secret, no token
RATE_LIMITED_METHODS = frozenset({"chat.postMessage"})  # Slack's 1 msg/s/channel limit
BLOCK_METHODS = frozenset(
    {"chat.postMessage", "chat.update", "chat.postEphemeral", "views.publish"}
)
"""The methods whose blocks a workspace can refuse (``refuse_block_type``)."""
WORK_OBJECT_METHODS = frozenset({"chat.unfurl", "entity.presentDetails"})
"""The methods a workspace without Work Objects refuses (``refuse_work_objects``)."""
TASK_ENTITY = "slack#/entities/task"
ENTITY_REFUSALS = ("feature_not_enabled", "invalid_metadata", "warning")
"""How a workspace refuses entities in a message's metadata (``refuse_message_entities``)."""
ENTITY_WARNING = "entity_metadata_dropped"


_Handler = Callable[[dict[str, Any], web.Request], dict[str, Any]]


class SlackMethodError(Exception):
    """Raised by a method handler to answer HTTP 200 ``{"ok": false, "error": ...}``."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


@dataclass(frozen=True)
class ApiCall:
    """One recorded Web API request and what the fake answered."""

    method: str
    http_method: str
    params: dict[str, Any]
    headers: dict[str, str]
    status: int
    response: dict[str, Any]
    received_at: float  # time.monotonic() when the request arrived

    @property
    def ok(self) -> bool:
        return self.status == 200 and bool(self.response.get("ok"))

    @property
    def token(self) -> str:
        """The token the call came with (Authorization header, else ``token`` parameter)."""
        header = {k.lower(): v for k, v in self.headers.items()}.get("authorization", "")
        return header.removeprefix("Bearer ").strip() or str(self.params.get("token", ""))

    def redacted(self) -> ApiCall:
        """A copy without the Authorization header and without a ``token`` parameter."""
        headers = {k: v for k, v in self.headers.items() if k.lower() != "authorization"}
        params = {k: v for k, v in self.params.items() if k != "token"}
        return replace(self, headers=headers, params=params)


@dataclass(frozen=True)
class _Outcome:
    """A programmed answer for the next call of a method or response URL."""

    status: int = 200
    error: str | None = None
    retry_after: int | None = None
    delay: float = 0.0
    channel: str | None = None  # only for a call to this channel (None: any call)
    until: threading.Event | None = None  # held until the test sets it (``hold_next``)


def _take(queue: deque[_Outcome] | None, channel: object) -> _Outcome:
    """The first programmed outcome for a call to ``channel`` (removed), else a plain answer."""
    for index, outcome in enumerate(queue or ()):
        if outcome.channel is None or outcome.channel == channel:
            assert queue is not None
            del queue[index]
            return outcome
    return _Outcome()


@dataclass
class _SocketConnection:
    ws: web.WebSocketResponse
    loop: asyncio.AbstractEventLoop
    outbox: asyncio.Queue[dict[str, Any]]

    def send(self, message: dict[str, Any]) -> None:
        """Queue a JSON message for the writer task; safe to call from any thread."""
        self.loop.call_soon_threadsafe(self.outbox.put_nowait, message)

    def unsent(self) -> list[dict[str, Any]]:
        """Take what is still queued (call on the connection's loop)."""
        messages = []
        while not self.outbox.empty():
            messages.append(self.outbox.get_nowait())
        return messages


class FakeSlack:
    """In-memory Slack with a real HTTP/WebSocket surface (see module docstring)."""

    def __init__(
        self,
        *,
        bot_token: str = BOT_TOKEN,
        app_token: str = APP_TOKEN,
        team_id: str = TEAM_ID,
        team_name: str = "Fake Team",
        app_id: str = APP_ID,
        bot_user_id: str = BOT_USER_ID,
        bot_id: str = BOT_ID,
        default_tz: tuple[str, str, int] = ("Asia/Shanghai", "China Standard Time", 28800),
        default_locale: str = "en-US",
        channel_rate_limit: float | None = None,
    ) -> None:
        self.bot_token = bot_token
        self.app_token = app_token
        self.team_id = team_id
        self.team_name = team_name
        self.app_id = app_id
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.default_tz = default_tz
        self.default_locale = default_locale  # everyone's Slack language unless set_user says
        self.base_url = ""  # set once served, e.g. by running_fake_slack()
        self._cond = threading.Condition(threading.RLock())
        self._channel_rate_limit = channel_rate_limit
        self._last_post: dict[str, float] = {}
        self._workspace_rate_limit: int | None = None
        self._workspace_posts: deque[float] = deque()
        self._next_ts = FIRST_TS_MICROS
        self._calls: list[ApiCall] = []
        self._outcomes: dict[str, deque[_Outcome]] = defaultdict(deque)
        self._response_outcomes: dict[str, deque[_Outcome]] = defaultdict(deque)
        self._users: dict[str, dict[str, Any]] = {}
        self._channels: dict[str, dict[str, Any]] = {}
        self._messages: dict[tuple[str, str], dict[str, Any]] = {}
        self._ephemerals: list[dict[str, Any]] = []
        self._responses: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._tickets: set[str] = set()
        self._sockets: list[_SocketConnection] = []
        self._socket_connects = 0
        self._socket_pending: list[dict[str, Any]] = []
        self._socket_sent: list[dict[str, Any]] = []
        self._socket_received: list[dict[str, Any]] = []
        self._acks: dict[str, dict[str, Any]] = {}
        self._home_views: dict[str, dict[str, Any]] = {}
        self._oauth_clients: dict[str, str] = {}
        self._oauth_codes_used: list[str] = []
        self.oauth_team_id = team_id  # the workspace every oauth.v2.access code installs
        self._token_teams: dict[str, str] = {bot_token: team_id}  # bot token -> its workspace
        self._usergroups: dict[str, list[str]] = {}
        self._modals: dict[str, dict[str, Any]] = {}  # view id -> the modal shown now
        self._user_channels: dict[str, list[str]] = {}
        self._refused_blocks: set[str] = set()
        self._refusals_named = True
        self._refusals = 0
        self._refused_types: list[list[str]] = []
        self._dm_refusals: dict[str, str] = {}  # user id -> conversations.open's error
        self._work_objects_refused: set[str] = set()  # methods answering feature_not_enabled
        self._unfurls: list[dict[str, Any]] = []  # chat.unfurl calls taken
        self._message_entities_refusal: str | None = None  # one of ENTITY_REFUSALS
        self._presented: list[dict[str, Any]] = []  # entity.presentDetails calls taken
        self._handlers: dict[str, _Handler] = {
            "auth.test": self._auth_test,
            "chat.postMessage": self._chat_post_message,
            "conversations.history": self._conversations_history,
            "conversations.replies": self._conversations_replies,
            "chat.update": self._chat_update,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "users.info": self._users_info,
            "conversations.info": self._conversations_info,
            "apps.connections.open": self._apps_connections_open,
            "views.publish": self._views_publish,
            "oauth.v2.access": self._oauth_v2_access,
            "users.conversations": self._users_conversations,
            "auth.revoke": self._auth_revoke,
            "usergroups.users.list": self._usergroups_users_list,
            "views.open": self._views_open,
            "views.update": self._views_update,
            "views.push": self._views_push,
            "conversations.open": self._conversations_open,
            "chat.unfurl": self._chat_unfurl,
            "entity.presentDetails": self._entity_present_details,
        }
        self.app = self._build_app()

    # ----------------------------------------------------------------- addresses

    @property
    def api_base_url(self) -> str:
        """The ``base_url`` for slack_sdk clients (ends with ``/api/``)."""
        return f"{self._require_base_url()}/api/"

    def response_url(self, response_id: str) -> str:
        return f"{self._require_base_url()}/response/{response_id}"

    def _require_base_url(self) -> str:
        if not self.base_url:
            raise RuntimeError("FakeSlack.base_url is not set; serve it first")
        return self.base_url

    # ------------------------------------------------------------- programming

    def fail_next(
        self,
        method: str,
        *,
        status: int | None = None,
        error: str | None = None,
        retry_after: int | None = 1,
        delay: float = 0.0,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail.

        No arguments: HTTP 429 ``ratelimited`` with ``Retry-After``. ``error=`` alone:
        HTTP 200 ``{"ok": false, "error": error}``. ``status=500``: HTTP 500. ``delay``
        seconds pass before the answer. Calls rejected for their token do not use it up.
        """
        if status is None:
            status = 200 if error is not None else 429
        if status == 200 and error is None:
            raise ValueError("a failure with HTTP 200 needs an error code")
        if error is None:
            error = "ratelimited" if status == 429 else "internal_error"
        outcome = _Outcome(
            status=status,
            error=error,
            retry_after=retry_after if status == 429 else None,
            delay=delay,
        )
        with self._cond:
            self._outcomes[method].extend([outcome] * times)

    def delay_next(
        self, method: str, seconds: float, *, times: int = 1, channel: str | None = None
    ) -> None:
        """Answer the next ``times`` calls of ``method`` (to ``channel``, when given) normally,
        but after ``seconds``."""
        with self._cond:
            self._outcomes[method].extend([_Outcome(delay=seconds, channel=channel)] * times)

    def hold_next(
        self, method: str, *, channel: str | None = None, status: int = 200
    ) -> threading.Event:
        """Hold the next call of ``method`` (to ``channel``, when given) until the returned
        event is set, then answer it: normally, or with HTTP ``status`` (500: it failed).

        The caller then knows the call is in flight for as long as it needs, however slow the
        machine (a ``delay`` is a window that a busy machine may miss)."""
        release = threading.Event()
        error = None if status == 200 else "internal_error"
        outcome = _Outcome(status=status, error=error, channel=channel, until=release)
        with self._cond:
            self._outcomes[method].append(outcome)
        return release

    def programmed(self, method: str) -> int:
        """How many programmed answers (``fail_next``/``delay_next``) of ``method`` are still
        unused: one is used when its request arrives, before any delay."""
        with self._cond:
            return len(self._outcomes.get(method, ()))

    def fail_next_response(
        self, response_id: str, *, status: int = 404, error: str = "expired_url"
    ) -> None:
        """Make the next POST to ``response_url(response_id)`` fail (not recorded)."""
        with self._cond:
            self._response_outcomes[response_id].append(_Outcome(status=status, error=error))

    def refuse_block_type(self, *block_types: str, named: bool = True) -> None:
        """Answer ``invalid_blocks`` (as a workspace without those blocks does) to every post,
        update, ``views.publish`` and ``response_url`` body holding a block of these types.

        ``named``: the answer's ``response_metadata.messages`` name each refused block with a
        JSON pointer, as Slack's do (https://docs.slack.dev/reference/methods/blocks.validate
        shows the pointers), e.g. ``[ERROR] unsupported type: data_table
        [json-pointer:/blocks/3/type]`` (``/view/blocks/3/type`` in a view); False: a bare
        ``{"ok": false, "error": "invalid_blocks"}``."""
        with self._cond:
            self._refused_blocks.update(block_types)
            self._refusals_named = named

    def refusal_count(self) -> int:
        """How many requests were refused with ``invalid_blocks`` so far."""
        with self._cond:
            return self._refusals

    def refused_block_types(self) -> list[list[str]]:
        """The block types of each request refused with ``invalid_blocks``, oldest first."""
        with self._cond:
            return [list(types) for types in self._refused_types]

    def _refusal(self, payload: Any) -> dict[str, Any] | None:
        """The ``invalid_blocks`` answer to ``payload`` (its ``blocks``, or a view's) if it
        holds a refused block type, else None."""
        if not self._refused_blocks or not isinstance(payload, dict):
            return None
        blocks, path = payload.get("blocks"), "/blocks"
        view = payload.get("view")
        if isinstance(view, str):
            view = json.loads(view)
        if blocks is None and isinstance(view, dict):
            blocks, path = view.get("blocks"), "/view/blocks"
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        refused = [
            f"[ERROR] unsupported type: {b['type']} [json-pointer:{path}/{index}/type]"
            for index, b in enumerate(blocks or ())
            if isinstance(b, dict) and b.get("type") in self._refused_blocks
        ]
        if not refused:
            return None
        self._refusals += 1
        self._refused_types.append(
            [str(b.get("type")) for b in blocks or () if isinstance(b, dict)]
        )
        answer: dict[str, Any] = {"ok": False, "error": "invalid_blocks"}
        if self._refusals_named:
            answer["response_metadata"] = {"messages": refused}
        return answer

    def refuse_work_objects(self, *methods: str) -> None:
        """Answer ``feature_not_enabled`` (as a workspace without Work Objects does) to
        ``chat.unfurl`` calls carrying ``metadata`` and to ``entity.presentDetails``; name
        ``methods`` to refuse only those (default: both)."""
        with self._cond:
            self._work_objects_refused.update(methods or WORK_OBJECT_METHODS)

    def refuse_message_entities(self, how: str) -> None:
        """Refuse ``metadata.entities`` on ``chat.postMessage`` and ``chat.update``: answer the
        error ``how`` (``feature_not_enabled``, ``invalid_metadata``: nothing posted), or
        (``warning``) take the message without its entities and say so in a warning."""
        assert how in ENTITY_REFUSALS, how
        with self._cond:
            self._message_entities_refusal = how

    def unfurls(self) -> list[dict[str, Any]]:
        """The parameters of every ``chat.unfurl`` taken (``metadata`` and ``unfurls`` decoded),
        oldest first."""
        with self._cond:
            return [dict(call) for call in self._unfurls]

    def presented(self) -> list[dict[str, Any]]:
        """The parameters of every ``entity.presentDetails`` taken, oldest first."""
        with self._cond:
            return [dict(call) for call in self._presented]

    def set_workspace_rate_limit(self, per_second: int | None) -> None:
        """Limit chat.postMessage across the workspace; None switches it off."""
        with self._cond:
            self._workspace_rate_limit = per_second
            self._workspace_posts.clear()

    def rate_limited_count(self) -> int:
        """How many requests were answered 429 (programmed or by a rate limit)."""
        with self._cond:
            return sum(1 for call in self._calls if call.status == 429)

    def set_channel_rate_limit(self, per_second: float | None) -> None:
        """Limit chat.postMessage per channel (Slack: about 1/s); None switches it off."""
        with self._cond:
            self._channel_rate_limit = per_second
            self._last_post.clear()

    def add_message(self, channel: str, **fields: Any) -> str:
        """Put a message in ``channel`` as someone else posted it (e.g. another app's
        ``bot_id``/``app_id`` and ``metadata``); returns its ts."""
        with self._cond:
            ts = self._new_ts()
            self._messages[(channel, ts)] = {"type": "message", "ts": ts, **fields}
            self._cond.notify_all()
            return ts

    def accept_bot_token(self, token: str, team_id: str | None = None) -> None:
        """Accept ``token`` as a bot token too (the install of ``team_id``, the fake's own
        workspace unless given); each call records the token it came with (``ApiCall.token``)."""
        with self._cond:
            self._token_teams[token] = team_id or self.team_id

    def set_user(self, user_id: str, **fields: Any) -> None:
        """Override fields of the ``users.info`` answer (e.g. ``tz``, ``tz_offset``,
        ``locale="zh-CN"``: answered only to ``include_locale=true``)."""
        with self._cond:
            self._users.setdefault(user_id, {}).update(fields)

    def set_channel(self, channel_id: str, **fields: Any) -> None:
        """Override fields of the ``conversations.info`` answer (e.g. ``name``)."""
        with self._cond:
            self._channels.setdefault(channel_id, {}).update(fields)

    def refuse_dm(self, user_id: str, error: str = "user_disabled") -> None:
        """Make ``conversations.open`` with ``user_id`` fail with ``error`` (e.g.
        ``user_disabled``, ``user_not_found``) until further notice."""
        with self._cond:
            self._dm_refusals[user_id] = error

    @staticmethod
    def dm_channel(user_id: str) -> str:
        """The id of the app's direct message channel with ``user_id``."""
        return f"D{user_id.removeprefix('U')}"

    # --------------------------------------------------------------- inspection

    def set_user_channels(self, user_id: str, channel_ids: list[str]) -> None:
        """What ``users.conversations`` answers for ``user_id``."""
        with self._cond:
            self._user_channels[user_id] = list(channel_ids)

    def home_view(self, user_id: str) -> dict[str, Any] | None:
        """The last App Home view published for ``user_id``."""
        with self._cond:
            return self._home_views.get(user_id)

    def calls(self, method: str | None = None, *, redact: bool = False) -> list[ApiCall]:
        """Recorded Web API calls, oldest first; ``redact=True`` drops credentials."""
        with self._cond:
            found = [c for c in self._calls if method is None or c.method == method]
        return [c.redacted() for c in found] if redact else found

    def messages(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Messages as they stand now (after chat.update), each with its ``channel``."""
        with self._cond:
            return [
                {**msg, "channel": ch}
                for (ch, _), msg in self._messages.items()
                if channel is None or ch == channel
            ]

    def ephemerals(self, channel: str | None = None) -> list[dict[str, Any]]:
        with self._cond:
            return [dict(m) for m in self._ephemerals if channel is None or m["channel"] == channel]

    def responses(self, response_id: str) -> list[dict[str, Any]]:
        """JSON bodies POSTed to ``response_url(response_id)``, oldest first."""
        with self._cond:
            return list(self._responses.get(response_id, []))

    def socket_acks(self) -> dict[str, dict[str, Any]]:
        with self._cond:
            return dict(self._acks)

    def socket_received(self) -> list[dict[str, Any]]:
        """Every JSON message the Socket Mode client sent, oldest first."""
        with self._cond:
            return list(self._socket_received)

    def socket_sent(self) -> list[dict[str, Any]]:
        """Every JSON message the fake sent over Socket Mode (hello, envelopes...)."""
        with self._cond:
            return list(self._socket_sent)

    @property
    def socket_connection_count(self) -> int:
        """How many Socket Mode connections were accepted so far."""
        with self._cond:
            return self._socket_connects

    # ------------------------------------------------------------------ waiting

    def wait_for_sync(self, predicate: Callable[[], T | None], timeout: float = 5.0) -> T:
        """Block until ``predicate()`` is truthy and return it; TimeoutError after
        ``bound(timeout)`` seconds (a failure bound, scaled for a busy machine)."""
        limit = bound(timeout)
        with self._cond:
            result = self._cond.wait_for(predicate, limit)
        if not result:
            raise TimeoutError(f"condition not met within {limit:g} s")
        return result

    async def wait_for(self, predicate: Callable[[], T | None], timeout: float = 5.0) -> T:
        """Async form of ``wait_for_sync`` (waits in a worker thread)."""
        return await asyncio.to_thread(self.wait_for_sync, predicate, timeout)

    def wait_for_calls_sync(
        self, method: str, count: int = 1, timeout: float = 5.0
    ) -> list[ApiCall]:
        """Block until ``method`` was called ``count`` times; return all its calls."""
        return self.wait_for_sync(lambda: self._calls_if(method, count), timeout)

    async def wait_for_calls(
        self, method: str, count: int = 1, timeout: float = 5.0
    ) -> list[ApiCall]:
        return await self.wait_for(lambda: self._calls_if(method, count), timeout)

    def wait_for_response_sync(
        self, response_id: str, count: int = 1, timeout: float = 5.0
    ) -> dict[str, Any]:
        """Block until ``count`` bodies were POSTed to the response URL; return body ``count``."""
        return self.wait_for_sync(lambda: self._response_if(response_id, count), timeout)

    async def wait_for_response(
        self, response_id: str, count: int = 1, timeout: float = 5.0
    ) -> dict[str, Any]:
        return await self.wait_for(lambda: self._response_if(response_id, count), timeout)

    def wait_for_socket_connection_sync(self, count: int = 1, timeout: float = 5.0) -> None:
        """Block until ``count`` Socket Mode connections were accepted overall."""
        self.wait_for_sync(lambda: self._socket_connects >= count, timeout)

    async def wait_for_socket_connection(self, count: int = 1, timeout: float = 5.0) -> None:
        await self.wait_for(lambda: self._socket_connects >= count, timeout)

    def wait_for_socket_ack_sync(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        """Block until the client acked ``envelope_id``; return the ack JSON."""
        return self.wait_for_sync(lambda: self._acks.get(envelope_id), timeout)

    async def wait_for_socket_ack(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        return await self.wait_for(lambda: self._acks.get(envelope_id), timeout)

    def _calls_if(self, method: str, count: int) -> list[ApiCall] | None:
        found = [c for c in self._calls if c.method == method]
        return found if len(found) >= count else None

    def _response_if(self, response_id: str, count: int) -> dict[str, Any] | None:
        bodies = self._responses.get(response_id, [])
        return bodies[count - 1] if len(bodies) >= count else None

    # ------------------------------------------------------------- socket mode

    def socket_send_slash_command(self, payload: dict[str, Any]) -> str:
        """Push a ``slash_commands`` envelope to the client; return its envelope_id."""
        return self.socket_send_envelope("slash_commands", payload, accepts_response_payload=True)

    def socket_send_interactive(
        self, payload: dict[str, Any], *, accepts_response_payload: bool = False
    ) -> str:
        """Push an ``interactive`` envelope (e.g. a block_actions payload)."""
        return self.socket_send_envelope(
            "interactive", payload, accepts_response_payload=accepts_response_payload
        )

    def socket_send_envelope(
        self, envelope_type: str, payload: dict[str, Any], *, accepts_response_payload: bool
    ) -> str:
        """Send an envelope to the newest open connection, or hold it until one connects."""
        envelope_id = str(uuid.uuid4())
        self._socket_push(
            {
                "envelope_id": envelope_id,
                "payload": payload,
                "type": envelope_type,
                "accepts_response_payload": accepts_response_payload,
            }
        )
        return envelope_id

    def socket_send_disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the client to reconnect, as Slack does before recycling a connection."""
        self._socket_push(
            {"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-fake"}}
        )

    def _socket_push(self, message: dict[str, Any]) -> None:
        with self._cond:
            live = [c for c in self._sockets if not c.ws.closed]
            if live:
                live[-1].send(message)
            else:
                self._socket_pending.append(message)

    def _hello(self) -> dict[str, Any]:
        with self._cond:
            count = len(self._sockets)
        return {
            "type": "hello",
            "num_connections": count,
            "debug_info": {
                "host": "applink-fake",
                "build_number": 1,
                "approximate_connection_time": 18060,
            },
            "connection_info": {"app_id": self.app_id},
        }

    async def _socket_mode(self, request: web.Request) -> web.StreamResponse:
        ticket = request.query.get("ticket", "")
        with self._cond:
            known = ticket in self._tickets
            self._tickets.discard(ticket)
        if not known:
            return web.json_response({"ok": False, "error": "invalid_ticket"}, status=401)
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        conn = _SocketConnection(ws, asyncio.get_running_loop(), asyncio.Queue())
        with self._cond:
            self._sockets.append(conn)
        hello = self._hello()
        with self._cond:
            conn.outbox.put_nowait(hello)
            for message in self._socket_pending:
                conn.outbox.put_nowait(message)
            self._socket_pending.clear()
            self._socket_connects += 1
            self._cond.notify_all()
        writer = asyncio.create_task(self._socket_writer(conn))
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    self._socket_record(msg.data)
        finally:
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer
            with self._cond:
                self._sockets.remove(conn)
                # Envelopes not delivered go to the next connection, as Slack retries them.
                leftover = [m for m in conn.unsent() if m.get("type") != "hello"]
                self._socket_pending[:0] = leftover
                self._cond.notify_all()
        return ws

    async def _socket_writer(self, conn: _SocketConnection) -> None:
        """Send queued messages in order; one that fails to go out is queued again."""
        while True:
            message = await conn.outbox.get()
            try:
                await conn.ws.send_str(json.dumps(message))
            except (ConnectionError, asyncio.CancelledError):
                conn.outbox.put_nowait(message)
                raise
            with self._cond:
                self._socket_sent.append(message)
                self._cond.notify_all()

    def _socket_record(self, data: str) -> None:
        try:
            message = json.loads(data)
        except ValueError:
            message = {"unparsed": data}
        with self._cond:
            self._socket_received.append(message)
            if isinstance(message, dict) and "envelope_id" in message:
                self._acks.setdefault(message["envelope_id"], message)
            self._cond.notify_all()

    async def _close_sockets(self, _app: web.Application) -> None:
        with self._cond:
            sockets = list(self._sockets)
        for conn in sockets:
            await conn.ws.close(code=WSCloseCode.GOING_AWAY, message=b"server shutdown")

    # ------------------------------------------------------------- response_url

    async def _response(self, request: web.Request) -> web.Response:
        response_id = request.match_info["response_id"]
        with self._cond:
            queue = self._response_outcomes.get(response_id)
            outcome = queue.popleft() if queue else None
        if outcome is not None:
            return web.json_response({"ok": False, "error": outcome.error}, status=outcome.status)
        try:
            body = await request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return web.json_response({"ok": False, "error": "invalid_payload"}, status=400)
        with self._cond:
            refusal = self._refusal(body)
            if refusal is not None:
                return web.json_response(refusal, status=400)
            self._responses[response_id].append(body)
            self._cond.notify_all()
        return web.json_response({"ok": True})

    # ---------------------------------------------------------------- Web API

    async def _api(self, request: web.Request) -> web.Response:
        received_at = time.monotonic()
        method = request.match_info["method"]
        try:
            params = await _read_params(request)
        except ValueError:
            params = {}
            headers: dict[str, str] = {}
            status, body = 200, {"ok": False, "error": "invalid_json"}
        else:
            status, body, headers = await self._answer(method, params, request)
        call = ApiCall(
            method=method,
            http_method=request.method,
            params=params,
            headers=dict(request.headers),
            status=status,
            response=body,
            received_at=received_at,
        )
        with self._cond:
            self._calls.append(call)
            self._cond.notify_all()
        return web.json_response(body, status=status, headers=headers)

    async def _answer(
        self, method: str, params: dict[str, Any], request: web.Request
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        """Status, JSON body and extra headers for one Web API call."""
        handler = self._handlers.get(method)
        if handler is None:
            return 200, {"ok": False, "error": "unknown_method", "req_method": method}, {}
        auth_error = self._auth_error(method, request, params)
        if auth_error is not None:
            return 200, {"ok": False, "error": auth_error}, {}
        with self._cond:
            outcome = _take(self._outcomes.get(method), params.get("channel"))
        if outcome.delay:
            await asyncio.sleep(outcome.delay)
        if outcome.until is not None:
            await asyncio.to_thread(outcome.until.wait, bound(60))
        if outcome.error is not None:
            headers = {}
            if outcome.retry_after is not None:
                headers["Retry-After"] = str(outcome.retry_after)
            return outcome.status, {"ok": False, "error": outcome.error}, headers
        retry_after = self._rate_limited(method, params)
        if retry_after is not None:
            return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)}
        with self._cond:
            refusal = self._refusal(params) if method in BLOCK_METHODS else None
            if refusal is not None:
                return 200, refusal, {}
        try:
            with self._cond:
                return 200, handler(params, request), {}
        except SlackMethodError as exc:
            return 200, {"ok": False, "error": exc.error}, {}

    def _auth_error(self, method: str, request: web.Request, params: dict[str, Any]) -> str | None:
        if method in CLIENT_CREDENTIAL_METHODS:
            return self._client_auth_error(request, params)
        header = request.headers.get("Authorization", "")
        token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
        token = token or str(params.get("token", ""))
        if not token:
            return "not_authed"
        expected = self.app_token if method in APP_TOKEN_METHODS else self.bot_token
        if token == expected or (method not in APP_TOKEN_METHODS and token in self._token_teams):
            return None
        if token == self.app_token or token in self._token_teams:
            return "not_allowed_token_type"
        return "invalid_auth"

    def _workspace_limited(self, now: float) -> int | None:
        """Seconds to wait if this post exceeds the workspace-wide limit (a 1-second window)."""
        if not self._workspace_rate_limit:
            return None
        window = self._workspace_posts
        while window and now - window[0] >= 1.0:
            window.popleft()
        if len(window) >= self._workspace_rate_limit:
            return 1
        window.append(now)
        return None

    def _rate_limited(self, method: str, params: dict[str, Any]) -> int | None:
        """Seconds to wait if this post exceeds the per-channel or workspace limit, else None."""
        if method not in RATE_LIMITED_METHODS:
            return None
        channel = str(params.get("channel", ""))
        now = time.monotonic()
        with self._cond:
            wait = self._workspace_limited(now)
            if wait is not None:
                return wait
            if not self._channel_rate_limit or not channel:
                return None
            interval = 1.0 / self._channel_rate_limit
            last = self._last_post.get(channel)
            if last is not None and now - last < interval:
                return max(1, math.ceil(interval - (now - last)))
            self._last_post[channel] = now
        return None

    # Method handlers run with the lock held and return the JSON body of a success.

    def _new_ts(self) -> str:
        micros = self._next_ts
        self._next_ts += TS_STEP_MICROS
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _auth_test(self, params: dict[str, Any], request: web.Request) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://fake-team.slack.com/",
            "team": self.team_name,
            "user": "retrieval-tasks",
            "team_id": self._team_of_token(request, params),
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "is_enterprise_install": False,
        }

    def _message_entities(self, params: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """Check a message's ``metadata.entities`` (each a Work Object; no ``app_unfurl_url``
        needed) and refuse them as programmed: the parameters to keep (the entities left out
        when dropped), and the answer's warning if they were."""
        metadata = params.get("metadata")
        if not isinstance(metadata, dict) or "entities" not in metadata:
            return params, {}
        entities = metadata["entities"]
        if not isinstance(entities, list) or not entities:
            raise SlackMethodError("invalid_metadata")
        for entity in entities:
            _check_entity(entity)
        how = self._message_entities_refusal
        if how is None:
            return params, {}
        if how != "warning":
            raise SlackMethodError(how)
        kept = {**params, "metadata": {k: v for k, v in metadata.items() if k != "entities"}}
        warning = {"warning": ENTITY_WARNING, "response_metadata": {"warnings": [ENTITY_WARNING]}}
        return kept, warning

    def _message_fields(self, params: dict[str, Any]) -> dict[str, Any]:
        if not any(params.get(k) for k in ("text", "blocks", "attachments")):
            raise SlackMethodError("no_text")
        fields: dict[str, Any] = {"text": params.get("text") or ""}
        for key in ("blocks", "attachments", "thread_ts", "metadata"):
            if params.get(key):
                fields[key] = params[key]
        return fields

    def _check_postable(self, channel: str) -> None:
        """Answer like Slack for channels set up with ``set_channel`` as gone or closed."""
        info = self._channels.get(channel, {})
        if info.get("deleted"):
            raise SlackMethodError("channel_not_found")
        if info.get("is_archived"):
            raise SlackMethodError("is_archived")
        if info.get("is_member") is False:
            raise SlackMethodError("not_in_channel")

    def _chat_post_message(self, params: dict[str, Any], _request: web.Request) -> dict[str, Any]:
        channel = _required(params, "channel", "channel_not_found")
        self._check_postable(channel)
        params, warned = self._message_entities(params)
        ts = self._new_ts()
        message = {
            "type": "message",
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "team": self.team_id,
            "ts": ts,
            **self._message_fields(params),
        }
        self._messages[(channel, ts)] = message
        return {"ok": True, "channel": channel, "ts": ts, "message": dict(message), **warned}

    def _chat_update(self, params: dict[str, Any], _request: web.Request) -> dict[str, Any]:
        channel = _required(params, "channel", "channel_not_found")
        self._check_postable(channel)
        ts = _required(params, "ts", "message_not_found")
        message = self._messages.get((channel, ts))
        if message is None:
            raise SlackMethodError("message_not_found")
        params, warned = self._message_entities(params)
        fields = self._message_fields(params)
        message.pop("blocks", None)
        message.update(fields, edited={"user": self.bot_user_id, "ts": self._new_ts()})
        return {
            "ok": True,
            "channel": channel,
            "ts": ts,
            "text": message["text"],
            "message": dict(message),
            **warned,
        }

    def _chat_post_ephemeral(self, params: dict[str, Any], _request: web.Request) -> dict[str, Any]:
        channel = _required(params, "channel", "channel_not_found")
        user = _required(params, "user", "user_not_found")
        ts = self._new_ts()
        self._ephemerals.append(
            {"channel": channel, "user": user, "message_ts": ts, **self._message_fields(params)}
        )
        return {"ok": True, "message_ts": ts}

    def _users_info(self, params: dict[str, Any], request: web.Request) -> dict[str, Any]:
        """A member of the asking token's workspace unless ``set_user`` says otherwise (e.g.
        ``team_id`` of another organisation, as Slack answers for Slack Connect people). As
        Slack does, ``locale`` (``default_locale`` unless ``set_user(..., locale=...)``) comes
        only with ``include_locale`` true."""
        user_id = _required(params, "user", "user_not_found")
        tz, tz_label, tz_offset = self.default_tz
        user = {
            "id": user_id,
            "team_id": self._team_of_token(request, params),
            "name": user_id.lower(),
            "real_name": f"User {user_id}",
            "deleted": False,
            "is_bot": False,
            "tz": tz,
            "tz_label": tz_label,
            "tz_offset": tz_offset,
            "locale": self.default_locale,
            **self._users.get(user_id, {}),
        }
        if str(params.get("include_locale", "")).lower() not in ("1", "true"):
            user.pop("locale")
        return {"ok": True, "user": user}

    def _conversations_info(self, params: dict[str, Any], _request: web.Request) -> dict[str, Any]:
        channel_id = _required(params, "channel", "channel_not_found")
        is_im = channel_id.startswith("D")
        channel = {
            "id": channel_id,
            "name": channel_id.lower(),
            "is_channel": not is_im,
            "is_group": False,
            "is_im": is_im,
            "is_private": is_im,
            "is_archived": False,
            "is_member": True,
            "created": 1_700_000_000,
            **self._channels.get(channel_id, {}),
        }
        return {"ok": True, "channel": channel}

    def _history(self, channel: str, *, thread_ts: str | None) -> list[dict[str, Any]]:
        """Messages of a channel (or of one thread), newest first, like Slack answers."""
        found = [
            dict(m)
            for (c, ts), m in self._messages.items()
            if c == channel
            and (thread_ts is None or ts == thread_ts or m.get("thread_ts") == thread_ts)
        ]
        return sorted(found, key=lambda m: m["ts"], reverse=thread_ts is None)

    def _with_metadata(
        self, messages: list[dict[str, Any]], params: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if str(params.get("include_all_metadata", "")).lower() in ("1", "true"):
            return messages
        return [{k: v for k, v in m.items() if k != "metadata"} for m in messages]

    def _conversations_history(
        self, params: dict[str, Any], _request: web.Request
    ) -> dict[str, Any]:
        channel = _required(params, "channel", "channel_not_found")
        oldest = float(params.get("oldest") or 0)
        found = [m for m in self._history(channel, thread_ts=None) if float(m["ts"]) >= oldest]
        limit = int(params.get("limit") or 100)
        return {
            "ok": True,
            "messages": self._with_metadata(found[:limit], params),
            "has_more": len(found) > limit,
        }

    def _conversations_replies(
        self, params: dict[str, Any], _request: web.Request
    ) -> dict[str, Any]:
        channel = _required(params, "channel", "channel_not_found")
        ts = _required(params, "ts", "thread_not_found")
        found = self._history(channel, thread_ts=ts)
        if not found:
            raise SlackMethodError("thread_not_found")
        return {"ok": True, "messages": self._with_metadata(found, params), "has_more": False}

    def token_for(self, team_id: str) -> str:
        """The bot token of the app's installation in ``team_id`` (each workspace has its
        own, as on Slack; the fake's own workspace has ``bot_token``)."""
        with self._cond:
            token = self.bot_token if team_id == self.team_id else f"{self.bot_token}-{team_id}"
            self._token_teams[token] = team_id
            return token

    def _team_of_token(self, request: web.Request, params: dict[str, Any]) -> str:
        """The workspace of the bot token a call was made with (the fake's own otherwise)."""
        header = request.headers.get("Authorization", "")
        token = header.removeprefix("Bearer ").strip() or str(params.get("token", ""))
        return self._token_teams.get(token, self.team_id)

    def set_oauth_client(
        self, client_id: str, client_secret: str, *, team_id: str | None = None
    ) -> None:
        """Accept ``oauth.v2.access`` from this app; every code installs ``team_id`` (the
        fake's own workspace unless given)."""
        with self._cond:
            self._oauth_clients[client_id] = client_secret
            self.oauth_team_id = team_id or self.team_id

    def set_usergroup(self, group_id: str, user_ids: list[str]) -> None:
        """What ``usergroups.users.list`` answers for ``group_id``."""
        with self._cond:
            self._usergroups[group_id] = list(user_ids)

    def _usergroups_users_list(
        self, params: dict[str, Any], _request: web.Request
    ) -> dict[str, Any]:
        group = _required(params, "usergroup", "no_such_subteam")
        if group not in self._usergroups:
            raise SlackMethodError("no_such_subteam")
        return {"ok": True, "users": list(self._usergroups[group])}

    def _auth_revoke(self, _params: dict[str, Any], _request: web.Request) -> dict[str, Any]:
        """Recorded (``calls("auth.revoke")``); the fake's one bot token stays valid."""
        return {"ok": True, "revoked": True}

    def _client_auth_error(self, request: web.Request, params: dict[str, Any]) -> str | None:
        client_id, secret = str(params.get("client_id", "")), str(params.get("client_secret", ""))
        header = request.headers.get("Authorization", "")
        if header.startswith("Basic "):
            decoded = base64.b64decode(header[6:]).decode("utf-8", "replace")
            client_id, _, secret = decoded.partition(":")
        if self._oauth_clients.get(client_id) != secret or not secret:
            return "invalid_client_id"
        return None

    def _oauth_v2_access(self, params: dict[str, Any], _request: web.Request) -> dict[str, Any]:
        code = str(params.get("code") or "")
        if not code or code == "bad-code":
            raise SlackMethodError("invalid_code")
        self._oauth_codes_used.append(code)
        return {
            "ok": True,
            "app_id": self.app_id,
            "access_token": self.token_for(self.oauth_team_id),
            "token_type": "bot",
            "scope": "commands,chat:write",
            "bot_user_id": self.bot_user_id,
            "team": {"id": self.oauth_team_id, "name": "Fake Workspace"},
            "enterprise": None,
            "authed_user": {"id": "U0001"},
            "is_enterprise_install": False,
        }

    def _views_publish(self, params: dict[str, Any], _request: web.Request) -> dict[str, Any]:
        user = _required(params, "user_id", "user_not_found")
        view = params.get("view")
        if isinstance(view, str):
            view = json.loads(view)
        if not isinstance(view, dict) or view.get("type") != "home":
            raise SlackMethodError("invalid_arguments")
        self._home_views[user] = view
        return {"ok": True, "view": {"id": f"V{len(self._home_views):04d}", **view}}

    def modal(self, view_id: str) -> dict[str, Any] | None:
        """The modal ``view_id`` shows now (after ``views.open`` / ``update`` / ``push``)."""
        with self._cond:
            return self._modals.get(view_id)

    def _modal_of(self, params: dict[str, Any]) -> dict[str, Any]:
        view = params.get("view")
        if isinstance(view, str):
            view = json.loads(view)
        if not isinstance(view, dict) or view.get("type") != "modal":
            raise SlackMethodError("invalid_arguments")
        return view

    def _show_modal(self, view: dict[str, Any], view_id: str | None = None) -> dict[str, Any]:
        with self._cond:
            view_id = view_id or f"VM{len(self._modals) + 1:04d}"
            self._modals[view_id] = view
            self._cond.notify_all()
        return {"ok": True, "view": {"id": view_id, **view}}

    def _views_open(self, params: dict[str, Any], _request: web.Request) -> dict[str, Any]:
        _required(params, "trigger_id", "invalid_trigger_id")
        return self._show_modal(self._modal_of(params))

    def _views_push(self, params: dict[str, Any], _request: web.Request) -> dict[str, Any]:
        _required(params, "trigger_id", "invalid_trigger_id")
        return self._show_modal(self._modal_of(params))

    def _views_update(self, params: dict[str, Any], _request: web.Request) -> dict[str, Any]:
        view_id = str(params.get("view_id") or "")
        with self._cond:
            known = view_id in self._modals
        if not known:
            raise SlackMethodError("not_found")
        return self._show_modal(self._modal_of(params), view_id)

    def _users_conversations(self, params: dict[str, Any], _request: web.Request) -> dict[str, Any]:
        user = str(params.get("user") or "")
        channels = [{"id": c, "name": c.lower()} for c in self._user_channels.get(user, [])]
        return {"ok": True, "channels": channels, "response_metadata": {"next_cursor": ""}}

    def _conversations_open(self, params: dict[str, Any], _request: web.Request) -> dict[str, Any]:
        """The app's direct message channel with one user (``users``), like Slack answers
        (``refuse_dm`` programs a refusal). Its history is ``conversations.history``'s."""
        users = str(params.get("users") or "")
        if not users or "," in users:
            raise SlackMethodError("users_list_not_supplied" if not users else "not_supported")
        if users in self._dm_refusals:
            raise SlackMethodError(self._dm_refusals[users])
        channel = self.dm_channel(users)
        return {"ok": True, "channel": {"id": channel, "is_im": True, "user": users}}

    def _work_objects_refusal(self, method: str, params: dict[str, Any]) -> None:
        if method not in self._work_objects_refused:
            return
        if method == "entity.presentDetails" or params.get("metadata") is not None:
            raise SlackMethodError("feature_not_enabled")

    def _chat_unfurl(self, params: dict[str, Any], _request: web.Request) -> dict[str, Any]:
        """Slack's rules as its reference states them: a message (``channel`` and ``ts``) or a
        composer link (``unfurl_id`` and ``source``); ``unfurls`` or ``metadata`` whose every
        entity has the fields an entity needs plus ``app_unfurl_url``."""
        has_message = bool(params.get("channel") and params.get("ts"))
        has_composer = bool(params.get("unfurl_id") and params.get("source"))
        if not (has_message or has_composer):
            raise SlackMethodError("invalid_arguments")
        unfurls, metadata = params.get("unfurls"), params.get("metadata")
        if unfurls is None and metadata is None:
            raise SlackMethodError("invalid_unfurls")
        if unfurls is not None and not isinstance(unfurls, dict):
            raise SlackMethodError("invalid_unfurls")
        self._work_objects_refusal("chat.unfurl", params)
        if metadata is not None:
            entities = metadata.get("entities") if isinstance(metadata, dict) else None
            if not isinstance(entities, list) or not entities:
                raise SlackMethodError("invalid_metadata")
            for entity in entities:
                _check_entity(entity)
                if not isinstance(entity, dict) or not entity.get("app_unfurl_url"):
                    raise SlackMethodError("invalid_metadata")
        self._unfurls.append(dict(params))
        return {"ok": True}

    def _entity_present_details(
        self, params: dict[str, Any], _request: web.Request
    ) -> dict[str, Any]:
        """A ``trigger_id`` and one answer: ``metadata`` (an entity), an ``error`` with a
        ``status``, or ``user_auth_required``."""
        _required(params, "trigger_id", "invalid_trigger_id")
        answers = [k for k in ("metadata", "error", "user_auth_required") if params.get(k)]
        if len(answers) != 1:
            raise SlackMethodError("invalid_arguments")
        self._work_objects_refusal("entity.presentDetails", params)
        if "metadata" in answers:
            _check_entity(params["metadata"])
        if "error" in answers:
            error = params["error"]
            if not isinstance(error, dict) or not error.get("status"):
                raise SlackMethodError("invalid_arguments")
        self._presented.append(dict(params))
        return {"ok": True}

    def _apps_connections_open(
        self, _params: dict[str, Any], request: web.Request
    ) -> dict[str, Any]:
        ticket = str(uuid.uuid4())
        self._tickets.add(ticket)
        return {"ok": True, "url": f"ws://{request.host}/socket-mode?ticket={ticket}"}

    # -------------------------------------------------------------------- app

    def _build_app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{response_id}", self._response)
        app.router.add_get("/socket-mode", self._socket_mode)
        app.on_shutdown.append(self._close_sockets)
        return app


def _check_entity(entity: Any) -> None:
    """``invalid_metadata`` unless ``entity`` has what every Work Object needs: a known
    ``entity_type``, ``url``, ``external_ref.id`` and ``entity_payload.attributes.title.text``."""
    if not isinstance(entity, dict) or entity.get("entity_type") != TASK_ENTITY:
        raise SlackMethodError("invalid_metadata")
    ref, payload = entity.get("external_ref"), entity.get("entity_payload")
    attributes = payload.get("attributes") if isinstance(payload, dict) else None
    title = attributes.get("title") if isinstance(attributes, dict) else None
    if not entity.get("url") or not isinstance(ref, dict) or not ref.get("id"):
        raise SlackMethodError("invalid_metadata")
    if not isinstance(title, dict) or not str(title.get("text") or "").strip():
        raise SlackMethodError("invalid_metadata")


def _required(params: dict[str, Any], name: str, error: str) -> str:
    value = params.get(name)
    if not value:
        raise SlackMethodError(error)
    return str(value)


async def _read_params(request: web.Request) -> dict[str, Any]:
    """Query, form and JSON parameters merged; JSON-valued form fields decoded."""
    params: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        if request.content_type == "application/json":
            body = await request.json()
            if not isinstance(body, dict):
                raise ValueError("JSON body is not an object")
            params.update(body)
        else:
            form = await request.post()
            params.update({k: v for k, v in form.items() if isinstance(v, str)})
    for key in JSON_ENCODED_PARAMS:
        if isinstance(params.get(key), str):
            with contextlib.suppress(ValueError):
                params[key] = json.loads(params[key])
    return params


@contextmanager
def running_fake_slack(**kwargs: Any) -> Iterator[FakeSlack]:
    """A ``FakeSlack`` served from a ``ServerThread`` with ``base_url`` set."""
    fake = FakeSlack(**kwargs)
    with serve_in_thread(fake.app) as server:
        fake.base_url = server.base_url
        yield fake


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    """A fake Slack Web API, response_url and Socket Mode server on loopback."""
    with running_fake_slack() as fake:
        yield fake
