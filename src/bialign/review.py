"""The review of a report folder: decisions on findings and link corrections.

State lives in ``REPORT_DIR/review.sqlite`` (stdlib sqlite3, WAL mode): table
``decisions`` (one row per finding id), ``link_edits`` (the log of
corrections) and ``overlay`` (the corrected links and findings).  The files
that ``bialign run`` wrote are never changed; the corrected view is the
original alignment with the overlay laid over it.

Link corrections are plain functions over records (``merge_next``,
``split_link``, ``correct_links``), so they are testable without a server:

* ``merge_next(links, i)``: link i and link i+1 become one link whose English
  and Chinese index lists are the two lists concatenated.
* ``split_link(links, i)``: link i becomes two links, its first sentence pair
  and the rest: ``(en[:1], zh[:1])`` then ``(en[1:], zh[1:])``.  A 1-1 link
  becomes the two one-sided links ``(en, ())`` and ``((), zh)`` (the user says
  they do not correspond); a one-sided link of k >= 2 sentences becomes its
  first sentence and the other k-1.  A one-sided single sentence cannot be
  split.  Both keep the links monotone with every sentence in one link.

After a correction the checks run again on the new links only; findings of
the other links keep their content (their link index shifts) and decisions
follow their finding to its new id.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import numpy as np

from bialign.checks import CHECK_MODULES, CheckConfig, CheckResources, run_checks
from bialign.encoders import Encoder
from bialign.errors import ReportFolderError, ReviewError, UnknownFinding
from bialign.records import (
    Alignment,
    Block,
    Document,
    Finding,
    Link,
    PageProblem,
    Pair,
    RunResult,
    Sentence,
    SimilarityMap,
    is_heading_link,
)
from bialign.report.json_out import finding_id, side_text

log = logging.getLogger(__name__)

DecisionValue = Literal["confirmed", "dismissed", ""]
LinkAction = Literal["merge_next", "split"]
DECISIONS: tuple[DecisionValue, ...] = ("confirmed", "dismissed", "")
LINK_ACTIONS: tuple[LinkAction, ...] = ("merge_next", "split")
_FINDING_ID = re.compile(r"^F(\d{4,})$")

SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
  finding_id TEXT PRIMARY KEY,
  decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'dismissed', '')),
  comment TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS link_edits (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  action TEXT NOT NULL CHECK (action IN ('merge_next', 'split')),
  link INTEGER NOT NULL,
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS overlay (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  links TEXT NOT NULL,
  findings TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class ReviewConfig:
    """Options of the review store.

    ``busy_timeout_ms``: how long a writer waits for another (another tab,
    another process) before giving up; ``max_comment_chars``: longest comment
    kept; ``similarity_checks``: checks that judge a link by its similarity
    alone, skipped on corrected links when no encoder measures it.
    """

    db_name: str = "review.sqlite"
    busy_timeout_ms: int = 30_000
    max_comment_chars: int = 10_000
    similarity_checks: tuple[str, ...] = ("drift",)
    checks: CheckConfig = CheckConfig()


@dataclass(frozen=True)
class Decision:
    """A reviewer's decision on one finding."""

    finding: str
    decision: DecisionValue
    comment: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class Correction:
    """The result of one link correction: the new run view, the range of new
    link indices that were re-checked, and old finding id -> new finding id
    for every finding that survived."""

    result: RunResult
    new_links: tuple[int, ...]
    id_map: dict[str, str]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# ---------------------------------------------------------------- report folder


