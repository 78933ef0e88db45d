"""Write a :class:`~kislearn.sanitize.SafeRecording` as a folder the sandbox reads, all at once.

Layout (the same as ``kislearn/sandbox/data/``)::

    DIR/
      accounts/<slug>.json       {"slug", "account", "title", "description", "output1", "output2"}
      prices/<symbol>.json       {"symbol", "name", "output"}, one per held symbol
      recording.json             what this folder is: format, account, files (no keys, no dates)

The files are first written into a hidden temporary folder next to ``DIR`` and the folder is then renamed
to ``DIR`` in one step, so ``DIR`` is either the complete recording or absent — never half written.
``DIR`` may be new or an empty folder; an earlier recording is replaced only with ``force=True``; any
other folder, and anything inside the kislearn package, is refused.

    python -m kislearn sandbox --data DIR        # replay it
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

from .errors import KisError, os_error_text
from .sanitize import SafeRecording

MANIFEST = "recording.json"
FORMAT = "kislearn-recording"
PACKAGE_DIR = Path(__file__).resolve().parent


class FolderError(KisError):
    """The target folder cannot take a recording (it holds other files, or lies inside the package)."""


def folder_files(safe: SafeRecording) -> dict[str, str]:
    """``{relative path: file text}`` for every file of the recording; the manifest comes last."""
    files = {f"accounts/{safe.slug}.json": _json(safe.account)}
    for symbol in sorted(safe.prices):
        files[f"prices/{symbol}.json"] = _json(safe.prices[symbol])
    manifest = {
        "format": FORMAT,
        "version": 1,
        "account": safe.account_number,
        "slug": safe.slug,
        "flavour": safe.flavour,
        "scrambled": safe.scrambled,  # the factor itself is never written
        "holdings": len(safe.account["output1"]),
        "files": list(files),
    }
    files[MANIFEST] = _json(manifest)
    return files


def _json(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def is_recording(folder: Path) -> bool:
    """Does ``folder`` hold a recording written by kislearn (its ``recording.json``)?"""
    try:
        manifest = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("format") == FORMAT


def check_target(target, *, force: bool = False) -> None:
    """Raise :class:`FolderError` unless a recording may be written at ``target``.

    Besides what is there, it checks that the folder can really be written (permissions, a read-only
    disk, a name too long, a file in the way) by making and removing the hidden folder the writing step
    will use, so the recorder learns it before its first call to KIS, not after.
    """
    target = Path(target)
    try:
        _check_what_is_there(target, force)
    except OSError as error:  # e.g. a name too long to even look up
        raise _cannot_write(target, error) from None
    check_writable(target)


def _cannot_write(target: Path, error: OSError) -> FolderError:
    shown = str(target) if len(str(target)) <= 80 else str(target)[:77] + "..."
    fix = "더 짧은 폴더 이름을 주세요" if error.errno == errno.ENAMETOOLONG else "쓸 수 있는 다른 폴더를 주세요"
    return FolderError(f"'{shown}'에 녹화를 쓸 수 없습니다 (cannot write there): {os_error_text(error)}. {fix}.")


def check_writable(target) -> None:
    """Make, then remove, the hidden sibling folder :func:`write_sample_folder` writes into (and any missing
    parent folders): :class:`FolderError` when that fails. Leaves nothing behind."""
    target = Path(target)
    created = [folder for folder in [target.parent, *target.parent.parents] if not _exists(folder)]
    probe = _sibling(target, "writing")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        probe.mkdir()
        with open(probe / MANIFEST, "w", encoding="utf-8") as file:
            file.write("{}")
    except OSError as error:
        raise _cannot_write(target, error) from None
    finally:
        shutil.rmtree(probe, ignore_errors=True)
        for folder in created:  # the parents made for the probe: the writing step makes them again
            with contextlib.suppress(OSError):
                folder.rmdir()


def _exists(folder: Path) -> bool:
    try:
        return folder.exists()
    except OSError:
        return False


def _check_what_is_there(target: Path, force: bool) -> None:
    resolved = target.resolve()
    if resolved == PACKAGE_DIR or PACKAGE_DIR in resolved.parents:
        raise FolderError(
            f"'{target}'은(는) kislearn 패키지 안입니다. 녹화는 패키지 밖의 폴더에 쓰세요 "
            "(the package's own sample data is never overwritten)."
        )
    if target.exists() and not target.is_dir():
        raise FolderError(f"'{target}'은(는) 폴더가 아니라 파일입니다. 새 폴더 이름을 주세요.")
    if target.is_dir() and any(target.iterdir()):
        if not is_recording(target):
            raise FolderError(
                f"'{target}' 폴더가 비어 있지 않고 kislearn 녹화 폴더도 아닙니다. 덮어쓰지 않습니다. "
                "새 폴더 이름을 주세요 (refusing to write into a folder with other files)."
            )
        if not force:
            raise FolderError(
                f"'{target}'에 이미 녹화가 있습니다. 바꾸려면 --force (force=True)를 쓰세요 "
                "(a recording is already there)."
            )


def write_sample_folder(safe: SafeRecording, target, *, force: bool = False) -> list[str]:
    """Write ``safe`` as the folder ``target`` in one step; returns the relative paths written."""
    target = Path(target)
    check_target(target, force=force)
    target.parent.mkdir(parents=True, exist_ok=True)
    files = folder_files(safe)
    staging = _sibling(target, "writing")
    staging.mkdir()  # a normal mkdir, so the folder gets the usual permissions (umask)
    try:
        for relative, text in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
        _move_into_place(staging, target)
    except OSError as error:  # the disk filled up, say: nothing half written is left
        shutil.rmtree(staging, ignore_errors=True)
        raise _cannot_write(target, error) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return list(files)


def _sibling(target: Path, what: str) -> Path:
    """A hidden, unused name next to ``target``: ``.DIR.writing-1a2b3c4d``."""
    return target.parent / f".{target.name}.{what}-{uuid.uuid4().hex[:8]}"


def _move_into_place(staging: Path, target: Path) -> None:
    """Rename ``staging`` to ``target``; an old recording there is moved aside first and removed after."""
    if not target.exists():
        os.replace(staging, target)
        return
    if not any(target.iterdir()):  # an empty folder the user made for it
        target.rmdir()
        os.replace(staging, target)
        return
    old = _sibling(target, "old")
    os.replace(target, old)
    try:
        os.replace(staging, target)
    except BaseException:
        os.replace(old, target)  # put the earlier recording back
        raise
    shutil.rmtree(old, ignore_errors=True)


def folder_table(folder) -> list[dict[str, Any]]:
    """One row per file of a sample folder, for showing its layout: ``[{"파일", "내용", "바이트"}, ...]``.

    Paths are relative to the folder (an absolute path would show the user's name and folders).
    """
    folder = Path(folder)
    rows = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        if relative.startswith("accounts/"):
            what = f"계좌 {data.get('account')} · 보유 {len(data.get('output1', []))}종목 · 요약 1개"
        elif relative.startswith("prices/"):
            what = f"시세 {data.get('symbol')} {data.get('name', '')}".rstrip()
        elif relative == MANIFEST:
            what = "녹화 정보 (format, account, files)"
        else:
            what = ""
        rows.append({"파일": relative, "내용": what, "바이트": path.stat().st_size})
    return rows


def accounts_in(folder) -> list[tuple[str, str]]:
    """``[(account, title), ...]`` of the account files in a sample folder (for the sandbox's start-up lines)."""
    found = []
    for path in sorted((Path(folder) / "accounts").glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            found.append((data["account"], data.get("title", data.get("slug", ""))))
        except (OSError, ValueError, KeyError, TypeError):
            found.append((path.name, "읽을 수 없는 파일 (unreadable)"))
    return found
