"""Every error bialign raises on purpose, with a message that helps.

The library raises these typed exceptions; only the CLI turns them into
``Error: ...`` lines and exit codes.  A message names the file, the problem
and what to do about it.
"""

from __future__ import annotations

from pathlib import Path


class BialignError(Exception):
    """Base class: an error the user can act on.  ``str(e)`` is one line."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


class InputError(BialignError):
    """A file given by the user cannot be used as it is."""

    def __init__(self, path: str | Path, problem: str, fix: str) -> None:
        self.path = str(path)
        super().__init__(f"{path}: {problem}. {fix}")


class FileMissing(InputError):
    def __init__(self, path: str | Path) -> None:
        super().__init__(path, "no such file", "Check the path and try again.")


class EmptyFile(InputError):
    def __init__(self, path: str | Path) -> None:
        super().__init__(path, "the file is empty (0 bytes)", "Give the complete file.")


class UnsupportedFormat(InputError):
    def __init__(self, path: str | Path, detail: str) -> None:
        super().__init__(
            path,
            f"not a format bialign reads ({detail})",
            "Give a PDF, .docx or .txt file.",
        )


class CorruptFile(InputError):
    def __init__(self, path: str | Path, detail: str) -> None:
        super().__init__(
            path,
            f"the file is damaged or truncated ({detail})",
            "Export or download it again, then retry.",
        )


class EncryptedFile(InputError):
    def __init__(self, path: str | Path, wrong_password: bool = False) -> None:
        if wrong_password:
            super().__init__(path, "the password given does not open this PDF",
                             "Check the password passed with --password.")
        else:
            super().__init__(path, "the PDF is encrypted",
                             "Pass its password with --password, or give an unencrypted copy.")


class NoText(InputError):
    def __init__(self, path: str | Path, detail: str) -> None:
        super().__init__(
            path,
            f"no readable text ({detail})",
            "It is probably a scan: install Tesseract (see README, 'OCR') and add --ocr,"
            " or give a PDF with a text layer.",
        )


class LanguageError(InputError):
    """The inputs are not one English and one Chinese document."""

    def __init__(self, path: str | Path, problem: str, fix: str) -> None:
        super().__init__(path, problem, fix)


class OCRUnavailable(BialignError):
    def __init__(self, detail: str) -> None:
        super().__init__(
            f"--ocr needs Tesseract, which was not found ({detail}). Install it with"
            " 'apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim'"
            " (or your system's equivalent), or run without --ocr."
        )


class EncoderError(BialignError):
    """An encoder cannot be loaded or used."""


class AlignmentInvariantError(BialignError):
    """The pipeline produced an alignment that loses or repeats a sentence.

    This is a bug in bialign, never the user's fault; the run stops without
    writing a report rather than write a wrong one.
    """

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"internal check failed: {detail}. No report was written; please report"
            " this bug with the two input files."
        )


class PairsFileError(InputError):
    """A pairs file for ``bialign check`` lacks what it needs."""


class DictionaryError(InputError):
    """The bundled CC-CEDICT dictionary cannot be read."""


class ReportFolderError(InputError):
    """A folder given to ``bialign serve`` or ``export`` is not a usable report."""


class ReviewError(InputError):
    """A review request (a decision or a link correction) cannot be applied."""


class UnknownFinding(ReviewError):
    """A decision names a finding id that the report does not have."""

    def __init__(self, path: str | Path, finding: str) -> None:
        super().__init__(path, f"no finding with id {finding!r} in this report",
                         "Use an id from findings.json, such as 'F0001'; reload the page"
                         " if the links were corrected in another tab.")


class ServeError(BialignError):
    """The review server cannot listen where it was asked to."""

    def __init__(self, host: str, port: int, detail: str) -> None:
        super().__init__(
            f"cannot listen on {host}:{port} ({detail}). If another program (perhaps"
            " another 'bialign serve') uses that port, pass --port with another number."
        )


class OutputError(InputError):
    """The output path cannot be written safely."""
