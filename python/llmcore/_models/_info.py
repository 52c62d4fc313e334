# SPDX-License-Identifier: BSD-3-Clause
"""Metadata types: the one description of every model's inputs and outputs.

Pure data: no compiled core here. The API, the reference backend, the validator, the error
messages, the CLI and the test strategies all read these objects.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cached_property

from llmcore._util.errors import unknown

__all__ = ["InputInfo", "ModelInfo", "OutputInfo", "inp", "out"]

_RANGE = re.compile(
    r"^\s*(?:(?P<op>>=|>|<=|<)\s*(?P<v>\S+)"
    r"|(?P<l>[\[(])\s*(?P<a>\S+)\s*,\s*(?P<b>\S+)\s*(?P<r>[\])]))\s*$"
)


def _num(s: str) -> float:
    return {"inf": math.inf, "-inf": -math.inf}.get(s) or float(s)


@dataclass(frozen=True)
class InputInfo:
    """One input: name, unit, default, valid range and where a catalog can fill it.

    `default` None with `optional` False means required. Optional inputs may be absent:
    the outputs that need them (`OutputInfo.needs`) are then left out of the result.
    """

    name: str
    unit: str
    doc: str
    default: float | None = None
    optional: bool = False
    range: str = "> 0"
    catalog: str | None = None  # "hardware", "region" or "model": a row of it fills this
    typical: tuple[float, float] = (1e-3, 1e3)  # realistic span, for strategies and examples
    log: bool = False  # spans orders of magnitude (counts): sample log-uniformly
    # A named choice: the core takes the index of the name; (alias, name) pairs also accepted.
    choices: tuple[str, ...] = ()
    # A catalog field many rows lack by nature (water, market-based and life-cycle factors):
    # its outputs are simply left out, warning only when the caller asked for one of them.
    supplementary: bool = False
    choice_aliases: tuple[tuple[str, str], ...] = ()
    # Catalog keywords whose rows must not fill this input although a field has its name
    # (parallelism's seq_len is the training length; a models row's is the context window).
    not_from: tuple[str, ...] = ()
    lo: float = field(init=False)
    hi: float = field(init=False)
    lo_open: bool = field(init=False)
    hi_open: bool = field(init=False)

    def __post_init__(self) -> None:
        m = _RANGE.match(self.range)
        if not m:
            raise ValueError(f"bad range {self.range!r} for {self.name}")
        if m["op"]:
            v = _num(m["v"])
            lo, hi, lo_open, hi_open = {
                ">": (v, math.inf, True, False),
                ">=": (v, math.inf, False, False),
                "<": (-math.inf, v, False, True),
                "<=": (-math.inf, v, False, False),
            }[m["op"]]
        else:
            lo, hi = _num(m["a"]), _num(m["b"])
            lo_open, hi_open = m["l"] == "(", m["r"] == ")"
        object.__setattr__(self, "lo", lo)
        object.__setattr__(self, "hi", hi)
        object.__setattr__(self, "lo_open", lo_open)
        object.__setattr__(self, "hi_open", hi_open)

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional

    def choice_code(self, name: str) -> float:
        """The core's code for choice `name` (case-insensitive; aliases accepted)."""
        key = name.strip().lower()
        key = dict(self.choice_aliases).get(key, key)
        if key not in self.choices:
            raise unknown(
                f"value of {self.name}",
                name,
                list(self.choices) + [a for a, _ in self.choice_aliases],
            )
        return float(self.choices.index(key))

    def choice_name(self, code: float) -> str:
        return self.choices[int(code)]

    def default_text(self) -> str:
        src = {
            "hardware": "hardware catalog",
            "region": "region catalog",
            "model": "model catalog",
            "allocation": "allocation_fits catalog",
            "language": "languages catalog",
        }.get(self.catalog or "")
        if self.default is not None:
            d = self.choice_name(self.default) if self.choices else f"{self.default:g}"
            return f"{src}, else {d}" if src else d
        if src:
            return f"{src}" + (" (optional)" if self.optional else " (required without one)")
        return "optional" if self.optional else "required"


@dataclass(frozen=True)
class OutputInfo:
    """One output. `needs` lists optional inputs without which it is left out."""

    name: str
    unit: str
    doc: str
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class ModelInfo:
    """A model (estimator): SPEC section, inputs and outputs in C++ field order."""

    name: str
    section: str
    doc: str
    inputs: tuple[InputInfo, ...]
    outputs: tuple[OutputInfo, ...]
    # Groups of optional inputs of which at least one must be fully given.
    require_any: tuple[tuple[str, ...], ...] = ()
    # (a, b): giving optional input a requires optional input b (e.g. params -> ref_params).
    implies: tuple[tuple[str, str], ...] = ()
    # (status bit name, outputs): the outputs a scenario's own flag answers for (left NaN by
    # the model, flagged, so not a numerical failure); the C++ model's kUnreachableOutputs /
    # kMissingOutputs / kInconsistentOutputs (engine::flagged_outputs), checked equal by the
    # consistency test.
    flagged: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # What the inputs must satisfy together (words for the inconsistent_inputs warning).
    consistency: str = ""

    # computed once per model: every estimator call asks (the metadata never changes)
    @cached_property
    def input_names(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.inputs)

    def filled_by(self, keyword: str) -> frozenset[str]:
        """The inputs a row named by catalog `keyword` (``model=``, ``hardware=``...) may
        fill: those whose name a field of the row has, less the inputs that refuse it."""
        return frozenset(i.name for i in self.inputs if keyword not in i.not_from)

    @cached_property
    def output_names(self) -> tuple[str, ...]:
        return tuple(o.name for o in self.outputs)

    @cached_property
    def _inputs_by_name(self) -> dict[str, InputInfo]:
        return {i.name: i for i in self.inputs}

    def input(self, name: str) -> InputInfo:
        try:
            return self._inputs_by_name[name]
        except KeyError:
            raise unknown(f"input of {self.name}", name, self.input_names) from None

    def output(self, name: str) -> OutputInfo:
        for o in self.outputs:
            if o.name == name:
                return o
        raise unknown(f"output of {self.name}", name, self.output_names)


def inp(name: str, unit: str, doc: str, default: float | None = None, **kw: object) -> InputInfo:
    return InputInfo(name, unit, doc, default, **kw)  # type: ignore[arg-type]


def out(name: str, unit: str, doc: str, *needs: str) -> OutputInfo:
    return OutputInfo(name, unit, doc, tuple(needs))
