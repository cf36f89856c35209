"""Settings are read once, validated, and fail with one line that names the variable."""

import pytest

from bot.config import ConfigError, load_settings
from bot.role import Role

REQUIRED = {"IVC_SECRET_ID": "AKIDx", "IVC_SECRET_KEY": "sk-config-test"}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in [
        "IVC_BASE_URL",
        "IVC_API",
        "IVC_REGION",
        "IVC_SECRET_ID",
        "IVC_SECRET_KEY",
        "IVC_SECURITY_TOKEN",
        "CACHE_TTL_SECONDS",
        "CACHE_MAX_STALE_SECONDS",
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_APP_TOKEN",
        "BOT_LANGUAGE",
        "READER_LANGUAGE",
        "PORT",
        "IVC_ORGANIZATION_ID",
        "IVC_TIMEZONE",
        "CATALOG_TTL_SECONDS",
        "SLACK_CLIENT_ID",
        "SLACK_CLIENT_SECRET",
        "SLACK_ALLOWED_TEAM_IDS",
        "SLACK_ALLOW_ANY_WORKSPACE",
        "SHARED_IVC_TEAM_IDS",
        "OPERATOR_TEAM_ID",
        "TOKEN_ENCRYPTION_KEY",
    ]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_defaults(monkeypatch):
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    settings = load_settings()
    assert settings.ivc_api == "ivc" and settings.ivc_base_url is None
    assert settings.ivc_url == "https://ivc.myqcloud.com"
    assert settings.ivc_region is None
    assert settings.cache_ttl_seconds == 30
    assert settings.cache_max_stale_seconds == 600
    assert settings.port == 3000 and settings.bot_language == "en"
    assert settings.reader_language == "person" and settings.per_person_language
    assert not settings.socket_mode
    assert settings.ivc_organization_id is None
    assert (settings.ivc_timezone, settings.catalog_ttl_seconds) == ("Asia/Shanghai", 600)


@pytest.mark.parametrize("missing", ["IVC_SECRET_ID", "IVC_SECRET_KEY"])
def test_missing_setting_is_named(monkeypatch, missing):
    for name, value in REQUIRED.items():
        if name != missing:
            monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=f"^{missing} is not set"):
        load_settings()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("IVC_BASE_URL", "not a url"),
        ("CACHE_TTL_SECONDS", "-1"),
        ("PORT", "70000"),
        ("BOT_LANGUAGE", "fr"),
        ("READER_LANGUAGE", "zh"),
        ("READER_LANGUAGE", "en_US:en"),
        ("IVC_API", "v2"),
        ("IVC_REGION", "Guangzhou!"),
        ("IVC_SECRET_KEY", "   "),
        ("CACHE_MAX_STALE_SECONDS", "soon"),
        ("IVC_ORGANIZATION_ID", "org 1; drop"),
        ("IVC_TIMEZONE", "Mars/Base"),
        ("CATALOG_TTL_SECONDS", "1"),
        ("DOWNLOAD_LINK_SECONDS", "0"),
        ("DOWNLOAD_LINK_SECONDS", "86401"),
        ("DOWNLOAD_LINK_SECONDS", "10m"),
    ],
)
def test_invalid_setting_is_named(monkeypatch, name, value):
    for required, good in REQUIRED.items():
        monkeypatch.setenv(required, good)
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(caught.value).startswith(f"{name} is invalid")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("value", "per_person"), [("bot", False), ("Person", True)])
def test_reader_language_is_person_or_bot(monkeypatch, value, per_person):
    for name, good in REQUIRED.items():
        monkeypatch.setenv(name, good)
    monkeypatch.setenv("LANGUAGE", "en_US:en")  # gettext's variable is not this setting
    monkeypatch.setenv("READER_LANGUAGE", value)
    assert load_settings().per_person_language is per_person


def test_dotenv_file_is_read(tmp_path):
    (tmp_path / ".env").write_text(
        "IVC_SECRET_ID=AKIDfromfile\nIVC_SECRET_KEY=sk-file\nCACHE_TTL_SECONDS=5\n"
    )
    settings = load_settings()
    assert settings.ivc_secret_id == "AKIDfromfile" and settings.cache_ttl_seconds == 5


def test_slack_mode_requirements(monkeypatch):
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=r"^SLACK_BOT_TOKEN is not set"):
        load_settings().require_slack()
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    with pytest.raises(ConfigError, match=r"^SLACK_SIGNING_SECRET is not set"):
        load_settings().require_slack()
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1")
    settings = load_settings()
    settings.require_slack()
    assert settings.socket_mode


def test_web_and_worker_need_postgresql_and_a_worker_needs_no_signing_secret(monkeypatch):
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    for role in (Role.WEB, Role.WORKER):
        with pytest.raises(ConfigError, match=rf"^`python -m bot {role}` needs PostgreSQL"):
            load_settings().require_role(role)
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://app@db/retrieval_tasks")
    load_settings().require_role(Role.WORKER)  # posts only: no signing secret asked for
    with pytest.raises(ConfigError, match=r"^SLACK_SIGNING_SECRET is not set"):
        load_settings().require_role(Role.WEB)
    with pytest.raises(ConfigError, match=r"^SLACK_SIGNING_SECRET is not set"):
        load_settings().require_role(Role.SERVE)
    monkeypatch.setenv("DATABASE_URL", "sqlite+aiosqlite:///./app.db")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "sign")
    load_settings().require_role(Role.SERVE)  # one process: SQLite is fine


