"""A call's arguments checked before anything runs: JSON text of an object that the tool's schema accepts. A call
that fails is shown to the user and to the model with the reason, and not run (the model may try again)."""

from __future__ import annotations

import json

from assistant.core.i18n import translate
from assistant.core.tools.tool_spec import ToolSpec

MAX_ARGUMENTS_CHARS = 200_000  # a model looping inside a string argument, not a call to run


def validate(spec: ToolSpec, arguments_json: str | dict) -> tuple[dict | None, str]:
    """(the arguments as a dict, "") when the call can run; (None, why not) otherwise."""
    if isinstance(arguments_json, dict):
        arguments = arguments_json
    else:
        text = (arguments_json or "").strip() or "{}"  # a call without arguments is written with none at all
        if len(text) > MAX_ARGUMENTS_CHARS:
            return None, translate("Tools", "The arguments are too long ({count} characters).").format(
                count=len(text))
        try:
            arguments = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            return None, translate("Tools", "The arguments are not valid JSON ({reason}).").format(reason=reason)
    if not isinstance(arguments, dict):
        return None, translate("Tools", "The arguments must be a JSON object, not {kind}.").format(
            kind=type(arguments).__name__)
    problem = _schema_problem(spec.parameters or {"type": "object"}, arguments)
    return (None, problem) if problem else (arguments, "")


def _schema_problem(schema: dict, arguments: dict) -> str:
    import jsonschema
    from jsonschema.exceptions import SchemaError, best_match

    try:
        kind = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
        kind.check_schema(schema)
        error = best_match(kind(schema).iter_errors(arguments))
    except SchemaError as exc:
        return translate("Tools", "The tool's own schema is invalid ({reason}).").format(reason=_one_line(exc.message))
    except (RecursionError, TypeError, ValueError) as exc:  # a schema jsonschema cannot walk ($ref loops, ...)
        return translate("Tools", "The tool's own schema is invalid ({reason}).").format(reason=_one_line(str(exc)))
    if error is None:
        return ""
    where = "/".join(str(part) for part in error.absolute_path)
    reason = _one_line(error.message)
    if where:
        return translate("Tools", "The arguments do not fit the tool: {where}: {reason}.").format(where=where,
                                                                                                reason=reason)
    return translate("Tools", "The arguments do not fit the tool: {reason}.").format(reason=reason)


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[:limit - 1] + "…"
