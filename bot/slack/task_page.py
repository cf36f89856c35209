"""The page a task's link opens in a browser: what the link is and how to see the task in
Slack. Static: no task data, no login, no cookie, no secret (the link is public)."""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

TASK_PATH = "/tasks/{task_id}"
TASK_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
"""What a TaskId in a link looks like (IVC's are 32 hex digits); anything else: 404."""

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Retrieval task</title>
<style>body{font-family:system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em;
line-height:1.5;color:#1d1c1d}</style>
</head>
<body>
<h1>A retrieval task in Slack</h1>
<p>This is the link of an IVC recording-retrieval task. Its details are shown in Slack only,
to the people allowed to see them: paste the link in a Slack conversation and click its
preview, or type <code>/retrieval-tasks show &lt;TaskId&gt;</code> with the TaskId at the end
of this address.</p>
<p lang="zh">这是一个 IVC 录像取回任务的链接。任务详情只在 Slack 中向有权查看的人显示：
把链接粘贴到 Slack 对话中并点击其预览，或输入
<code>/retrieval-tasks 详情 &lt;TaskId&gt;</code>（TaskId 即本地址的最后一段）。</p>
</body>
</html>
"""

HEADERS = {
    "Cache-Control": "public, max-age=3600",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


async def task_page(request: Request) -> Response:
    """The same page for every well-formed TaskId (whether IVC lists it is not told here)."""
    if not TASK_ID.fullmatch(str(request.path_params.get("task_id", ""))):
        return PlainTextResponse("Not found", status_code=404, headers=HEADERS)
    return HTMLResponse(PAGE, headers=HEADERS)


def task_page_route() -> Route:
    """``GET /tasks/<TaskId>`` (served when PUBLIC_URL is set)."""
    return Route(TASK_PATH, task_page, methods=["GET"])
