"""One task with its channels (the ``show`` command), its menu and Retrieve again."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.features.playback.download import download_controls
from bot.features.playback.views import play_controls
from bot.features.watches.views import watch_button
from bot.ivc.models import Channel, TaskDetails
from bot.tasks.playable import playable_channels
from bot.views.blocks import section
from bot.views.footer import context
from bot.views.formatting import channel_status, number, updated_ago
from bot.views.i18n import counted, label, normalise_lang
from bot.views.message import Message, build
from bot.views.mrkdwn import code, escape, safe, safe_line
from bot.views.task_card import task_card
from bot.views.task_menu import (
    MENU_ACTION,
    PRIVATE_VIEWER,
    MenuItem,
    Reader,
    menu_value,
    sees_manager_controls,
    task_menu,
)

MAX_CHANNELS = 40
CHANNELS_PER_SECTION = 10
CHANNEL_NAME_MAX = 60
CHANNEL_ID_MAX = 40
# The answer is the task shown, with its own Watch button, a Play button per camera and a
# Download… button.
_SHOWN = frozenset({MenuItem.SHOW, MenuItem.WATCH, MenuItem.PLAY, MenuItem.DOWNLOAD})


def channel_field(channel: Channel, lang: str = "en") -> MarkdownTextObject:
    """A channel as a field: device / channel name, then its ChannelId and status."""
    device = safe(channel.device_name, CHANNEL_NAME_MAX) or "—"
    name = safe(channel.channel_name, CHANNEL_NAME_MAX) or "—"
    text = (
        f"*{device}* / {name}\n"
        f"{code(channel.channel_id, CHANNEL_ID_MAX)} {channel_status(channel.status, lang)}"
    )
    return MarkdownTextObject(text=text, verbatim=True)


def _channel_sections(channels: tuple[Channel, ...], lang: str) -> list[Block]:
    shown = channels[:MAX_CHANNELS]
    return [
        SectionBlock(
            fields=[channel_field(c, lang) for c in shown[i : i + CHANNELS_PER_SECTION]],
            block_id=f"channels_{i // CHANNELS_PER_SECTION}",
        )
        for i in range(0, len(shown), CHANNELS_PER_SECTION)
    ]


def _channels(channels: tuple[Channel, ...], lang: str) -> list[Block]:
    heading = label(lang, "details.channels", count=number(len(channels)))
    if not channels:
        heading += "\n" + label(lang, "details.no_channels")
    blocks: list[Block] = [section(heading, "channels")]
    blocks += _channel_sections(channels, lang)
    hidden = len(channels) - MAX_CHANNELS
    if hidden > 0:
        more = counted(lang, "details.more", hidden, n=number(hidden))
        blocks.append(context([more], block_id="channels_more"))
    return blocks


def again_control(details: TaskDetails, lang: str) -> dict[str, Any] | None:
    """The Retrieve again button (a menu action: the same listener and checks)."""
    value = menu_value(MenuItem.AGAIN, details.task.task_id)
    if value is None:
        return None
    button = {
        "type": "button",
        "action_id": f"{MENU_ACTION}.again",
        "text": {"type": "plain_text", "text": label(lang, "menu.again"), "emoji": True},
        "value": value,
    }
    return {"type": "actions", "block_id": "task_again", "elements": [button]}


def _controls(details: TaskDetails, reader: Reader, lang: str) -> list[dict[str, Any]]:
    """Watch (the clicker's own watch), then Retrieve again when ``reader`` sees manager
    controls."""
    again = again_control(details, lang) if sees_manager_controls(reader) else None
    return [watch_button(details.task.task_id, lang), *([again] if again else [])]


def render_details(
    details: TaskDetails,
    *,
    fetched_at: datetime,
    now: datetime,
    lang: str = "en",
    reader: Reader = PRIVATE_VIEWER,
    play: bool = False,
    link: str | None = None,
) -> Message:
    """The task's card (with its menu) and its Watch button (with Retrieve again when
    ``reader`` sees manager controls), then its channels (at most 40, then "+N more"), then
    the data age; with ``play`` (a playable task: ``bot.tasks.playable``) a Play button per
    camera and, when a camera has a recording, Download…; ``link``: the task's link
    (PUBLIC_URL), as text to copy."""
    lang = normalise_lang(lang)
    header_text = label(lang, "details.header")
    header = HeaderBlock(text=PlainTextObject(text=header_text, emoji=True), block_id="details")
    age = updated_ago(max(0.0, (now - fetched_at).total_seconds()), lang)
    menu = task_menu(details.task, reader, lang, block_id="task", omit=_SHOWN)
    downloadable = play and bool(playable_channels(details))
    blocks: list[Block | dict[str, Any]] = [
        header,
        task_card(details.task, lang, block_id="task", accessory=menu),
        *_controls(details, reader, lang),
        DividerBlock(),
        *_channels(details.channels, lang),
        *(play_controls(details, lang) if play else []),
        *(download_controls(details.task.task_id, lang) if downloadable else []),
        *([context([f":link: {escape(link)}"], block_id="task_link")] if link else []),
        context([age]),
    ]
    fallback = f"{header_text}: {safe_line(details.task.task_id, 64) or '—'}"
    return build(fallback, blocks)
