"""The client's message validator, run in Chromium, against protocol.schema.json (the shared contract)."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import jsonschema
import pytest

WEB = Path(__file__).resolve().parents[2] / "web_client"
SCHEMA = json.loads((WEB / "protocol.schema.json").read_text(encoding="utf-8"))

pytestmark = pytest.mark.browser

MODULE = "/avatar-client.js"


def _strip(node):
    """The schema without descriptions and with ``$ref`` inlined, as the client embeds it."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _strip(SCHEMA["$defs"][node["$ref"].split("/")[-1]])
        return {k: _strip(v) for k, v in node.items() if k != "description"}
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def _schema_tables() -> dict[str, dict[str, dict]]:
    tables: dict[str, dict[str, dict]] = {"server": {}, "client": {}}
    for ref in SCHEMA["oneOf"]:
        name = ref["$ref"].split("/")[-1]
        definition = _strip(SCHEMA["$defs"][name])
        assert definition.pop("type") == "object"
        kind = definition["properties"].pop("type")["const"]
        direction = "client" if name.startswith("client_") else "server"
        tables[direction][kind] = definition
    return tables


def _valid_value(rule: dict):
    if "const" in rule:
        return rule["const"]
    if "enum" in rule:
        return rule["enum"][0]
    kind = rule["type"][0] if isinstance(rule["type"], list) else rule["type"]
    if kind == "string":
        return "가" * max(1, rule.get("minLength", 1))
    if kind == "integer":
        return max(3, rule.get("minimum", 3))
    if kind == "number":
        return rule.get("minimum", 0) + 0.25
    if kind == "boolean":
        return True
    if kind == "array":
        return [_valid_value(rule["items"])] * rule.get("minItems", 1)
    if kind == "object":
        return {k: _valid_value(r) for k, r in rule.get("properties", {}).items()}
    return None


POOL = [None, True, False, 0, -1, 0.5, 1.0, 2, 1.5, 1e9, -0.0, "", "x", "가" * 500, "가" * 501, "😀" * 500,
        "😀" * 501, [], {}, ["listening"],
        [1, 2, 3, 4], [1, 2, 3], [1, 2, 3, 4, 5], [0, 0, 0, -1], [1.5, 2, 3, 4], [1, 2, 3, None],
        [{"text": "가", "start_ms": 0, "end_ms": 120}], [{"text": "가", "start_ms": -1, "end_ms": 120}],
        [{"text": "가", "start_ms": 0}], [{"text": 3, "start_ms": 0, "end_ms": 1.5}]]


def _corpus() -> list:
    """Valid messages of every type, then each one broken (or not) in every way the pool allows."""
    corpus: list = [None, 1, "state", [], {}, {"type": "nope"}, {"type": 3}, {"state": "listening"}]
    for tables in _schema_tables().values():
        for kind, spec in tables.items():
            full = {"type": kind} | {k: _valid_value(r) for k, r in spec["properties"].items()}
            minimal = {k: v for k, v in full.items() if k in spec["required"]}
            corpus += [full, minimal, minimal | {"extra": {"nested": 1}}]
            for key in spec["required"]:
                corpus.append({k: v for k, v in full.items() if k != key})
            for key in spec["properties"]:
                for value in POOL:
                    broken = copy.deepcopy(full)
                    broken[key] = value
                    corpus.append(broken)
    return corpus


async def _load_module(page, url: str) -> None:
    await page.goto(url + "/index.html")
    await page.evaluate(f"import('{MODULE}').then(m => {{ window.__client = m; }})")


async def test_embedded_protocol_is_the_schema(browser, scripted_server):
    page = await browser.new_page()
    await _load_module(page, scripted_server.url)
    embedded = await page.evaluate("JSON.parse(JSON.stringify(window.__client.PROTOCOL))")
    assert embedded == _schema_tables()


