"""Buttons: Previous / Next / Refresh redraw a task list in place; "Open the full list" on a
channel summary shows the list to the person who clicked; the Home tab's Refresh; a task
card's menu (and Retrieve again); New retrieval; a delete's confirmation; Watch (toggles the
clicker's own watch) and a direct message's Unwatch; Play (and the camera select) answer the
clicker alone with a fresh recording link (``playing``), and a camera's Play in the create
form does for footage that is not archived (``recording_play``). A click answered later
through ``response_url`` goes through ``ack_then`` (``bot.slack.ack_later``): it ends with its
answer or the line saying why not."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Coroutine
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.commands import Command, CommandKind
from bot.features.home.people_form import people_modal
from bot.features.home.people_settings import SETTINGS_ACTION
from bot.features.home.publishing import publish_home, publish_workspace_home
from bot.features.listeners.menu import chosen_value, follow
from bot.features.playback.download import ACTION_DOWNLOAD, ACTION_DOWNLOAD_OPEN
from bot.features.playback.downloading import ask_download
from bot.features.playback.playing import offer_play_value
from bot.features.playback.views import ACTION_PLAY_OPEN, ACTION_PLAY_PICK, PLAY_BUTTONS
from bot.features.report.status_report import SUMMARY_OPEN_LIST
from bot.features.retrievals.delete_in_modal import confirm_in_modal
from bot.features.retrievals.deleting import delete
from bot.features.retrievals.forms import click_origin, open_form, open_note
from bot.features.retrievals.recording_check import RECORDING_PLAY_BUTTONS
from bot.features.retrievals.recording_play import play_recording
from bot.features.retrievals.task_delete import (
    ACTION_ASK_DELETE,
    ACTION_DELETE,
    ACTION_KEEP,
    render_kept,
)
from bot.features.tasks.answers import answer, answer_view
from bot.features.tasks.task_table import ACTION_TASK_PICK, TASK_ID_MAX
from bot.features.watches.flow import toggle_watch, unwatch_task
from bot.features.watches.views import ACTION_UNWATCH, WATCH_ACTIONS
from bot.observability.requests import Observation, ObservedRespond, Shape
from bot.slack.ack_later import ack_then
from bot.slack.admin_paths import HOME_REFRESH
from bot.slack.asked import Asked
from bot.slack.block_kit import respond_sender, send_with_fallback
from bot.slack.deps import Deps
from bot.slack.errors import message_or_error
from bot.slack.ivc_connect import IvcConnector, read_connect_form
from bot.slack.poster import SLACK_CALL_FAILURES
from bot.slack.readers import clicked_in_public, reader_of
from bot.slack.replies import private_kwargs, replace_kwargs
from bot.slack.rights import Require, Right
from bot.views.ivc_connection import (
    CONNECT_ACTION,
    DISCONNECT_ACTION,
    TEST_ACTION,
    render_connect_modal,
)
from bot.views.message import Message
from bot.views.new_task_button import ACTION_NEW_TASK
from bot.views.notices import render_no_catalog
from bot.views.rendering import Rendering
from bot.views.state import ACTION_NEXT, ACTION_PREVIOUS, ACTION_REFRESH, decode_view_state
from bot.views.task_menu import MENU_ACTIONS, Reader

log = logging.getLogger(__name__)
PAGE_BUTTONS = re.compile(
    "^(" + "|".join(re.escape(a) for a in (ACTION_PREVIOUS, ACTION_NEXT, ACTION_REFRESH)) + ")$"
)


async def redraw_list(
    ack: AsyncAck,
    respond: AsyncRespond,
    action: dict[str, Any],
    body: dict[str, Any],
    client: AsyncWebClient,
    deps: Deps,
    observation: Observation,
    asked: Asked,
) -> None:
    """Previous / Next / Refresh: redraw the list in place (for the same readers)."""
    refresh = action.get("action_id") == ACTION_REFRESH

    async def redraw(to: ObservedRespond) -> None:
        reader = await reader_of(asked, client, deps, everyone=clicked_in_public(body))
        await _show_list(to, action, asked.team, deps, refresh, replace_kwargs, reader)

    await ack_then(ack, respond, observation, deps, redraw, what="redraw")


async def open_list(
    ack: AsyncAck,
    respond: AsyncRespond,
    action: dict[str, Any],
    body: dict[str, Any],
    client: AsyncWebClient,
    deps: Deps,
    observation: Observation,
    asked: Asked,
) -> None:
    """A summary's "Open the full list": only for the clicker; the summary stays."""

    async def shown(to: ObservedRespond) -> None:
        reader = await reader_of(asked, client, deps, everyone=False)
        await _show_list(to, action, asked.team, deps, False, private_kwargs, reader)

    await ack_then(ack, respond, observation, deps, shown, what="open_list", shape=private_kwargs)


