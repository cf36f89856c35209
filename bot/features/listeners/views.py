"""Modal submissions: the create form and a delete's confirmation. ``Require(Right.TASK_MANAGER)``
runs first.

A submission is read and checked against IVC's rules at once (field errors, in the user's
language, with ``response_action: errors``; nothing sent to IVC). On API 3.0 a valid one then
has each camera's recordings checked (``bot.features.retrievals.checking_recordings``: only
cameras with archived recording are retrieved, after a confirmation when some are left out); the
IVC API skips that check and says so. A task to create is answered with ``response_action:
update`` to a "Starting…" view (Slack waits 3 seconds, a create may take longer); a background
task creates the task (``TaskActions.create``: once per name) and ``views.update`` shows the
result, or the form again as typed with IVC's reason on the field. The requester also gets the
new task's card at the command's (or the click's) ``response_url``, or, for a form opened from
the App Home, in a DM (``chat.postMessage`` to the submitter's user id: the app's Messages tab)."""

from __future__ import annotations

import logging
from collections.abc import Coroutine
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.features.home.people_form import overrides_of
from bot.features.home.people_settings import SETTINGS_VIEW, read_people_form, render_saved_modal
from bot.features.home.publishing import publish_workspace_home
from bot.features.playback.download import DOWNLOAD_VIEW
from bot.features.playback.downloading import (
    deliver_download,
    download_working_note,
    read_download_submission,
)
from bot.features.retrievals.checking_recordings import (
    check_then_create,
    checks_recordings,
    skip_note,
)
from bot.features.retrievals.delete_in_modal import delete_in_place
from bot.features.retrievals.delete_modal import (
    DELETE_VIEW,
    CardPlace,
    render_delete_note,
    working_text,
)
from bot.features.retrievals.form_input import FIELD_OF, FIELD_OF_REFUSAL, FormInput, read_form
from bot.features.retrievals.new_task_form import (
    NEW_TASK_VIEW,
    FormField,
    FormOrigin,
    render_form_note,
    render_new_task_form,
)
from bot.features.retrievals.task_created import (
    failed_text,
    refusal_text,
    render_task_created,
    started_text,
)
from bot.features.watches.flow import watch_created
from bot.ivc.errors import IvcError, IvcRefusedError
from bot.ivc.new_task import NewTask
from bot.ivc.task_rules import FieldProblem
from bot.slack.asked import Asked
from bot.slack.audit_trail import Attempt, audit, outcome_of
from bot.slack.deps import Deps
from bot.slack.errors import build_and_log_error
from bot.slack.ivc_connect import read_connect_form
from bot.slack.modals import update_view as _update
from bot.slack.poster import SLACK_CALL_FAILURES
from bot.slack.replies import private_kwargs
from bot.slack.rights import Require, Right
from bot.views.i18n import label, normalise_lang
from bot.views.ivc_connection import (
    CONNECT_VIEW,
    SECRET_ID_BLOCK,
    SECRET_KEY_BLOCK,
    render_connected_modal,
)

log = logging.getLogger(__name__)


def _errors(problems: tuple[FieldProblem, ...], deps: Deps) -> dict[str, str]:
    """Each problem's line on its form input (the first problem of an input wins)."""
    errors: dict[str, str] = {}
    for problem in problems:
        block = FIELD_OF[problem.field].value
        errors.setdefault(block, refusal_text(problem.reason, deps.lang, ivc_zone=_zone(deps)))
    return errors


def _zone(deps: Deps) -> str:
    return deps.actions.zone.key if deps.actions is not None else ""


def read_submission(view: dict[str, Any], deps: Deps) -> tuple[FormInput, FormOrigin]:
    origin = FormOrigin.decode(str(view.get("private_metadata") or "")[:3000])
    values = (view.get("state") or {}).get("values") or {}
    catalog = deps.catalog
    form = read_form(
        values if isinstance(values, dict) else {},
        origin.zone,
        fallback_zone=deps.default_timezone,
        known=lambda ref: catalog is not None and catalog.get(ref) is not None,
    )
    if form.task is not None and deps.actions is not None:
        form = FormInput(form.task, deps.actions.check(form.task), form.typed)
    return form, origin


