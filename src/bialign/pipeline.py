"""The one place that knows the order of the stages.

extract -> segment -> encode/align -> check -> report.  Functions here take
paths and a ``Config`` and return records; the CLI turns them into files,
messages and exit codes.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bialign.align import align_sentences, align_texts
from bialign.checks import CheckResources, run_checks
from bialign.checks.dictionary import Dictionary
from bialign.checks.drift import drop_explained
from bialign.checks.scoring import score_pairs
from bialign.config import Config
from bialign.encoders import CachedEncoder, Encoder, load_encoder
from bialign.errors import (
    AlignmentInvariantError,
    DictionaryError,
    LanguageError,
    NoText,
    OutputError,
)
from bialign.extract import extract_document
from bialign.extract.language import detect_language
from bialign.prebuild import Prebuild
from bialign.progress import NullProgress, Progress
from bialign.records import (
    Document,
    Finding,
    Link,
    Pair,
    RunResult,
    Sentence,
    is_heading_link,
)
from bialign.segment import segment_document

log = logging.getLogger(__name__)

# A document is "bilingual" when at least this share of its blocks is in the
# other language.  Blocks are counted rather than weighed by length: the same
# content takes about three times as many characters in English as in Chinese.
BILINGUAL_MIN_SHARE = 0.3
# Blocks shorter than this say too little about their language.
MIN_BLOCK_CHARS_FOR_LANGUAGE = 20
# The documents "look parallel" when at least this share of their sentences
# sits in links that beat chance (see ``linked_share``).
PARALLEL_MIN_SHARE = 0.5
# A link beats chance when its score exceeds this quantile of the scores of
# random sentence pairings drawn from the same two documents.
CHANCE_QUANTILE = 0.95
CHANCE_SAMPLES = 2000
# Below this many sentences on a side, chance cannot be told from a match
# (3 sentences give 9 pairings): short documents are always checked.
MIN_SENTENCES_FOR_VERDICT = 10


# ---------------------------------------------------------------- encoders


# Encoding calls of at least this many strings (cache misses) show progress.
REPORT_ENCODING_FROM = 500
ENCODING_CHUNK = 2048  # strings between two progress updates (smaller chunks cost the encoder CPU)


class ReportingEncoder:
    """An encoder that shows progress, with time left, on large calls.

    It wraps the model itself (inside the cache), so it counts only the strings
    that really get encoded; after a large call it announces ``resume`` again,
    so that the time that follows is not attributed to encoding.
    """

    def __init__(self, inner: Encoder, progress: Progress, resume: str) -> None:
        self.inner = inner  # span_encoding() looks through it
        self._progress = progress
        self._resume = resume
        self.name, self.version, self.dim = inner.name, inner.version, inner.dim

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) < REPORT_ENCODING_FROM:
            return self.inner.encode(texts)
        self._progress.stage(f"Encoding {len(texts):,} sentences and spans not in the cache")
        parts = []
        for start in range(0, len(texts), ENCODING_CHUNK):
            parts.append(self.inner.encode(texts[start:start + ENCODING_CHUNK]))
            self._progress.update(min(start + ENCODING_CHUNK, len(texts)), len(texts))
        if self._resume:
            self._progress.stage(self._resume)
        return np.vstack(parts)


def build_encoder(config: Config, progress: Progress | None = None, resume: str = ""
                  ) -> Encoder:
    """The configured encoder, wrapped in the on-disk cache when enabled.

    With ``progress``, large encoding calls report their progress, and then
    the stage ``resume`` is announced again.
    """
    options: dict[str, object] = {}
    if config.encoder_model:
        options["model"] = config.encoder_model
    encoder = load_encoder(config.encoder, **options)
    if progress is not None:
        encoder = ReportingEncoder(encoder, progress, resume)
    if config.cache_dir is not None:
        return CachedEncoder(encoder, config.cache_dir)
    return encoder


# ---------------------------------------------------------------- languages


def _language_shares(doc: Document) -> dict[str, float]:
    weights = {"en": 0.0, "zh": 0.0}
    for block in doc.blocks:
        if len(block.text) >= MIN_BLOCK_CHARS_FOR_LANGUAGE:
            weights[detect_language(block.text)] += 1
    total = sum(weights.values()) or 1.0
    return {lang: w / total for lang, w in weights.items()}


def assign_languages(first: Document, second: Document) -> tuple[Document, Document]:
    """Return (English, Chinese) whatever order the files were given in.

    Raises LanguageError for a bilingual file or two files in one language.
    """
    for doc in (first, second):
        shares = _language_shares(doc)
        if min(shares.values()) >= BILINGUAL_MIN_SHARE:
            raise LanguageError(
                doc.path,
                f"this file holds both English ({shares['en']:.0%}) and Chinese"
                f" ({shares['zh']:.0%}) text",
                "Give the English and the Chinese versions as two separate files.",
            )
    if first.lang == second.lang:
        name = "English" if first.lang == "en" else "Chinese"
        raise LanguageError(
            second.path,
            f"both files are in {name} (so is {first.path})",
            "Give one English and one Chinese version of the document.",
        )
    return (first, second) if first.lang == "en" else (second, first)


# ---------------------------------------------------------------- invariants


def verify_links(links: Sequence[Link], n_en: int, n_zh: int) -> None:
    """Every sentence of both sides in exactly one link, links monotone."""
    next_en = next_zh = 0
    for number, link in enumerate(links):
        if not link.en and not link.zh:
            raise AlignmentInvariantError(f"link {number} is empty")
        for side, indices, expected in (("English", link.en, next_en), ("Chinese", link.zh,
                                                                         next_zh)):
            if indices and list(indices) != list(range(expected, expected + len(indices))):
                raise AlignmentInvariantError(
                    f"link {number} has {side} sentences {list(indices)}, expected to start"
                    f" at {expected}"
                )
        next_en += len(link.en)
        next_zh += len(link.zh)
    if (next_en, next_zh) != (n_en, n_zh):
        raise AlignmentInvariantError(
            f"links cover {next_en}/{n_en} English and {next_zh}/{n_zh} Chinese sentences"
        )


def link_text(sentences: Sequence[Sentence], indices: Sequence[int], lang: str) -> str:
    joiner = "" if lang == "zh" else " "
    return joiner.join(sentences[i].text for i in indices)


def make_pairs(links: Sequence[Link], en: Sequence[Sentence], zh: Sequence[Sentence]
               ) -> list[Pair]:
    return [
        Pair(index=i, en=link_text(en, link.en, "en"), zh=link_text(zh, link.zh, "zh"),
             similarity=link.score, confidence=link.confidence,
             heading=is_heading_link(link, en, zh))
        for i, link in enumerate(links)
    ]


# ---------------------------------------------------------------- verdict


def linked_share(links: Sequence[Link], en: Sequence[Sentence], zh: Sequence[Sentence],
                 encoder: Encoder, *, seed: int = 0) -> float:
    """Share of all sentences that sit in two-sided links scoring above chance.

    Chance is measured on the documents themselves: the ``CHANCE_QUANTILE``
    of the similarity of random English/Chinese sentence pairings, so the
    rule does not depend on the encoder's scale.
    """
    total = len(en) + len(zh)
    if not total:
        return 0.0
    rng = np.random.default_rng(seed)
    n = min(CHANCE_SAMPLES, len(en) * len(zh))
    ei = rng.integers(0, len(en), n)
    zi = rng.integers(0, len(zh), n)
    en_vec = encoder.encode([en[i].text for i in ei])
    zh_vec = encoder.encode([zh[i].text for i in zi])
    chance = float(np.quantile(np.sum(en_vec * zh_vec, axis=1), CHANCE_QUANTILE))
    covered = sum(len(link.en) + len(link.zh) for link in links
                  if link.en and link.zh and link.score > chance)
    return covered / total


def parallel_verdict(share: float) -> str:
    """One plain sentence when the documents do not look like two versions of one text."""
    if share >= PARALLEL_MIN_SHARE:
        return ""
    return (f"Only {share:.0%} of sentences could be linked with confidence; these do not"
            " look like two versions of one document, so no divergence checks were run.")


# ---------------------------------------------------------------- run


@dataclass(frozen=True)
class RunOutput:
    result: RunResult
    pair_scores: tuple[float, ...]


def _extract(path: Path, config: Config, progress: Progress) -> Document:
    progress.stage(f"Reading {path.name}")
    doc = extract_document(path, config=config.extract, password=config.password,
                           ocr=config.ocr, progress=progress.update)
    for problem in doc.problems:
        log.warning("%s: page %d unreadable (%s) %s", path, problem.page, problem.problem,
                    problem.detail)
    return doc


def _shared_dictionary(resources: CheckResources) -> Dictionary | None:
    """CC-CEDICT for the aligner's second pass, the same copy the checks use;
    None (the aligner then goes without) when it cannot be read."""
    try:
        return resources.dictionary
    except DictionaryError as error:
        log.warning("CC-CEDICT could not be read: %s", error)
        return None


def run_pipeline(first: Path, second: Path, *, config: Config = Config(),
                 progress: Progress | None = None) -> RunOutput:
    """Run every stage on two documents given in either language order."""
    progress = progress or NullProgress()
    if first.exists() and first.resolve() == second.resolve():
        raise LanguageError(second, "is the same file as the first input",
                            "Give the English and the Chinese versions of the document.")
    prebuild = Prebuild.start(config.checks.enabled) if config.background_builds else Prebuild()
    try:
        return _run_stages(first, second, config, progress, prebuild)
    finally:
        prebuild.stop()  # the child still running: the run failed before alignment


def _run_stages(first: Path, second: Path, config: Config, progress: Progress,
                prebuild: Prebuild) -> RunOutput:
    """The stages in order; alignment first waits for the background build."""
    en_doc, zh_doc = assign_languages(_extract(first, config, progress),
                                      _extract(second, config, progress))
    progress.stage("Splitting sentences")
    en = segment_document(en_doc, config=config.segment)
    zh = segment_document(zh_doc, config=config.segment)
    for doc, sentences in ((en_doc, en), (zh_doc, zh)):
        if not sentences:
            raise NoText(doc.path, "no sentences were found in it")
    aligning = f"Aligning {len(en)} English and {len(zh)} Chinese sentences"
    progress.stage(aligning)
    encoder = build_encoder(config, progress, aligning)
    resources = CheckResources(encoder=encoder)
    prebuild.wait()  # CC-CEDICT for alignment; the checks' indexes built meanwhile
    alignment = align_sentences(en, zh, encoder, config=config.align,
                                dictionary=_shared_dictionary(resources))
    verify_links(alignment.links, len(en), len(zh))
    pairs = make_pairs(alignment.links, en, zh)
    verdict = ""
    if min(len(en), len(zh)) >= MIN_SENTENCES_FOR_VERDICT:
        verdict = parallel_verdict(linked_share(alignment.links, en, zh, encoder))
    findings: list[Finding] = []
    resources.doc_similarities = [p.similarity for p in pairs if p.en and p.zh]
    if not verdict:
        progress.stage("Checking meaning")
        findings = drop_explained(run_checks(pairs, resources=resources, config=config.checks))
    # The score's clause and coverage features cost encoding and a dictionary:
    # only when the checks ran.
    scores = score_pairs(pairs, findings, resources,
                         coverage=bool(config.checks.enabled) and not verdict)
    result = RunResult(en_doc=en_doc, zh_doc=zh_doc, en=en, zh=zh, alignment=alignment,
                       findings=tuple(findings), signature=config.signature(encoder),
                       verdict=verdict)
    return RunOutput(result=result, pair_scores=tuple(scores))


# What a report folder may hold: bialign's own outputs and the review state.
REPORT_FILES = frozenset({"report.html", "alignment.json", "findings.json", "findings.csv",
                          "findings.xlsx", "pairs.tsv", "alignment.tmx", "beads.txt"})


def check_output_dir(out_dir: Path, inputs: Sequence[Path] = ()) -> None:
    """Refuse an output folder whose replacement would destroy the user's files.

    Called before any work starts, so a bad ``-o`` fails in a second, not
    after the whole run.  A folder is replaced only when it is new, empty,
    or holds nothing but an earlier bialign report.
    """
    out_dir = out_dir.resolve()
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(out_dir, "is a file, not a folder",
                          "Give the name of a new folder for the report with -o.")
    for path in inputs:
        if path.resolve().is_relative_to(out_dir):
            raise OutputError(out_dir, f"holds the input {path.name}, and the report folder is"
                              " replaced as a whole", "Give a new folder with -o.")
    if out_dir.is_dir():
        foreign = sorted(p.name for p in out_dir.iterdir()
                         if p.name not in REPORT_FILES and not p.name.startswith("review."))
        if foreign:
            shown = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "")
            raise OutputError(out_dir, f"holds files bialign did not write ({shown}), and the"
                              " report folder is replaced as a whole",
                              "Give a new or empty folder with -o.")
    parent = out_dir.parent
    while not parent.exists():
        parent = parent.parent
    if not os.access(parent, os.W_OK):
        raise OutputError(out_dir, f"cannot be created: {parent} is not writable",
                          "Give a folder you can write to with -o.")


def publish(output: RunOutput, out_dir: Path) -> list[Path]:
    """Write the reports into a temporary folder, then move it into place.

    An interrupted or failed run never leaves a half-written report: either
    ``out_dir`` holds the complete new report, or it is as it was before.
    """
    from bialign.report import write_reports

    check_output_dir(out_dir)
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    old = out_dir.with_name(f".{out_dir.name}.old")
    try:
        written = write_reports(output.result, staging, pair_scores=output.pair_scores)
        _keep_review(out_dir, staging)
        if out_dir.exists():
            if old.exists():
                shutil.rmtree(old)
            os.replace(out_dir, old)
        os.replace(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if old.exists() and not out_dir.exists():
            os.replace(old, out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return [out_dir / p.relative_to(staging) for p in written]


REVIEW_FILE = "review.sqlite"
PREVIOUS_REVIEW_FILE = "review.previous.sqlite"


def _keep_review(out_dir: Path, staging: Path) -> None:
    """A review recorded on the folder being replaced belongs to the old
    findings; keep it beside the new report instead of deleting it."""
    if (out_dir / REVIEW_FILE).exists():
        for suffix in ("", "-wal", "-shm"):  # SQLite's write-ahead log holds recent writes
            old = out_dir / f"{REVIEW_FILE}{suffix}"
            if old.exists():
                shutil.copy2(old, staging / f"{PREVIOUS_REVIEW_FILE}{suffix}")
        log.warning("%s held a review of the previous report; it is kept as %s", out_dir,
                    PREVIOUS_REVIEW_FILE)


# ---------------------------------------------------------------- other jobs


def align_presegmented(first: Sequence[str], second: Sequence[str], *, config: Config = Config(),
                       progress: Progress | None = None) -> tuple[list[Link], bool]:
    """Align two one-sentence-a-line texts; returns links and whether ``first`` is English."""
    first_is_en = detect_language("\n".join(first)) == "en"
    second_is_en = detect_language("\n".join(second)) == "en"
    if first_is_en == second_is_en:
        raise LanguageError("(input)", "both inputs are in the same language",
                            "Give one English and one Chinese file.")
    en, zh = (first, second) if first_is_en else (second, first)
    aligning = f"Aligning {len(en)} English and {len(zh)} Chinese sentences"
    progress = progress or NullProgress()
    progress.stage(aligning)
    alignment = align_texts(list(en), list(zh), build_encoder(config, progress, aligning),
                            config=config.align)
    verify_links(alignment.links, len(en), len(zh))
    return list(alignment.links), first_is_en


def check_pairs(pairs: Sequence[Pair], *, config: Config = Config(),
                progress: Progress | None = None) -> tuple[list[Finding], list[float]]:
    """Check already-aligned pairs: findings and one 0..1 score per pair."""
    progress = progress or NullProgress()
    encoder = build_encoder(config, progress)
    progress.stage(f"Encoding {len(pairs)} pairs")
    two_sided = [p for p in pairs if p.en and p.zh]
    sims: dict[int, float] = {}
    if two_sided:
        en_vec = encoder.encode([p.en for p in two_sided])
        zh_vec = encoder.encode([p.zh for p in two_sided])
        sims = {p.index: float(s) for p, s in zip(two_sided, np.sum(en_vec * zh_vec, axis=1),
                                                  strict=True)}
    scored = [Pair(index=p.index, en=p.en, zh=p.zh, similarity=sims.get(p.index, 0.0),
                   confidence=p.confidence) for p in pairs]
    resources = CheckResources(encoder=encoder, doc_similarities=list(sims.values()))
    progress.stage("Checking meaning")
    findings = drop_explained(run_checks(scored, resources=resources, config=config.checks))
    return findings, score_pairs(scored, findings, resources)
