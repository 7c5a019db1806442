"""Numeric settings read from ``CHAINSEG_*`` environment variables, validated in one place."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import TypeVar

N = TypeVar("N", int, float)


def number_setting(
    name: str,
    default: N,
    *,
    parse: Callable[[str], N],
    minimum: N,
    expected: str,
    env: Mapping[str, str] | None = None,
) -> N:
    """``name`` from ``env`` (default: the process environment), ``default`` when unset or
    blank; a value that does not parse or is below ``minimum`` raises a one-line ValueError
    (``expected`` says what a valid value is, e.g. "a whole number")."""
    text = (os.environ if env is None else env).get(name, "").strip()
    if not text:
        return default
    try:
        value = parse(text)
    except ValueError:
        raise ValueError(f"{name}={text!r} is not {expected}") from None
    if value < minimum:
        raise ValueError(f"{name}={text!r} must be at least {minimum:g}")
    return value
