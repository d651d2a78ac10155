"""GitHub's GraphQL query cost and node limits, computed over a validated document.

https://docs.github.com/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api:
every connection needs ``first`` or ``last`` (1..100); ``nodeCount`` sums, per connection,
the product of the page sizes above it; the cost adds up the requests needed to fill each
connection (one per parent node), divides by 100 and rounds, with a minimum of 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_interface_type,
    is_object_type,
)

MAX_PAGE = 100
MAX_NODES = 500_000


@dataclass(slots=True)
class Cost:
    """What a query costs: points charged, nodes it may return, problems that reject it."""

    requests: int = 0
    nodes: int = 0
    errors: list[GraphQLError] = field(default_factory=list)

    @property
    def points(self) -> int:
        return max(1, int(self.requests / 100 + 0.5))


def query_cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
    variables: dict[str, Any],
) -> Cost:
    root = schema.mutation_type if operation.operation.value == "mutation" else schema.query_type
    assert root is not None
    walker = _Walker(schema, fragments, variables)
    walker.walk(operation.selection_set, root, 1)
    cost = walker.cost
    if cost.nodes > MAX_NODES:
        cost.errors.append(
            GraphQLError(
                f"This query requests up to {cost.nodes:,} possible nodes which exceeds the "
                f"maximum limit of {MAX_NODES:,}."
            )
        )
    return cost


class _Walker:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, Any],
    ) -> None:
        self.schema, self.fragments, self.variables = schema, fragments, variables
        self.cost = Cost()

    def walk(
        self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType, multiplier: int
    ) -> None:
        if selection_set is None:
            return
        for selection in selection_set.selections:
            if isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None:
                    target = self._type(fragment.type_condition.name.value, parent)
                    self.walk(fragment.selection_set, target, multiplier)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self._type(condition.name.value, parent) if condition else parent
                self.walk(selection.selection_set, target, multiplier)
            elif isinstance(selection, FieldNode):
                self.field(selection, parent, multiplier)

    def _type(self, name: str, default: GraphQLNamedType) -> GraphQLNamedType:
        return self.schema.get_type(name) or default

    def field(self, node: FieldNode, parent: GraphQLNamedType, multiplier: int) -> None:
        if not (is_object_type(parent) or is_interface_type(parent)):
            return
        definition = parent.fields.get(node.name.value)  # type: ignore[attr-defined]
        if definition is None:
            return  # __typename and friends
        child_type = get_named_type(definition.type)
        child_multiplier = multiplier
        if child_type.name.endswith("Connection"):
            size = _page_size(node, self.variables)
            if size is None:
                self.cost.errors.append(
                    GraphQLError(
                        "You must provide a `first` or `last` value to properly paginate the "
                        f"`{node.name.value}` connection.",
                        node,
                        extensions={"type": "MISSING_PAGINATION_BOUNDARIES"},
                    )
                )
                size = 0
            elif size > MAX_PAGE or size < 0:
                self.cost.errors.append(
                    GraphQLError(
                        f"Requesting {size} records on the `{node.name.value}` connection "
                        f"exceeds the `first` limit of {MAX_PAGE} records.",
                        node,
                        extensions={"type": "EXCESSIVE_PAGINATION"},
                    )
                )
            self.cost.requests += multiplier
            self.cost.nodes += multiplier * size
            child_multiplier = multiplier * max(size, 1)
        self.walk(node.selection_set, child_type, child_multiplier)


def _page_size(node: FieldNode, variables: dict[str, Any]) -> int | None:
    for argument in node.arguments:
        if argument.name.value not in ("first", "last"):
            continue
        value = argument.value
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode) and variables.get(value.name.value) is not None:
            return int(variables[value.name.value])
    return None
