"""Starting and deleting retrievals from Slack: ``new`` and ``delete``, New retrieval, a
confirmation's Delete and Keep it, a new card's Delete…, the create form's camera search and its
submission, and a delete's confirmation modal (TASK_MANAGERS only: ``Require`` where each is
registered)."""

from __future__ import annotations

import logging
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.commands import Command, CommandKind
from bot.features.retrievals.camera_options import MAX_OPTIONS, render_camera_options
from bot.features.retrievals.checking_recordings import (
    check_then_create,
    checks_recordings,
    skip_note,
)
from bot.features.retrievals.delete_in_modal import confirm_in_modal, delete_in_place
from bot.features.retrievals.delete_modal import (
    DELETE_VIEW,
    CardPlace,
    render_delete_note,
    working_text,
)
from bot.features.retrievals.deleting import ask_to_confirm, delete
from bot.features.retrievals.form_input import FIELD_OF, FIELD_OF_REFUSAL, FormInput, read_form
from bot.features.retrievals.forms import click_origin, open_form, open_note
from bot.features.retrievals.new_task_form import (
    NEW_TASK_VIEW,
    FormField,
    FormOrigin,
    render_form_note,
    render_new_task_form,
)
from bot.features.retrievals.recording_check import RECORDING_PLAY_BUTTONS
from bot.features.retrievals.recording_play import play_recording
from bot.features.retrievals.task_created import (
    failed_text,
    refusal_text,
    render_task_created,
    started_text,
)
from bot.features.retrievals.task_delete import (
    ACTION_ASK_DELETE,
    ACTION_DELETE,
    ACTION_KEEP,
    render_kept,
)
from bot.features.watches.flow import (
    watch_created,
)
from bot.ivc.errors import IvcError, IvcRefusedError
from bot.ivc.new_task import NewTask
from bot.ivc.task_rules import FieldProblem
from bot.observability.requests import Observation, ObservedRespond
from bot.services.watches import WatchService
from bot.slack.ack_later import ack_then
from bot.slack.asked import Asked
from bot.slack.audit_trail import Attempt, audit, outcome_of
from bot.slack.errors import (
    build_and_log_error,
)
from bot.slack.modals import update_view as _update
from bot.slack.poster import SLACK_CALL_FAILURES
from bot.slack.replies import private_kwargs, replace_kwargs
from bot.slack.response_urls import ResponseUrls
from bot.slack.rights import Require, Right
from bot.slack.slash_command import PRIVATE, Listener, what_of
from bot.store.cards import CardStore
from bot.views.i18n import label, normalise_lang
from bot.views.new_task_button import ACTION_NEW_TASK
from bot.views.notices import (
    render_no_catalog,
    render_working,
)

log = logging.getLogger(__name__)

