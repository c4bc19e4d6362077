"""All options of a run in one place, and the signature that records them.

Each stage owns its own small config dataclass; ``Config`` gathers them.
Every output carries ``signature(encoder)`` so that a result can be
reproduced: bialign version, encoder and version, and each stage's options.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bialign import __version__
from bialign.align import AlignConfig
from bialign.checks import CheckConfig
from bialign.encoders import Encoder
from bialign.extract import ExtractConfig
from bialign.resources import default_cache_dir
from bialign.segment import SegmentConfig

DEFAULT_ENCODER = "use"




@dataclass(frozen=True)
class Config:
    """Options of one run.  ``cache_dir=None`` disables the embedding cache."""

    encoder: str = DEFAULT_ENCODER
    encoder_model: str | None = None  # a model name or folder for the "st" encoder
    cache_dir: Path | None = field(default_factory=default_cache_dir)
    password: str | None = None
    ocr: bool = False
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    segment: SegmentConfig = field(default_factory=SegmentConfig)
    align: AlignConfig = field(default_factory=AlignConfig)
    checks: CheckConfig = field(default_factory=CheckConfig)
    # Build missing one-time indexes in background processes while the documents
    # are read (bialign.prebuild); off: each is built when first needed.
    background_builds: bool = True

    def signature(self, encoder: Encoder) -> str:
        parts = [
            f"bialign {__version__}",
            f"encoder:{encoder.name}({encoder.version})",
            self.align.signature(),
            self.checks.signature(),
        ]
        if self.ocr:
            parts.append("ocr")
        return "|".join(parts)