async def submit_new_task(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    deps: Deps,
    asked: Asked,
) -> None:
    """Field errors now; else, on API 3.0, the cameras' recordings checked first; then
    "Starting…" now and the create in the background."""
    form, origin = read_submission(view, deps)
    if form.problems or form.task is None or deps.actions is None:
        await ack(response_action="errors", errors=_errors(form.problems, deps) or _no_ivc(deps))
        return
    view_id = str(view.get("id") or "")
    who = asked.who

    def start(chosen: FormInput, notes: str) -> Coroutine[Any, Any, None]:
        return _create(client, view_id, chosen, origin, deps, who, notes)

    if checks_recordings(deps):
        await check_then_create(ack, client, view_id, form, origin, deps, start)
        return
    notes = skip_note(deps)
    starting = label(normalise_lang(deps.lang), "form.starting")
    shown = render_form_note(starting, origin, lang=deps.lang, context=notes)
    await ack(response_action="update", view=shown)
    deps.background.spawn(start(form, notes), name="create_task")


def _no_ivc(deps: Deps) -> dict[str, str]:
    return {FormField.NAME.value: label(normalise_lang(deps.lang), "error.generic")}


async def _create(
    client: AsyncWebClient,
    view_id: str,
    form: FormInput,
    origin: FormOrigin,
    deps: Deps,
    who: tuple[str, str],
    notes: str = "",
) -> None:
    """Create ``form``'s task, then show the result (with ``notes`` below it) or why not."""
    assert deps.actions is not None and form.task is not None
    task: NewTask = form.task
    attempt = Attempt(*who, "create", task.body(with_describe=deps.describe))
    try:
        created = await deps.actions.create(task)
    except IvcError as error:
        outcome, request_id = outcome_of(error)
        await audit(deps.audit, deps.source.clock, client, attempt, outcome, request_id=request_id)
        await _show_failure(client, view_id, form, origin, deps, error)
        return
    outcome = "recovered" if created.recovered else "created"
    ids = {"task_id": created.task.task_id, "request_id": created.request_id}
    await audit(deps.audit, deps.source.clock, client, attempt, outcome, **ids)
    await watch_created(deps, who, created.task)  # the creator hears when it is ready
    note = started_text(created.task, deps.lang)
    shown = render_form_note(note, origin, lang=deps.lang, context=notes)
    await _update(client, view_id, shown)
    if origin.response_url:
        await _respond(origin.response_url, created.task, deps)
    elif origin.home:
        await _direct_message(client, who[1], created.task, deps)


async def _show_failure(
    client: AsyncWebClient,
    view_id: str,
    form: FormInput,
    origin: FormOrigin,
    deps: Deps,
    error: IvcError,
) -> None:
    """The form again with IVC's reason on its field, or one line for any other failure."""
    if isinstance(error, IvcRefusedError):
        field = FIELD_OF_REFUSAL.get(error.reason, FormField.NAME)
        problems = {field: refusal_text(error.reason, deps.lang, ivc_zone=_zone(deps))}
        log.warning("create refused: %s", error.reason.value)
        shown = render_new_task_form(
            form.typed,
            origin,
            lang=deps.lang,
            with_describe=deps.describe,
            problems=problems,
        )
        await _update(client, view_id, shown)
        return
    message = build_and_log_error(error, lang=deps.lang, what="create")
    note = failed_text(message.text, deps.lang)
    await _update(client, view_id, render_form_note(note, origin, lang=deps.lang))


async def _respond(url: str, task: Any, deps: Deps) -> None:
    """The new task's card at the metadata's response_url (only if it is Slack's)."""
    message = render_task_created(task, deps.lang)
    await deps.response_urls.send(url, private_kwargs(message), "new task's card")


async def _direct_message(client: AsyncWebClient, user: str, task: Any, deps: Deps) -> None:
    """The new task's card to the submitter (the signed payload's user, never the metadata)."""
    message = render_task_created(task, deps.lang)
    try:
        await client.chat_postMessage(channel=user, **message.to_payload())
    except SLACK_CALL_FAILURES as error:
        log.warning("could not send the new task's card in a DM (%s)", type(error).__name__)


