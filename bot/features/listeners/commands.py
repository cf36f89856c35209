"""The ``/retrieval-tasks`` slash command: one listener per kind of subcommand.

Slack sends one command; Bolt runs the first listener whose matcher matches the parsed text
(``context["parsed"]``, parsed once by ``bot.slack.context.read_request``). ``LISTENERS``
below is that order, in one place.

Task answers go in the HTTP response itself whenever the cache can (no extra round trip);
otherwise, and for everything the database answers, the ack is a short "fetching" or
"working" note and a background task answers through ``response_url`` once the data or the
error arrives (``ack_then``: the note always gets its answer). (Not Bolt lazy
listeners: those copy every request, answered or not.) A failure before the ack reaches
Bolt's error handler, and one in the background ``answer_later``: both are
``bot.slack.errors``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.clock import utc_now
from bot.commands import Command, CommandKind
from bot.features.playback.download import render_needs_cloudapi
from bot.features.playback.downloading import download_by_command, needs_cloudapi
from bot.features.playback.playing import offer_play
from bot.features.retrievals.deleting import ask_to_confirm
from bot.features.retrievals.forms import open_form
from bot.features.retrievals.new_task_form import FormOrigin
from bot.features.subscriptions.flow import subscribe
from bot.features.subscriptions.views import (
    render_not_found,
    render_paused,
    render_resumed,
    render_subscriptions,
    render_unsubscribed,
)
from bot.features.tasks.answers import answer, answer_from_cache, answer_report
from bot.features.watches.flow import list_watches, unwatch_task, watch_task
from bot.observability.requests import Observation, ObservedRespond
from bot.services.subscriptions import SubscriptionService
from bot.slack.ack_later import ack_then
from bot.slack.asked import Asked
from bot.slack.block_kit import respond_sender, send_with_fallback
from bot.slack.context import Next
from bot.slack.deps import Deps
from bot.slack.errors import HistoryUnavailable, SubscriptionsUnavailable, message_or_error
from bot.slack.readers import reader_of
from bot.slack.replies import ack_shape, public_kwargs, replace_kwargs
from bot.slack.rights import Require, Right
from bot.subscriptions.model import Subscription
from bot.views.message import Message
from bot.views.notices import render_fetching, render_no_catalog, render_working
from bot.views.rendering import Rendering, kinds_in

COMMAND = "/retrieval-tasks"
_PRIVATE = ack_shape(public=False)

Listener = Callable[..., Awaitable[None]]


# Task answers ------------------------------------------------------------------------------
async def answer_tasks(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    client: AsyncWebClient,
    parsed: Command,
    deps: Deps,
    observation: Observation,
    asked: Asked,
) -> None:
    """list / search / summary / show / help, and an invalid command's problem: from the
    cache (or no data) in the ack, else fetched and sent to ``response_url``. An answer with
    newer blocks (a data table) goes in the ack only where the workspace accepted each kind once.
    The cards' menus and New retrieval depend on the reader (a manager; the channel, for
    ``public``)."""
    observed_ack, team = observation.ack(ack), asked.team
    rendering = await deps.block_kit.later(team)
    reader = await reader_of(asked, client, deps, everyone=parsed.public)
    message = answer_from_cache(
        parsed, deps.source, lang=deps.lang, memory=deps.memory, reader=reader, rendering=rendering
    )
    if message is not None and kinds_in(message.blocks) in await deps.block_kit.in_ack(team):
        await observed_ack.send(message, ack_shape(public=parsed.public))
        return

    def work(rendering: Rendering) -> Awaitable[Message]:
        return answer(
            parsed,
            deps.source,
            lang=deps.lang,
            memory=deps.memory,
            reader=reader,
            rendering=rendering,
        )

    def later(to: ObservedRespond) -> Coroutine[Any, Any, None]:
        return _send_rendered(parsed, to, deps, team, work)

    fetching = render_fetching(deps.lang)
    await ack_then(ack, respond, observation, deps, later, what=_what(parsed), note=fetching)


async def answer_report_command(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    parsed: Command,
    deps: Deps,
    observation: Observation,
    asked: Asked,
) -> None:
    """``report [7d|30d]``: "working" now, then the report with its charts (classic lines
    where the workspace refuses charts) through ``response_url``."""
    history, team = deps.history, asked.team
    if history is None:
        raise HistoryUnavailable()

    def work(rendering: Rendering) -> Awaitable[Message]:
        return answer_report(
            parsed.report_days,
            deps.source,
            history,
            team_id=team,
            zone=deps.default_timezone,
            lang=deps.lang,
            rendering=rendering,
        )

    def later(to: ObservedRespond) -> Coroutine[Any, Any, None]:
        return _send_rendered(parsed, to, deps, team, work)

    working = render_working(deps.lang)
    await ack_then(ack, respond, observation, deps, later, what=_what(parsed), note=working)


async def _send_rendered(
    parsed: Command,
    respond: ObservedRespond,
    deps: Deps,
    team: str,
    work: Callable[[Rendering], Awaitable[Message]],
) -> None:
    """Fetch, render and replace the note the ack showed (or post publicly, then remove it);
    each newer kind the workspace refuses in its classic form (``send_with_fallback``)."""

    async def render(rendering: Rendering) -> Message:
        return await message_or_error(
            work(rendering), lang=deps.lang, what=_what(parsed), rendering=rendering
        )

    shape = public_kwargs if parsed.public else replace_kwargs
    await send_with_fallback(deps.block_kit, team, render, respond_sender(respond, shape))
    if parsed.public:
        await respond(delete_original=True)


def _what(parsed: Command) -> str:
    """The command as its log lines name it."""
    return f"command {parsed.kind.value}"


async def _working_then(
    ack: AsyncAck,
    respond: AsyncRespond,
    observation: Observation,
    parsed: Command,
    deps: Deps,
    work: Callable[[], Awaitable[Message]],
) -> None:
    """Ack "working", then replace the note with ``work``'s message (or the line saying why
    not): what the database answers is never waited for within Slack's 3 seconds."""

    async def replace(to: ObservedRespond) -> None:
        await to.send(await work(), replace_kwargs)

    working = render_working(deps.lang)
    await ack_then(ack, respond, observation, deps, replace, what=_what(parsed), note=working)


