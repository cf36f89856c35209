"""Tencent's official SDK and tccli as the oracle of API 3.0 (service ``iss``, 2023-05-17).

Everything is read where pip installed it, never copied into the repository: the request and
response models (``tencentcloud.iss.v20230517.models``), the service's error codes
(``errorcodes``), the client (``IssClient``), and tccli's description of the API
(``services/iss/v20230517/api.json``: types, required parameters, required answer fields)
and Tencent's example requests and answers (``examples.json``).

``request_problems`` and ``response_problems`` say what in a body the SDK would not accept:
a key its model (or a nested model, as the SDK's own ``_deserialize`` picks it) lacks, a
value of another type than api.json's, a missing required field. ``iss_client`` points the
official client at the simulator, on the simulator's clock.
"""

from __future__ import annotations

import importlib
import json
import threading
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from types import SimpleNamespace
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

from bot.ivc.cloud_api.client import (
    CHANNELS_ACTION,
    CREATE_ACTION,
    DELETE_ACTION,
    DETAILS_ACTION,
    DEVICES_ACTION,
    DOWNLOAD_ACTION,
    LIST_ACTION,
    ORG_CHANNELS_ACTION,
    PLAYBACK_ACTION,
    RECORD_FILE_ACTION,
    VERSION,
)

SDK_PACKAGE = "tencentcloud.iss.v20230517"
ACTIONS = (
    LIST_ACTION,
    DETAILS_ACTION,
    CREATE_ACTION,
    DELETE_ACTION,
    DEVICES_ACTION,
    CHANNELS_ACTION,
    ORG_CHANNELS_ACTION,
    PLAYBACK_ACTION,
    DOWNLOAD_ACTION,
    RECORD_FILE_ACTION,
)
"""Every API 3.0 action the app calls."""

COMMON_CODES = frozenset(
    {
        "ActionOffline",
        "AuthFailure.InvalidAuthorization",
        "AuthFailure.InvalidSecretId",
        "AuthFailure.MFAFailure",
        "AuthFailure.SecretIdNotFound",
        "AuthFailure.SignatureExpire",
        "AuthFailure.SignatureFailure",
        "AuthFailure.TokenFailure",
        "AuthFailure.UnauthorizedOperation",
        "FailedOperation",
        "InternalError",
        "InvalidAction",
        "InvalidParameter",
        "InvalidParameterValue",
        "InvalidRequest",
        "LimitExceeded",
        "MissingParameter",
        "NoSuchProduct",
        "NoSuchVersion",
        "RequestLimitExceeded",
        "RequestSizeLimitExceeded",
        "ResourceInUse",
        "ResourceNotFound",
        "ResourceUnavailable",
        "ServiceUnavailable",
        "UnauthorizedOperation",
        "UnknownParameter",
        "UnsupportedOperation",
        "UnsupportedProtocol",
        "UnsupportedRegion",
    }
)
"""API 3.0's common error codes (Tencent's public list; every service may answer them)."""

_PRIMITIVES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "int64": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "uint64": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
    "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
}


# What pip installed ---------------------------------------------------------------------------
def models() -> Any:
    """The SDK's models module of ``iss`` 2023-05-17."""
    return importlib.import_module(f"{SDK_PACKAGE}.models")


def tccli_service_dir() -> Traversable:
    """tccli's folder of ``iss`` 2023-05-17 (``api.json``, ``examples.json``)."""
    return files("tccli") / "services" / "iss" / "v20230517"


@cache
def api_description() -> dict[str, Any]:
    """tccli's ``api.json``: actions, objects (each with typed members), metadata."""
    description: dict[str, Any] = json.loads((tccli_service_dir() / "api.json").read_text("utf-8"))
    return description


@cache
def service_codes() -> frozenset[str]:
    """Every error code the SDK lists for the service (``errorcodes.py``)."""
    module = importlib.import_module(f"{SDK_PACKAGE}.errorcodes")
    return frozenset(
        value for name, value in vars(module).items() if name.isupper() and isinstance(value, str)
    )


