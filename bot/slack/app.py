"""Build the Bolt ``AsyncApp``: the middleware that hands listeners their context, the
listeners, and the one error handler."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from slack_bolt.async_app import AsyncApp
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.clock import Clock
from bot.config import Settings
from bot.observability.metrics import Metrics
from bot.slack.access import AccessRules, OnlyAllowed, RefusedHome
from bot.slack.context import Next, ProvideRequest, ReadRequest
from bot.slack.direct_respond import RespondDirectly
from bot.slack.errors import on_error
from bot.slack.reader_lang import ProvideReaderLanguage
from bot.slack.tenant import Tenant
from bot.slack.throttle import LimitUsers
from bot.slack.user_throttle import UserThrottle
from bot.slack.workspaces import ProvideWorkspace


class _DropClientTokenNotice(logging.Filter):
    """Bolt warns that SLACK_BOT_TOKEN is unused when a client is given; it is the same token."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("As you gave `client` as well")


logging.getLogger("slack_bolt.AsyncApp").addFilter(_DropClientTokenNotice())


@dataclass(frozen=True, slots=True)
class Features:
    """What the features hand the edge: the registration of their listeners, and the App Home
    a refused person sees (the edge imports no feature)."""

    register: Callable[[AsyncApp], None]
    refused_home: RefusedHome


@dataclass(frozen=True, slots=True)
class Edge:
    """What the edge's middleware use on every request."""

    tenant: Tenant  # the app's (multi-workspace mode: what each workspace's starts from)
    rules: AccessRules
    clock: Clock
    metrics: Metrics | None = None
    workspace: ProvideWorkspace | None = None  # multi-workspace mode


class EdgeChecks(AsyncMiddleware):
    """The edge's middleware as one Bolt middleware, each step still its own class, in order:
    the typed request ``asked`` and a ``respond`` that follows no redirect; in multi-workspace
    mode the request's workspace's own ``Tenant``; the workspace allow-list and who may see
    tasks; the reader's language (its lookup shared with the access check); the per-user limit
    (before anything is parsed); then the parsed command and the request's observation. The
    reader's language as far as it needs no Slack call (the payload's, a cached one) is set
    before the first check, so every refusal only the reader sees speaks it. One middleware
    costs Bolt one await per request, not one per step."""

    def __init__(
        self,
        provide: ProvideRequest,
        respond: RespondDirectly,
        workspace: ProvideWorkspace | None,
        allowed: OnlyAllowed,
        language: ProvideReaderLanguage,
        limit: LimitUsers,
        read: ReadRequest,
    ) -> None:
        self.provide = provide
        self.respond = respond
        self.workspace = workspace
        self.allowed = allowed
        self.language = language
        self.limit = limit
        self.read = read

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Next
    ) -> BoltResponse | None:
        self.provide.provide(req)
        self.respond.provide(req)
        self.language.stated(req)  # the workspace step's refusals speak it too
        if self.workspace is None:
            return await self._checks(req, next)

        def checks() -> Awaitable[BoltResponse | None]:
            return self._checks(req, next)

        return await self.workspace.async_process(req=req, resp=resp, next=checks)

    async def _checks(self, req: AsyncBoltRequest, next: Next) -> BoltResponse | None:
        """Access, the reader's language, then the limit, then the parsed request; the first
        refusal is the answer."""
        known = self.language.provide(req)  # a cached language: the access refusals speak it
        refused = await self.allowed.refusal(req)
        if refused is None:
            # the access check may have cached the person: no coroutine when the cache says
            if not known and not self.language.provide(req):
                await self.language.look_up(req)
            refused = self.limit.refusal(req)
        if refused is not None:
            return refused
        self.read.read(req)
        return await next()


def build_app(
    settings: Settings,
    edge: Edge,
    client: AsyncWebClient,
    features: Features,
    oauth_flow: AsyncOAuthFlow | None = None,
) -> AsyncApp:
    """An ``AsyncApp`` that answers on the cache-hit path inside the ack itself.

    ``process_before_response=True`` avoids Bolt's 10 ms ack polling; slow work runs in
    background tasks that answer through ``response_url``. With ``oauth_flow`` (multi-workspace
    mode) each request runs with the token its workspace granted on install. One middleware,
    ``EdgeChecks``, runs the edge's steps in order: the typed request ``asked`` into the context
    (multi-workspace mode: then with the request's workspace's own ``Tenant``), the workspace
    allow-list, the reader's language, the per-user limit (before anything is parsed), then
    the parsed command and the request's observation.

    Bolt's own signature check is off: in HTTP mode ``RequestGuard`` verifies the same HMAC
    over the same raw bytes before Bolt sees a request (``http_server.build_asgi`` refuses
    to serve events without one); Socket Mode requests carry no signature.
    """
    secret = settings.slack_signing_secret
    app = AsyncApp(
        client=client,
        oauth_flow=oauth_flow,
        signing_secret=secret.get_secret_value() if secret else None,
        request_verification_enabled=False,  # see the docstring
        process_before_response=True,
        raise_error_for_unhandled_request=False,
    )
    app.error(on_error)
    throttle = UserThrottle(
        settings.user_commands_per_window,
        settings.user_command_window_seconds,
        clock=edge.clock,
    )
    app.use(
        EdgeChecks(
            ProvideRequest(edge.tenant),
            RespondDirectly(),
            edge.workspace,  # multi-workspace mode: the workspace's own Tenant
            OnlyAllowed(edge.rules, features.refused_home),
            ProvideReaderLanguage(settings.per_person_language, settings.access_cache_seconds),
            LimitUsers(throttle, edge.metrics),
            ReadRequest(edge.metrics),
        )
    )
    features.register(app)
    return app