async def test_validator_agrees_with_jsonschema(browser, scripted_server):
    page = await browser.new_page()
    await _load_module(page, scripted_server.url)
    corpus = _corpus()
    verdicts = await page.evaluate(
        "msgs => msgs.map(m => window.__client.validateMessage(m, 'any'))", json.loads(json.dumps(corpus))
    )
    validator = jsonschema.Draft202012Validator(SCHEMA)
    disagreements = [
        (message, verdict)
        for message, verdict in zip(corpus, verdicts, strict=True)
        if verdict["valid"] != validator.is_valid(message)
    ]
    assert len(corpus) > 500
    assert sum(v["valid"] for v in verdicts) > 50 and sum(not v["valid"] for v in verdicts) > 200
    assert disagreements == []
    # Failures say which field is wrong, so a developer can see it in the console.
    bad = await page.evaluate("window.__client.validateMessage({type: 'caption', text: 'a', index: -1}, 'server')")
    assert bad["valid"] is False and bad["errors"][0].startswith("index")


async def test_direction_is_enforced(browser, scripted_server):
    page = await browser.new_page()
    await _load_module(page, scripted_server.url)
    verdicts = await page.evaluate(
        """() => [
            window.__client.validateMessage({type: 'ping'}, 'server').valid,
            window.__client.validateMessage({type: 'ping'}, 'client').valid,
            window.__client.validateMessage({type: 'state', state: 'thinking'}, 'client').valid,
            window.__client.validateMessage({type: 'state', state: 'thinking'}, 'server').valid,
        ]"""
    )
    assert verdicts == [False, True, False, True]


def test_package_json_points_at_the_module():
    package = json.loads((WEB / "package.json").read_text())
    assert package["exports"]["."]["import"] == "./avatar-client.js"
    assert package["types"] == "./avatar-client.d.ts"
    assert not package.get("dependencies"), "the client must stay dependency-free"
    for path in package["files"]:
        assert (WEB / path).exists(), path


# ---- the protocol table in docs/client.md is generated from the schema ---------------------------

DOC = WEB.parent / "docs" / "client.md"
BEGIN, END = "<!-- protocol-table:begin (generated from web_client/protocol.schema.json) -->", "<!-- protocol-table:end -->"


def _describe(rule: dict) -> str:
    if "const" in rule:
        return f"`{json.dumps(rule['const'], ensure_ascii=False)}`"
    if "enum" in rule:
        return " \\| ".join(f"`{json.dumps(v, ensure_ascii=False)}`" for v in rule["enum"])
    kind = rule["type"]
    text = " or ".join(kind) if isinstance(kind, list) else kind
    if kind == "array":
        text = f"array of {_describe(rule['items'])}"
    if kind == "object" and "properties" in rule:
        text = "{" + ", ".join(f"{k}: {_describe(v)}" for k, v in rule["properties"].items()) + "}"
    bounds = [f"{k} {rule[k]}" for k in ("minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems") if k in rule]
    return text + (f" ({', '.join(bounds)})" if bounds else "")


def render_protocol_table() -> str:
    rows = ["| `type` | direction | fields (**required**) | meaning |", "|---|---|---|---|"]
    for ref in SCHEMA["oneOf"]:
        name = ref["$ref"].split("/")[-1]
        definition = SCHEMA["$defs"][name]
        kind = definition["properties"]["type"]["const"]
        direction, _, meaning = definition["description"].partition(": ")
        fields = []
        for key, rule in definition["properties"].items():
            if key == "type":
                continue
            resolved = _strip(rule)
            label = f"**{key}**" if key in definition["required"] else key
            fields.append(f"{label}: {_describe(resolved)}")
        rows.append(f"| `{kind}` | {direction} | {'<br>'.join(fields) or '—'} | {meaning} |")
    return "\n".join(rows)


def test_docs_protocol_table_is_generated_from_the_schema():
    text = DOC.read_text(encoding="utf-8")
    table = render_protocol_table()
    if os.environ.get("UPDATE_DOCS") == "1":
        head, rest = text.split(BEGIN)
        _, tail = rest.split(END)
        DOC.write_text(f"{head}{BEGIN}\n{table}\n{END}{tail}", encoding="utf-8")
        text = DOC.read_text(encoding="utf-8")
    block = text.split(BEGIN)[1].split(END)[0].strip()
    assert block == table, "docs/client.md is stale: run UPDATE_DOCS=1 pytest tests/web/test_web_protocol.py -k docs"