def is_known_code(code: str) -> bool:
    """True for a code the SDK lists for ``iss`` or a common code of API 3.0."""
    return code in service_codes() or code in COMMON_CODES


def request_model(action: str) -> Any:
    return getattr(models(), f"{action}Request")


def response_model(action: str) -> Any:
    return getattr(models(), f"{action}Response")


def model_fields(model: Any) -> frozenset[str]:
    """The fields of an SDK model class: its instance's ``_Name`` attributes."""
    return frozenset(name[1:] for name in vars(model()) if name.startswith("_"))


def members(object_name: str) -> dict[str, dict[str, Any]]:
    """api.json's members of one object (a request, a response or a nested structure)."""
    objects = api_description()["objects"]
    return {member["name"]: member for member in objects[object_name]["members"]}


@dataclass(frozen=True, slots=True)
class Example:
    """One of Tencent's examples of an action: its title, request body and ``Response``."""

    title: str
    request: dict[str, Any]
    response: dict[str, Any]

    @property
    def is_error(self) -> bool:
        return "Error" in self.response


@cache
def _examples() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((tccli_service_dir() / "examples.json").read_text("utf-8"))
    return loaded


def examples(action: str) -> list[Example]:
    """Tencent's examples of ``action`` (the request is the JSON after the headers)."""
    found = []
    for raw in _examples()["actions"][action]:
        body = raw["input"].split("\n\n", 1)[1]
        found.append(Example(raw["title"], json.loads(body), json.loads(raw["output"])["Response"]))
    return found


# Checking bodies against the SDK ------------------------------------------------------------
def _json_type(value: Any) -> str:
    return type(value).__name__


def _type_problem(member: dict[str, Any], value: Any, *, nullable: bool) -> str | None:
    """Why ``value`` is not of ``member``'s api.json type (None: it is)."""
    if value is None:
        return None if nullable else "is null"
    kind, element = member["type"], member.get("member", "")
    if kind == "object":
        return None if isinstance(value, Mapping) else f"is a {_json_type(value)}, not an object"
    if kind == "list":
        if not isinstance(value, list):
            return f"is a {_json_type(value)}, not a list"
        fits = _PRIMITIVES.get(element, lambda v: isinstance(v, Mapping))
        bad = [i for i, item in enumerate(value) if not fits(item)]
        return f"items {bad} are not of type {element}" if bad else None
    check = _PRIMITIVES.get(element)
    if check is None:
        return f"has an api.json type {kind}/{element} this checker does not know"
    return None if check(value) else f"is a {_json_type(value)}, not {element}"


def _walk(model: Any, value: Any, path: str, problems: list[str], *, request: bool) -> None:
    """Add to ``problems`` what the SDK would not accept in ``value`` read as ``model``."""
    where = path.rstrip(".") or model.__name__
    if not isinstance(value, Mapping):
        problems.append(f"{where} is a {_json_type(value)}, not an object")
        return
    fields, spec = model_fields(model), members(model.__name__)
    if fields != set(spec):
        problems.append(f"{model.__name__}: the SDK model and api.json disagree")
    before = len(problems)
    for key, item in value.items():
        if key not in fields:
            problems.append(f"{path}{key}: {model.__name__} has no such field")
            continue
        why = _type_problem(
            spec[key], item, nullable=not request and bool(spec[key].get("value_allowed_null"))
        )
        if why:
            problems.append(f"{path}{key} {why}")
    for name, member in spec.items():
        needed = member.get("required") if request else member.get("output_required")
        if needed and name not in value:
            problems.append(f"{path}{name} is missing ({model.__name__} requires it)")
    if len(problems) == before:
        _walk_nested(model, value, path, problems, request=request)