async def pick_task(
    ack: AsyncAck,
    respond: AsyncRespond,
    action: dict[str, Any],
    deps: Deps,
    observation: Observation,
) -> None:
    """A task chosen in the select under a table: its ``show`` answer, only to the clicker.
    The TaskId is checked against the task list (``answer`` of SHOW), never trusted."""
    task_id = str((action.get("selected_option") or {}).get("value") or "")[:TASK_ID_MAX]

    def shown(to: ObservedRespond) -> Coroutine[Any, Any, None]:
        return _show_task(task_id, to, deps)

    await ack_then(ack, respond, observation, deps, shown, what="pick", shape=private_kwargs)


async def _show_task(task_id: str, respond: ObservedRespond, deps: Deps) -> None:
    command = Command(CommandKind.SHOW, task_id=task_id)
    work = answer(command, deps.source, lang=deps.lang)
    await respond.send(await message_or_error(work, lang=deps.lang, what="pick"), private_kwargs)


async def refresh_home(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, deps: Deps, asked: Asked
) -> None:
    """The Home tab's Refresh: fetch the task list again and republish the tab."""
    await ack()
    deps.background.spawn(
        publish_home(client, asked.team, asked.user, deps, refresh=True), name="home"
    )


async def _show_list(
    respond: ObservedRespond,
    action: dict[str, Any],
    team: str,
    deps: Deps,
    refresh: bool,
    shape: Shape,
    reader: Reader,
) -> None:
    """Render the list the button's value describes and send it as ``shape`` says (classic,
    once, if the workspace refuses the table)."""
    state = decode_view_state(str(action.get("value") or ""))

    fetches = [refresh]  # a refresh fetches once; the fallback redraws from that fetch

    async def render(rendering: Rendering) -> Message:
        again, fetches[0] = fetches[0], False
        work = answer_view(
            state,
            deps.source,
            lang=deps.lang,
            refresh=again,
            reader=reader,
            rendering=rendering,
            memory=deps.memory,
        )
        return await message_or_error(work, lang=deps.lang, what="redraw", rendering=rendering)

    await send_with_fallback(deps.block_kit, team, render, respond_sender(respond, shape))


async def delete_task(
    ack: AsyncAck,
    respond: AsyncRespond,
    action: dict[str, Any],
    body: dict[str, Any],
    client: AsyncWebClient,
    deps: Deps,
    observation: Observation,
    asked: Asked,
) -> None:
    """A confirmation's Delete (managers only): delete, then update the message in place."""
    task_id = str(action.get("value") or "")

    def work(to: ObservedRespond) -> Coroutine[Any, Any, None]:
        return delete(task_id, to, deps, client, asked.who)

    await ack_then(ack, respond, observation, deps, work, what="delete")


async def ask_delete(
    ack: AsyncAck,
    respond: AsyncRespond,
    action: dict[str, Any],
    body: dict[str, Any],
    client: AsyncWebClient,
    deps: Deps,
    observation: Observation,
) -> None:
    """A new task's card's Delete… (managers only): the confirmation in a small modal; after
    the delete the card is updated in place."""
    task_id = str(action.get("value") or "")

    def work(to: ObservedRespond) -> Coroutine[Any, Any, None]:
        return confirm_in_modal(task_id, body, client, to, deps)

    await ack_then(ack, respond, observation, deps, work, what="delete", shape=private_kwargs)


