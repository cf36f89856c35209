"""Delete… from a card's menu: a small modal confirms (opened with the click's trigger), and after
its Delete the message the menu was opened from is updated in place.

The modal's ``private_metadata`` (``CardPlace``) says where the card lives. Nothing in it is
trusted: the submission runs behind ``Require(Right.TASK_MANAGER)``, the TaskId is checked
against the task list (``delete_listed``), a ``response_url`` is posted to only if it is Slack's
(``ResponseUrls``), and a channel card is edited only if the card store has that message as the
task's notification card."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.features.retrievals.delete_modal import CardPlace, render_delete_modal, render_delete_note
from bot.features.retrievals.deleting import MAX_TASK_ID, delete_listed, find_task
from bot.features.retrievals.task_delete import render_deleted, render_not_deletable
from bot.features.subscriptions.notifications import CARD_TASK_BLOCK, render_card_deleted
from bot.features.tasks.answers import answer_view
from bot.ivc.errors import IvcError
from bot.ivc.models import Task
from bot.ivc.task_rules import deletable
from bot.observability.requests import ObservedRespond
from bot.slack.asked import Asked
from bot.slack.errors import build_and_log_error, message_or_error
from bot.slack.modals import open_view, update_view
from bot.slack.poster import SLACK_CALL_FAILURES
from bot.slack.readers import clicked_in_public
from bot.slack.replies import private_kwargs, replace_kwargs
from bot.slack.response_urls import ResponseUrls
from bot.store.cards import CardStore
from bot.views.message import Message
from bot.views.notices import render_task_not_found
from bot.views.state import ViewState, decode_compact_state
from bot.views.task_menu import MENU_ACTION, Reader

log = logging.getLogger(__name__)


def list_state(action_id: str) -> ViewState | None:
    """The page state a list card's menu carries (``task_menu.task_<n>.<state>``), if any."""
    rest = action_id.removeprefix(MENU_ACTION + ".")
    _card, dot, carried = rest.partition(".")
    return decode_compact_state(carried) if dot and rest != action_id else None


def place_of(body: dict[str, Any], task_id: str) -> CardPlace:
    """Where the card whose menu was clicked lives (from the signed click)."""
    container = body.get("container") or {}
    actions = body.get("actions") or [{}]
    action = actions[0] if isinstance(actions[0], dict) else {}
    public = clicked_in_public(body)
    if public and action.get("block_id") == CARD_TASK_BLOCK:
        channel, ts = container.get("channel_id"), container.get("message_ts")
        return CardPlace(task_id, channel=str(channel or ""), ts=str(ts or ""))
    return CardPlace(
        task_id,
        response_url=str(body.get("response_url") or ""),
        state=list_state(str(action.get("action_id") or "")),
        everyone=public,
    )


async def _listed(task_id: str, asked: Asked) -> Task | None:
    """The listed task (the cached list first: the trigger lives 3 seconds)."""
    source = asked.ivc.source
    snapshot = source.peek()
    found = None if snapshot is None else find_task(snapshot.tasks, task_id)
    return found or find_task((await source.list()).tasks, task_id)


async def confirm_in_modal(
    task_id: str,
    body: dict[str, Any],
    client: AsyncWebClient,
    respond: ObservedRespond,
    asked: Asked,
) -> None:
    """The confirmation modal, or (privately) why the task cannot be deleted."""
    task_id = task_id[:MAX_TASK_ID]
    try:
        task = await _listed(task_id, asked)
    except IvcError as error:
        await respond.send(
            build_and_log_error(error, lang=asked.lang, what="delete"), private_kwargs
        )
        return
    if task is None or not deletable(task):
        why = render_task_not_found if task is None else render_not_deletable
        await respond.send(why(task_id, asked.lang), private_kwargs)
        return
    modal = render_delete_modal(task, place_of(body, task_id), asked.lang)
    await open_view(client, str(body.get("trigger_id") or ""), modal)


async def delete_in_place(
    client: AsyncWebClient,
    view_id: str,
    place: CardPlace,
    asked: Asked,
    *,
    cards: CardStore,
    response_urls: ResponseUrls,
) -> None:
    """Delete (audited; the TaskId checked against the list), show the outcome in the modal
    and, once deleted, update the card where it lives."""
    outcome = await delete_listed(place.task_id, asked, client)
    await update_view(client, view_id, render_delete_note(outcome.message.text, asked.lang))
    if outcome.deleted is None:
        return
    if place.card:
        await _mark_card(client, place, outcome.deleted, asked, cards=cards)
    elif place.response_url:
        message = await _redrawn(place, outcome.deleted, asked)
        await response_urls.send(place.response_url, replace_kwargs(message), "updated card")


async def _redrawn(place: CardPlace, task: Task, asked: Asked) -> Message:
    """The list page again (without the task), or the "Deleted" line for any other card (in
    the channel's language where the whole channel sees it)."""
    lang = asked.lang_for(place.everyone)
    if place.state is None:
        return render_deleted(task.name, task.task_id, lang)
    reader = Reader(manager=True, everyone=place.everyone)  # the submitter is a manager
    ivc = asked.ivc
    work = answer_view(
        place.state,
        ivc.source,
        lang=lang,
        refresh=False,
        reader=reader,
        memory=ivc.memory,
        links=asked.tenant.links,
    )
    return await message_or_error(work, lang=lang, what="redraw")


async def _mark_card(
    client: AsyncWebClient, place: CardPlace, task: Task, asked: Asked, *, cards: CardStore
) -> None:
    """``chat.update`` the notification card to "Deleted", if it is the task's card."""
    if not await cards.is_card(task.task_id, place.channel, place.ts):
        shown = ascii(place.ts[:32])
        log.warning("not updating message %s: not a notification card of the task", shown)
        return
    card = render_card_deleted(task, lang=asked.channel_lang)  # the channel's card
    try:
        await client.chat_update(channel=place.channel, ts=place.ts, **card.to_payload())
    except SLACK_CALL_FAILURES as error:
        log.warning("could not mark the deleted task's card (%s)", type(error).__name__)