# Subscriptions -----------------------------------------------------------------------------
def _service(deps: Deps) -> SubscriptionService:
    if deps.subscriptions is None:
        raise SubscriptionsUnavailable()
    return deps.subscriptions


async def subscribe_channel(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    client: AsyncWebClient,
    parsed: Command,
    deps: Deps,
    observation: Observation,
    asked: Asked,
) -> None:
    """``subscribe …``: ack "working", then subscribe and confirm in the channel."""
    service = _service(deps)

    def work(to: ObservedRespond) -> Coroutine[Any, Any, None]:
        return subscribe(parsed, asked, to, client, deps, service)

    working = render_working(deps.lang)
    await ack_then(ack, respond, observation, deps, work, what=_what(parsed), note=working)


async def list_subscriptions(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    parsed: Command,
    deps: Deps,
    observation: Observation,
    asked: Asked,
) -> None:
    """``subscriptions``: "working" now, then this channel's subscriptions."""
    service = _service(deps)

    async def listing() -> Message:
        subs = await service.for_channel(asked.team, asked.channel)
        return render_subscriptions(subs, now=utc_now(deps.source.clock), lang=deps.lang)

    await _working_then(ack, respond, observation, parsed, deps, listing)


async def unsubscribe(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    parsed: Command,
    deps: Deps,
    observation: Observation,
    asked: Asked,
) -> None:
    """``unsubscribe <id>`` or ``unsubscribe all``: "working" now, then what was removed."""
    service = _service(deps)
    target = None if parsed.all_subscriptions else parsed.subscription_id

    async def removal() -> Message:
        removed = await service.unsubscribe(asked.team, asked.channel, target)
        if not removed and target is not None:
            return _not_found(target, deps)
        return render_unsubscribed(removed, lang=deps.lang)

    await _working_then(ack, respond, observation, parsed, deps, removal)


async def pause(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    parsed: Command,
    deps: Deps,
    observation: Observation,
    asked: Asked,
) -> None:
    """``pause <id>``."""
    service = _service(deps)
    change = service.pause
    await _change_one(ack, respond, asked, parsed, deps, observation, change, render_paused)


async def resume(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    parsed: Command,
    deps: Deps,
    observation: Observation,
    asked: Asked,
) -> None:
    """``resume <id>``."""
    service = _service(deps)
    change = service.resume
    await _change_one(ack, respond, asked, parsed, deps, observation, change, render_resumed)


