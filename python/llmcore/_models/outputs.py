# SPDX-License-Identifier: BSD-3-Clause
"""Which outputs a set of present inputs allows, and the check of a request for outputs."""

from __future__ import annotations

from typing import Any

from llmcore._models._info import ModelInfo
from llmcore._util.errors import InvalidInputError

__all__ = ["available_outputs", "present_inputs", "requested_outputs"]


def present_inputs(values: dict[str, Any]) -> set[str]:
    """Inputs that have a value (absent optional inputs are None)."""
    return {k for k, v in values.items() if v is not None}


def available_outputs(model: ModelInfo, present: set[str]) -> tuple[str, ...]:
    """The outputs whose `needs` the present inputs satisfy, in model order."""
    return tuple(o.name for o in model.outputs if all(n in present for n in o.needs))


def requested_outputs(model: ModelInfo, present: set[str], outputs: Any) -> tuple[str, ...]:
    """`outputs` (a name, names, or None for every available one), checked: unknown names
    raise UnknownNameError, outputs whose inputs are absent raise InvalidInputError."""
    avail = available_outputs(model, present)
    if outputs is None:
        return avail
    if isinstance(outputs, str):
        outputs = (outputs,)
    try:
        asked = list(outputs)
    except TypeError:
        raise TypeError(
            f"outputs must be an output name or a list of names, not {outputs!r}"
        ) from None
    for k, name in enumerate(asked):
        if not isinstance(name, str):
            raise TypeError(f"outputs[{k}] must be an output name (str), not {name!r}")
    # A name asked twice is one output: results are keyed by name, and a money output is
    # converted once.
    names = tuple(dict.fromkeys(asked))
    for name in names:
        info = model.output(name)  # UnknownNameError with suggestions
        if name not in avail:
            missing = [n for n in info.needs if n not in present]
            raise InvalidInputError(
                f"{model.name}: output {name!r} needs input(s) {', '.join(missing)}, "
                "which were not given",
                input=missing[0],
            )
    return names
