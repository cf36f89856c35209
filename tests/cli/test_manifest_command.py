"""``python -m bot manifest``: the manifest with PUBLIC_URL's domain, or one line why not."""

import yaml

from tests.support.app_fixtures import run_cli


def test_prints_the_manifest_with_the_public_domain(tmp_path):
    done = run_cli(["manifest"], {"PUBLIC_URL": "https://Tasks.Ops.example.org/app"}, tmp_path)

    assert done.returncode == 0, done.stderr
    manifest = yaml.safe_load(done.stdout)
    assert manifest["features"]["unfurl_domains"] == ["tasks.ops.example.org"]
    assert "link_shared" in manifest["settings"]["event_subscriptions"]["bot_events"]


def test_without_public_url_one_line(tmp_path):
    done = run_cli(["manifest"], {"LOG_FORMAT": "text"}, tmp_path)

    assert done.returncode == 2
    assert done.stdout == ""
    assert "PUBLIC_URL is not set" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr
