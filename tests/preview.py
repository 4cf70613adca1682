"""Helpers for the preview tests (watch, serve, live browser): a small site, polling, a real
`sitegen serve` process."""
from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import ctrl_c_works

ROOT = Path(__file__).resolve().parent.parent


def article(title: str, date: str = "2024-03-01T09:00:00+00:00", authors: tuple[str, ...] = ("Ada Reporter",),
            tags: tuple[str, ...] = ("Politics",), summary: str = "", body: str = "Body text.",
            draft: bool = False, slug: str = "") -> str:
    """A content file; values written as JSON, which is valid YAML whatever they contain."""
    meta = {"title": title, "date": date, "authors": list(authors), "tags": list(tags)}
    if summary:
        meta["summary"] = summary
    if draft:
        meta["draft"] = True
    if slug:
        meta["slug"] = slug
    lines = [f"{key}: {json.dumps(value)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


def small_site(n: int = 4, base_url: str = "") -> dict[str, str]:
    files = {"site.toml": site_toml(base_url=base_url)}
    for i in range(n):
        files[f"content/story-{i}.md"] = article(f"Story number {i}", date=f"2024-03-{i + 1:02d}T09:00:00+00:00",
                                                 tags=("Politics", f"Topic {i % 2}"), body=f"Paragraph of story {i}.",
                                                 slug=f"story-number-{i}")
    return files


def site_toml(title: str = "Preview Test News", base_url: str = "", extra: str = "") -> str:
    url = f'base_url = "{base_url}"\n' if base_url else ""
    return f'[site]\ntitle = "{title}"\n{url}\n[search]\nenabled = false\n{extra}'


def wait_for(predicate, timeout: float = 10.0, interval: float = 0.02, what: str = "condition"):
    """Poll until predicate() is truthy; return its value or fail the test with `what`."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def save(path: Path, text: str) -> None:
    """Save like an editor that writes in place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


class ServeProcess:
    """`sitegen serve --port 0` in a child process; .url once it listens; .stop() sends Ctrl-C."""

    def __init__(self, root: Path, *extra: str):
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sitegen.cli", "serve", "--root", str(root), "--port", "0", "--no-convert", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT, env=env, preexec_fn=ctrl_c_works)
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self.expect(r"serving (http://\S+)", timeout=60).group(1)

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.output.append(line)
            self.lines.put(line)

    def expect(self, pattern: str, timeout: float = 20.0) -> re.Match:
        """The next output line matching `pattern` (earlier lines are skipped)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no line matching {pattern!r}; output so far:\n{''.join(self.output)}") from None
            match = re.search(pattern, line)
            if match:
                return match

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError("sitegen serve did not stop on Ctrl-C within 15 s")
        return self.proc.returncode

    def __enter__(self) -> "ServeProcess":
        return self

    def __exit__(self, *exc) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
