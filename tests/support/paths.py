"""Where the project lives, and where Slack's and Compose's JSON schemas are looked for."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS_ENV = "SLACK_SCHEMAS_DIR"
SCHEMAS = Path(os.environ.get(SCHEMAS_ENV) or ROOT.parent / "shared" / "schemas")
"""The schemas' folder: ``SLACK_SCHEMAS_DIR``, else ``shared/schemas`` beside the project (it
may be absent: the schemas belong to their authors and are never copied in here)."""
