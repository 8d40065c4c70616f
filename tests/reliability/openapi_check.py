"""A small validator of HTTP responses against ``server/openapi.yaml`` (OpenAPI 3.1 = JSON Schema 2020-12).

It finds the operation for a path and method, the documented response for the status, checks the
required headers and validates a JSON body against the response schema (``$ref`` resolved in the
document). Rules for undocumented requests follow the document's description: an unknown ``/api/``
path answers 404, a known path with an unlisted method 405, both with the ``Error`` body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import yaml
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parents[2] / "server" / "openapi.yaml"
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Checked:
    operation: str | None  # operationId, None for an undocumented request
    response: str  # which documented response matched, for messages


class OpenApi:
    def __init__(self, path: Path = SPEC_PATH) -> None:
        self.spec: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not str(self.spec.get("openapi", "")).startswith("3.1"):
            raise ValueError("expected an OpenAPI 3.1 document")
        self._registry = Registry().with_resource("urn:openapi", DRAFT202012.create_resource(self.spec))
        self._templates = [(self._template_regex(p), p) for p in self.spec["paths"]]

    @staticmethod
    def _template_regex(template: str) -> re.Pattern[str]:
        parts = re.split(r"(\{[^}]+\})", template)
        # a path parameter is one segment without braces (aiohttp's default, documented in the spec)
        return re.compile("".join("[^/{}]+" if p.startswith("{") else re.escape(p) for p in parts) + "$")

    def _resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                raise ValueError(f"external $ref not supported: {ref}")
            target: Any = self.spec
            for key in ref[2:].split("/"):
                target = target[key]
            node = target
        return node

    def schema(self, name: str) -> dict[str, Any]:
        return {"$ref": f"#/components/schemas/{name}"}

    def validate_instance(self, schema: dict[str, Any], instance: Any) -> None:
        """Validate against a schema of the document; its ``#/...`` references resolve in the document."""
        if "$ref" in schema:
            schema = {"$ref": "urn:openapi" + schema["$ref"]}
        jsonschema.Draft202012Validator(schema, registry=self._registry).validate(instance)

    def find_path(self, path: str) -> str | None:
        path = unquote(path)
        for regex, template in self._templates:
            if regex.match(path):
                return template
        return None

    def check(self, method: str, path: str, status: int, headers: dict[str, str], body: Any) -> Checked:
        """Raise AssertionError (or jsonschema.ValidationError) when the response is not as documented."""
        method = method.lower()
        template = self.find_path(path)
        if template is None:
            assert path.startswith("/api/"), f"undocumented path {path}"
            response, operation = self.spec["components"]["responses"]["NotFound"], None
            assert status == 404, f"{method.upper()} {path}: unknown path must give 404, got {status}"
            name = "NotFound"
        else:
            item = self.spec["paths"][template]
            lookup = "get" if method == "head" and "head" not in item else method
            op = item.get(lookup) if lookup in _METHODS else None
            if op is None:
                assert status == 405, f"{method.upper()} {path}: method not in the document must give 405, got {status}"
                response, operation, name = self.spec["components"]["responses"]["MethodNotAllowed"], None, "MethodNotAllowed"
            else:
                operation = op.get("operationId")
                responses = op["responses"]
                key = str(status) if str(status) in responses else "default"
                assert key in responses, f"{method.upper()} {path} ({operation}): status {status} is not documented"
                response = responses[key]
                name = response.get("$ref", key).rsplit("/", 1)[-1]
        response = self._resolve(response)
        lowered = {k.lower(): v for k, v in headers.items()}
        for header, spec in (response.get("headers") or {}).items():
            spec = self._resolve(spec)
            if spec.get("required"):
                assert header.lower() in lowered, f"{method.upper()} {path} {status}: missing header {header}"
                if "schema" in spec:
                    self.validate_instance(spec["schema"], lowered[header.lower()])
        content = response.get("content")
        if method != "head" and content:
            ctype = lowered.get("content-type", "").split(";")[0].strip()
            assert ctype in content, f"{method.upper()} {path} {status}: content type {ctype!r} not in {list(content)}"
            schema = content[ctype].get("schema")
            if schema is not None:
                self.validate_instance(schema, body)
        return Checked(operation, name)
