"""The Jupyter kernel of a batch worker: started with the worker, reused for every notebook.

Starting a kernel and importing pandas, matplotlib and the library in it costs
more than executing one report notebook, so each worker process keeps one kernel
for its whole life. :func:`init_worker` (the pool's initializer) starts it as
soon as the worker exists, while the parent is still planning, and has it import
what the notebooks use; :func:`ready` hands it to the next notebook with an
empty namespace (``%reset -f``: no variable carries over, imported modules stay).

The kernel talks to the worker over IPC (Unix sockets in a private 0700 temp
folder), not TCP on localhost: nothing else on the machine can connect, and the
kernel has no reason to warn about unencrypted TCP in the analyst's terminal.
What the kernel process itself writes to stdout/stderr goes to a log file in
that folder; what the notebooks print is in the executed notebook, as before.
"""

from __future__ import annotations

import atexit
import gc
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from luoyang_analysis import paths
from luoyang_analysis.presentation import chromium
from luoyang_analysis.presentation import pdf as pdf_engine

#: The environment a kernel's notebooks depend on; a change starts a new kernel.
ENV_VARS = ("LUOYANG_ROOT", "LUOYANG_REPORTS", "LUOYANG_CJK_FONT", "SOURCE_DATE_EPOCH")

#: Run in a new kernel before its first notebook: the imports of the report
#: notebooks, the catalogue, and one drawn CJK glyph (loads the 8 MB font once).
#: Then gc.freeze(): the collector stops walking these long-lived objects again
#: and again (each ``%reset`` collects twice; that took ~0.3 CPU-s a notebook).
WARM_UP = """\
import matplotlib.pyplot as _plt
from IPython.display import HTML, Image, display
from luoyang_analysis import gaps, i18n
from luoyang_analysis.catalogue.targets import default_catalogue
from luoyang_analysis.catalogue.units import get_unit
from luoyang_analysis.deliveries import processed
from luoyang_analysis.presentation import assessment, charts, tables
default_catalogue()
_fig = _plt.figure(figsize=(1, 1))
_fig.text(0, 0, "洛阳 0")
charts.to_png(_fig)
import gc as _gc
_gc.collect()
_gc.freeze()
"""


@dataclass
class Kernel:
    manager: Any  # jupyter_client KernelManager
    env: tuple  # the values of ENV_VARS it was started with
    warm: bool = False  # WARM_UP sent
    client: Any = None  # the one client of the kernel, connected once (_client)


_KERNEL: Kernel | None = None  # this process's kernel
_STARTING = threading.Lock()  # held while a kernel starts, and for good once the batch is gone


def skip_slow_optional_imports() -> None:
    """Keep jsonschema from importing ``rfc3987_syntax`` (about 1 CPU-s a process).

    nbformat imports jsonschema, which builds a Lark grammar at import time for
    the optional "iri" string format, one that no notebook schema uses. Marking
    the module absent makes jsonschema skip that checker, as on a machine where
    it is not installed. Only for processes the batch owns (workers, the CLI).
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def init_worker(folder: str | None = None, pdf: bool = False) -> None:
    """Pool initializer: start this worker's kernel, and its PDF browser and rendering
    stack while the kernel boots.

    ``folder``: where the private folders of the kernel and the PDF browser go; the pool's owner deletes it
    after the pool, so nothing is left even if a worker dies before its clean-up.
    ``pdf``: the batch makes PDFs (the browser is started only then).
    """
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    # Ctrl-C reaches the whole process group: the batch answers it (one line, then exit),
    # and a worker ends when watch_parent sees the batch gone, without tracebacks of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    skip_slow_optional_imports()
    watch_parent()
    try:
        _start_worker(folder, pdf)
    except Exception:
        if folder is not None and not os.path.isdir(folder):
            # The batch closed its workers (and their folder) while this one was still
            # starting, as when workers started early meet a refused delivery: nothing
            # to report; the worker ends with the pool, its half-started kernel with it.
            stop()
            return
        raise


def _start_worker(folder: str | None, pdf: bool) -> None:
    kernel = start(folder)
    import nbconvert  # noqa: F401  (the first report would import them; do it while the kernel boots)
    import papermill  # noqa: F401

    if pdf:
        if folder is not None:
            chromium.keep_in(folder)  # deleted by the batch, like the kernels' folders
        pdf_engine.start()
        if pdf_engine.engine() == "weasyprint":
            import weasyprint  # noqa: F401

    gc.collect()
    gc.freeze()  # as in the kernel: later collections skip the imported modules' objects
    _warm_up(kernel, _client(kernel))  # the kernel imports while the worker waits for its first job


def nothing() -> None:
    """A job that only makes the pool start a worker (runner.Workers.start)."""


#: How often a worker checks that the batch that started it is still there (seconds).
PARENT_POLL_SECONDS = 0.5


def watch_parent(poll: float = PARENT_POLL_SECONDS) -> threading.Thread:
    """End this worker, and its kernel, when the batch that started it dies.

    A batch killed with SIGKILL cannot tell its workers; without this they would
    finish the queued reports for nobody and then idle for ever, each with a kernel
    (about 730 MB for two). A daemon thread notices the parent is gone (the worker
    is re-parented) and stops the kernel and the PDF browser, then the process, at once.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll)
        # Held until os._exit: a report still running here (Ctrl-C leaves them to run) must
        # not start a new kernel once ours is stopped; that one would be left behind.
        _STARTING.acquire()
        try:
            stop()
            chromium.close_for_good()
        finally:
            os._exit(1)  # no clean-up of a pool whose owner is gone

    thread = threading.Thread(target=watch, name="parent-watchdog", daemon=True)
    thread.start()
    return thread


