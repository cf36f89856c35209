"""A workspace's own TASK_MANAGERS, VIEWERS, SUBSCRIPTION_ADMINS and AUDIT_CHANNEL
(multi-workspace mode, issue 15): between the stored overrides and App Home's form."""

from __future__ import annotations

import re

from bot.store.workspace_settings import ID_COLUMNS, WorkspaceSettings
from bot.views.i18n import label, normalise_lang
from bot.views.people_settings import NOBODY, PeopleForm

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
    team_id: str, form: PeopleForm, lang: str
) -> tuple[WorkspaceSettings | None, dict[str, str]]:
    """The overrides the form asks for, or the errors by field (one line each)."""
    values: dict[str, object] = {name: _ids(form.value(name)) for name in ID_COLUMNS}
    values["audit_channel"] = _channel(form.audit_channel)
    errors = {}
    for name, value in values.items():
        try:
            WorkspaceSettings(team_id, **{name: value})  # type: ignore[arg-type]
        except ValueError:
            errors[name] = label(normalise_lang(lang), f"people.bad_{name}")
    if errors:
        return None, errors
    return WorkspaceSettings(team_id, **values), {}  # type: ignore[arg-type]
