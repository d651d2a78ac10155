"""The GraphQL endpoint: parse and validate against GitHub's real schema, cost, charge, execute."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    StringValueNode,
    VariableNode,
    build_schema,
    execute_sync,
    parse,
    validate,
    visit,
)
from graphql.language import Visitor

from tests.fakegithub.graphql_cost import Cost, query_cost
from tests.support.refdata import graphql_schema_sdl


@functools.cache
def github_schema() -> GraphQLSchema:
    """GitHub's public schema, built once per process (~1 s).

    The published SDL does not pass graphql-core's own schema checks (duplicate fields on
    EnterpriseOwnerInfo), hence assume_valid; queries are still validated against it.
    """
    return build_schema(graphql_schema_sdl(), assume_valid=True, assume_valid_sdl=True)


@dataclass(slots=True)
class Prepared:
    """A parsed request: its operation, variables and cost, or the errors that reject it."""

    document: DocumentNode | None = None
    operation: OperationDefinitionNode | None = None
    operation_name: str | None = None
    variables: dict[str, Any] = field(default_factory=dict)
    cost: Cost = field(default_factory=Cost)
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_mutation(self) -> bool:
        return self.operation is not None and self.operation.operation.value == "mutation"


def prepare(raw: bytes) -> Prepared:
    """Parse the JSON body and the query, validate it and compute its cost."""
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        return Prepared(errors=[{"message": "Problems parsing JSON"}])
    query = body.get("query") if isinstance(body, dict) else None
    if not isinstance(query, str):
        return Prepared(
            errors=[{"message": "A query attribute must be specified and must be a string."}]
        )
    variables = body.get("variables") or {}
    name = body.get("operationName") or None
    prepared = Prepared(variables=variables if isinstance(variables, dict) else {})
    try:
        document = parse(query)
    except GraphQLError as exc:
        prepared.errors = [format_error(exc)]
        return prepared
    schema = github_schema()
    problems = validate(schema, document)
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [o for o in operations if name is None or (o.name and o.name.value == name)]
    if not problems and len(chosen) != 1:
        message = f"Unknown operation named '{name}'." if name else "An operation name is required"
        problems = [GraphQLError(message)]
    prepared.document = document
    if problems:
        prepared.errors = [format_error(e) for e in problems]
        return prepared
    prepared.operation = chosen[0]
    prepared.operation_name = chosen[0].name.value if chosen[0].name else name
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    prepared.cost = query_cost(schema, chosen[0], fragments, prepared.variables)
    prepared.errors = [format_error(e) for e in prepared.cost.errors]
    return prepared


def execute(prepared: Prepared, root: dict[str, Any]) -> dict[str, Any]:
    """Run a prepared query over a root of lazy dicts; return the GraphQL response body."""
    assert prepared.document is not None
    if prepared.is_mutation:
        modelled = set(root.get("__mutations__", ()))
        wanted = {
            s.name.value
            for s in prepared.operation.selection_set.selections  # type: ignore[union-attr]
            if isinstance(s, FieldNode)
        }
        if not wanted or not wanted <= modelled:
            name = prepared.operation_name or "mutation"
            return {"errors": [{"message": f"the fake GitHub does not model mutations ({name})"}]}
    result = execute_sync(
        github_schema(),
        prepared.document,
        root_value=root,
        variable_values=prepared.variables,
        operation_name=prepared.operation_name,
        field_resolver=_resolve_field,
    )
    out: dict[str, Any] = {} if result.data is None else {"data": result.data}
    if result.errors:
        out["errors"] = [format_error(e) for e in result.errors]
    return out


def _resolve_field(source: Any, info: Any, **args: Any) -> Any:
    if not isinstance(source, dict):
        return getattr(source, info.field_name, None)
    if info.field_name not in source:
        raise GraphQLError(
            f"the fake GitHub does not model {info.parent_type.name}.{info.field_name}; "
            "add it to tests/fakegithub/graphql_data.py"
        )
    value = source[info.field_name]
    return value(info, **args) if callable(value) else value


_REWRITES = [
    (
        re.compile(r"Cannot query field '(\w+)' on type '(\w+)'\..*"),
        lambda m: (
            f"Field '{m[1]}' doesn't exist on type '{m[2]}'",
            {"code": "undefinedField", "typeName": m[2], "fieldName": m[1]},
        ),
    ),
    (
        re.compile(r"Unknown argument '(\w+)' on field '(\w+)\.(\w+)'\..*"),
        lambda m: (
            f"Field '{m[3]}' doesn't accept argument '{m[1]}'",
            {
                "code": "argumentNotAccepted",
                "name": m[3],
                "typeName": "Field",
                "argumentName": m[1],
            },
        ),
    ),
    (
        re.compile(
            r"Field '(\w+)' argument '(\w+)' of type '.*' is required, but it was not provided\."
        ),
        lambda m: (
            f"Field '{m[1]}' is missing required arguments: {m[2]}",
            {
                "code": "missingRequiredArguments",
                "className": "Field",
                "name": m[1],
                "arguments": m[2],
            },
        ),
    ),
]


def format_error(error: GraphQLError) -> dict[str, Any]:
    """Format like GitHub: its wording for common validation errors, ``type`` at top level."""
    out: dict[str, Any] = dict(error.formatted)
    extensions = dict(out.pop("extensions", None) or {})
    for pattern, rewrite in _REWRITES:
        if match := pattern.fullmatch(error.message):
            out["message"], extra = rewrite(match)
            extensions.update(extra)
            break
    if "type" in extensions:
        out["type"] = extensions.pop("type")
    if extensions:
        out["extensions"] = extensions
    return out


def repositories_named(prepared: Prepared) -> list[tuple[str, str]]:
    """Return ``(owner, name)`` of every ``repository(owner:, name:)`` field in the query."""
    if prepared.document is None:
        return []
    found: list[tuple[str, str]] = []
    variables = prepared.variables

    def value(node: Any) -> str | None:
        if isinstance(node, StringValueNode):
            return node.value
        if isinstance(node, VariableNode):
            raw = variables.get(node.name.value)
            return raw if isinstance(raw, str) else None
        return None

    class _Finder(Visitor):
        def enter_field(self, node: FieldNode, *_: Any) -> None:
            if node.name.value != "repository":
                return
            args = {a.name.value: value(a.value) for a in node.arguments}
            if args.get("owner") and args.get("name"):
                found.append((args["owner"], args["name"]))  # type: ignore[arg-type]

    visit(prepared.document, _Finder())
    return found
