"""Any sentence-transformers model from a local folder or the local HF cache.

Never downloads: the hub is switched to offline mode before the library is
imported, and a model that is not on disk is an ``EncoderError`` saying how
to get one (``bialign encoders --build-e5 DIR`` writes a usable folder).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

from bialign.errors import EncoderError

BATCH = 32  # strings per forward pass: bounds peak memory


def _offline() -> None:
    # set before sentence-transformers/huggingface_hub import: they read it once
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"


class StEncoder:
    """``model``: a folder with a sentence-transformers model, or a cached hub name.
    ``prefix`` is put before every text (e5 models expect "query: ")."""

    name = "st"

    def __init__(self, *, model: str | None = None, prefix: str = "", threads: int = 2) -> None:
        if not model:
            raise EncoderError("the 'st' encoder needs a model: pass --model with a folder"
                               " (e.g. one written by 'bialign encoders --build-e5 DIR').")
        _offline()
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EncoderError(f"the 'st' encoder needs sentence-transformers ({exc}). Install"
                               " it with: pip install 'bialign[st]'") from exc
        torch.set_num_threads(threads)
        try:
            self._model = SentenceTransformer(model, device="cpu", local_files_only=True)
        except Exception as exc:  # the library raises OSError, ValueError, HF errors
            raise EncoderError(
                f"{model}: no sentence-transformers model there ({type(exc).__name__}). bialign"
                " never downloads: give a local model folder, or build one with"
                " 'bialign encoders --build-e5 DIR'.") from exc
        self.prefix = prefix
        # sentence-transformers 6 renamed the method; the old name warns.
        dimension = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        self.dim = int(dimension() or 0)
        label = Path(model).name if Path(model).exists() else model
        self.version = f"{label} (sentence-transformers {_version('sentence-transformers')})"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = self._model.encode([self.prefix + t for t in texts], batch_size=BATCH,
                                 normalize_embeddings=True, convert_to_numpy=True,
                                 show_progress_bar=False)
        return np.asarray(out, dtype=np.float32)


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"
