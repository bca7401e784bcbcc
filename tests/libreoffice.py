"""Accept or reject every tracked change of a Word file with headless LibreOffice.

The caller's Python starts this file under the system interpreter that has LibreOffice's
`uno` module (Debian's python3-uno). That worker starts `soffice --headless` with a fresh
profile and a private pipe, loads the document hidden, dispatches
.uno:AcceptAllTrackedChanges (or Reject...), checks that no tracked change is left and
stores the result as Word 2007 XML.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

UNO_PYTHON = "/usr/bin/python3"
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
COMMANDS = {"accept": ".uno:AcceptAllTrackedChanges", "reject": ".uno:RejectAllTrackedChanges"}


def available() -> bool:
    """Return whether LibreOffice and its Python bridge are installed."""
    if not Path(SOFFICE).exists() or not Path(UNO_PYTHON).exists():
        return False
    found = subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True, check=False)
    return found.returncode == 0


def resolve_all(action: str, source: Path, target: Path, timeout: float = 240) -> int:
    """Write `target`: `source` with every tracked change accepted or rejected; return how
    many tracked changes LibreOffice found in `source`."""
    done = subprocess.run(
        [UNO_PYTHON, __file__, "--worker", action, str(source.resolve()), str(target.resolve())],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={k: v for k, v in os.environ.items() if not k.startswith("PYTHON")},
        check=False,
    )
    if done.returncode != 0 or not target.is_file():
        raise RuntimeError(f"{action} failed ({done.returncode}): {done.stdout} {done.stderr}")
    return int(done.stdout.split("redlines=")[1].split()[0])


def _properties(**values: object) -> tuple[object, ...]:
    from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

    found = []
    for name, value in values.items():
        item = PropertyValue()
        item.Name, item.Value = name, value
        found.append(item)
    return tuple(found)


def _connect(pipe: str, office: subprocess.Popen[bytes]) -> object:
    import uno  # type: ignore[import-not-found]
    from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + 120
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if office.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"soffice did not start ({office.poll()})") from None
            time.sleep(0.2)


def _worker(action: str, source: str, target: str) -> None:
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    pipe = "lo_" + uuid.uuid4().hex
    office = subprocess.Popen(
        [
            SOFFICE,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        context: object = _connect(pipe, office)
        manager = context.ServiceManager  # type: ignore[attr-defined]
        desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        document = desktop.loadComponentFromURL(
            Path(source).as_uri(), "_blank", 0, _properties(Hidden=True)
        )
        before = document.getRedlines().getCount()
        frame = document.getCurrentController().getFrame()
        helper = manager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        helper.executeDispatch(frame, COMMANDS[action], "", 0, ())
        if document.getRedlines().getCount():
            raise SystemExit("tracked changes are left")
        document.setPropertyValue("RecordChanges", False)
        document.storeToURL(
            Path(target).as_uri(), _properties(FilterName="MS Word 2007 XML", Overwrite=True)
        )
        document.close(True)
        print(f"redlines={before}")
        with contextlib.suppress(Exception):  # the bridge goes down with the office
            desktop.terminate()
    finally:
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(office.pid, 9)  # the process group this worker started, alone
            office.wait()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    _worker(*sys.argv[2:5])