async def submit_delete(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    deps: Deps,
    asked: Asked,
) -> None:
    """A delete's confirmation modal: "Deleting…" now, the delete (and the card updated in
    place) in the background. The metadata's TaskId and card place are checked there."""
    place = CardPlace.decode(str(view.get("private_metadata") or ""))
    if deps.actions is None:
        note = label(normalise_lang(deps.lang), "error.generic")
        await ack(response_action="update", view=render_delete_note(note, deps.lang))
        return
    working = render_delete_note(working_text(place.task_id, deps.lang), deps.lang)
    await ack(response_action="update", view=working)
    view_id, who = str(view.get("id") or ""), asked.who
    deps.background.spawn(delete_in_place(client, view_id, place, deps, who), name="delete_task")


async def submit_connect_ivc(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    deps: Deps,
    asked: Asked,
) -> None:
    """Connect IVC's Save (an admin or owner): IVC lists the typed account's tasks, then the
    connection is stored encrypted; IVC's refusal is shown on the SecretKey, nothing stored.
    The view's state (which holds the SecretKey) is never logged."""
    team, user = asked.team, asked.user
    connector = deps.connector
    assert connector is not None, "Require(Right.IVC_ADMIN) checked it"
    typed, errors = read_connect_form(view, deps.lang)
    if errors:
        await ack(response_action="errors", errors=errors)
        return
    outcome = await connector.save(team, typed, deps.lang)
    if not outcome.ok:
        await ack(response_action="errors", errors={SECRET_KEY_BLOCK: outcome.line})
        return
    await ack(response_action="update", view=render_connected_modal(deps.lang))
    deps.background.spawn(publish_workspace_home(client, team, user, deps), name="home")


async def submit_people(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    deps: Deps,
    asked: Asked,
) -> None:
    """Workspace settings' Save (an admin or owner): each field checked, then stored for
    this workspace (the signed request's) alone; refused for a workspace on the operator's
    account, whose settings are the operator's."""
    team, user = asked.team, asked.user
    workspaces = deps.workspaces
    assert workspaces is not None, "Require(Right.WORKSPACE_ADMIN) checked it"
    if workspaces.shares(team):
        log.warning("refused a settings change by %s (%s uses the operator's account)", user, team)
        note = label(normalise_lang(deps.lang), "people.operators")
        await ack(response_action="errors", errors={"task_managers": note})
        return
    overrides, errors = overrides_of(team, read_people_form(view), deps.lang)
    if overrides is None:
        await ack(response_action="errors", errors=errors)
        return
    await workspaces.save_overrides(overrides, by=user)
    await ack(response_action="update", view=render_saved_modal(deps.lang))
    deps.background.spawn(publish_workspace_home(client, team, user, deps), name="home")


async def submit_download(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    deps: Deps,
    asked: Asked,
) -> None:
    """Download's modal (anyone who may see tasks: ``OnlyAllowed`` ran): the fields to fix
    now, or "Getting the link…" now and, in the background, everything checked against IVC
    again and the link sent to the submitter alone (the modal then says where it went)."""
    submission = read_download_submission(view, deps)
    if submission.choice is None:
        await ack(response_action="errors", errors=submission.errors)
        return
    await ack(response_action="update", view=download_working_note(deps.lang))
    view_id, who = str(view.get("id") or ""), asked.who
    work = deliver_download(client, view_id, submission, deps, who)
    deps.background.spawn(work, name="download")


def register(app: AsyncApp) -> None:
    app.view(DOWNLOAD_VIEW)(submit_download)
    admin = Require(Right.WORKSPACE_ADMIN, field="task_managers")
    app.view(SETTINGS_VIEW, middleware=[admin])(submit_people)
    app.view(CONNECT_VIEW, middleware=[Require(Right.IVC_ADMIN, field=SECRET_ID_BLOCK)])(
        submit_connect_ivc
    )
    app.view(NEW_TASK_VIEW, middleware=[Require(Right.TASK_MANAGER)])(submit_new_task)
    app.view(DELETE_VIEW, middleware=[Require(Right.TASK_MANAGER)])(submit_delete)