async def _change_one(
    ack: AsyncAck,
    respond: AsyncRespond,
    asked: Asked,
    parsed: Command,
    deps: Deps,
    observation: Observation,
    change: Callable[[str, str, int], Awaitable[Subscription | None]],
    render: Callable[..., Message],
) -> None:
    """Pause or resume one subscription of the channel (admins only): "working" now, then
    the outcome."""
    sub_id = parsed.subscription_id or 0

    async def changing() -> Message:
        changed = await change(asked.team, asked.channel, sub_id)
        return _not_found(sub_id, deps) if changed is None else render(changed, lang=deps.lang)

    await _working_then(ack, respond, observation, parsed, deps, changing)


def _not_found(sub_id: int, deps: Deps) -> Message:
    return render_not_found(sub_id, lang=deps.lang)


# Task changes (TASK_MANAGERS only: Require runs first) ---------------------------------
async def open_new_task(
    ack: AsyncAck,
    command: dict[str, Any],
    client: AsyncWebClient,
    deps: Deps,
    observation: Observation,
    asked: Asked,
) -> None:
    """``new``: an empty ack, then the create form (``views.open`` with the trigger); one
    line instead when IVC_ORGANIZATION_ID is unset (no cameras to pick)."""
    if deps.catalog is None or deps.actions is None:
        await observation.ack(ack).send(render_no_catalog(deps.lang), _PRIVATE)
        return
    await observation.ack(ack)()
    deps.catalog.refresh_if_stale()  # warm by the time the user types a camera name
    origin = FormOrigin(str(command.get("response_url") or ""), asked.channel)
    trigger = str(command.get("trigger_id") or "")
    deps.background.spawn(open_form(client, trigger, asked.user, origin, deps), name="form")


async def confirm_delete(
    ack: AsyncAck, respond: AsyncRespond, parsed: Command, deps: Deps, observation: Observation
) -> None:
    """``delete <TaskId>``: "working" now, then the confirmation naming the task."""

    def work(to: ObservedRespond) -> Coroutine[Any, Any, None]:
        return ask_to_confirm(parsed.task_id or "", to, deps)

    working = render_working(deps.lang)
    await ack_then(ack, respond, observation, deps, work, what=_what(parsed), note=working)


# Watches (anyone who may see tasks; each person's own) --------------------------------------
async def watch_or_unwatch(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    parsed: Command,
    deps: Deps,
    observation: Observation,
    asked: Asked,
) -> None:
    """``watch <TaskId>`` / ``unwatch <TaskId>``: "fetching" now (the TaskId is checked
    against the task list), then the answer to me alone."""
    change = watch_task if parsed.kind is CommandKind.WATCH else unwatch_task

    def work(to: ObservedRespond) -> Coroutine[Any, Any, None]:
        return change(parsed.task_id or "", to, deps, asked.who, replace_kwargs)

    fetching = render_fetching(deps.lang)
    await ack_then(ack, respond, observation, deps, work, what=_what(parsed), note=fetching)


async def watching(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    parsed: Command,
    deps: Deps,
    observation: Observation,
    asked: Asked,
) -> None:
    """``watching``: "fetching" now, then my watches with each task's status."""

    def work(to: ObservedRespond) -> Coroutine[Any, Any, None]:
        return list_watches(to, deps, asked.who, replace_kwargs)

    fetching = render_fetching(deps.lang)
    await ack_then(ack, respond, observation, deps, work, what=_what(parsed), note=fetching)


# Playing a recording (viewers: OnlyAllowed ran first) -----------------------------------------
async def play(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    parsed: Command,
    deps: Deps,
    observation: Observation,
    asked: Asked,
) -> None:
    """``play <TaskId> [ChannelId]``: "fetching" now, then (replacing it, still only for the
    person) the link, the camera chooser or one line."""

    def work(to: ObservedRespond) -> Coroutine[Any, Any, None]:
        task_id, channel_id = parsed.task_id or "", parsed.channel_id
        return offer_play(task_id, to, deps, asked.who, channel_id=channel_id, shape=replace_kwargs)

    fetching = render_fetching(deps.lang)
    await ack_then(ack, respond, observation, deps, work, what=_what(parsed), note=fetching)


