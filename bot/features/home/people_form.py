"""A workspace's own TASK_MANAGERS, VIEWERS, SUBSCRIPTION_ADMINS and AUDIT_CHANNEL
(multi-workspace mode): between the stored overrides and App Home's form; a workspace on the
operator's IVC account sees the operator's, read-only."""

from __future__ import annotations

import re
from typing import Any

from bot.features.home.people_settings import (
    NOBODY,
    PeopleForm,
    people_blocks,
    render_people_modal,
    render_saved_modal,
)
from bot.slack.workspaces import Workspaces
from bot.store.workspace_settings import ID_COLUMNS, PeopleSettings, WorkspaceSettings
from bot.views.i18n import label, normalise_lang

_SEPARATORS = re.compile(r"[\s,]+")


def _ids_text(ids: frozenset[str] | None) -> str:
    if ids is None:
        return ""
    return ",".join(sorted(ids)) if ids else NOBODY


def form_of(overrides: WorkspaceSettings) -> PeopleForm:
    """The stored overrides as the form shows them."""
    channel = overrides.audit_channel
    return PeopleForm(
        task_managers=_ids_text(overrides.task_managers),
        viewers=_ids_text(overrides.viewers),
        subscription_admins=_ids_text(overrides.subscription_admins),
        audit_channel="" if channel is None else (channel or NOBODY),
    )


def operators_form(people: PeopleSettings) -> PeopleForm:
    """The operator's settings as a shared workspace's App Home shows them (blank viewers or
    subscription admins: everyone; no task managers or audit channel: none)."""
    return PeopleForm(
        task_managers=_ids_text(people.task_manager_ids),
        viewers=",".join(sorted(people.viewer_ids)),
        subscription_admins=",".join(sorted(people.admin_user_ids)),
        audit_channel=people.audit_channel or NOBODY,
    )


async def people_section(
    workspaces: Workspaces, workspace_id: str, lang: str
) -> list[dict[str, Any]]:
    """App Home's settings section: the workspace's own with Edit, or the operator's,
    read-only, for a workspace on the operator's account."""
    if workspaces.shares(workspace_id):
        return people_blocks(operators_form(workspaces.operators()), lang=lang, operators=True)
    return people_blocks(form_of(await workspaces.overrides(workspace_id)), lang=lang)


async def people_modal(workspaces: Workspaces, workspace_id: str, lang: str) -> dict[str, Any]:
    """Edit settings' form, or the line saying the operator sets them (shared workspace)."""
    if workspaces.shares(workspace_id):
        return render_saved_modal(lang, key="people.operators")
    return render_people_modal(form_of(await workspaces.overrides(workspace_id)), lang=lang)


def _ids(text: str) -> frozenset[str] | None:
    if not text:
        return None
    if text == NOBODY:
        return frozenset()
    return frozenset(part for part in _SEPARATORS.split(text) if part)


def _channel(text: str) -> str | None:
    if not text:
        return None
    return "" if text == NOBODY else text


def overrides_of(
    workspace_id: str, form: PeopleForm, lang: str
) -> tuple[WorkspaceSettings | None, dict[str, str]]:
    """The overrides the form asks for, or the errors by field (one line each)."""
    values: dict[str, object] = {name: _ids(form.value(name)) for name in ID_COLUMNS}
    values["audit_channel"] = _channel(form.audit_channel)
    errors = {}
    for name, value in values.items():
        try:
            WorkspaceSettings(workspace_id, **{name: value})  # type: ignore[arg-type]
        except ValueError:
            errors[name] = label(normalise_lang(lang), f"people.bad_{name}")
    if errors:
        return None, errors
    return WorkspaceSettings(workspace_id, **values), {}  # type: ignore[arg-type]
