"""A workspace's own people settings (multi-workspace mode), pure: the App Home section an
admin sees and the form that edits them, or the operator's shown read-only to a workspace on
the operator's IVC account. Each field is blank (the deployment's default from the
environment; in the operator's: everyone), ``none`` (nobody / no channel) or Slack ids."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.views.blocks import one_line_modal, section_block, text_object
from bot.views.i18n import label, normalise_lang
from bot.views.mrkdwn import safe_line

SETTINGS_VIEW = "ws_settings"
SETTINGS_ACTION = "ws_settings"
FIELDS = ("task_managers", "viewers", "subscription_admins", "audit_channel")
NOBODY = "none"
_MAX = 2000


@dataclass(frozen=True, slots=True)
class PeopleForm:
    """Each field as the form shows it: "" (default), "none", or comma-separated ids."""

    task_managers: str = ""
    viewers: str = ""
    subscription_admins: str = ""
    audit_channel: str = ""

    def value(self, name: str) -> str:
        return str(getattr(self, name))


def _shown(value: str, lang: str, operators: bool) -> str:
    if not value:
        return label(lang, "people.everyone" if operators else "people.default")
    if value == NOBODY:
        return label(lang, "people.nobody")
    return safe_line(value, 300)


def people_blocks(
    form: PeopleForm, *, lang: str = "en", operators: bool = False
) -> list[dict[str, Any]]:
    """App Home's "Workspace settings" section (for an admin or owner): with Edit, or the
    operator's settings (``operators``) with the line saying who sets them."""
    lang = normalise_lang(lang)
    lines = [label(lang, "people.header")] + [
        f"• {label(lang, f'people.{name}')}: {_shown(form.value(name), lang, operators)}"
        for name in FIELDS
    ]
    section = section_block("\n".join(lines), "people_settings")
    if operators:
        note = {
            "type": "context",
            "block_id": "people_operators",
            "elements": [text_object(label(lang, "people.operators"))],
        }
        return [section, note, {"type": "divider"}]
    button = {
        "type": "button",
        "text": text_object(label(lang, "people.edit"), "plain_text"),
        "action_id": SETTINGS_ACTION,
        "value": SETTINGS_ACTION,
    }
    return [
        section,
        {"type": "actions", "block_id": "people_actions", "elements": [button]},
        {"type": "divider"},
    ]


def render_people_modal(form: PeopleForm, *, lang: str = "en") -> dict[str, Any]:
    """The form: one optional input per setting, prefilled with the workspace's overrides."""
    lang = normalise_lang(lang)
    blocks: list[dict[str, Any]] = [section_block(label(lang, "people.intro"), "people_intro")]
    for name in FIELDS:
        element: dict[str, Any] = {
            "type": "plain_text_input",
            "action_id": name,
            "max_length": _MAX,
        }
        if form.value(name):
            element["initial_value"] = form.value(name)
        blocks.append(
            {
                "type": "input",
                "block_id": name,
                "label": text_object(label(lang, f"people.{name}"), "plain_text"),
                "hint": text_object(label(lang, f"people.{name}_hint"), "plain_text"),
                "element": element,
                "optional": True,
            }
        )
    return {
        "type": "modal",
        "callback_id": SETTINGS_VIEW,
        "title": text_object(label(lang, "people.title"), "plain_text"),
        "submit": text_object(label(lang, "ivc.save"), "plain_text"),
        "close": text_object(label(lang, "ivc.cancel"), "plain_text"),
        "blocks": blocks,
    }


def read_people_form(view: dict[str, Any]) -> PeopleForm:
    """The submitted form's fields (trimmed; "none" in any case is ``NOBODY``)."""
    values = (view.get("state") or {}).get("values") or {}

    def field(name: str) -> str:
        typed = str(((values.get(name) or {}).get(name) or {}).get("value") or "").strip()
        return NOBODY if typed.lower() == NOBODY else typed

    return PeopleForm(*(field(name) for name in FIELDS))


def render_saved_modal(lang: str = "en", *, key: str = "people.saved") -> dict[str, Any]:
    """The form after a save (or, ``people.operators``, instead of the form): one line."""
    lang = normalise_lang(lang)
    return one_line_modal(
        "ws_settings_saved",
        title=label(lang, "people.title"),
        close=label(lang, "ivc.cancel"),
        block_id="people_saved",
        line=label(lang, key),
    )
