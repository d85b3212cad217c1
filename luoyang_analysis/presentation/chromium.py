"""A headless Chromium kept open by a process, printing report pages to PDF.

Why Chromium: WeasyPrint laid a county report out in about 1.3 CPU-s (some 17 ms a
table row), half of a yearly batch; a Chromium that stays open prints the same page
in about 0.4 CPU-s. It is also the engine the readers' browsers use, so the PDF is
the HTML report printed, with the same @page rules (A4, margins, running header,
"page / pages" footer).

How: the DevTools protocol over a pipe (``--remote-debugging-pipe``: the browser
reads commands on its descriptor 3 and answers on 4, JSON messages ended by a NUL
byte). No port is opened, nothing else on the machine can talk to it, and no
client package is needed for the four commands used. One browser per process
(:func:`printer`), started on first use, closed at exit; if its process dies, the
pipe breaks and the browser ends with it (it exits when its pipe closes).
"""

from __future__ import annotations

import atexit
import base64
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from luoyang_analysis.exceptions import ReportError

#: A browser binary to use instead of the first of :data:`CANDIDATES` found on PATH.
ENV_BINARY = "LUOYANG_CHROMIUM"
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

#: Seconds a command may take before the browser is taken for hung (a 25-page city
#: report prints in under 2 s; the first page of a new browser in about 1 s).
TIMEOUT_SECONDS = 120.0

# --no-sandbox: Chromium refuses to start as root with its sandbox, and containers
# often lack the user namespaces it needs; the pages are our own files, with no
# script and no network address in them. The rest keeps a headless browser from
# doing anything but print: no first-run set-up, updates, sync or extensions.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--mute-audio",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)

#: Page.printToPDF's settings: the page's own @page size and margins (report.css),
#: backgrounds (status colours), a bookmark per heading, a tagged (accessible) PDF.
PRINT_SETTINGS = {
    "printBackground": True,
    "preferCSSPageSize": True,
    "displayHeaderFooter": False,
    "generateDocumentOutline": True,
    "generateTaggedPDF": True,
}


#: A promise that settles once the page's fonts are loaded and its images decoded.
LOADED = (
    "document.fonts.ready.then(() => Promise.all("
    "[...document.images].map((img) => img.decode().catch(() => null))))"
)


def binary() -> str | None:
    """The browser to print with: ``$LUOYANG_CHROMIUM``, else the first candidate on PATH."""
    chosen = os.environ.get(ENV_BINARY)
    if chosen:
        return chosen
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