# Downloading a clip (viewers: OnlyAllowed ran first; API 3.0 only) ----------------------------
async def download(
    ack: AsyncAck,
    respond: AsyncRespond,
    command: dict[str, Any],
    client: AsyncWebClient,
    parsed: Command,
    deps: Deps,
    observation: Observation,
) -> None:
    """``download <TaskId> [ChannelId] [HH:MM-HH:MM]``: on the ``/ivc/`` API one line in the
    ack; else "fetching" now, then (replacing it, still only for the person) the link, a line
    saying the modal opened to pick a camera, or one line."""
    if needs_cloudapi(deps):
        await observation.ack(ack).send(render_needs_cloudapi(deps.lang), _PRIVATE)
        return

    def work(to: ObservedRespond) -> Coroutine[Any, Any, None]:
        return download_by_command(parsed, command, client, to, deps)

    fetching = render_fetching(deps.lang)
    await ack_then(ack, respond, observation, deps, work, what=_what(parsed), note=fetching)


# The order Bolt tries them in ----------------------------------------------------------------
LISTENERS: tuple[tuple[CommandKind, Listener], ...] = (
    (CommandKind.LIST, answer_tasks),
    (CommandKind.SEARCH, answer_tasks),
    (CommandKind.SUMMARY, answer_tasks),
    (CommandKind.SHOW, answer_tasks),
    (CommandKind.HELP, answer_tasks),
    (CommandKind.INVALID, answer_tasks),
    (CommandKind.REPORT, answer_report_command),
    (CommandKind.SUBSCRIBE, subscribe_channel),
    (CommandKind.SUBSCRIPTIONS, list_subscriptions),
    (CommandKind.UNSUBSCRIBE, unsubscribe),
    (CommandKind.PAUSE, pause),
    (CommandKind.RESUME, resume),
    (CommandKind.NEW, open_new_task),
    (CommandKind.DELETE, confirm_delete),
    (CommandKind.WATCH, watch_or_unwatch),
    (CommandKind.UNWATCH, watch_or_unwatch),
    (CommandKind.WATCHING, watching),
    (CommandKind.PLAY, play),
    (CommandKind.DOWNLOAD, download),
)
MANAGER_KINDS = frozenset({CommandKind.NEW, CommandKind.DELETE})
"""The subcommands that change tasks: only TASK_MANAGERS reach their listener."""
WATCH_KINDS = frozenset({CommandKind.WATCH, CommandKind.UNWATCH, CommandKind.WATCHING})
"""The subcommands about the caller's own watches."""
ADMIN_KINDS = frozenset(
    {CommandKind.SUBSCRIBE, CommandKind.UNSUBSCRIBE, CommandKind.PAUSE, CommandKind.RESUME}
)
"""The subcommands that change a channel's subscriptions: only SUBSCRIPTION_ADMINS (when set)
reach their listener."""
SUBSCRIPTION_KINDS = frozenset(  # the subcommands the subscription store answers
    {
        CommandKind.SUBSCRIBE,
        CommandKind.SUBSCRIPTIONS,
        CommandKind.UNSUBSCRIBE,
        CommandKind.PAUSE,
        CommandKind.RESUME,
    }
)


class KindIs(AsyncMiddleware):
    """A listener's matcher on the parsed text: the listener runs only for ``kind`` commands.

    It is listener middleware, Bolt's way to say "not this listener, try the next" (not
    calling ``next``, returning nothing); unlike a matcher function, Bolt calls it without
    injecting its arguments on every request.
    """

    def __init__(self, kind: CommandKind) -> None:
        self.kind = kind

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Next
    ) -> BoltResponse | None:
        parsed: Command = req.context["parsed"]
        if parsed.kind is self.kind:
            await next()
        return None


def register(app: AsyncApp) -> None:
    """One listener per kind of subcommand, tried in ``LISTENERS`` order."""
    for kind, listener in LISTENERS:
        middleware: list[AsyncMiddleware] = [KindIs(kind)]
        if kind in MANAGER_KINDS:
            middleware.append(Require(Right.TASK_MANAGER))
        elif kind in ADMIN_KINDS:
            middleware.append(Require(Right.SUBSCRIPTION_ADMIN))
        app.command(COMMAND, middleware=middleware)(listener)
