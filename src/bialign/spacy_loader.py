"""spaCy, imported without torch.

bialign uses only spaCy's blank English pipeline and its stop-word list; neither
needs torch, but spaCy's model library (thinc) imports torch when it is installed
(it is, for the sentence-transformers backend), which costs about 2 s of CPU on
every run.  Importing spaCy through here hides torch from thinc for that one
import; ``import torch`` works as usual afterwards.
"""

from __future__ import annotations

import sys
from types import ModuleType


def import_spacy() -> ModuleType:
    """The ``spacy`` module; the first import skips thinc's torch support."""
    if "spacy" in sys.modules or "torch" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]  # `import torch` raises ImportError
    try:
        import spacy
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]
    return spacy


def english_stop_words() -> frozenset[str]:
    """spaCy's English stop words."""
    import_spacy()
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)
