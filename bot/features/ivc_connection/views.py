"""The workspace's IVC account (multi-workspace mode), pure: its App Home
section and the Connect IVC modal (API, SecretId, SecretKey, STS token, region,
organization id, Test). The SecretKey and token are never put in a view: the edit form
leaves them blank (blank keeps the stored ones)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.views.blocks import one_line_modal, section_block, text_object
from bot.views.formatting import date_token
from bot.views.i18n import label, normalise_lang
from bot.views.mrkdwn import safe_line

CONNECT_VIEW = "ivc_connect"
CONNECT_ACTION = "ivc_connect"
DISCONNECT_ACTION = "ivc_disconnect"
TEST_ACTION = "ivc_test"
API_BLOCK, SECRET_ID_BLOCK, SECRET_KEY_BLOCK = "ivc_api", "ivc_secret_id", "ivc_secret_key"
TOKEN_BLOCK, REGION_BLOCK, ORGANIZATION_BLOCK = "ivc_token", "ivc_region", "ivc_organization"
NOTE_BLOCK = "ivc_note"
APIS = ("ivc", "cloudapi")
LINE_MAX = 300


@dataclass(frozen=True, slots=True)
class AccountSummary:
    """What App Home shows of a stored account (nothing secret)."""

    api: str
    secret_id_tail: str
    last_ok_at: datetime | None
    last_error: str | None


@dataclass(frozen=True, slots=True)
class FormValues:
    """The form's non-secret values (to prefill it)."""

    api: str = "ivc"
    secret_id: str = ""
    region: str = ""
    organization_id: str = ""


def _button(text: str, action_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "button",
        "text": text_object(text, "plain_text"),
        "action_id": action_id,
        "value": action_id,
        **extra,
    }


def _confirm(lang: str) -> dict[str, Any]:
    return {
        "title": text_object(label(lang, "ivc.disconnect_title"), "plain_text"),
        "text": text_object(label(lang, "ivc.disconnect_text")),
        "confirm": text_object(label(lang, "ivc.disconnect"), "plain_text"),
        "deny": text_object(label(lang, "ivc.cancel"), "plain_text"),
        "style": "danger",
    }


def _api_name(api: str, lang: str) -> str:
    return label(lang, "ivc.api_cloudapi" if api == "cloudapi" else "ivc.api_ivc")


def account_blocks(
    summary: AccountSummary | None, *, admin: bool, lang: str = "en"
) -> list[dict[str, Any]]:
    """App Home's IVC account section: the SecretId's last 4 characters and when it last
    worked; an admin's Connect / Edit / Disconnect buttons."""
    lang = normalise_lang(lang)
    header = {
        "type": "header",
        "block_id": "ivc_header",
        "text": text_object(label(lang, "ivc.header"), "plain_text"),
    }
    if summary is None:
        lines = [label(lang, "ivc.not_connected")]
    else:
        tail = safe_line(summary.secret_id_tail, 4)
        lines = [label(lang, "ivc.connected", tail=tail, api=_api_name(summary.api, lang))]
        when = summary.last_ok_at
        lines.append(
            label(lang, "ivc.last_ok", when=date_token(when))
            if when
            else label(lang, "ivc.never_ok")
        )
        if summary.last_error:
            error = safe_line(summary.last_error, LINE_MAX)
            lines.append(label(lang, "ivc.last_error", error=error))
    if not admin:
        lines.append(label(lang, "ivc.admins_only"))
    blocks: list[dict[str, Any]] = [
        header,
        section_block("\n".join(lines), "ivc_status"),
    ]
    if admin:
        first = "ivc.connect" if summary is None else "ivc.edit"
        buttons = [_button(label(lang, first), CONNECT_ACTION, style="primary")]
        if summary is not None:
            buttons.append(
                _button(label(lang, "ivc.disconnect"), DISCONNECT_ACTION, confirm=_confirm(lang))
            )
        blocks.append({"type": "actions", "block_id": "ivc_actions", "elements": buttons})
    blocks.append({"type": "divider"})
    return blocks


def _input(
    block_id: str, title: str, element: dict[str, Any], *, optional: bool, hint: str = ""
) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "label": text_object(title, "plain_text"),
        "element": element,
        "optional": optional,
    }
    if hint:
        block["hint"] = text_object(hint, "plain_text")
    return block


def _plain(action_id: str, initial: str, *, max_length: int) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": action_id,
        "max_length": max_length,
    }
    if initial:
        element["initial_value"] = initial
    return element


def _api_select(api: str, lang: str) -> dict[str, Any]:
    options = [{"text": text_object(_api_name(a, lang), "plain_text"), "value": a} for a in APIS]
    chosen = next(o for o in options if o["value"] == (api if api in APIS else "ivc"))
    return {
        "type": "static_select",
        "action_id": API_BLOCK,
        "options": options,
        "initial_option": chosen,
    }


def render_connect_modal(
    values: FormValues, *, editing: bool, lang: str = "en", note: str = ""
) -> dict[str, Any]:
    """The Connect IVC modal; ``editing``: an account is stored (blank SecretKey keeps
    it); ``note``: a Test's outcome (raw text, escaped here)."""
    lang = normalise_lang(lang)
    key_hint = label(lang, "ivc.secret_key_keep" if editing else "ivc.secret_key_hint")
    blocks: list[dict[str, Any]] = [
        section_block(label(lang, "ivc.intro"), "ivc_intro"),
    ]
    if note:
        blocks.append(section_block(safe_line(note, LINE_MAX), NOTE_BLOCK))
    blocks += [
        _input(API_BLOCK, label(lang, "ivc.api"), _api_select(values.api, lang), optional=False),
        _input(
            SECRET_ID_BLOCK,
            label(lang, "ivc.secret_id"),
            _plain(SECRET_ID_BLOCK, values.secret_id, max_length=128),
            optional=False,
        ),
        _input(
            SECRET_KEY_BLOCK,
            label(lang, "ivc.secret_key"),
            _plain(SECRET_KEY_BLOCK, "", max_length=256),
            optional=editing,
            hint=key_hint,
        ),
        _input(
            TOKEN_BLOCK,
            label(lang, "ivc.token"),
            _plain(TOKEN_BLOCK, "", max_length=2048),
            optional=True,
        ),
        _input(
            REGION_BLOCK,
            label(lang, "ivc.region"),
            _plain(REGION_BLOCK, values.region, max_length=64),
            optional=True,
        ),
        _input(
            ORGANIZATION_BLOCK,
            label(lang, "ivc.organization"),
            _plain(ORGANIZATION_BLOCK, values.organization_id, max_length=64),
            optional=True,
        ),
        {
            "type": "actions",
            "block_id": "ivc_test_actions",
            "elements": [_button(label(lang, "ivc.test"), TEST_ACTION)],
        },
    ]
    return {
        "type": "modal",
        "callback_id": CONNECT_VIEW,
        "title": text_object(label(lang, "ivc.modal_title"), "plain_text"),
        "submit": text_object(label(lang, "ivc.save"), "plain_text"),
        "close": text_object(label(lang, "ivc.cancel"), "plain_text"),
        "private_metadata": "edit" if editing else "",
        "blocks": blocks,
    }


def render_connected_modal(lang: str = "en") -> dict[str, Any]:
    """The modal after a save: one line."""
    lang = normalise_lang(lang)
    return one_line_modal(
        "ivc_connected",
        title=label(lang, "ivc.modal_title"),
        close=label(lang, "ivc.cancel"),
        block_id=NOTE_BLOCK,
        line=label(lang, "ivc.saved"),
    )
