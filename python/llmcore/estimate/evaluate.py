# SPDX-License-Identifier: BSD-3-Clause
"""``llmcore.evaluate``: any model, or a chain of models, on any backend."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast, overload

from llmcore.estimate.chain import ChainResult, evaluate_chain
from llmcore.estimate.inputs import check_input_keys
from llmcore.estimate.result import Result
from llmcore.estimate.single import evaluate_model

__all__ = ["evaluate"]


@overload
def evaluate(
    model: str,
    inputs: Mapping[str, Any] | None = None,
    /,
    *,
    backend: str = "auto",
    out: Mapping[str, Any] | None = None,
    outputs: Any = None,
    threads: int | None = None,
    currency: str | None = None,
    **kwargs: Any,
) -> Result: ...


@overload
def evaluate(
    model: Sequence[str],
    inputs: Mapping[str, Any] | None = None,
    /,
    *,
    backend: str = "auto",
    out: Mapping[str, Any] | None = None,
    outputs: Any = None,
    threads: int | None = None,
    currency: str | None = None,
    **kwargs: Any,
) -> ChainResult: ...


def evaluate(
    model: str | Sequence[str],
    inputs: Mapping[str, Any] | None = None,
    /,
    *,
    backend: str = "auto",
    out: Mapping[str, Any] | None = None,
    outputs: Any = None,
    threads: int | None = None,
    currency: str | None = None,
    **kwargs: Any,
) -> Result | ChainResult:
    """Evaluate `model` for every scenario of `inputs` (broadcast like numpy).

    Parameters
    ----------
    model : str or list of str
        A model name from :func:`llmcore.models`, or a list of them: a chain in which each
        output feeds the same-named input of later models (see :mod:`llmcore.estimate.chain`).
    inputs : mapping, optional
        Input name -> number or array; catalog keywords (``hardware``, ``region``) take ids.
        Keyword arguments are merged in (``model=`` among them is the model-preset catalog
        keyword: `model` and `inputs` themselves are positional-only).
    backend : {"auto", "cpu", "cuda", "reference"}
        "auto" uses the compiled core and never falls back to the reference: the CUDA
        device when inputs are in device memory or the batch is large (see
        ``llmcore._engine.backends.CUDA_AUTO_MIN_SCENARIOS``), else the CPU. Device inputs
        (CuPy or any ``__cuda_array_interface__``/DLPack array) give CuPy outputs on the same
        device.
    out : mapping of output name -> preallocated float64 array, optional
        Results are written in place. Inputs are range-checked block by block as the
        outputs are computed (they are read once): if an input is invalid, the error names
        its first bad index and the out= arrays may already hold results for some scenarios
        (their contents are then unspecified, as numpy ufuncs leave partial results).
    outputs : str or sequence of str, optional
        Compute only these outputs (default: every output the given inputs allow), in the
        order given; a name given twice is one output.
    threads : int, optional
        CPU threads (default: ``LLMCORE_NUM_THREADS`` or all cores).
    currency : str, optional
        Report money outputs (unit "USD") in this currency of the ``fx`` catalog, at its
        dated rate (``Result.currency``, ``Result.fx_rate``, ``Result.fx_date``). Money
        inputs are always US dollars.

    Returns
    -------
    Result
        Mapping output name -> float (scalar inputs) or numpy array; for a list of models a
        :class:`llmcore.estimate.chain.ChainResult` holding every model's outputs.
    """
    if isinstance(inputs, Mapping):
        check_input_keys(inputs)
    if isinstance(model, (list, tuple)):
        if out is not None:
            raise TypeError("out= is not supported when evaluating a chain of models")
        return evaluate_chain(
            model,
            inputs,
            backend=backend,
            outputs=outputs,
            threads=threads,
            currency=currency,
            **kwargs,
        )
    return evaluate_model(
        cast(str, model),  # a name; get_model() rejects anything else by name
        inputs,
        backend=backend,
        out=out,
        outputs=outputs,
        threads=threads,
        currency=currency,
        **kwargs,
    )
