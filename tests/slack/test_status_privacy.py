"""Through the wire: the public port tells nothing of the app's
internals. /readyz says ``{"ready": true}`` whatever IVC does, /metrics is only on the
private metrics port, and a connection failure never shows the IVC base URL."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from tests.support.app_fixtures import dump


def test_metrics_are_served_on_the_metrics_port_only(http_wire):
    public = http_wire.get("/metrics")
    assert public.status_code == 404
    assert "retrieval_tasks_" not in public.text

    private = http_wire.get_metrics()
    assert private.status_code == 200
    assert private.headers["content-type"].startswith("text/plain; version=0.0.4")
    names = {f.name for f in text_string_to_metric_families(private.text)}
    assert "retrieval_tasks_ivc_last_success_age_seconds" in names
    assert http_wire.app.metrics_url.rsplit(":", 1)[0] == "http://127.0.0.1"
    assert http_wire.app.metrics_url != http_wire.app.base_url + "/metrics"


def test_readyz_says_only_ready_while_ivc_fails(http_wire):
    http_wire.sim.set_fault("code-500")
    failed = http_wire.ask("pending refresh")
    assert "RequestId" in dump(failed), "IVC's failure (with its RequestId) reached the app"

    ready = http_wire.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"ready": True}
    assert ready.text.replace(" ", "") == '{"ready":true}'


def test_a_connection_failure_does_not_show_the_ivc_base_url(http_wire):
    http_wire.sim.set_fault("drop-connection")
    answer = http_wire.ask("pending refresh")
    host_port = http_wire.running_sim.base_url.split("//", 1)[1]
    for shown in (dump(answer), http_wire.get("/readyz").text):
        assert host_port not in shown and "127.0.0.1" not in shown, shown
    assert "the connection to IVC failed before an answer" in dump(answer), answer  # stale copy