MAX_QUERY = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class Retrievals:
    """The retrievals' listeners, with where a deleted card is checked (``cards``), where a
    new or deleted task's card is answered (``response_urls``) and the creator's watch."""

    cards: CardStore
    response_urls: ResponseUrls
    watches: WatchService

    # Task changes (TASK_MANAGERS only: Require runs first) -----------------------------
    async def open_new_task(
        self,
        ack: AsyncAck,
        command: dict[str, Any],
        client: AsyncWebClient,
        observation: Observation,
        asked: Asked,
    ) -> None:
        """``new``: an empty ack, then the create form (``views.open`` with the trigger); one
        line instead when IVC_ORGANIZATION_ID is unset (no cameras to pick)."""
        catalog = asked.ivc.catalog
        if catalog is None:
            await observation.ack(ack).send(render_no_catalog(asked.lang), PRIVATE)
            return
        await observation.ack(ack)()
        catalog.refresh_if_stale()  # warm by the time the user types a camera name
        origin = FormOrigin(str(command.get("response_url") or ""), asked.channel)
        trigger = str(command.get("trigger_id") or "")
        asked.background.spawn(open_form(client, trigger, origin, asked), name="form")

    async def confirm_delete(
        self,
        ack: AsyncAck,
        respond: AsyncRespond,
        parsed: Command,
        observation: Observation,
        asked: Asked,
    ) -> None:
        """``delete <TaskId>``: "working" now, then the confirmation naming the task."""

        def work(to: ObservedRespond) -> Coroutine[Any, Any, None]:
            return ask_to_confirm(parsed.task_id or "", to, asked)

        working = render_working(asked.lang)
        await ack_then(ack, respond, observation, asked, work, what=what_of(parsed), note=working)

    async def delete_task(
        self,
        ack: AsyncAck,
        respond: AsyncRespond,
        action: dict[str, Any],
        body: dict[str, Any],
        client: AsyncWebClient,
        observation: Observation,
        asked: Asked,
    ) -> None:
        """A confirmation's Delete (managers only): delete, then update the message in place."""
        task_id = str(action.get("value") or "")

        def work(to: ObservedRespond) -> Coroutine[Any, Any, None]:
            return delete(task_id, to, asked, client)

        await ack_then(ack, respond, observation, asked, work, what="delete")

    async def ask_delete(
        self,
        ack: AsyncAck,
        respond: AsyncRespond,
        action: dict[str, Any],
        body: dict[str, Any],
        client: AsyncWebClient,
        observation: Observation,
        asked: Asked,
    ) -> None:
        """A new task's card's Delete… (managers only): the confirmation in a small modal;
        after the delete the card is updated in place."""
        task_id = str(action.get("value") or "")

        def work(to: ObservedRespond) -> Coroutine[Any, Any, None]:
            return confirm_in_modal(task_id, body, client, to, asked)

        await ack_then(ack, respond, observation, asked, work, what="delete", shape=private_kwargs)

    async def keep_task(
        self,
        ack: AsyncAck,
        respond: AsyncRespond,
        action: dict[str, Any],
        observation: Observation,
        asked: Asked,
    ) -> None:
        """A confirmation's Keep it: the message says the task was kept."""
        await observation.ack(ack)()
        kept = render_kept(str(action.get("value") or "")[:64], asked.lang)
        await observation.respond(respond).send(kept, replace_kwargs)

    async def new_task(
        self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, asked: Asked
    ) -> None:
        """New retrieval (managers only): the create form, opened with the click's trigger;
        from the App Home its result goes to the manager in a DM."""
        await ack()
        trigger = str(body.get("trigger_id") or "")
        catalog = asked.ivc.catalog
        if catalog is None:
            text = render_no_catalog(asked.lang).text
            asked.background.spawn(open_note(client, trigger, text, asked), name="form")
            return
        catalog.refresh_if_stale()
        form = open_form(client, trigger, click_origin(body, asked), asked)
        asked.background.spawn(form, name="form")

    async def suggest_cameras(self, ack: AsyncAck, payload: dict[str, Any], asked: Asked) -> None:
        """Cameras whose device or channel name contains every word typed."""
        catalog = asked.ivc.catalog
        if catalog is None:
            await ack(options=[])
            return
        query = str(payload.get("value") or "")[:MAX_QUERY]
        await ack(options=render_camera_options(catalog.search(query, MAX_OPTIONS)))

    async def submit_new_task(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        view: dict[str, Any],
        client: AsyncWebClient,
        asked: Asked,
    ) -> None:
        """Field errors now; else, on API 3.0, the cameras' recordings checked first; then
        "Starting…" now and the create in the background."""
        form, origin = read_submission(view, asked)
        if form.problems or form.task is None:
            errors = _errors(form.problems, asked) or _unreadable(asked)
            await ack(response_action="errors", errors=errors)
            return
        view_id = str(view.get("id") or "")

        def start(chosen: FormInput, notes: str) -> Coroutine[Any, Any, None]:
            return self._create(client, view_id, chosen, origin, asked, notes)

        if checks_recordings(asked):
            await check_then_create(ack, client, view_id, form, origin, asked, start)
            return
        notes = skip_note(asked)
        starting = label(normalise_lang(asked.lang), "form.starting")
        shown = render_form_note(starting, origin, lang=asked.lang, context=notes)
        await ack(response_action="update", view=shown)
        asked.background.spawn(start(form, notes), name="create_task")

    async def _create(
        self,
        client: AsyncWebClient,
        view_id: str,
        form: FormInput,
        origin: FormOrigin,
        asked: Asked,
        notes: str = "",
    ) -> None:
        """Create ``form``'s task, then show the result (with ``notes`` below it) or why not."""
        assert form.task is not None
        ivc, auditor = asked.ivc, asked.people.audit
        task: NewTask = form.task
        attempt = Attempt(*asked.who, "create", task.body(with_describe=ivc.describe))
        try:
            created = await ivc.actions.create(task)
        except IvcError as error:
            outcome, request_id = outcome_of(error)
            await audit(auditor, ivc.source.clock, client, attempt, outcome, request_id=request_id)
            await _show_failure(client, view_id, form, origin, asked, error)
            return
        outcome = "recovered" if created.recovered else "created"
        ids = {"task_id": created.task.task_id, "request_id": created.request_id}
        await audit(auditor, ivc.source.clock, client, attempt, outcome, **ids)
        # the creator hears when it is ready
        await watch_created(asked, created.task, watches=self.watches)
        note = started_text(created.task, asked.lang)
        shown = render_form_note(note, origin, lang=asked.lang, context=notes)
        await _update(client, view_id, shown)
        if origin.response_url:
            await self._respond(origin.response_url, created.task, asked.lang)
        elif origin.home:
            await _direct_message(client, asked.user, created.task, asked.lang)

    async def _respond(self, url: str, task: Any, lang: str) -> None:
        """The new task's card at the metadata's response_url (only if it is Slack's)."""
        message = render_task_created(task, lang)
        await self.response_urls.send(url, private_kwargs(message), "new task's card")

    async def submit_delete(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        view: dict[str, Any],
        client: AsyncWebClient,
        asked: Asked,
    ) -> None:
        """A delete's confirmation modal: "Deleting…" now, the delete (and the card updated
        in place) in the background. The metadata's TaskId and card place are checked there."""
        place = CardPlace.decode(str(view.get("private_metadata") or ""))
        working = render_delete_note(working_text(place.task_id, asked.lang), asked.lang)
        await ack(response_action="update", view=working)
        view_id = str(view.get("id") or "")
        deleting = delete_in_place(
            client, view_id, place, asked, cards=self.cards, response_urls=self.response_urls
        )
        asked.background.spawn(deleting, name="delete_task")

    def commands(self) -> tuple[tuple[CommandKind, Listener], ...]:
        """The subcommands this feature answers (registered, in order, with the others')."""
        return ((CommandKind.NEW, self.open_new_task), (CommandKind.DELETE, self.confirm_delete))

    def register(self, app: AsyncApp) -> None:
        manager = [Require(Right.TASK_MANAGER)]
        app.action(ACTION_DELETE, middleware=manager)(self.delete_task)
        app.action(ACTION_ASK_DELETE, middleware=manager)(self.ask_delete)
        app.action(ACTION_KEEP)(self.keep_task)
        app.action(ACTION_NEW_TASK, middleware=manager)(self.new_task)
        app.action(RECORDING_PLAY_BUTTONS, middleware=manager)(play_recording)
        app.options(FormField.CAMERAS.value, middleware=manager)(self.suggest_cameras)
        app.view(NEW_TASK_VIEW, middleware=manager)(self.submit_new_task)
        app.view(DELETE_VIEW, middleware=manager)(self.submit_delete)


def _errors(problems: tuple[FieldProblem, ...], asked: Asked) -> dict[str, str]:
    """Each problem's line on its form input (the first problem of an input wins)."""
    errors: dict[str, str] = {}
    zone = asked.ivc.actions.zone.key
    for problem in problems:
        block = FIELD_OF[problem.field].value
        errors.setdefault(block, refusal_text(problem.reason, asked.lang, ivc_zone=zone))
    return errors


def read_submission(view: dict[str, Any], asked: Asked) -> tuple[FormInput, FormOrigin]:
    """The submitted form (checked against IVC's rules) and where it was asked from."""
    origin = FormOrigin.decode(str(view.get("private_metadata") or "")[:3000])
    values = (view.get("state") or {}).get("values") or {}
    ivc = asked.ivc
    catalog = ivc.catalog
    form = read_form(
        values if isinstance(values, dict) else {},
        origin.zone,
        fallback_zone=asked.tenant.zone,
        known=lambda ref: catalog is not None and catalog.get(ref) is not None,
    )
    if form.task is not None:
        form = FormInput(form.task, ivc.actions.check(form.task), form.typed)
    return form, origin


def _unreadable(asked: Asked) -> dict[str, str]:
    """The generic line on the name field, for a form read with no task and no problem."""
    return {FormField.NAME.value: label(normalise_lang(asked.lang), "error.generic")}


async def _show_failure(
    client: AsyncWebClient,
    view_id: str,
    form: FormInput,
    origin: FormOrigin,
    asked: Asked,
    error: IvcError,
) -> None:
    """The form again with IVC's reason on its field, or one line for any other failure."""
    lang = asked.lang
    if isinstance(error, IvcRefusedError):
        ivc = asked.ivc
        field = FIELD_OF_REFUSAL.get(error.reason, FormField.NAME)
        problems = {field: refusal_text(error.reason, lang, ivc_zone=ivc.actions.zone.key)}
        log.warning("create refused: %s", error.reason.value)
        shown = render_new_task_form(
            form.typed, origin, lang=lang, with_describe=ivc.describe, problems=problems
        )
        await _update(client, view_id, shown)
        return
    message = build_and_log_error(error, lang=lang, what="create")
    note = failed_text(message.text, lang)
    await _update(client, view_id, render_form_note(note, origin, lang=lang))


async def _direct_message(client: AsyncWebClient, user: str, task: Any, lang: str) -> None:
    """The new task's card to the submitter (the signed payload's user, never the metadata)."""
    message = render_task_created(task, lang)
    try:
        await client.chat_postMessage(channel=user, **message.to_payload())
    except SLACK_CALL_FAILURES as error:
        log.warning("could not send the new task's card in a DM (%s)", type(error).__name__)