async def keep_task(
    ack: AsyncAck,
    respond: AsyncRespond,
    action: dict[str, Any],
    deps: Deps,
    observation: Observation,
) -> None:
    """A confirmation's Keep it: the message says the task was kept."""
    await observation.ack(ack)()
    kept = render_kept(str(action.get("value") or "")[:64], deps.lang)
    await observation.respond(respond).send(kept, replace_kwargs)


async def choose_from_menu(
    ack: AsyncAck,
    respond: AsyncRespond,
    action: dict[str, Any],
    body: dict[str, Any],
    client: AsyncWebClient,
    deps: Deps,
    observation: Observation,
    asked: Asked,
) -> None:
    """A card's menu choice, or Retrieve again: checked and routed (``menu``)."""

    def work(to: ObservedRespond) -> Coroutine[Any, Any, None]:
        return follow(chosen_value(action), body, asked, client, to, deps)

    await ack_then(ack, respond, observation, deps, work, what="menu", shape=private_kwargs)


async def new_task(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, deps: Deps, asked: Asked
) -> None:
    """New retrieval (managers only): the create form, opened with the click's trigger; from
    the App Home its result goes to the manager in a DM."""
    await ack()
    trigger = str(body.get("trigger_id") or "")
    if deps.catalog is None or deps.actions is None:
        text = render_no_catalog(deps.lang).text
        deps.background.spawn(open_note(client, trigger, text, deps), name="form")
        return
    deps.catalog.refresh_if_stale()
    form = open_form(client, trigger, asked.user, click_origin(body, asked), deps)
    deps.background.spawn(form, name="form")


ClickWork = Callable[[str, ObservedRespond, Deps, tuple[str, str]], Coroutine[Any, Any, None]]
"""What a click on a task's button does: ``(value, respond, deps, (team, user))``."""


def for_the_clicker(work: ClickWork) -> Callable[..., Coroutine[Any, Any, None]]:
    """The listener of a task's button (or select) whose ``work`` answers the clicker alone:
    ack, then ``work`` on the clicked value (a button's, or a select's chosen option's) for
    the clicker (from the signed request, never the payload) in the background; the work
    checks the value itself. Watch, a DM's Unwatch, and Play (a task's, a camera's, or a
    camera picked in the select: a fresh link, checked against IVC)."""

    async def listener(
        ack: AsyncAck,
        respond: AsyncRespond,
        action: dict[str, Any],
        body: dict[str, Any],
        deps: Deps,
        observation: Observation,
        asked: Asked,
    ) -> None:
        value = chosen_value(action)

        def done(to: ObservedRespond) -> Coroutine[Any, Any, None]:
            return work(value, to, deps, asked.who)

        what = work.__name__
        await ack_then(ack, respond, observation, deps, done, what=what, shape=private_kwargs)

    listener.__name__ = work.__name__
    return listener


async def link_opened(ack: AsyncAck) -> None:
    """Slack reports a click on "Open recording" (a url button) too: acked, nothing logged.
    The same for "Download file"."""
    await ack()


async def download_clicked(
    ack: AsyncAck,
    respond: AsyncRespond,
    action: dict[str, Any],
    body: dict[str, Any],
    client: AsyncWebClient,
    deps: Deps,
    observation: Observation,
) -> None:
    """Download… (``show``'s, a direct message's, a link's Another clip…): the modal opened
    with the click's trigger, or one line to the clicker; the TaskId is checked against IVC
    (``downloading``)."""
    task_id = str(action.get("value") or "")

    def work(to: ObservedRespond) -> Coroutine[Any, Any, None]:
        return ask_download(task_id, body, client, to, deps)

    await ack_then(ack, respond, observation, deps, work, what="download", shape=private_kwargs)


def _connector(deps: Deps) -> IvcConnector:
    connector = deps.connector
    assert connector is not None, "Require(Right.IVC_ADMIN) checked it"
    return connector