def test_multi_workspace_mode_requirements(monkeypatch):
    from cryptography.fernet import Fernet

    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SLACK_CLIENT_ID", "1.2")
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "client-secret")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "sign")
    with pytest.raises(ConfigError, match=r"^SLACK_ALLOWED_TEAM_IDS is not set") as caught:
        load_settings().require_slack()
    assert "\n" not in str(caught.value)
    monkeypatch.setenv("SLACK_ALLOWED_TEAM_IDS", "T0001, T0002")
    with pytest.raises(ConfigError, match=r"^TOKEN_ENCRYPTION_KEY is not set"):
        load_settings().require_slack()
    key = Fernet.generate_key().decode()
    monkeypatch.setenv("TOKEN_ENCRYPTION_KEY", f"{key},not-a-key")
    with pytest.raises(ConfigError, match=r"^TOKEN_ENCRYPTION_KEY is invalid") as caught:
        load_settings()
    assert key not in str(caught.value) and "not-a-key" not in str(caught.value)
    monkeypatch.setenv("TOKEN_ENCRYPTION_KEY", key)
    settings = load_settings()
    settings.require_slack()
    assert settings.allowed_team_ids == {"T0001", "T0002"} and key not in repr(settings)


def test_secrets_hidden_in_repr(monkeypatch):
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "sign-hidden-123")
    text = repr(load_settings())
    assert "sk-config-test" not in text and "sign-hidden-123" not in text


def test_empty_values_count_as_unset(tmp_path):
    (tmp_path / ".env").write_text(
        "IVC_SECRET_ID=AKIDx\nIVC_SECRET_KEY=sk\nSLACK_APP_TOKEN=\nSLACK_BOT_TOKEN=xoxb-1\n"
        "SLACK_SIGNING_SECRET=s\n"
    )
    settings = load_settings()
    assert not settings.socket_mode
    settings.require_slack()


@pytest.mark.parametrize(
    ("env", "url"),
    [
        ({"IVC_API": "cloudapi"}, "https://iss.tencentcloudapi.com"),
        ({"IVC_API": "ivc"}, "https://ivc.myqcloud.com"),
        (
            {"IVC_API": "cloudapi", "IVC_BASE_URL": "http://127.0.0.1:8900/"},
            "http://127.0.0.1:8900",
        ),
        ({"IVC_BASE_URL": "http://proxy.internal/ivc"}, "http://proxy.internal/ivc"),
    ],
)
def test_base_url_default_follows_ivc_api(monkeypatch, env, url):
    for name, value in {**REQUIRED, **env}.items():
        monkeypatch.setenv(name, value)
    settings = load_settings()
    assert settings.ivc_url == url
    assert settings.ivc_api == env.get("IVC_API", "ivc")


def test_region_is_read(monkeypatch):
    for name, value in {**REQUIRED, "IVC_API": "cloudapi", "IVC_REGION": "ap-guangzhou"}.items():
        monkeypatch.setenv(name, value)
    assert load_settings().ivc_region == "ap-guangzhou"


def test_task_creation_settings_are_read(monkeypatch):
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("IVC_ORGANIZATION_ID", "1000")
    monkeypatch.setenv("IVC_TIMEZONE", "europe/paris")
    monkeypatch.setenv("CATALOG_TTL_SECONDS", "120")
    settings = load_settings()
    assert settings.ivc_organization_id == "1000"
    assert settings.ivc_timezone == "Europe/Paris"
    assert settings.catalog_ttl_seconds == 120


def test_multi_workspace_mode_may_leave_out_the_environments_ivc_account(monkeypatch):
    """Every workspace connects its own account, unless SHARED_IVC_TEAM_IDS lists
    workspaces that read the environment's; single-workspace mode still needs it."""
    from cryptography.fernet import Fernet

    with pytest.raises(ConfigError, match=r"^IVC_SECRET_ID is not set"):
        load_settings()
    monkeypatch.setenv("SLACK_CLIENT_ID", "1.2")
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "client-secret")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "sign")
    monkeypatch.setenv("TOKEN_ENCRYPTION_KEY", Fernet.generate_key().decode())
    monkeypatch.setenv("SLACK_ALLOW_ANY_WORKSPACE", "true")
    settings = load_settings()
    settings.require_slack()  # no allow-list needed when any workspace may install
    assert not settings.has_ivc_account and not settings.allowed_team_ids
    monkeypatch.setenv("SHARED_IVC_TEAM_IDS", "T0001")
    with pytest.raises(ConfigError, match=r"^IVC_SECRET_ID is not set"):
        load_settings()


def test_shared_workspaces_need_the_operators_workspace(monkeypatch):
    """With SHARED_IVC_TEAM_IDS, multi-workspace mode refuses to start without
    OPERATOR_TEAM_ID (whose token posts the shared account's audit lines), or with one that
    could not install the app."""
    from cryptography.fernet import Fernet

    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SLACK_CLIENT_ID", "1.2")
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "client-secret")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "sign")
    monkeypatch.setenv("TOKEN_ENCRYPTION_KEY", Fernet.generate_key().decode())
    monkeypatch.setenv("SLACK_ALLOWED_TEAM_IDS", "T0001,T0002")
    monkeypatch.setenv("SHARED_IVC_TEAM_IDS", "T0002")
    with pytest.raises(ConfigError, match=r"^OPERATOR_TEAM_ID is not set"):
        load_settings().require_slack()
    monkeypatch.setenv("OPERATOR_TEAM_ID", "T0009")
    with pytest.raises(ConfigError, match=r"^OPERATOR_TEAM_ID is not in SLACK_ALLOWED_TEAM_IDS"):
        load_settings().require_slack()
    monkeypatch.setenv("OPERATOR_TEAM_ID", "T0001")
    load_settings().require_slack()
