"""All configuration, read once from the environment (and an optional ``.env``) and validated."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, get_args

from pydantic import AnyHttpUrl, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.role import Role

IvcApi = Literal["ivc", "cloudapi"]
"""Which IVC API tasks are read from: the ``/ivc/`` endpoints or API 3.0 (service iss)."""
Language = Literal["en", "zh"]
PersonLanguage = Literal["person", "bot"]
"""READER_LANGUAGE: person: what one person sees speaks their Slack language; bot: BOT_LANGUAGE
(not named LANGUAGE: gettext's variable of that name holds values such as ``en_US:en``)."""
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
LogFormat = Literal["auto", "text", "json"]
BlockKit = Literal["auto", "classic"]
"""auto: data tables, charts and alerts where a workspace accepts them; classic: never."""

IVC_APIS: tuple[IvcApi, ...] = get_args(IvcApi)
LANGUAGES: tuple[Language, ...] = get_args(Language)
LOG_LEVELS: tuple[LogLevel, ...] = get_args(LogLevel)
LOG_FORMATS: tuple[LogFormat, ...] = get_args(LogFormat)

DEFAULT_BASE_URLS: dict[IvcApi, str] = {
    "ivc": "https://ivc.myqcloud.com",
    "cloudapi": "https://iss.tencentcloudapi.com",
}
"""The endpoint of each IVC API when IVC_BASE_URL is not set."""
DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/retrieval-tasks.db"


IVC_KEY_NEEDED = "(required, except in multi-workspace install mode without SHARED_IVC_TEAM_IDS)"


def _id_set(text: str) -> frozenset[str]:
    return frozenset(part.strip() for part in text.split(",") if part.strip())


class ConfigError(Exception):
    """A setting is missing or invalid; the message names the variable and what to do."""


class Settings(BaseSettings):
    """Every setting of the app. Field names are the environment variable names, lowercased."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,
        extra="ignore",
        frozen=True,
    )

    ivc_api: IvcApi = Field(
        default="ivc",
        description="Which API to read tasks from: ivc (the /ivc/ endpoints) or cloudapi (3.0).",
    )
    ivc_base_url: AnyHttpUrl | None = Field(
        default=None,
        description="Base URL of the IVC API; the default follows IVC_API.",
        json_schema_extra={
            "default_text": ", ".join(f"`{url}` ({api})" for api, url in DEFAULT_BASE_URLS.items())
        },
    )
    ivc_region: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        pattern=r"^[a-z0-9-]+$",
        description="Region (X-TC-Region) of API 3.0 calls, e.g. ap-guangzhou.",
    )
    ivc_secret_id: str | None = Field(
        default=None,
        min_length=1,
        description="IVC API key: SecretId.",
        json_schema_extra={"default_text": IVC_KEY_NEEDED},
    )
    ivc_secret_key: SecretStr | None = Field(
        default=None,
        description="IVC API key: SecretKey.",
        json_schema_extra={"default_text": IVC_KEY_NEEDED},
    )
    ivc_security_token: SecretStr | None = Field(
        default=None, description="Session token of temporary (STS) credentials."
    )
    ivc_timeout_seconds: float = Field(
        default=10.0, gt=0, le=120, description="Timeout of one IVC request."
    )
    cache_ttl_seconds: float = Field(
        default=30.0, ge=0, le=86400, description="How long a task list stays fresh."
    )
    cache_max_stale_seconds: float = Field(
        default=600.0,
        ge=0,
        le=86400 * 7,
        description="How long a last good task list is shown (marked stale) while IVC fails.",
    )
    details_cache_ttl_seconds: float = Field(
        default=30.0, ge=0, le=86400, description="How long one task's details stay fresh."
    )
    refresh_min_interval_seconds: float = Field(
        default=5.0,
        ge=0,
        le=3600,
        description="A refresh asked this soon after the last IVC fetch started shares that fetch.",
    )
    ivc_backoff_seconds: float = Field(
        default=5.0,
        ge=0,
        le=3600,
        description="After an IVC failure, wait this long before asking again (doubling; 0: off).",
    )
    ivc_backoff_max_seconds: float = Field(
        default=60.0,
        ge=0,
        le=86400,
        description="Longest wait between IVC calls while IVC keeps failing.",
    )
    ivc_max_calls_per_second: float = Field(
        default=20.0,
        gt=0,
        le=1000,
        description="Most IVC calls per second to one workspace's own IVC account from one "
        "replica (API 3.0 documents 20 reads a second; calls beyond wait their turn).",
    )
    ivc_organization_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="IVC organization whose devices (and sub-organizations') can be picked "
        "when creating a task.",
        json_schema_extra={"default_text": "(required to create tasks from Slack)"},
    )
    ivc_timezone: str = Field(
        default="Asia/Shanghai",
        min_length=1,
        description="Time zone in which IVC draws midnight (a task window must not cross it).",
    )
    catalog_ttl_seconds: float = Field(
        default=600.0,
        ge=10,
        le=86400,
        description="How long the camera catalog (devices and channels) is kept before a "
        "background refresh.",
    )
    download_link_seconds: int = Field(
        default=600,
        ge=1,
        le=86400,
        description="How long a recording's download link works (Expires of "
        "DescribeVideoDownloadUrl, API 3.0), 1 to 86400.",
    )

    slack_bot_token: SecretStr | None = Field(
        default=None,
        description="Bot token (xoxb-...).",
        json_schema_extra={"default_text": "(required to serve one workspace)"},
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None,
        description="Signing secret (HTTP mode).",
        json_schema_extra={"default_text": "(required in HTTP mode)"},
    )
    slack_app_token: SecretStr | None = Field(
        default=None, description="App-level token (xapp-...); when set, Socket Mode is used."
    )
    slack_client_id: str | None = Field(
        default=None,
        min_length=1,
        description="OAuth client id: with SLACK_CLIENT_SECRET, multi-workspace install mode.",
    )
    slack_client_secret: SecretStr | None = Field(
        default=None, description="OAuth client secret (multi-workspace install mode)."
    )
    slack_api_url: AnyHttpUrl = Field(
        default=AnyHttpUrl(DEFAULT_SLACK_API_URL), description="Slack Web API base URL."
    )
    public_url: AnyHttpUrl | None = Field(
        default=None,
        description="The app's public base address (https://HOST[/path]): every task gets a "
        "link <PUBLIC_URL>/tasks/<TaskId>, unfurled in Slack as a Work Object (unset: no "
        "links, unfurls nor flexpane).",
    )
    host: str = Field(default="0.0.0.0", min_length=1, description="Address to listen on.")
    port: int = Field(
        default=3000,
        ge=1,
        le=65535,
        description="HTTP port: Slack events (HTTP mode), /healthz and /readyz.",
    )
    metrics_host: str = Field(
        default="127.0.0.1",
        min_length=1,
        description="Address /metrics listens on (keep it private; compose uses 0.0.0.0).",
    )
    metrics_port: int = Field(
        default=9090, ge=1, le=65535, description="Port of /metrics (Prometheus), not public."
    )
    max_request_bytes: int = Field(
        default=1024 * 1024,
        ge=64 * 1024,
        le=64 * 1024 * 1024,
        description="Largest Slack request body read; a larger one gets 413 before it is read.",
    )
    bot_language: Language = Field(
        default="en",
        description="Language of what a channel sees (summaries, notification cards, public "
        "answers), and of everything with READER_LANGUAGE=bot: en or zh.",
    )
    reader_language: PersonLanguage = Field(
        default="person",
        description="person: what only one person sees (ephemeral answers, modals, App Home, "
        "DMs) speaks their Slack language (zh-* Chinese, else English; BOT_LANGUAGE when Slack "
        "cannot say); bot: BOT_LANGUAGE for everyone.",
    )
    bot_timezone: str = Field(
        default="UTC",
        min_length=1,
        description="Time zone of schedules when the Slack user's own is unknown (Area/City).",
    )
    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        min_length=1,
        description="SQLAlchemy URL: sqlite+aiosqlite:///… or postgresql+asyncpg://…",
    )
    poll_interval_seconds: float = Field(
        default=60.0, ge=1, le=3600, description="How often notify subscriptions look for changes."
    )
    max_subscriptions_per_channel: int = Field(
        default=10,
        ge=1,
        le=100,
        description="Most subscriptions one channel may have; more are refused with one line.",
    )
    max_watches_per_user: int = Field(
        default=200,
        ge=1,
        le=10000,
        description="Most tasks one person may watch; more are refused with one line.",
    )
    watch_expiry_reminder_hours: float = Field(
        default=24.0,
        gt=0,
        le=24 * 30,
        description="How long before a watched copy's estimated expiry its watchers get a "
        "direct message.",
    )
    outbox_retention_days: float = Field(
        default=14,
        gt=0,
        le=3650,
        description="How long finished deliveries are kept before the worker removes them.",
    )
    history_retention_days: float = Field(
        default=90,
        gt=0,
        le=3650,
        description="How long task history (first seen, status changes) is kept for reports.",
    )
    audit_retention_days: float = Field(
        default=365,
        gt=0,
        le=3650,
        description="How long the audit trail of creates and deletes is kept before the "
        "worker removes it.",
    )
    block_kit: BlockKit = Field(
        default="auto",
        description="auto: data tables, charts and alerts where the workspace accepts them "
        "(classic blocks where it refuses them, remembered); classic: classic blocks only.",
    )
    user_commands_per_window: int = Field(
        default=10,
        ge=1,
        le=100000,
        description="Commands and button clicks one user may send per window; more are refused.",
    )
    user_command_window_seconds: float = Field(
        default=10.0, gt=0, le=3600, description="The window of USER_COMMANDS_PER_WINDOW."
    )
    slack_allowed_team_ids: str = Field(
        default="",
        description="Comma-separated workspace ids allowed to use the app (empty: any; "
        "required in multi-workspace install mode).",
    )
    slack_allow_any_workspace: bool = Field(
        default=False,
        description="Multi-workspace install mode: any workspace may install the app "
        "(SLACK_ALLOWED_TEAM_IDS then not required); each reads only the IVC account its "
        "admin connects.",
    )
    install_requests_per_minute: int = Field(
        default=10,
        ge=1,
        le=100000,
        description="Multi-workspace install mode: install pages one client address (the "
        "connecting socket's, so behind a proxy all share the proxy's) may get per minute; "
        "more get 429.",
    )
    shared_ivc_team_ids: str = Field(
        default="",
        description="Multi-workspace install mode: comma-separated workspace ids that read the "
        "environment's IVC account (IVC_SECRET_ID); every other workspace connects its own in "
        "App Home.",
    )
    operator_team_id: str | None = Field(
        default=None,
        description="Multi-workspace install mode: the workspace id of the app's operator, "
        "whose bot token posts the audit lines of writes on the environment's IVC account to "
        "AUDIT_CHANNEL (required with SHARED_IVC_TEAM_IDS).",
    )
    ivc_account_sources_max: int = Field(
        default=200,
        ge=1,
        le=100000,
        description="Multi-workspace install mode: most workspaces' IVC task sources kept in "
        "memory at once (the least recently used idle one goes first).",
    )
    ivc_tasks_held_max: int = Field(
        default=200000,
        ge=0,
        le=100000000,
        description="Multi-workspace install mode: most tasks the workspaces' task sources "
        "hold together (the least recently used idle source goes first).",
    )
    token_encryption_key: SecretStr | None = Field(
        default=None,
        description="Comma-separated Fernet keys encrypting stored bot tokens and IVC "
        "credentials; the first encrypts, all decrypt (rotate: list a new key first, run "
        "rotate-key).",
        json_schema_extra={"default_text": "(required in multi-workspace install mode)"},
    )
    viewers: str = Field(
        default="",
        description="Comma-separated Slack user ids and user-group ids (S...) who may see "
        "tasks (empty: everyone in an allowed workspace).",
    )
    task_managers: str = Field(
        default="",
        description="Comma-separated Slack user ids and user-group ids (S...) who may create "
        "and delete retrieval tasks (empty: nobody; retrievals cost money, so opt in).",
    )
    audit_channel: str | None = Field(
        default=None,
        description="Slack channel id where every create and delete attempt is posted "
        "(empty: database and log only).",
    )
    allow_guests: bool = Field(
        default=False,
        description="Whether guest accounts (single- and multi-channel) may use the app.",
    )
    allow_external_users: bool = Field(
        default=False,
        description="Whether people of another organisation in a Slack Connect channel may "
        "use the app beyond the cards the channel shows (then subject to VIEWERS).",
    )
    access_cache_seconds: float = Field(
        default=300.0,
        ge=0,
        le=86400,
        description="How long a user's guest status and a user group's members are cached.",
    )
    subscription_admins: str = Field(
        default="",
        description="Comma-separated Slack user ids who may change subscriptions (empty: anyone).",
    )
    log_level: LogLevel = Field(
        default="INFO", description="Lowest level logged: DEBUG, INFO, WARNING, ERROR or CRITICAL."
    )
    log_debug_loggers: str = Field(
        default="",
        description="Comma-separated library loggers that log at DEBUG with LOG_LEVEL=DEBUG "
        "(slack_sdk, aiosqlite, sqlalchemy.engine...: they print bodies and SQL parameters).",
    )
    log_format: LogFormat = Field(
        default="auto",
        description="Log lines as text or JSON (one object per line); auto: text on a terminal.",
    )
    shutdown_timeout_seconds: float = Field(
        default=20.0,
        gt=0,
        le=600,
        description="On SIGTERM, how long in-flight answers and posts may take before exiting.",
    )

    @field_validator("log_level", "log_format", "reader_language", mode="before")
    @classmethod
    def _any_case(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        text = value.strip()
        return text.upper() if text.upper() in LOG_LEVELS else text.lower()

    @field_validator("bot_timezone", "ivc_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from bot.schedule import validate_timezone

        return validate_timezone(value)

    @field_validator("public_url")
    @classmethod
    def _plain_public_url(cls, value: AnyHttpUrl | None) -> AnyHttpUrl | None:
        """A base address only: no user, password, query or fragment (links carry no secret)."""
        if value is None:
            return None
        if value.username or value.password or value.query or value.fragment:
            raise ValueError("use the base address only, e.g. https://tasks.example.com")
        return value

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///path.db or postgresql+asyncpg://user@host/db")
        return value

    @property
    def per_person_language(self) -> bool:
        """READER_LANGUAGE=person: what one person sees speaks their Slack language."""
        return self.reader_language == "person"

    @property
    def allowed_team_ids(self) -> frozenset[str]:
        return _id_set(self.slack_allowed_team_ids)

    @property
    def shared_team_ids(self) -> frozenset[str]:
        return _id_set(self.shared_ivc_team_ids)

    @property
    def admin_user_ids(self) -> frozenset[str]:
        return _id_set(self.subscription_admins)

    @property
    def viewer_ids(self) -> frozenset[str]:
        return _id_set(self.viewers)

    @property
    def task_manager_ids(self) -> frozenset[str]:
        return _id_set(self.task_managers)

    @property
    def debug_loggers(self) -> frozenset[str]:
        return _id_set(self.log_debug_loggers)

    @field_validator("token_encryption_key")
    @classmethod
    def _fernet_keys(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            from bot.encryption_keys import parse_keys

            parse_keys(value.get_secret_value())  # ValueError names no key
        return value

    @field_validator("ivc_secret_key")
    @classmethod
    def _key_not_blank(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().strip():
            raise ValueError("must not be empty")
        return value

    @property
    def ivc_url(self) -> str:
        """IVC_BASE_URL, or the default endpoint of IVC_API (no trailing slash)."""
        url = self.ivc_base_url
        return str(url).rstrip("/") if url is not None else DEFAULT_BASE_URLS[self.ivc_api]

    @property
    def has_ivc_account(self) -> bool:
        """The environment holds an IVC account (IVC_SECRET_ID and IVC_SECRET_KEY)."""
        return self.ivc_secret_id is not None and self.ivc_secret_key is not None

    def require_ivc(self) -> None:
        """Raise ``ConfigError`` unless the environment's IVC account is set where it is
        needed: always in single-workspace mode; in multi-workspace mode only for the
        workspaces of SHARED_IVC_TEAM_IDS (every other connects its own)."""
        if self.multi_workspace and not self.shared_team_ids:
            return
        for name, value in (
            ("IVC_SECRET_ID", self.ivc_secret_id),
            ("IVC_SECRET_KEY", self.ivc_secret_key),
        ):
            if value is None:
                raise ConfigError(
                    f"{name} is not set: add it to the environment or .env (see README)"
                )

    @property
    def public_base(self) -> str | None:
        """PUBLIC_URL without a trailing slash (None: task links are off)."""
        url = self.public_url
        return None if url is None else str(url).rstrip("/")

    @property
    def multi_workspace(self) -> bool:
        """True when OAuth credentials are set: workspaces install the app themselves."""
        return self.slack_client_id is not None and self.slack_client_secret is not None

    @property
    def socket_mode(self) -> bool:
        """True when an app-level token is configured."""
        return self.slack_app_token is not None

    def _require_operator(self) -> None:
        """Multi-workspace mode: the operator's workspace, whose token posts the audit lines
        of writes on the environment's IVC account (needed with SHARED_IVC_TEAM_IDS)."""
        operator = self.operator_team_id
        if self.shared_team_ids and not operator:
            raise ConfigError(
                "OPERATOR_TEAM_ID is not set: with SHARED_IVC_TEAM_IDS, multi-workspace "
                "install mode needs the operator's workspace id, whose token posts the "
                "audit lines of the environment's IVC account to AUDIT_CHANNEL"
            )
        if operator and self.allowed_team_ids and operator not in self.allowed_team_ids:
            raise ConfigError(
                "OPERATOR_TEAM_ID is not in SLACK_ALLOWED_TEAM_IDS: the operator's "
                "workspace could not install the app; add it to the list"
            )

    def require_role(self, role: Role) -> None:
        """Raise ``ConfigError`` unless ``role`` can run here: web and worker processes share
        PostgreSQL (SQLite is one process's file); then ``require_slack(role)``."""
        if role is not Role.SERVE and not self.database_url.startswith("postgresql"):
            raise ConfigError(
                f"`python -m bot {role}` needs PostgreSQL, which its web and worker processes "
                "share: set DATABASE_URL to postgresql+asyncpg://…, or run `python -m bot "
                "serve` (one process doing both) on SQLite"
            )
        self.require_slack(role)

    def require_slack(self, role: Role = Role.SERVE) -> None:
        """Raise ``ConfigError`` unless the Slack settings for the chosen mode are present
        (a worker only posts: it needs no signing secret nor app-level token)."""
        if self.multi_workspace:
            if self.socket_mode:
                raise ConfigError(
                    "SLACK_APP_TOKEN is set with SLACK_CLIENT_ID: the multi-workspace install "
                    "mode needs HTTP mode; unset SLACK_APP_TOKEN"
                )
            if not self.allowed_team_ids and not self.slack_allow_any_workspace:
                raise ConfigError(
                    "SLACK_ALLOWED_TEAM_IDS is not set: multi-workspace install mode needs the "
                    "comma-separated ids of the workspaces that may install the app (or "
                    "SLACK_ALLOW_ANY_WORKSPACE=true: each workspace connects its own IVC account)"
                )
            self._require_operator()
            needed = [("TOKEN_ENCRYPTION_KEY", self.token_encryption_key)]
            if role.answers:
                needed.insert(0, ("SLACK_SIGNING_SECRET", self.slack_signing_secret))
        else:
            needed = [("SLACK_BOT_TOKEN", self.slack_bot_token)]
            if role.answers:
                needed.append(
                    ("SLACK_APP_TOKEN", self.slack_app_token)
                    if self.socket_mode
                    else ("SLACK_SIGNING_SECRET", self.slack_signing_secret)
                )
        for name, value in needed:
            if value is None or not value.get_secret_value().strip():
                raise ConfigError(
                    f"{name} is not set: add it to the environment or .env (see README, 'Set up')"
                )


def _describe(error: ValidationError) -> str:
    """One line naming the first bad variable (never its value)."""
    first = error.errors()[0]
    name = str(first["loc"][0]).upper() if first["loc"] else "configuration"
    if first["type"] == "missing":
        return f"{name} is not set: add it to the environment or .env (see README)"
    return f"{name} is invalid: {first['msg']}"


def load_settings(overrides: Mapping[str, Any] | None = None, *, need_ivc: bool = True) -> Settings:
    """Read and validate the settings once; raises ``ConfigError`` with one clear line.
    ``need_ivc=False``: a command that reads no IVC (``manifest``) runs without its keys."""
    try:
        settings = Settings(**dict(overrides or {}))
    except ValidationError as error:
        raise ConfigError(_describe(error)) from None
    if need_ivc:
        settings.require_ivc()
    return settings