def _env_key() -> tuple:
    return tuple(os.environ.get(k) for k in ENV_VARS)


def start(folder: str | None = None) -> Kernel:
    """This process's kernel, its process started if there is none (not waited for).

    A kernel started under another project root, reports folder or font, or one
    that died, is replaced. Its private folder is made in ``folder`` (default: the
    system's temporary folder).
    """
    with _STARTING:
        return _start(folder)


def _start(folder: str | None) -> Kernel:
    global _KERNEL
    if _KERNEL is not None and (_KERNEL.env != _env_key() or not _KERNEL.manager.is_alive()):
        stop()
    if _KERNEL is not None:
        return _KERNEL
    from jupyter_client.manager import KernelManager

    # Mode 0700: ours alone. Short names: a Unix socket's path has at most 107 bytes.
    runtime = Path(tempfile.mkdtemp(prefix="k-" if folder else "luoyang-kernel-", dir=folder))
    km = KernelManager(
        kernel_name="python3", transport="ipc", connection_file=str(runtime / "k.json")
    )
    env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
    try:
        with (runtime / "kernel.log").open("ab") as log:  # the kernel keeps its own descriptor
            km.start_kernel(cwd=str(paths.notebooks_dir()), env=env, stdout=log, stderr=log)
    except BaseException:
        shutil.rmtree(runtime, ignore_errors=True)
        raise
    atexit.register(_shutdown, km)
    _KERNEL = Kernel(km, _env_key())
    return _KERNEL


def _connect(kernel: Kernel):
    """A client of ``kernel``, connected once the kernel answers.

    Its own session (same key): clients sharing the manager's session share one
    identity at the kernel's shell socket, and a reply can go to the one that just
    left (papermill's), costing a second of waiting per notebook. No heartbeat
    thread: the manager knows whether its kernel process is alive.
    """
    from jupyter_client.session import Session

    km = kernel.manager
    session = Session(key=km.session.key, signature_scheme=km.session.signature_scheme)
    client = km.client(session=session)
    client.start_channels(shell=True, iopub=True, stdin=False, hb=False, control=False)
    try:
        client.wait_for_ready(timeout=60)
    except BaseException:
        client.stop_channels()
        raise
    return client


def _client(kernel: Kernel):
    """The kernel's one client: connected (and the kernel waited for) the first time only."""
    if kernel.client is None:
        kernel.client = _connect(kernel)
    return kernel.client


def _warm_up(kernel: Kernel, client) -> None:
    """Send WARM_UP once per kernel; its reply is not awaited."""
    if not kernel.warm:
        client.execute(WARM_UP, silent=True, store_history=False)
        kernel.warm = True


def ready():
    """This process's kernel manager (as :class:`Connected`), its kernel started if needed,
    idle, with an empty namespace."""
    kernel = start()
    client = _client(kernel)
    _warm_up(kernel, client)
    client.execute_interactive(
        "get_ipython().run_line_magic('reset', '-f')",
        timeout=120,  # waits for the warm-up too, the kernel runs requests in order
        output_hook=lambda _msg: None,
    )
    return Connected(kernel.manager, client)


class Connected:
    """A kernel manager as papermill sees it, whose ``client()`` is the kernel's one
    connected client.

    papermill (nbclient) asks the manager for a new client for every notebook and
    waits until it is ready; jupyter_client's wait ends by listening 0.2 s for
    stray messages. With ready()'s own client that was ~0.4 s of idling a report,
    more than the notebook's cells took. One client, connected once per kernel,
    serves the reset and every notebook: there is no second client whose replies
    could go astray.
    """

    def __init__(self, manager, client):
        self._manager = manager
        self._client = client

    def client(self, **_options):
        return _ReadyClient(self._client)

    def __getattr__(self, name):
        return getattr(self._manager, name)


class _ReadyClient:
    """The kernel's client, lent to one notebook: already started and ready, and kept
    (not stopped) when the notebook is done."""

    def __init__(self, client):
        object.__setattr__(self, "_client", client)

    def start_channels(self, *args, **kwargs) -> None:
        pass

    def wait_for_ready(self, *args, **kwargs) -> None:
        pass

    def stop_channels(self) -> None:
        pass

    def __getattr__(self, name):
        return getattr(self._client, name)

    def __setattr__(self, name, value):
        setattr(self._client, name, value)


def log_tail(lines: int = 20) -> str:
    """The last lines the current kernel process wrote (for the message when it dies)."""
    if _KERNEL is None:
        return ""
    path = Path(_KERNEL.manager.connection_file).with_name("kernel.log")  # see start()
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def stop() -> None:
    """Shut down this process's kernel (if any) and forget it."""
    global _KERNEL
    kernel, _KERNEL = _KERNEL, None
    if kernel is not None:
        if kernel.client is not None:
            try:
                kernel.client.stop_channels()
            except Exception:  # the kernel is being shut down whatever its sockets say
                pass
        _shutdown(kernel.manager)


def _shutdown(km) -> None:
    runtime = Path(km.connection_file).parent
    try:
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    except Exception:  # the process is exiting or the kernel is gone; nothing useful to report
        pass
    shutil.rmtree(runtime, ignore_errors=True)  # made by start(), for this kernel alone
