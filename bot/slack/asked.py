"""The typed request: who asks and where (the ids Bolt reads into its context, taken once),
the tenant whose rules, account and language answer, and the reader's own language; middleware
and listeners take it as ``asked``.

Two languages, one per audience: ``asked.lang`` for what only the asker sees (ephemeral
answers, modals, App Home, DMs: their Slack language, resolved at the edge), and
``asked.channel_lang`` for what a channel sees (public answers, cards, confirmations posted
there: BOT_LANGUAGE); ``asked.lang_for(everyone)`` picks one."""

from __future__ import annotations

from dataclasses import dataclass

from slack_bolt.context.async_context import AsyncBoltContext

from bot.config import Language
from bot.ivc.accounts import NotConnected
from bot.slack.background import BackgroundTasks
from bot.slack.tenant import AccountServices, People, Tenant

ASKED = "asked"
"""The context key (and so the listener parameter) that holds the request's ``Asked``."""


@dataclass(frozen=True, slots=True)
class Asked:
    """One request: its ids ("" where the payload names none: an event with no user) and its
    tenant."""

    workspace: str
    user: str
    channel: str
    tenant: Tenant
    reader_lang: Language | None = None  # the asker's Slack language; None: BOT_LANGUAGE

    def reading(self, lang: Language) -> Asked:
        """The same request read in ``lang`` (built directly: this runs on every request, and
        ``dataclasses.replace`` costs several times more)."""
        return Asked(self.workspace, self.user, self.channel, self.tenant, lang)

    @property
    def who(self) -> tuple[str, str]:
        """(workspace, user): how audit lines and writes name the person."""
        return self.workspace, self.user

    @property
    def lang(self) -> str:
        """The language of what only the asker sees: theirs (READER_LANGUAGE=person, once
        the edge has resolved it), else BOT_LANGUAGE."""
        return self.reader_lang or self.tenant.lang

    @property
    def channel_lang(self) -> str:
        """The language of what a channel sees: BOT_LANGUAGE, whoever asked."""
        return self.tenant.lang

    def lang_for(self, everyone: bool) -> str:
        """``channel_lang`` for an answer the whole channel sees, else ``lang``."""
        return self.channel_lang if everyone else self.lang

    @property
    def people(self) -> People:
        return self.tenant.people

    @property
    def background(self) -> BackgroundTasks:
        return self.tenant.background

    @property
    def ivc(self) -> AccountServices:
        """The tenant's IVC account; ``NotConnected`` (one line saying an admin must connect
        one) when it has none: only App Home and the set-up paths run without one."""
        account = self.tenant.account
        if account is None:
            raise NotConnected(self.workspace)
        return account


def asked_of(context: AsyncBoltContext, tenant: Tenant) -> Asked:
    """The request's ids as Bolt parsed them (``team_id``, ``user_id``, ``channel_id``)."""
    return Asked(context.team_id or "", context.user_id or "", context.channel_id or "", tenant)