class Browser:
    """One headless browser process and one page (tab) in it."""

    def __init__(
        self, executable: str, timeout: float = TIMEOUT_SECONDS, within: str | None = None
    ):
        self.timeout = timeout
        # A short name: Chromium puts a Unix socket in it (at most 107 bytes of path).
        # ``within``: the folder to make it in (default: the system's temporary folder).
        self._folder = Path(tempfile.mkdtemp(prefix="lyc-", dir=within))
        self._buffer = bytearray()
        self._next_id = 0
        commands_read, self._commands = os.pipe()
        self._answers, answers_write = os.pipe()

        def descriptors_3_and_4() -> None:  # in the child, before exec
            a, b = os.dup(commands_read), os.dup(answers_write)  # never 3 or 4 themselves
            os.dup2(a, 3)
            os.dup2(b, 4)

        try:
            with (self._folder / "chromium.log").open(
                "ab"
            ) as log:  # the browser keeps its own copy
                self.process = subprocess.Popen(
                    [
                        executable,
                        *FLAGS,
                        f"--user-data-dir={self._folder / 'profile'}",
                        "about:blank",
                    ],
                    stdin=subprocess.DEVNULL,
                    # Its temporary files (the profile's singleton socket folder) go in our
                    # folder, deleted with it, not in the system's temporary folder.
                    env=dict(os.environ, TMPDIR=str(self._folder)),
                    stdout=subprocess.DEVNULL,
                    stderr=log,
                    preexec_fn=descriptors_3_and_4,
                    close_fds=False,  # descriptors 3 and 4 must survive the exec
                    # A group of its own (same session): close() ends every process of
                    # the browser with one signal, even after its first one has died.
                    process_group=0,
                )
        except OSError as exc:
            self._cleanup()
            raise ReportError(
                f"could not start the PDF browser {executable}: {exc.strerror}; install Debian's "
                "chromium (make .venv/.installed does as root) or set LUOYANG_PDF_ENGINE=weasyprint."
            ) from None
        finally:
            os.close(commands_read)
            os.close(answers_write)
        try:
            target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
            self._session = self._call(
                "Target.attachToTarget", {"targetId": target, "flatten": True}
            )["sessionId"]
            tree = self._call("Page.getFrameTree", session=self._session)
            self._frame = tree["frameTree"]["frame"]["id"]
        except BaseException:
            self.close()
            raise

    # ------------------------------------------------------------------ protocol

    def _send(self, message: dict) -> None:
        data = json.dumps(message).encode("utf-8") + b"\0"
        try:
            while data:
                data = data[os.write(self._commands, data) :]
        except OSError:
            raise self._gone() from None

    def _receive(self, deadline: float) -> dict:
        searched = 0
        while (end := self._buffer.find(b"\0", searched)) < 0:
            searched = len(self._buffer)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ReportError(
                    f"the PDF browser did not answer within {self.timeout:.0f} s; "
                    "run the command again, or set LUOYANG_PDF_ENGINE=weasyprint."
                )
            if select.select([self._answers], [], [], remaining)[0]:
                chunk = os.read(self._answers, 1 << 20)
                if not chunk:
                    raise self._gone()
                self._buffer += chunk
        message = json.loads(bytes(self._buffer[:end]))
        del self._buffer[: end + 1]
        return message

    def _call(self, method: str, params: dict | None = None, *, session: str | None = None) -> dict:
        """Send one command and return its result (events that come meanwhile are dropped)."""
        self._next_id += 1
        ident = self._next_id
        message = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._send(message)
        deadline = time.monotonic() + self.timeout
        while (answer := self._receive(deadline)).get("id") != ident:
            pass
        if "error" in answer:
            raise ReportError(f"the PDF browser refused {method}: {answer['error'].get('message')}")
        return answer.get("result", {})

    def _gone(self) -> ReportError:
        code = self.process.poll()
        log = self._folder / "chromium.log"
        tail = log.read_text(errors="replace").strip().splitlines()[-1:] if log.exists() else []
        return ReportError(
            f"the PDF browser stopped (exit status {code}){': ' + tail[0] if tail else ''}; "
            "run the command again, or set LUOYANG_PDF_ENGINE=weasyprint."
        )

    # ------------------------------------------------------------------ use

    def print_pdf(self, page: str) -> bytes:
        """``page`` (a whole HTML document, everything inline) printed to PDF bytes."""
        # The page goes in as the tab's document: no file to write, and no navigation
        # through the browser's network service (~0.07 CPU-s a report less than file://).
        self._call(
            "Page.setDocumentContent", {"frameId": self._frame, "html": page}, session=self._session
        )
        # Web fonts and data: images decode on their own; the print waits for both.
        self._call(
            "Runtime.evaluate", {"expression": LOADED, "awaitPromise": True}, session=self._session
        )
        printed = self._call("Page.printToPDF", PRINT_SETTINGS, session=self._session)
        return base64.b64decode(printed["data"])

    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self) -> None:
        """End the browser, every process of its group at once, and delete its profile folder.

        No polite Browser.close first: it has nothing to save (its profile is deleted
        next), and waiting for it kept every worker ~0.3 s from ending after a batch.
        The group, not the one process: renderer and helper processes outlive a browser
        process killed alone.
        """
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.process.wait()
        self._cleanup()

    def _cleanup(self) -> None:
        for fd in (getattr(self, "_commands", None), getattr(self, "_answers", None)):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._commands = self._answers = None
        shutil.rmtree(self._folder, ignore_errors=True)


_BROWSER: Browser | None = None  # this process's browser
_CLOSE_AT_EXIT: list[bool] = []  # atexit.register(close) done
_STARTING = threading.Lock()  # held while a browser starts, and for good by close_for_good
_WITHIN: list[str] = []  # where this process's browsers make their folders (keep_in)


def keep_in(folder: str) -> None:
    """Make this process's browsers' folders in ``folder``: a batch worker's are in the
    pool's folder, which the batch deletes even when the worker is killed and cannot."""
    _WITHIN[:] = [folder]


def printer() -> Browser:
    """This process's browser, started if there is none or the last one died."""
    with _STARTING:
        return _printer()


def _printer() -> Browser:
    global _BROWSER
    if _BROWSER is not None and not _BROWSER.alive():
        close()
    if _BROWSER is None:
        executable = binary()
        if executable is None:
            raise ReportError(
                "no Chromium found for the PDFs (looked for "
                f"{', '.join(CANDIDATES)}); install it or set LUOYANG_PDF_ENGINE=weasyprint."
            )
        _BROWSER = Browser(executable, within=_WITHIN[0] if _WITHIN else None)
        if not _CLOSE_AT_EXIT:
            atexit.register(close)
            _CLOSE_AT_EXIT.append(True)
    return _BROWSER


def close_for_good() -> None:
    """Close this process's browser and start no other: for a worker whose batch is gone,
    where a report still running must not open a browser nobody would close."""
    _STARTING.acquire()  # never released: the process is about to end
    close()


def close() -> None:
    """Close this process's browser, if any."""
    global _BROWSER
    browser, _BROWSER = _BROWSER, None
    if browser is not None:
        browser.close()
