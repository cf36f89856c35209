"""The task entity, built from the SDK's typed models: whole, or the name and status alone."""

from datetime import UTC, datetime

from slack_sdk.models.metadata import EntityActionButton, EntityMetadata

from bot.features.work_objects.entity import TaskFacts, status_text, task_entity
from bot.ivc.models import Task, TaskStatus

TASK = Task(
    task_id="8f3c",
    name="gate-north_0312",
    start=datetime(2026, 3, 12, 1, 0, tzinfo=UTC),
    end=datetime(2026, 3, 12, 2, 0, tzinfo=UTC),
    mode=1,
    expiration_days=7,
    status=TaskStatus.RETRIEVED,
    capacity_mb=1536.0,
)
FIRST_SEEN = datetime(2026, 3, 12, 2, 5, tzinfo=UTC)
EXPIRES = datetime(2026, 3, 19, 2, 5, tzinfo=UTC)
FACTS = TaskFacts(
    TASK,
    "https://t.example.com/tasks/8f3c",
    "https://t.example.com/tasks/8f3c?x=1",
    cameras=2,
    first_seen=FIRST_SEEN,
    expires=EXPIRES,
)
SHOW = EntityActionButton(text="Show details", action_id="task_menu.work_object", value="show:8f3c")


def test_the_whole_entity_has_every_field_in_the_zone_named():
    entity = task_entity(FACTS, zone="Asia/Shanghai", lang="en", full=True, actions=[SHOW])

    assert isinstance(entity, EntityMetadata)
    data = entity.to_dict()
    assert data["entity_type"] == "slack#/entities/task"
    assert (data["url"], data["app_unfurl_url"]) == (FACTS.url, FACTS.posted)
    payload = data["entity_payload"]
    fields = payload["fields"]
    assert fields["description"]["value"] == (
        "Window 2026-03-12 09:00 – 10:00 (Asia/Shanghai) · 2 cameras"
    )
    assert fields["due_date"] == {
        "type": "slack#/types/timestamp",
        "value": int(EXPIRES.timestamp()),
        "label": "Copy expires (estimate)",
    }
    assert fields["date_created"]["value"] == int(FIRST_SEEN.timestamp())
    assert [f["value"] for f in payload["custom_fields"]] == ["1.5 GB", 7, "8f3c"]
    assert payload["actions"]["primary_actions"] == [SHOW.to_dict()]


def test_what_the_app_does_not_know_is_left_out():
    facts = TaskFacts(TASK, FACTS.url)

    payload = task_entity(facts, zone="UTC", lang="en", full=True).to_dict()["entity_payload"]

    assert "due_date" not in payload["fields"] and "date_created" not in payload["fields"]
    assert payload["display_order"] == [
        "status",
        "description",
        "size",
        "days_kept",
        "task_id",
    ]
    assert "cameras" not in payload["fields"]["description"]["value"]
    assert "actions" not in payload


def test_the_minimal_entity_is_name_and_status_alone():
    data = task_entity(FACTS, zone="UTC", lang="zh", full=False, actions=[SHOW]).to_dict()

    payload = data["entity_payload"]
    assert payload["fields"] == {"status": {"value": "已取回"}}
    assert payload["attributes"]["title"] == {"text": "gate-north_0312"}
    assert "custom_fields" not in payload
    assert data["external_ref"] == {"id": "8f3c", "type": "retrieval_task"}


def test_statuses_in_words():
    assert status_text(2, "en") == "Pending"
    assert status_text(7, "en") == "Status 7"
    assert status_text(3, "en") == "Status 3"
    assert status_text(3, "en", channel=True) == "No archived recording"