def _walk_nested(
    model: Any, value: Mapping[str, Any], path: str, problems: list[str], *, request: bool
) -> None:
    """Recurse into the nested models the SDK's own ``_deserialize`` makes of ``value``."""
    instance = model()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        instance._deserialize(dict(value))
    for key, raw in value.items():
        parsed = getattr(instance, f"_{key}")
        if isinstance(raw, Mapping) and _is_model(parsed):
            _walk(type(parsed), raw, f"{path}{key}.", problems, request=request)
        elif isinstance(raw, list) and isinstance(parsed, list):
            for index, (item, parsed_item) in enumerate(zip(raw, parsed, strict=True)):
                if _is_model(parsed_item):
                    _walk(
                        type(parsed_item), item, f"{path}{key}[{index}].", problems, request=request
                    )


def _is_model(value: Any) -> bool:
    from tencentcloud.common.abstract_model import AbstractModel

    return isinstance(value, AbstractModel)


def request_problems(action: str, body: Mapping[str, Any]) -> list[str]:
    """What the SDK's request model of ``action`` would not accept in ``body``: unknown keys
    (nested ones too), values of other types than api.json's, missing required parameters,
    nulls."""
    problems: list[str] = []
    _walk(request_model(action), body, "", problems, request=True)
    return problems


def response_problems(action: str, response: Mapping[str, Any]) -> list[str]:
    """What the SDK's response model of ``action`` would not accept in a success's
    ``Response``: unknown keys (nested ones too), values of other types than api.json's,
    nulls where not allowed, missing fields api.json says every answer has."""
    problems: list[str] = []
    _walk(response_model(action), response, "", problems, request=False)
    return problems


def deserialize_warnings(model: Any, value: Mapping[str, Any]) -> list[str]:
    """The warnings the SDK's ``_deserialize`` gives for ``value`` (nested models warn about
    unknown fields; a top-level model does not)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model()._deserialize(dict(value))
    return [str(w.message) for w in caught]


# The official client -----------------------------------------------------------------------
_CLOCK_LOCK = threading.Lock()


@dataclass(slots=True)
class SdkCall:
    """What ``IssClient`` received for one call: the action and its ``Response``."""

    action: str
    response: dict[str, Any]


@contextmanager
def iss_client(
    base_url: str,
    *,
    secret_id: str,
    secret_key: str,
    clock: Callable[[], float],
    token: str | None = None,
    version: str = VERSION,
) -> Iterator[tuple[Any, list[SdkCall]]]:
    """Tencent's ``IssClient`` pointed at ``base_url`` over HTTP, signing on ``clock``; also
    the list of raw answers it received (newest last). ``version`` other than 2023-05-17
    makes it send that ``X-TC-Version``."""
    from tencentcloud.common import abstract_client, credential
    from tencentcloud.common.profile.client_profile import ClientProfile
    from tencentcloud.common.profile.http_profile import HttpProfile
    from tencentcloud.iss.v20230517.iss_client import IssClient

    url = urlsplit(base_url)
    profile = ClientProfile(httpProfile=HttpProfile(protocol=url.scheme, endpoint=url.netloc))
    client = IssClient(credential.Credential(secret_id, secret_key, token), "ap-guangzhou", profile)
    client._apiVersion = version
    received: list[SdkCall] = []
    call = client.call

    def recording_call(action: str, params: Any, options: Any = None, headers: Any = None) -> Any:
        body = call(action, params, options, headers)
        received.append(SdkCall(action, json.loads(body)["Response"]))
        return body

    client.call = recording_call
    fake_time = SimpleNamespace(time=clock)
    with _CLOCK_LOCK, mock.patch.object(abstract_client, "time", fake_time):
        yield client, received


def sdk_request(action: str, params: Mapping[str, Any]) -> Any:
    """The SDK's request model of ``action`` holding ``params`` (as a caller would fill it)."""
    request = request_model(action)()
    request._deserialize(dict(params))
    return request
