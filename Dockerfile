# Retrieval Tasks Slack app.
#   docker build -t retrieval-tasks .
#   docker run --env-file .env -p 3000:3000 retrieval-tasks
# HTTP mode serves POST /slack/events, GET /healthz and GET /readyz on port 3000;
# with SLACK_APP_TOKEN set the app uses Socket Mode and still answers /healthz.

# ---- build: install the locked dependencies, then the package, into a virtual environment
FROM python:3.11.13-slim-bookworm AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"

WORKDIR /src
# The runtime lock (exact versions and hashes, see requirements/update): a new upstream
# release cannot change the image. Its own layer, so a code change reuses it.
COPY requirements/runtime.txt ./requirements/
RUN pip install --no-cache-dir --require-hashes -r requirements/runtime.txt
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install --no-cache-dir --no-deps .

# ---- runtime: the virtual environment only, run as an unprivileged user
FROM python:3.11.13-slim-bookworm

ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app \
       --shell /usr/sbin/nologin app

COPY --from=build /opt/venv /opt/venv

USER 10001:10001
WORKDIR /home/app

EXPOSE 3000

HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=3)"]

CMD ["python", "-m", "bot", "serve"]