def _read_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ReportFolderError(path.parent, f"{path.name} is missing",
                                "Give a folder written by 'bialign run'.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as exc:
        raise ReportFolderError(path, f"cannot be read as JSON ({exc})",
                                "Run 'bialign run' again to rewrite the report.") from None
    if not isinstance(data, dict):
        raise ReportFolderError(path, "is not a JSON object",
                                "Run 'bialign run' again to rewrite the report.")
    return data


def _document(record: dict[str, Any], lang: str, sentences: Sequence[Sentence]) -> Document:
    """The document as far as the report records it: its blocks are rebuilt from
    the sentences (one per paragraph number) with their list markers."""
    problems = tuple(PageProblem(p["page"], p["problem"], p.get("detail", ""))
                     for p in record.get("problems", []))
    markers = {int(k): str(v) for k, v in record.get("markers", {}).items()}
    by_paragraph: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
    count = max([*by_paragraph, *markers, -1]) + 1
    blocks = []
    for i in range(count):
        parts = by_paragraph.get(i, [])
        joiner = "" if lang == "zh" else " "
        blocks.append(Block(joiner.join(x.text for x in parts), parts[0].page if parts else None,
                            parts[0].kind if parts else "paragraph", markers.get(i, "")))
    return Document(record.get("path", ""), lang, tuple(blocks),  # type: ignore[arg-type]
                    record.get("pages"), problems)


def _similarity_map(record: dict[str, Any] | None) -> SimilarityMap | None:
    if not record:
        return None
    return SimilarityMap(tuple(record["en_edges"]), tuple(record["zh_edges"]),
                         tuple(tuple(float(c) for c in row) for row in record["cells"]))


def _sentences(rows: list[dict[str, Any]]) -> tuple[Sentence, ...]:
    return tuple(Sentence(r["index"], r["text"], r.get("paragraph", 0), r.get("page"),
                          r.get("kind", "paragraph")) for r in rows)


def _finding(row: dict[str, Any]) -> Finding:
    return Finding(row["category"], row["severity"], float(row["score"]), int(row["link"]),
                   row.get("message", ""), row.get("en_evidence", ""),
                   row.get("zh_evidence", ""), row.get("suggestion", ""),
                   tuple(row.get("related", ())))


def load_report(report_dir: Path) -> RunResult:
    """The run as written in ``report_dir`` (alignment.json + findings.json).

    Blocks are rebuilt from the sentences, one per paragraph, with the list
    markers alignment.json records; the similarity map is read back too.
    """
    alignment = _read_json(report_dir / "alignment.json")
    findings = _read_json(report_dir / "findings.json")
    try:
        docs, sents = alignment["documents"], alignment["sentences"]
        links = tuple(Link(tuple(r["en"]), tuple(r["zh"]), float(r["score"]),
                           float(r["confidence"])) for r in alignment["links"])
        en, zh = _sentences(sents["en"]), _sentences(sents["zh"])
        return RunResult(
            en_doc=_document(docs["en"], "en", en), zh_doc=_document(docs["zh"], "zh", zh),
            en=en, zh=zh,
            alignment=Alignment(links, _similarity_map(alignment.get("similarity_map"))),
            findings=tuple(_finding(r) for r in findings["findings"]),
            signature=alignment.get("signature", ""),
            verdict=alignment.get("summary", {}).get("verdict", ""),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ReportFolderError(report_dir, f"alignment.json or findings.json lacks {exc}",
                                "Run 'bialign run' again with this version.") from None


# ---------------------------------------------------------------- link corrections


def _check_index(links: Sequence[Link], i: int, last: int, where: str) -> None:
    if not 0 <= i <= last:
        raise ReviewError(where, f"link {i} does not exist (valid: 0..{last})",
                          "Reload the page and try again.")


def merge_next(links: Sequence[Link], i: int) -> tuple[Link, ...]:
    """Merge link i with link i+1; the merged link has confidence 1 (user-made)."""
    _check_index(links, i, len(links) - 2, "merge_next")
    a, b = links[i], links[i + 1]
    merged = Link(a.en + b.en, a.zh + b.zh, _inherited_score((a, b)), 1.0)
    return (*links[:i], merged, *links[i + 2:])


def split_link(links: Sequence[Link], i: int) -> tuple[Link, ...]:
    """Split link i into its first sentence pair and the rest (see module doc)."""
    _check_index(links, i, len(links) - 1, "split")
    link = links[i]
    if len(link.en) + len(link.zh) < 2:
        raise ReviewError("split", f"link {i} has a single sentence",
                          "Only a link of two or more sentences can be split.")
    if len(link.en) == 1 and len(link.zh) == 1:
        parts = (Link(link.en, ()), Link((), link.zh))
    elif not link.zh:
        parts = (Link(link.en[:1], ()), Link(link.en[1:], ()))
    elif not link.en:
        parts = (Link((), link.zh[:1]), Link((), link.zh[1:]))
    else:
        parts = (Link(link.en[:1], link.zh[:1]), Link(link.en[1:], link.zh[1:]))
    scored = (Link(p.en, p.zh, link.score if p.en and p.zh else 0.0, 1.0) for p in parts)
    return (*links[:i], *scored, *links[i + 1:])


def _inherited_score(links: Sequence[Link]) -> float:
    """Sentence-weighted mean score of the two-sided links (0 when none)."""
    two = [(len(k.en) + len(k.zh), k.score) for k in links if k.en and k.zh]
    total = sum(w for w, _ in two)
    return sum(w * s for w, s in two) / total if total else 0.0


def _measured(links: Sequence[Link], indices: Sequence[int], result: RunResult,
              encoder: Encoder | None) -> tuple[Link, ...]:
    """``links`` with the score of ``indices`` measured by ``encoder`` (if any)."""
    if encoder is None:
        return tuple(links)
    out = list(links)
    for i in indices:
        k = out[i]
        if k.en and k.zh:
            vec = encoder.encode([side_text(result.en, k.en, "en"),
                                  side_text(result.zh, k.zh, "zh")])
            out[i] = replace(k, score=float(np.dot(vec[0], vec[1])))
    return tuple(out)


def available_checks(config: CheckConfig, skip: Sequence[str] = ()) -> CheckConfig:
    """``config`` restricted to checks whose module is installed and not skipped."""
    names = tuple(n for n in config.enabled if n not in skip and n in CHECK_MODULES
                  and importlib.util.find_spec(CHECK_MODULES[n]) is not None)
    return replace(config, enabled=names)


def recheck(result: RunResult, indices: Sequence[int], *, resources: CheckResources,
            config: CheckConfig) -> list[Finding]:
    """Run the checks on the links at ``indices`` of ``result`` only."""
    from bialign.checks.drift import drop_explained

    pairs = [Pair(i, side_text(result.en, result.links[i].en, "en"),
                  side_text(result.zh, result.links[i].zh, "zh"),
                  result.links[i].score, result.links[i].confidence,
                  is_heading_link(result.links[i], result.en, result.zh)) for i in indices]
    resources.doc_similarities = [k.score for k in result.links if k.en and k.zh]
    wanted = set(indices)
    found = run_checks(pairs, resources=resources, config=config)
    return drop_explained([f for f in found if f.link in wanted])


def _shift(link: int, old: range, new: range) -> int:
    """Where a link index outside ``old`` lands; inside it, the first new link."""
    if link < old.start:
        return link
    if link in old:
        return new.start
    return link + len(new) - len(old)


def correct_links(result: RunResult, link: int, action: LinkAction, *,
                  resources: CheckResources, config: ReviewConfig = ReviewConfig(),
                  encoder: Encoder | None = None) -> Correction:
    """Apply one correction to ``result``, re-check the new links, remap finding ids."""
    # old: the link indices replaced; new: the indices of their replacements
    if action == "merge_next":
        links = merge_next(result.links, link)
        old, new = range(link, link + 2), range(link, link + 1)
    elif action == "split":
        links = split_link(result.links, link)
        old, new = range(link, link + 1), range(link, link + 2)
    else:
        raise ReviewError("api/links", f"unknown action {action!r}",
                          f"Use one of: {', '.join(LINK_ACTIONS)}.")
    links = _measured(links, new, result, encoder)
    corrected = replace(result, alignment=Alignment(links, result.alignment.similarity_map))
    skip = config.similarity_checks if encoder is None else ()
    fresh = recheck(corrected, new, resources=resources,
                    config=available_checks(config.checks, skip))
    tagged = _carry_over(result.findings, old, new, fresh)
    id_map = {finding_id(o): finding_id(n) for n, (o, _) in enumerate(tagged) if o is not None}
    corrected = replace(corrected, findings=tuple(f for _, f in tagged))
    return Correction(corrected, tuple(new), id_map)


def _carry_over(findings: Sequence[Finding], old: range, new: range,
                fresh: Sequence[Finding]) -> list[tuple[int | None, Finding]]:
    """(old position or None, finding) for the kept and the re-checked findings.

    Kept findings stay in their order (so ids move as little as possible);
    the re-checked ones go before the first finding of a later link.  A
    re-checked finding equal in category and evidence to a dropped one
    carries its old position, so that its decision follows it.
    """
    kept: list[tuple[int | None, Finding]] = []
    dropped: dict[tuple[str, str, str], list[int]] = {}
    for pos, f in enumerate(findings):
        if f.link in old:
            dropped.setdefault((f.category, f.en_evidence, f.zh_evidence), []).append(pos)
            continue
        related = tuple(dict.fromkeys(_shift(r, old, new) for r in f.related))
        kept.append((pos, replace(f, link=_shift(f.link, old, new), related=related)))
    added: list[tuple[int | None, Finding]] = []
    for f in fresh:
        same = dropped.get((f.category, f.en_evidence, f.zh_evidence))
        added.append((same.pop(0) if same else None, f))
    at = next((n for n, (_, f) in enumerate(kept) if f.link >= new.stop), len(kept))
    return kept[:at] + added + kept[at:]


# ---------------------------------------------------------------- the store


def _link_json(links: Sequence[Link]) -> str:
    return json.dumps([[list(k.en), list(k.zh), k.score, k.confidence] for k in links])


def _links_from_json(text: str) -> tuple[Link, ...]:
    return tuple(Link(tuple(en), tuple(zh), score, conf)
                 for en, zh, score, conf in json.loads(text))


def _findings_json(findings: Sequence[Finding]) -> str:
    return json.dumps([asdict(f) for f in findings], ensure_ascii=False)


class ReviewStore:
    """Decisions and link corrections of one report folder, in review.sqlite.

    Every method opens its own connection, so one store may serve many
    threads; every write is one ``BEGIN IMMEDIATE`` transaction, so two tabs
    (or two servers) writing at once see each other's changes in order.
    """

    def __init__(self, report_dir: Path, *, config: ReviewConfig = ReviewConfig(),
                 encoder: Encoder | None = None) -> None:
        self.report_dir = Path(report_dir)
        if not self.report_dir.is_dir():
            raise ReportFolderError(self.report_dir, "no such folder",
                                    "Give the folder that 'bialign run' wrote.")
        self.config = config
        self.encoder = encoder
        self.path = self.report_dir / config.db_name
        self._original = load_report(self.report_dir)
        self._resources = CheckResources(encoder=encoder)
        self._warm_lock = threading.Lock()
        self._warm = False
        try:
            with self._connect() as conn:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.executescript(SCHEMA)
            self._claim_report()
        except sqlite3.Error as exc:
            raise ReportFolderError(self.path, f"cannot be opened ({exc})",
                                    "Make the report folder writable, or copy it"
                                    " somewhere writable.") from None

    def _claim_report(self) -> None:
        """Tie the database to this report's content: finding ids are positions,
        so decisions made on one run must never be shown on another."""
        digest = hashlib.sha256()
        for name in ("alignment.json", "findings.json"):
            digest.update((self.report_dir / name).read_bytes())
        with self._transaction() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'report_sha256'").fetchone()
            if row is None:
                conn.execute("INSERT INTO meta VALUES ('report_sha256', ?)",
                             (digest.hexdigest(),))
            elif row[0] != digest.hexdigest():
                raise ReportFolderError(
                    self.path, "holds the review of another run (alignment.json or"
                    " findings.json changed since the review began)",
                    "Move review.sqlite away to start a new review, or restore the"
                    " report files it was made for.")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=self.config.busy_timeout_ms / 1000,
                               isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout={int(self.config.busy_timeout_ms)}")
            yield conn
        finally:
            conn.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def warm(self) -> None:
        """Run the checks once on a sample pair, so that what they load lazily
        (CC-CEDICT, spaCy, jieba: seconds) is loaded; safe from many threads."""
        with self._warm_lock:
            if self._warm:
                return
            skip = self.config.similarity_checks if self.encoder is None else ()
            run_checks([Pair(0, "Both sides agree on 2 points.", "双方同意两点。")],
                       resources=self._resources,
                       config=available_checks(self.config.checks, skip))
            self._warm = True

    # ------------------------------------------------------------ reading

    def _view(self, conn: sqlite3.Connection) -> RunResult:
        row = conn.execute("SELECT links, findings FROM overlay WHERE id = 1").fetchone()
        if row is None:
            return self._original
        findings = tuple(Finding(**{**f, "related": tuple(f["related"])})
                         for f in json.loads(row[1]))
        return replace(self._original, alignment=Alignment(_links_from_json(row[0])),
                       findings=findings)

    def result(self) -> RunResult:
        """The corrected view of the run (the original when nothing was corrected)."""
        with self._connect() as conn:
            return self._view(conn)

    def is_corrected(self) -> bool:
        """Whether any link correction was made."""
        with self._connect() as conn:
            return conn.execute("SELECT 1 FROM overlay").fetchone() is not None

    def decisions(self) -> dict[str, Decision]:
        """Every recorded decision, by finding id."""
        with self._connect() as conn:
            rows = conn.execute("SELECT finding_id, decision, comment, updated_at"
                                " FROM decisions ORDER BY finding_id").fetchall()
        return {r[0]: Decision(*r) for r in rows}

    def edits(self) -> list[tuple[LinkAction, int]]:
        """The link corrections made, oldest first, as (action, link)."""
        with self._connect() as conn:
            return conn.execute("SELECT action, link FROM link_edits ORDER BY id").fetchall()

    # ------------------------------------------------------------ writing

    def _validate(self, finding: str, decision: str, comment: str) -> None:
        if decision not in DECISIONS:
            raise ReviewError(self.path, f"decision {decision!r} is not allowed",
                              "Use 'confirmed', 'dismissed' or '' (undecided).")
        if len(comment) > self.config.max_comment_chars:
            raise ReviewError(self.path, f"the comment on {finding} has {len(comment)}"
                              f" characters (at most {self.config.max_comment_chars})",
                              "Shorten the comment.")

    def set_decision(self, finding: str, decision: str, comment: str = "") -> Decision:
        """Record (or replace) the decision on ``finding`` ("F0001"...)."""
        if not isinstance(finding, str) or not isinstance(decision, str) \
                or not isinstance(comment, str):
            raise ReviewError(self.path, "finding, decision and comment must be strings",
                              'Send {"finding": "F0001", "decision": "confirmed",'
                              ' "comment": ""}.')
        self._validate(finding, decision, comment)
        with self._transaction() as conn:
            count = len(self._view(conn).findings)
            match = _FINDING_ID.match(finding)
            if not match or finding != finding_id(int(match[1]) - 1) \
                    or not 1 <= int(match[1]) <= count:
                raise UnknownFinding(self.report_dir, finding)
            stamp = _now()
            conn.execute(
                "INSERT INTO decisions (finding_id, decision, comment, updated_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT(finding_id) DO UPDATE SET"
                " decision = excluded.decision, comment = excluded.comment,"
                " updated_at = excluded.updated_at", (finding, decision, comment, stamp))
        return Decision(finding, decision, comment, stamp)  # type: ignore[arg-type]

    def edit_links(self, link: int, action: str) -> Correction:
        """Apply a link correction, re-check, move decisions to their new ids."""
        if isinstance(link, bool) or not isinstance(link, int) or action not in LINK_ACTIONS:
            raise ReviewError(self.path, f"cannot apply {action!r} to link {link!r}",
                              'Send {"link": 12, "action": "merge_next"} or "split".')
        # load slow resources before taking the write lock, not while holding it
        self.warm()
        with self._transaction() as conn:
            before = self._view(conn)
            fix = correct_links(before, link, action,  # type: ignore[arg-type]
                                resources=self._resources, config=self.config,
                                encoder=self.encoder)
            self._move_decisions(conn, fix.id_map)
            stamp = _now()
            after = fix.result
            conn.execute("INSERT OR REPLACE INTO overlay (id, links, findings, updated_at)"
                         " VALUES (1, ?, ?, ?)",
                         (_link_json(after.links), _findings_json(after.findings), stamp))
            payload = {"before": [[list(k.en), list(k.zh)] for k in before.links[
                           link:link + (2 if action == "merge_next" else 1)]],
                       "after": [[list(after.links[i].en), list(after.links[i].zh)]
                                 for i in fix.new_links]}
            conn.execute("INSERT INTO link_edits (action, link, payload, created_at)"
                         " VALUES (?, ?, ?, ?)", (action, link, json.dumps(payload), stamp))
        log.info("%s on link %d: %d links, %d findings", action, link, len(after.links),
                 len(after.findings))
        return fix

    def _move_decisions(self, conn: sqlite3.Connection, id_map: dict[str, str]) -> None:
        rows = conn.execute("SELECT finding_id, decision, comment, updated_at"
                            " FROM decisions").fetchall()
        conn.execute("DELETE FROM decisions")
        moved = [(id_map[r[0]], *r[1:]) for r in rows if r[0] in id_map]
        conn.executemany("INSERT INTO decisions (finding_id, decision, comment, updated_at)"
                         " VALUES (?, ?, ?, ?)", moved)
        if len(moved) < len(rows):
            log.info("dropped %d decisions whose findings no longer exist",
                     len(rows) - len(moved))
