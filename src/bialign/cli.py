"""The command line: argv -> Config -> pipeline -> files; errors -> messages.

Exit codes: 0 success, 1 an error (one line on stderr, no traceback),
2 a usage error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bialign import __version__
from bialign.errors import BialignError, FileMissing, InputError

if TYPE_CHECKING:
    from bialign.config import Config
    from bialign.progress import Progress

log = logging.getLogger("bialign")

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


# ---------------------------------------------------------------- helpers


def _config(args: argparse.Namespace) -> Config:
    from bialign.config import Config  # lazily: `bialign --help` stays fast

    config = Config()
    changes: dict[str, Any] = {}
    if getattr(args, "encoder", None):
        changes["encoder"] = args.encoder
    if getattr(args, "model", None):
        changes["encoder_model"] = args.model
    if getattr(args, "no_cache", False):
        changes["cache_dir"] = None
    if getattr(args, "password", None) is not None:
        changes["password"] = args.password
    if getattr(args, "ocr", False):
        changes["ocr"] = True
    return replace(config, **changes)


def _progress(args: argparse.Namespace) -> Progress:
    from bialign.progress import NullProgress, StderrProgress

    return NullProgress() if args.quiet else StderrProgress()


def _say(args: argparse.Namespace, message: str) -> None:
    if not args.quiet:
        print(message, file=sys.stderr)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _read_lines(path: Path) -> list[str]:
    if not path.exists():
        raise FileMissing(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, "is not UTF-8 text", "Save it as UTF-8, one sentence a line."
                         ) from None
    return [line.strip() for line in text.splitlines()]


# ---------------------------------------------------------------- commands


def cmd_run(args: argparse.Namespace) -> int:
    from bialign.pipeline import check_output_dir, publish, run_pipeline

    check_output_dir(Path(args.output), [Path(args.first), Path(args.second)])
    progress = _progress(args)
    output = run_pipeline(Path(args.first), Path(args.second), config=_config(args),
                          progress=progress)
    progress.stage("Writing the report")
    written = publish(output, Path(args.output))
    progress.close()
    result = output.result
    linked = sum(len(k.en) + len(k.zh) for k in result.links if k.en and k.zh)
    total = len(result.en) + len(result.zh)
    counts = {s: sum(f.severity == s for f in result.findings) for s in ("error", "warning",
                                                                          "info")}
    _say(args, f"{len(result.en)} English and {len(result.zh)} Chinese sentences;"
               f" {linked} of {total} in two-sided links, {total - linked} unmatched.")
    if result.verdict:
        _say(args, result.verdict)
    _say(args, f"Findings: {_count(counts['error'], 'error')},"
               f" {_count(counts['warning'], 'warning')}, {_count(counts['info'], 'note')}.")
    _say(args, f"Report: {written[0].parent / 'report.html'}")
    return EXIT_OK


def cmd_align(args: argparse.Namespace) -> int:
    from bialign.beads import format_beads

    config = _config(args)
    if args.presegmented:
        from bialign.pipeline import align_presegmented

        progress = _progress(args)
        links, first_is_en = align_presegmented(_read_lines(Path(args.first)),
                                                _read_lines(Path(args.second)), config=config,
                                                progress=progress)
        progress.close()
    else:
        from bialign.pipeline import run_pipeline

        no_checks = replace(config, checks=replace(config.checks, enabled=()))
        output = run_pipeline(Path(args.first), Path(args.second), config=no_checks,
                              progress=_progress(args))
        links = list(output.result.links)
        first_is_en = output.result.en_doc.path == str(Path(args.first))
    text = format_beads(links, src_is_en=first_is_en)
    out = Path(args.beads)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    _say(args, f"{len(links)} beads written to {out}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from bialign.pairs import check_output_format, read_pairs, write_scored
    from bialign.pipeline import check_pairs

    check_output_format(Path(args.output))
    table, pairs = read_pairs(Path(args.pairs))
    findings, scores = check_pairs(pairs, config=_config(args), progress=_progress(args))
    out = write_scored(table, pairs, findings, scores, Path(args.output))
    flagged = len({f.link for f in findings if f.severity != "info"})
    _say(args, f"{len(pairs)} pairs checked, {flagged} flagged; written to {out}")
    return EXIT_OK


def cmd_encoders(args: argparse.Namespace) -> int:
    from bialign.encoders import list_encoders

    if args.build_e5:
        from bialign.encoders.e5 import build_e5_folder

        folder = build_e5_folder(Path(args.build_e5))
        print(f"multilingual-e5-small written to {folder}; use it with"
              f" --encoder st --model {folder}")
        return EXIT_OK
    for info in list_encoders():
        state = "installed" if info.installed else "not installed"
        dim = f"{info.dim}-d" if info.dim else "dimension set by the model"
        print(f"{info.name:8} {info.description} [{info.package}; {info.licence}; {dim};"
              f" {state}]")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from bialign.serve import serve, server_url

    _say(args, f"Review server for {args.report_dir}: open {server_url(args.host, args.port)}"
               " (Ctrl+C to stop)")
    serve(Path(args.report_dir), host=args.host, port=args.port)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from bialign.export import export_review

    out = export_review(Path(args.report_dir), Path(args.output))
    _say(args, f"Review written to {out}")
    return EXIT_OK


# ---------------------------------------------------------------- parser


def _common(p: argparse.ArgumentParser, *, encoder: bool = True) -> None:
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    p.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    if encoder:
        p.add_argument("--encoder", help="sentence encoder (see 'bialign encoders';"
                       " default: use)")
        p.add_argument("--model", help="model name or folder for --encoder st")
        p.add_argument("--no-cache", action="store_true",
                       help="do not read or write the embedding cache")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bialign",
        description="Align the English and Chinese versions of a document and flag every"
                    " difference in meaning.")
    parser.add_argument("--version", action="version", version=f"bialign {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("run", help="align two documents and write the divergence report",
                       description="Align two documents (PDF, DOCX or TXT; English and Chinese,"
                                   " in either order) and write the report folder.")
    p.add_argument("first", metavar="EN_FILE", help="one version (PDF, .docx or .txt)")
    p.add_argument("second", metavar="ZH_FILE", help="the other version")
    p.add_argument("-o", "--output", required=True, metavar="OUT_DIR",
                   help="report folder to write (replaced as a whole when complete)")
    p.add_argument("--password", help="password of encrypted PDFs")
    p.add_argument("--ocr", action="store_true",
                   help="read pages without a usable text layer with Tesseract")
    _common(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("align", help="align two texts and write a bead file",
                       description="Align two texts and write beads such as '[0, 1]:[0]'"
                                   " (0-based, SRC side first).")
    p.add_argument("first", metavar="SRC")
    p.add_argument("second", metavar="TGT")
    p.add_argument("--presegmented", action="store_true",
                   help="inputs hold one sentence a line")
    p.add_argument("--beads", required=True, metavar="OUT", help="bead file to write")
    _common(p)
    p.set_defaults(func=cmd_align)

    p = sub.add_parser("check", help="check already-aligned pairs (TSV/CSV/XLSX/TMX)",
                       description="Check already-aligned pairs: a table with columns 'zh'"
                                   " and 'en', or a TMX file. Writes the rows with score,"
                                   " flags and messages appended.")
    p.add_argument("pairs", metavar="PAIRS")
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="output table; .tsv, .csv or .xlsx")
    _common(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("encoders", help="list the sentence encoders and where they come from")
    p.add_argument("--build-e5", metavar="DIR",
                   help="write multilingual-e5-small as a sentence-transformers folder (offline)")
    _common(p, encoder=False)
    p.set_defaults(func=cmd_encoders)

    p = sub.add_parser("serve", help="review a report folder in the browser")
    p.add_argument("report_dir", metavar="REPORT_DIR")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8765)
    _common(p, encoder=False)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("export", help="write the review decisions of a report folder")
    p.add_argument("report_dir", metavar="REPORT_DIR")
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="findings with decisions (.csv or .xlsx), or the corrected alignment"
                        " (.tmx, .tsv, or .txt beads)")
    _common(p, encoder=False)
    p.set_defaults(func=cmd_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    level = logging.ERROR if args.quiet else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s")
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except BialignError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Interrupted; nothing was written.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if args.debug:
            raise
        print(f"Error: internal error ({type(exc).__name__}: {exc}). Run again with --debug"
              " and report it with the input files.", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
