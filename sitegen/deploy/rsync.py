"""Publish with the system rsync: over ssh for user@host:/path, to a daemon for rsync://.

rsync compares by checksum (build outputs keep their bytes but not their mtimes), delays the
renames of updated files until all are transferred and deletes files the site no longer has
after that, mirroring the folder target's order. Its itemized output tells us what changed.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from ..write import RECORD
from .targets import Changes, DeployError, RsyncTarget

_TRANSFERRED = re.compile(r"^Total transferred file size: ([\d,.]+) bytes", re.M)


def rsync_command(public: Path, dest: str, dry_run: bool, rsync: str = "rsync") -> list[str]:
    return [rsync, "--recursive", "--links", "--checksum", "--delete", "--delete-after", "--delay-updates",
            "--compress", "--itemize-changes", "--stats", f"--exclude=/{RECORD}", *(["--dry-run"] if dry_run else []),
            f"{public}/", dest]  # trailing slash: the contents of public/, not the folder itself


def publish_rsync(public: Path, target: RsyncTarget, dry_run: bool) -> Changes:
    rsync = shutil.which("rsync")
    if not rsync:
        raise DeployError("rsync is not installed; install it (apt-get install rsync) to deploy to "
                          f"{target.dest}")
    done = subprocess.run(rsync_command(public, target.dest, dry_run, rsync), capture_output=True, text=True,
                          errors="replace")
    if done.returncode:
        raise DeployError(f"rsync to {target.dest} failed (exit status {done.returncode}): "
                          f"{done.stderr.strip() or done.stdout.strip()}")
    return parse_output(done.stdout, target.dest)


def parse_output(out: str, where: str) -> Changes:
    """Read rsync's --itemize-changes lines ('>f+++++++++ a.html', '>fc.T...... b.css',
    '*deleting   c.html') and its --stats total."""
    changes = Changes(where)
    for line in out.splitlines():
        if line.startswith("*deleting "):
            name = line[len("*deleting "):].strip()
            if not name.endswith("/"):
                changes.removed.append(name)
            continue
        code, _, name = line.partition(" ")
        if len(code) != 11 or code[1] not in "fL" or code[0] not in "<>ch":
            continue  # folders, unchanged files, stats lines
        (changes.added if code[2:].strip("+") == "" else changes.updated).append(name)
    if m := _TRANSFERRED.search(out):
        changes.bytes = int(re.sub(r"[,.]", "", m.group(1)))
    return changes
