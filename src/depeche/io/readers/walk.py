"""The entries of an input folder, every one accounted for.

`walk(folder, kind_of)` yields, in sorted order (each folder's names sorted, folders read where
they sort), an `Entry` for every regular file whose format `kind_of` knows — and for every entry
that cannot be read: a folder that cannot be listed, a broken symbolic link, a symbolic link loop
(a link to a file that loops, or to a folder above it), a FIFO, socket or device with an input's
name. Those come with the reason they cannot be read, so the reader makes them error lines instead
of passing over them; nothing is ever opened here (a FIFO would block). Files of other kinds are
passed over. Symbolic links to folders are followed.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

_KINDS = {stat.S_IFIFO: "a FIFO", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device"}


@dataclass(frozen=True)
class Entry:
    path: Path
    kind: str | None  # the format it would be read as (None for a folder)
    problem: str | None = None  # why it cannot be read; None for a regular file to read


def not_regular(mode: int) -> str:
    """`not a regular file (a FIFO)`, and the like, for a stat mode."""
    return f"not a regular file ({_KINDS.get(stat.S_IFMT(mode), 'of an unknown kind')}); not read"


def broken(path: Path, err: OSError) -> str:
    """Why `os.stat(path)` failed, in words."""
    if err.errno == errno.ELOOP:
        return "a symbolic link loop (too many levels of symbolic links); not read"
    if err.errno == errno.ENOENT and path.is_symlink():
        try:
            target = os.readlink(path)
        except OSError:  # pragma: no cover - removed meanwhile
            target = "?"
        return f"a broken symbolic link (to {target}, which does not exist); not read"
    return f"cannot be read ({err.strerror or err})"


def _kind_of_target(link: Path, kind_of: Callable[[Path], str | None]) -> str | None:
    """The format a broken link's target's name says, if the link is one."""
    try:
        return kind_of(Path(os.readlink(link)))
    except OSError:  # not a link
        return None


def walk(folder: Path, kind_of: Callable[[Path], str | None], _above: frozenset = frozenset()) -> Iterator[Entry]:
    """Every entry below `folder` to read or to name (see the module's doc)."""
    try:
        info = os.stat(folder)
        with os.scandir(folder) as listing:
            names = sorted(entry.name for entry in listing)
    except OSError as err:
        yield Entry(folder, None, f"folder cannot be read ({err.strerror or err}); nothing in it was read")
        return
    above = _above | {(info.st_dev, info.st_ino)}
    for name in names:
        path = folder / name
        try:
            status = os.stat(path)
        except OSError as err:
            kind = kind_of(path) or _kind_of_target(path, kind_of)
            if kind is not None:
                yield Entry(path, kind, broken(path, err))
            continue
        mode, key = status.st_mode, (status.st_dev, status.st_ino)
        if stat.S_ISDIR(mode):
            if key in above:
                yield Entry(path, None, "a symbolic link loop (a link to a folder that contains it); not read")
            else:
                yield from walk(path, kind_of, above)
            continue
        kind = kind_of(path)
        if kind is None:
            continue
        yield Entry(path, kind, None if stat.S_ISREG(mode) else not_regular(mode))
