"""``python -m bench``: end-to-end benchmarks of the app against bare Bolt baselines (one
acking a small fixed message, one acking the app's own answer), and in-process figures of the
pure paths (b3 rendering, u1 the 100,000-task paths, timed here, not in the unit tests).

Everything runs on loopback: the app (``python -m bot serve``, HTTP mode), the IVC simulator
(``python -m bot simulate``), a fake Slack Web API and response_url endpoint (in a thread of
this process) and a load generator in a process of its own (``python -m bench.loadgen``).
Not installed with the app; run it from the repository root after
``pip install -e '.[test]'`` (it reuses ``tests/support``).
"""
