# SPDX-License-Identifier: BSD-3-Clause
"""``llmcore report --format pdf``: the HTML page printed to PDF by a headless Chromium.

The HTML is self-contained (plots embedded), so printing it is the whole step: no second
layout to keep in step with the first. A browser is found on PATH (``LLMCORE_BROWSER``
names one explicitly); without one the error says what to install. The PDF appears only
once complete (written beside, then renamed).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

__all__ = ["BROWSERS", "PdfError", "find_browser", "html_to_pdf"]

BROWSERS = ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome")


class PdfError(RuntimeError):
    """The PDF could not be made (no browser, or the browser failed)."""


def find_browser() -> str | None:
    """A headless-capable Chromium: ``LLMCORE_BROWSER``, else the first of BROWSERS on PATH."""
    named = os.environ.get("LLMCORE_BROWSER")
    if named:
        return shutil.which(named)
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html: str | Path, pdf: str | Path, timeout_s: float = 180.0) -> Path:
    """Print the page `html` to `pdf` (A4, no header or footer). Raises PdfError."""
    exe = find_browser()
    if exe is None:
        raise PdfError(
            "--format pdf needs a headless Chromium on PATH (e.g. apt-get install "
            "chromium-headless-shell, or set LLMCORE_BROWSER); the HTML report was written"
        )
    src, dst = Path(html).resolve(), Path(pdf)
    # the browser creates the file (with the umask's permissions), under a name of its own
    tmp = str(dst.with_name(f".{dst.name}.{os.getpid()}.tmp"))
    try:
        run = subprocess.run(
            [
                exe,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--print-to-pdf={tmp}",
                src.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=timeout_s,
        )
        body = Path(tmp).read_bytes()[:5]
        if run.returncode != 0 or body != b"%PDF-":
            tail = (run.stderr or run.stdout).strip().splitlines()[-3:]
            raise PdfError(f"{exe} could not print {src} to PDF: {' / '.join(tail) or 'no output'}")
        os.replace(tmp, dst)
    except subprocess.TimeoutExpired:
        raise PdfError(f"{exe} did not print {src} within {timeout_s:g} s") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return dst