async def connect_ivc(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, deps: Deps, asked: Asked
) -> None:
    """App Home's Connect IVC / Edit: the form (no secret in it) for an admin or owner."""
    await ack()
    connector = _connector(deps)
    values, editing = await connector.form_values(asked.team)
    view = render_connect_modal(values, editing=editing, lang=deps.lang)
    try:
        await client.views_open(trigger_id=str(body.get("trigger_id") or ""), view=view)
    except SLACK_CALL_FAILURES as error:
        log.warning("could not open the Connect IVC form (%s)", type(error).__name__)


async def test_ivc(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, deps: Deps, asked: Asked
) -> None:
    """The form's Test: list the typed account's tasks once; the outcome in the form."""
    await ack()
    connector = _connector(deps)
    view = body.get("view") or {}
    typed, errors = read_connect_form(view, deps.lang)
    editing = view.get("private_metadata") == "edit"
    if errors:
        note = next(iter(errors.values()))
    else:
        note = (await connector.check(asked.team, typed, deps.lang)).line
    form = render_connect_modal(typed.values, editing=editing, lang=deps.lang, note=note)
    try:
        await client.views_update(view_id=str(view.get("id") or ""), view=form)
    except SLACK_CALL_FAILURES as error:
        log.warning("could not show the IVC test's outcome (%s)", type(error).__name__)


async def disconnect_ivc(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, deps: Deps, asked: Asked
) -> None:
    """App Home's Disconnect (confirmed in Slack's dialog): keys deleted, the workspace's
    subscriptions and watches paused; the Home tab redrawn."""
    await ack()
    team, user = asked.team, asked.user
    await _connector(deps).disconnect(team)
    deps.background.spawn(publish_workspace_home(client, team, user, deps), name="home")


async def edit_people(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, deps: Deps, asked: Asked
) -> None:
    """App Home's Edit settings: the workspace's people settings, for an admin or owner (in
    a workspace on the operator's account, the line saying the operator sets them)."""
    await ack()
    workspaces = deps.workspaces
    assert workspaces is not None, "Require(Right.WORKSPACE_ADMIN) checked it"
    view = await people_modal(workspaces, asked.team, deps.lang)
    try:
        await client.views_open(trigger_id=str(body.get("trigger_id") or ""), view=view)
    except SLACK_CALL_FAILURES as error:
        log.warning("could not open the settings form (%s)", type(error).__name__)


def register(app: AsyncApp) -> None:
    app.action(SETTINGS_ACTION, middleware=[Require(Right.WORKSPACE_ADMIN)])(edit_people)
    app.action(CONNECT_ACTION, middleware=[Require(Right.IVC_ADMIN)])(connect_ivc)
    app.action(TEST_ACTION, middleware=[Require(Right.IVC_ADMIN)])(test_ivc)
    app.action(DISCONNECT_ACTION, middleware=[Require(Right.IVC_ADMIN)])(disconnect_ivc)
    app.action(PAGE_BUTTONS)(redraw_list)
    app.action(SUMMARY_OPEN_LIST)(open_list)
    app.action(ACTION_TASK_PICK)(pick_task)
    app.action(HOME_REFRESH)(refresh_home)
    app.action(ACTION_DELETE, middleware=[Require(Right.TASK_MANAGER)])(delete_task)
    app.action(ACTION_ASK_DELETE, middleware=[Require(Right.TASK_MANAGER)])(ask_delete)
    app.action(ACTION_KEEP)(keep_task)
    app.action(MENU_ACTIONS)(choose_from_menu)
    app.action(ACTION_NEW_TASK, middleware=[Require(Right.TASK_MANAGER)])(new_task)
    app.action(WATCH_ACTIONS)(for_the_clicker(toggle_watch))
    app.action(ACTION_UNWATCH)(for_the_clicker(unwatch_task))
    play = for_the_clicker(offer_play_value)
    app.action(PLAY_BUTTONS)(play)
    app.action(ACTION_PLAY_PICK)(play)
    app.action(ACTION_PLAY_OPEN)(link_opened)
    app.action(ACTION_DOWNLOAD)(download_clicked)
    app.action(ACTION_DOWNLOAD_OPEN)(link_opened)
    app.action(RECORDING_PLAY_BUTTONS, middleware=[Require(Right.TASK_MANAGER)])(play_recording)
