"""Sentence encoders behind one small interface.

An encoder turns strings into L2-normalised float32 vectors.  Backends are
registered by name in ``ENCODERS``; ``load_encoder(name)`` builds one.
Nothing here loads a model at import time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from bialign.errors import EncoderError


class Encoder(Protocol):
    """What the aligner and the checks need from an encoder."""

    name: str  # registry name, e.g. "use"
    version: str  # package/model version, recorded in signatures
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return an (len(texts), dim) float32 array of unit vectors."""
        ...


def _use(**options: object) -> Encoder:
    from bialign.encoders.use import UseEncoder

    return UseEncoder(**options)  # type: ignore[arg-type]


ENCODERS: dict[str, Callable[..., Encoder]] = {"use": _use}


def load_encoder(name: str, **options: object) -> Encoder:
    """Build the encoder registered as ``name``."""
    try:
        factory = ENCODERS[name]
    except KeyError:
        known = ", ".join(sorted(ENCODERS))
        raise EncoderError(
            f"unknown encoder '{name}'. Choose one of: {known} (see 'bialign encoders')."
        ) from None
    return factory(**options)
