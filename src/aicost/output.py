"""Write a finished report to stdout or to a file, never leaving half a file behind."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from aicost.errors import AicostError


def write_report(text: str, output: Path | None) -> None:
    """Write `text` to stdout (`output` None or "-") or to the file `output`.

    A regular file is replaced atomically: the text goes to a temporary file in the
    same folder, which is then renamed over it, so a failed run leaves the old file
    as it was. A symlink is followed and its target replaced. A FIFO or a device such
    as /dev/null cannot be replaced, so it is written to directly.
    """
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return

    target = output.resolve() if output.is_symlink() else output
    if target.is_dir():
        raise AicostError(f"cannot write {output}: it is a directory")
    if target.exists() and not target.is_file():
        _write_directly(text, output, target)
        return
    _replace_atomically(text, output, target)


def _write_directly(text: str, output: Path, target: Path) -> None:
    try:
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        raise AicostError(f"cannot write {output}: {error.strerror}") from None


def _replace_atomically(text: str, output: Path, target: Path) -> None:
    directory = target.parent if str(target.parent) else Path(".")
    try:
        handle, temp_name = tempfile.mkstemp(
            dir=directory, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise AicostError(
            f"cannot write {output}: {error.strerror}",
            hint="check that the folder exists and is writable",
        ) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as temp:
            temp.write(text)
        os.chmod(temp_name, _file_mode(target))
        os.replace(temp_name, target)
    except OSError as error:
        Path(temp_name).unlink(missing_ok=True)
        raise AicostError(f"cannot write {output}: {error.strerror}") from None


def _file_mode(target: Path) -> int:
    """Return the permissions for `target`.

    They are those of the file it replaces, else the umask's default, because mkstemp
    creates its file readable by the owner only.
    """
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
