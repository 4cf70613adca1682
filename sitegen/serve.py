"""`sitegen serve`: preview the site on 127.0.0.1, rebuild on save, reload the browser. The
preview is built into .sitegen/preview/, with links to its own address; public/ is `sitegen build`'s.

Live reload needs no browser extension: HTML responses (never the files on disk) get a small
script, served from /__sitegen/, whose one SharedWorker per browser listens to Server-Sent Events
on /__sitegen/events for every tab. When a build fails, HTML responses carry an overlay with the
errors while the last good build stays on disk and served; warnings about saved files, a banner.
"""
from __future__ import annotations

import codecs
import errno
import fcntl
import hashlib
import html
import json
import mimetypes
import os
import re
import secrets
import socket
import sys
import threading
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, quote, unquote, urlsplit

from .build import BuildOptions
from .config import CONFIG_FILE, OUTPUT_RECORD, Config, cache_folder
from .lock import LockError, first_line, held_deleted, open_lock, sign
from .watch import CONFIG, Outcome, Session, Taken, Watcher, WatchSettings, preview_config, print_outcome, run, stopped
from .write import build_began, built_for, published_previews

EVENTS = "/__sitegen/events"
EDITED = "edited"   # LiveSite.withheld's: the stories changed since the last preview was built
LOOPBACK = "127.0.0.1"   # serve's address unless --host says otherwise
PREVIEW_LOCK = "preview.lock"   # in the cache folder: held by the one `serve` of the site, naming it
IDLE_TIMEOUT = 15.0    # seconds a connection may stay silent; event streams write a keep-alive more often
MAX_KNOWN = 4096        # text files' charset verdicts kept (PreviewServer.utf8)
MAX_LISTED = 500        # changed outputs sent to browsers; beyond this, "everything changed"
KEEPALIVE = 15.0        # seconds between SSE comments, so proxies and browsers keep the stream
TYPES = {
    ".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8", ".json": "application/json",
    ".xml": "application/xml; charset=utf-8", ".txt": "text/plain",   # (a charset if it is UTF-8: content_type)
    ".svg": "image/svg+xml", ".wasm": "application/wasm", ".webmanifest": "application/manifest+json",
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".webp": "image/webp", ".avif": "image/avif", ".ico": "image/x-icon", ".woff2": "font/woff2",
    ".woff": "font/woff", ".pdf": "application/pdf",
    # Pagefind's index files are binary blobs fetched by its JS
    ".pf_meta": "application/octet-stream", ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream", ".pf_filter": "application/octet-stream",
    ".pagefind": "application/octet-stream",
}
# The types whose files may name the site's address (pages, feeds, sitemaps, JSON-LD, a manifest)
TEXTUAL = ("text/", "application/json", "application/xml", "application/manifest+json", "image/svg+xml")
NO_EXTENSION = {"_headers": "text/plain; charset=utf-8", "_redirects": "text/plain; charset=utf-8"}


def _absolute(path: str, root: str) -> str:
    """A file as a change or a warning names it (absolute, or from the site's root), resolved."""
    return os.path.realpath(os.path.join(root, path))


def _under(file: str, path: str) -> bool:
    return file == path or file.startswith(path.rstrip(os.sep) + os.sep)


def content_type(name: str, utf8: Callable[[], bool] | None = None) -> str:
    """`utf8`: whether the file is UTF-8, asked only for a text type named without a charset."""
    ext = os.path.splitext(name)[1].lower()
    kind = NO_EXTENSION.get(name) or TYPES.get(ext) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    # a text type sent without a charset (.srt, .csv, .md, .txt) is read by a browser as
    # windows-1252: the site's UTF-8 text showed as mojibake ('prÃ©sident'); one that is not UTF-8
    # (a CSV Excel saved as Windows-1252, its tab-delimited .txt) is left to the browser's guess,
    # which reads it right
    if "charset=" in kind or not kind.startswith("text/") or (utf8 is not None and not utf8()):
        return kind
    return f"{kind}; charset=utf-8"


def _utf8(path: Path, chunk: int = 1 << 20) -> bool:
    """Whether the file is UTF-8, read through: a results CSV sorted by place has its first accent
    past any first part read (Zürich after 70 KB of ASCII rows; rf49b 2), and a Windows-1252 'café'
    at its very end is a cut character. Gone or unreadable: True (the request says so)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as f:
            while data := f.read(chunk):
                decoder.decode(data)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    except OSError:
        pass
    return True


def _version(path: Path) -> tuple[int, ...] | None:
    """A file's version as its stat tells it (a save makes a new one), or None when it is gone."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


@dataclass
class LiveSite:
    """What the watch loop tells the request threads: the config, each build, the current errors."""
    config: Config
    boot: str = field(default_factory=lambda: secrets.token_hex(4))  # a restarted server reloads tabs
    seq: int = 0
    event: dict = field(default_factory=dict)
    errors: tuple[str, ...] = ()
    stale: bool = True       # the errors left the preview unbuilt (a failed build), not only a seed
    notices: tuple[str, ...] = ()   # warnings about files saved while serving, while the builds report them
    closed: bool = False
    # sub-paths base_url had earlier in this server's life: requests under them are sent to the
    # same page under the current one (open tabs reload their old address after a move)
    moved_from: tuple[str, ...] = ()
    # stories the builds of this server's life moved (a headline edit gave a new slug), old -> new
    # address, site-relative: an open tab reloads its old address, a 404 before, and is sent on
    _moved_pages: dict[str, str] = field(default_factory=dict, repr=False)
    # the base_url the preview on disk was built for while it is another one's: the last serve's (its
    # port), answering during this one's first build; its absolute links are sent as this one's
    built_for: str = ""
    # what the preview on disk published that this serve leaves out (the last serve's --drafts or
    # --future): until this one's first build replaces it, every page answers 'building', not a draft
    withheld: tuple[str, ...] = ()
    _noted: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)   # file -> its notices
    # what changed since the last build that succeeded (failed builds' saves too), and whether site.toml did
    _unbuilt: set[str] = field(default_factory=set, repr=False)
    _config_unbuilt: bool = field(default=False, repr=False)
    _cond: threading.Condition = field(default_factory=threading.Condition, repr=False)

    def publish(self, outcome: Outcome, config: Config) -> None:
        """Tell every open tab about a build: reload, swap stylesheets, or show errors (a seed
        that failed to convert stays shown until it is fixed: see Outcome.standing)."""
        changed, problems = outcome.changed, tuple(outcome.problems + outcome.standing)
        loaded = shared(outcome.copied, config.path("output"))   # (read before the lock: the files' heads)
        if problems:
            kind = "error"
        elif outcome.css_only:
            kind = "css"
        else:
            kind = "reload"
        with self._cond:
            recovered = bool(self.errors) and not problems
            same = problems == self.errors
            if config.base_path != self.config.base_path and self.config.base_path not in self.moved_from:
                self.moved_from = (*self.moved_from, self.config.base_path)
            self.config, self.errors, self.stale = config, problems, bool(outcome.problems) and not outcome.published
            if outcome.result is not None:
                self._moved_on(outcome.result.moves)
                if outcome.published or outcome.result.ok:   # the preview is this config's now
                    self.built_for, self.withheld = "", ()
            notices = self._note(outcome, config.root)
            noticed, self.notices = notices != self.notices, notices
            if not noticed and ((kind == "reload" and not changed and not recovered)
                                or (kind == "error" and same and not changed)):
                return   # nothing new to see
            self.seq += 1
            self.event = {"seq": self.seq, "type": kind, "errors": list(self.errors), "notices": notices_key(notices),
                          "changed": changed if len(changed) <= MAX_LISTED and not recovered else None,
                          "shared": loaded}
            self._cond.notify_all()

    def _note(self, outcome: Outcome, root: str) -> tuple[str, ...]:
        """The warnings to show in a banner: those about a file changed since the last build that
        succeeded (a broken .po, whose strings the pages now show in English: before, the page
        changed with no word in the browser), while the builds still report them. A site.toml
        save touches every catalog (a switch of language to a broken .po). Saves during failed
        builds count once one succeeds: before, a .po saved then never had its banner; and a
        warning a build no longer reports goes (its language switched back), not only at that
        file's save. Warnings about files not changed while serving are the terminal's only (a
        stand-in date's, repeated at every build)."""
        self._unbuilt.update(_absolute(c.path, root) for c in outcome.changes)
        self._config_unbuilt = self._config_unbuilt or any(c.kind == CONFIG for c in outcome.changes)
        if outcome.result is None or outcome.errors:   # a failed build's warnings are not all there
            return self.notices
        touched, config_touched = self._unbuilt, self._config_unbuilt
        self._unbuilt, self._config_unbuilt = set(), False
        noted: dict[str, tuple[str, ...]] = {}
        for warning in outcome.warnings:
            match = _WHERE.match(warning)
            file = _absolute(match["file"], root) if match else ""
            if match and (file in self._noted or (config_touched and file.endswith(".po"))
                          or any(_under(file, path) for path in touched)):   # (a folder: what it holds)
                noted[file] = (*noted.get(file, ()), warning)
        self._noted = noted
        return tuple(w for file in sorted(noted) for w in noted[file])

    def wait(self, seq: int, timeout: float) -> dict | None:
        """The latest event after `seq`, waiting up to `timeout`; None on timeout or close."""
        with self._cond:
            if self.seq <= seq and not self.closed:
                self._cond.wait(timeout)
            if self.closed or self.seq <= seq:
                return None
            return self.event if self.seq == seq + 1 else {**self.event, "changed": None}  # missed some

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()

    def snapshot(self) -> tuple[Config, int, tuple[str, ...]]:
        with self._cond:
            return self.config, self.seq, self.errors

    def withholding(self) -> tuple[str, ...]:
        with self._cond:
            return self.withheld

    def shown(self) -> Shown:
        """What a page served now carries (inject)."""
        with self._cond:
            return Shown(self.seq, self.boot, self.errors, self.stale, self.notices)

    def relinked(self) -> tuple[tuple[bytes, bytes], ...]:
        """What a text file served now has replaced: while the preview on disk is the last serve's,
        its base_url (as written, and percent-encoded as in a share link's ?url=) by this one's."""
        with self._cond:
            old, new = self.built_for, self.config.site.base_url
        if not old or old == new:
            return ()
        return ((old.encode(), new.encode()), (quote(old, safe="").encode(), quote(new, safe="").encode()))

    def _moved_on(self, moves: dict[str, str]) -> None:
        """Keep a build's moved stories, each old address sent straight to the latest (a story moved
        twice: the first one's to the second's new), none to itself (a headline put back). Only the
        entries of earlier builds are chained: chaining this build's own pairs sent one story's old
        address to another's page when a story took the address another left (order-dependent)."""
        pages = self._moved_pages
        for earlier, to in list(pages.items()):
            if to in moves:
                pages[earlier] = moves[to]
        pages.update(moves)
        for new in moves.values():   # a page lives there now
            pages.pop(new, None)

    def moved(self, url_path: str) -> str | None:
        """Where `url_path` is now, when a build of this server's life moved the story there, or
        when it is under a sub-path the site had before (the deepest first) but not under the
        current one; None otherwise."""
        with self._cond:
            base, earlier = self.config.base_path, sorted(self.moved_from, key=len, reverse=True)
            if url_path.startswith(base):
                rel = "/" + unquote(url_path[len(base):])
                page = self._moved_pages.get(rel) or self._moved_pages.get(rel + "/")
                if page is not None:
                    return base + quote(page[1:])
        for old in earlier:
            under = url_path.startswith(old) or url_path == old.rstrip("/")
            # (under the current one too only when the old is deeper: /news/a/ -> /news/, never a loop)
            if under and old != base and (not url_path.startswith(base) or len(old) > len(base)):
                # the rest's leading slashes dropped: /news//evil.example/ -> //evil.example/ was another site
                return base + url_path[len(old):].lstrip("/\\")
        return None


# The injected page furniture ---------------------------------------------------------------------
# Served from the preview as files, never inline: a theme's Content-Security-Policy (default-src 'self')
# blocked the inline script and styles, and the preview then neither reloaded nor showed an error.
LIVE_JS, LIVE_WORKER, LIVE_CSS = "/__sitegen/live.js", "/__sitegen/live-worker.js", "/__sitegen/live.css"

# Each tab asks one SharedWorker per browser for the builds, which holds the one event stream: a stream
# per tab took one of the 6 connections a browser opens to a host, so a 7th tab never loaded and a
# stylesheet swap's fetch waited behind 6 streams. Without SharedWorker (or EventSource in workers),
# the tab opens its own stream.
_LIVE_JS = """(function () {
  "use strict";
  var d = document.currentScript.dataset, seq = Number(d.seq), done = false, stop = function () {};
  var url = d.events + "?since=" + d.seq + "&boot=" + d.boot;
  // Each stylesheet of the tab's fetched anew at the address it has now: the preview keeps their names
  // (served no-store), so a new query does it, and no page changed. Paired by position with a fetched copy
  // of the page, one a script added (a web-font loader's) took live.css's address (review54a 2), and one
  // a script re-pointed (a theme switcher's) was put back. Another host's changed with no save.
  function swapCss() {
    // a <style>'s @import of ours names a sheet no link does, and its text, the same, is parsed once: a
    // reload (rr55c 3; a font service's, another host's, changed with no save)
    if ([].some.call(document.querySelectorAll("style"), imports)) return reload();
    // rel is a list of words: "alternate stylesheet" (a dark mode a reader picked) is one too (rr55c 4)
    document.querySelectorAll('link[rel~="stylesheet" i]').forEach(function (link) {
      var url;
      try { url = new URL(link.href); } catch (err) { return; }   // no URL ('http://['): no sheet (rr54e 3)
      if (!link.getAttribute("href") || !ours(url)) return;
      url.searchParams.set("sitegen", seq);
      var had = link.sheet, off = had && had.disabled;
      function loaded(e) {
        link.removeEventListener("load", loaded);
        link.removeEventListener("error", loaded);
        // a new address is a new sheet: one a script turned off (CSSOM: a theme switcher's) came back on (rr55c 1)
        if (e.type === "load" && off && link.sheet) link.sheet.disabled = true;
        // refused (a hand-written integrity= its saved text fails), the tab kept the old sheet: a load shows
        // none (rr55c 2). (One that never loaded, a dead link, changes nothing.)
        if (e.type === "error" && had) reload();
      }
      link.addEventListener("load", loaded);
      link.addEventListener("error", loaded);
      link.href = url.href;
    });
  }
  function imports(style) {
    try {
      return [].some.call(style.sheet.cssRules, function (rule) {
        return rule instanceof CSSImportRule && ours(new URL(rule.href, document.baseURI));
      });
    } catch (err) { return false; }   // (no sheet: a media query that fails, a disabled one)
  }
  // The preview's own address: a link by the absolute one (site.base_url: 127.0.0.1) from a tab opened at
  // localhost is another origin, yet its sheet is the preview's (rr54e 1). A blob: sheet's origin is the
  // page's, but no query fetches it: the protocol tells.
  function ours(url) {
    var loopback = function (h) { return h === "localhost" || /[.]localhost$/.test(h) || /^127[.]/.test(h) || h === "[::1]"; };
    return url.protocol === location.protocol && (url.origin === location.origin ||
      (url.port === location.port && loopback(url.hostname) && loopback(location.hostname)));
  }
  function reload() { done = true; stop(); location.reload(); }
  function handle(e) {
    if (done || (e.seq && e.seq <= seq)) return;   // seen: the shared stream began before this page
    var missed = e.seq > seq + 1, changed = missed ? null : e.changed;   // (0: another server's page) missed some: all
    seq = e.seq || seq;
    if (e.type === "error" || d.broken === "1" || (e.notices || "") !== d.notices) return reload();
    // before !changed: more stylesheets than the server lists (MAX_LISTED) leave it null; "css" says
    // every change, saved and written, was a stylesheet's (Outcome.css_only)
    if (e.type === "css" && !missed) return swapCss();
    if (!changed) return reload();
    // "shared": a static/ or root/ file any page may load changed (a script, a picture: LiveSite.publish)
    if (e.shared || changed.indexOf(d.page) >= 0) reload();
  }
  function direct() {
    var es = new EventSource(url);
    es.onmessage = function (m) { handle(JSON.parse(m.data)); };
    stop = function () { es.close(); };
  }
  function shared() {
    var worker = new SharedWorker(d.worker, {name: "sitegen-live"}), port = worker.port;
    port.onmessage = function (m) { if (m.data.alone) { stop(); direct(); } else handle(m.data); };
    worker.onerror = function () { stop(); if (!done) direct(); };
    stop = function () { port.postMessage(null); port.close(); stop = function () {}; };
    port.start();
    port.postMessage({url: url, boot: d.boot});
  }
  try { if (window.SharedWorker) shared(); else direct(); } catch (err) { direct(); }
  addEventListener("pagehide", function () { stop(); });
  addEventListener("pageshow", function (e) { if (e.persisted) location.reload(); });
  // The overlay and the banner: Close or Esc hides one until the next build's event (this tab's).
  var shown = [], before = document.activeElement;
  ["sitegen-error", "sitegen-notice"].forEach(function (id) {
    var box = document.getElementById(id), key = "sitegen-hidden:" + id + ":" + d.boot;
    if (!box) return;
    try { if (sessionStorage.getItem(key) === d.seq) { box.hidden = true; return; } } catch (err) {}
    box.querySelector(".sitegen-close").addEventListener("click", function () {
      box.hidden = true;
      try { sessionStorage.setItem(key, d.seq); } catch (err) {}
      if (box.contains(document.activeElement)) (before && before.focus ? before : document.body).focus();
    });
    shown.push(box);
  });
  function visible(id) { return shown.filter(function (b) { return b.id === id && !b.hidden; })[0]; }
  var modal = visible("sitegen-error");
  if (modal) modal.querySelector(".sitegen-close").focus();
  document.addEventListener("keydown", function (k) {
    if (k.defaultPrevented) return;   // the page's own (a lightbox's Esc)
    var notice = visible("sitegen-notice"), top = visible("sitegen-error") ||
      (notice && notice.contains(document.activeElement) ? notice : null);   // the banner is not modal
    if (k.key === "Escape" && top) top.querySelector(".sitegen-close").click();
    else if (k.key === "Tab" && visible("sitegen-error")) {   // modal: focus stays on its one button
      k.preventDefault();
      visible("sitegen-error").querySelector(".sitegen-close").focus();
    }
  });
})();
"""

# One stream per browser, relayed to its tabs (per server run: a tab of another run gets its reload).
_LIVE_WORKER = """"use strict";
var streams = {};
onconnect = function (c) {
  var port = c.ports[0], joined = null, boot = null;
  port.onmessage = function (m) {
    if (m.data === null) return leave();
    if (typeof EventSource === "undefined") return port.postMessage({alone: true});
    boot = m.data.boot;
    var s = streams[boot];
    if (!s) {
      s = streams[boot] = {ports: [], last: null, es: new EventSource(m.data.url)};
      s.es.onmessage = function (msg) {
        var e = JSON.parse(msg.data);
        s.last = e;
        s.ports.forEach(function (p) { p.postMessage(e); });
        if (!e.seq) { s.es.close(); if (streams[boot] === s) delete streams[boot]; }   // a restarted server
      };
    } else if (s.last) {
      port.postMessage(s.last);   // the tab skips it if its page is as new
    }
    s.ports.push(port);
    joined = s;
  };
  function leave() {
    if (!joined) return;
    joined.ports = joined.ports.filter(function (p) { return p !== port; });
    if (!joined.ports.length) { joined.es.close(); if (streams[boot] === joined) delete streams[boot]; }
    joined = null;
  }
};
"""

_LIVE_CSS = """#sitegen-error, #sitegen-notice { box-sizing: border-box; z-index: 2147483647; overflow: auto; color: #fff;
  font: 15px/1.5 system-ui, sans-serif; text-align: left; }
#sitegen-error { position: fixed; inset: 0; background: rgba(20, 20, 20, .94); padding: 2rem; }
#sitegen-notice { position: fixed; left: 0; right: 0; bottom: 0; max-height: 40vh; background: #3a2f00;
  border-top: 3px solid #ffcc4d; padding: .75rem 3rem .75rem 1rem; }
#sitegen-error[hidden], #sitegen-notice[hidden] { display: none; }
#sitegen-error h1 { color: #ff8080; font-size: 1.4rem; margin: 0 0 1rem; }
#sitegen-error > p, #sitegen-notice > p { margin: 0 0 1rem; }
#sitegen-notice > p { margin: 0 0 .5rem; }
.sitegen-close { position: absolute; top: .5rem; right: .5rem; font: bold 15px system-ui, sans-serif; color: #fff;
  background: #444; border: 1px solid #aaa; border-radius: 4px; padding: .25rem .6rem; cursor: pointer; }
#sitegen-error .sitegen-close { position: fixed; top: 1rem; right: 1.5rem; }
/* in the banner (fixed itself), kept in view when its list scrolls: at the viewport's top-right it covered the
   site's header */
#sitegen-notice .sitegen-close { position: sticky; top: 0; float: right; margin: 0 -2.5rem 0 .5rem; }
/* the overlay above it: the banner covered the overlay's last errors, and its Close was out of Tab's reach */
#sitegen-error:not([hidden]) ~ #sitegen-notice { display: none; }
.sitegen-close:focus { outline: 3px solid #ffcc4d; }
.sitegen-error-item { margin: 0 0 1rem; padding: .75rem 1rem; background: #000; border-left: 4px solid #ff8080; }
#sitegen-notice .sitegen-error-item { margin: 0 0 .5rem; padding: .4rem .75rem; border-left-color: #ffcc4d; }
.sitegen-error-item p { margin: 0; font: bold 14px ui-monospace, monospace; }
.sitegen-error-item pre { margin: .5rem 0 0; white-space: pre-wrap; font: 14px ui-monospace, monospace; color: #fff;
  background: none; border: 0; padding: 0; }
"""
LIVE_FILES = {LIVE_JS: (_LIVE_JS, TYPES[".js"]), LIVE_WORKER: (_LIVE_WORKER, TYPES[".js"]),
              LIVE_CSS: (_LIVE_CSS, TYPES[".css"])}

_SCRIPT = ('<script src="{js}" data-sitegen-live data-page="{page}" data-seq="{seq}" data-boot="{boot}" '
           'data-broken="{broken}" data-notices="{notices}" data-events="{events}" data-worker="{worker}"></script>\n')
_STYLES = f'<link rel="stylesheet" href="{LIVE_CSS}" data-sitegen-live-css>\n'

_OVERLAY = """<div id="sitegen-error" role="alertdialog" aria-modal="true" aria-labelledby="sitegen-error-title">
<button type="button" class="sitegen-close" aria-label="Close (Esc)">Close</button>
<h1 id="sitegen-error-title">sitegen: {count}</h1>
<p>{state} Save a fix and this page reloads; Close (or Esc) hides this until the next build.</p>
{items}
</div>
"""
# What the preview is while the errors stand: a failed build changed nothing; a seed that failed
# to convert (Outcome.standing) left the rest of the site rebuilt.
_STALE = ("Nothing was rebuilt: the preview is the last good build, and no other edit reaches it until this is "
          "fixed (another file's save builds nothing new either).")
_REBUILT = "The rest of the site was rebuilt; what failed keeps its last good build."
_NOTICE = """<div id="sitegen-notice" role="status" aria-labelledby="sitegen-notice-title">
<button type="button" class="sitegen-close" aria-label="Close (Esc)">Close</button>
<p id="sitegen-notice-title"><strong>sitegen: {count}</strong> about files you changed; the page is built. Saved fixed,
this goes.</p>
{items}
</div>
"""
_ITEM = ('<div class="sitegen-error-item"><p><span class="file">{file}</span>{line}</p><pre>{message}</pre></div>')
# 'FILE:LINE: message', or 'FILE: message' (a seed that failed, site.toml): a file has an extension
_WHERE = re.compile(r"^(?P<file>[^\s:-][^:\n]*?\.[A-Za-z0-9]+)(?::(?P<line>\d+))?: (?P<message>.*)\Z", re.S)

_BUILDING_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">{refresh}<title>Building the preview – sitegen</title></head>
<body><h1>Building the preview</h1>
<p>The last preview is not shown: {what}. This page opens the site when the first build ends.</p>
</body></html>
"""
_REFRESH = '<meta http-equiv="refresh" content="2">'   # the build's event may list pages but not this one
_WITHHELD = {"drafts": "it showed drafts (--drafts), which this serve leaves out",
             "future": "it showed stories dated ahead (--future), which this serve leaves out",
             EDITED: "the stories changed since it was built (one taken down would still show)"}
_ERROR_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Build failed – sitegen</title></head>
<body>
</body></html>
"""


@dataclass(frozen=True)
class Shown:
    """What a served page carries of the builds (inject): the event it is as new as, the errors
    standing (and whether they left the preview unbuilt: stale), and warnings about saved files."""
    seq: int
    boot: str
    errors: tuple[str, ...] = ()
    stale: bool = True
    notices: tuple[str, ...] = ()


def _items(lines: tuple[str, ...]) -> str:
    """Each line as HTML, split into file, line and message when it names them; all escaped."""
    items = []
    for text in lines:
        match = _WHERE.match(text)
        file, line, message = (match["file"], match["line"] or "", match["message"]) if match else ("", "", text)
        items.append(_ITEM.format(file=html.escape(file), message=html.escape(message),
                                  line=f', line <span class="line">{line}</span>' if line else ""))
    return "\n".join(items)


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'s' if n > 1 else ''}"


def error_overlay(errors: tuple[str, ...], stale: bool = True) -> str:
    """The errors over the page, saying whether anything was rebuilt (`stale`: nothing was)."""
    # (not 'Build failed': a seed that fails to convert leaves the rest of the site rebuilt)
    return _OVERLAY.format(count=_count(len(errors), "error"), items=_items(errors),
                           state=_STALE if stale else _REBUILT)


def notice_banner(notices: tuple[str, ...]) -> str:
    """Warnings about files just saved (a broken .po shown in English), along the page's foot."""
    return _NOTICE.format(count=_count(len(notices), "warning"), items=_items(notices))


def shared(copied: list[str], output: Path) -> bool:
    """Whether a build's changed static/ and root/ files (Outcome.copied, published in `output`) hold one
    that is no page: a script, a picture, a font, a graphic's JSON, or a piece of HTML a page's script
    loads (a nav include: no tab is its page, rr54e 2), which any page may load, so every tab reloads.
    Only its own tab reloads for a page (one in an iframe has its own live.js), or a removed one."""
    pages = [rel for rel in copied if content_type(rel).startswith("text/html")]
    # (read only when all are pages: a first build copies every root/ page, 5,000 of an old site's)
    return len(pages) < len(copied) or any(_fragment(output / rel) for rel in pages)


def _fragment(path: Path) -> bool:
    """Whether an HTML file is a piece of a page, not one: no doctype, <html> or <body> in its head."""
    try:
        with open(path, "rb") as file:
            head = file.read(4096).lower()
    except OSError:   # removed: its own tab's
        return False
    return not any(tag in head for tag in (b"<!doctype", b"<html", b"<body"))


def notices_key(notices: tuple[str, ...]) -> str:
    """A short name of a set of warnings, for a tab to tell whether its banner is the latest."""
    return hashlib.sha256("\n".join(notices).encode()).hexdigest()[:12] if notices else ""


def inject(document: bytes, page: str, shown: Shown) -> bytes:
    """Add the live-reload script (and the error overlay, the warnings banner) before </body>, or at the end."""
    extra = _SCRIPT.format(js=LIVE_JS, page=html.escape(page), seq=shown.seq, boot=shown.boot,
                           broken=int(bool(shown.errors)), notices=notices_key(shown.notices), events=EVENTS,
                           worker=LIVE_WORKER)
    if shown.notices:
        extra = notice_banner(shown.notices) + extra
    if shown.errors:   # before the banner: live.css hides a banner that follows a shown overlay
        extra = error_overlay(shown.errors, shown.stale) + extra
    if shown.errors or shown.notices:
        extra = _STYLES + extra
    data = extra.encode("utf-8")
    at = document.lower().rfind(b"</body>")
    return document + data if at < 0 else document[:at] + data + document[at:]


# HTTP --------------------------------------------------------------------------------------------
class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True        # open event streams must not hold up Ctrl-C
    request_queue_size = 128     # listen backlog (socketserver's 5 made clients wait at 50 at once)

    def __init__(self, address: tuple[str, int], live: LiveSite):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.live = live
        self._utf8_known: dict[tuple[int, ...], bool] = {}   # a file's version -> whether it is UTF-8
        super().__init__(address, PreviewHandler)

    def utf8(self, path: Path) -> bool:
        """_utf8, read once per version of a file: read at each request, a HEAD or a 100-byte range
        of a 200 MB CSV read all of it every time (rf49g 1). A file changing while read is kept
        unknown, read again at the next request."""
        version = _version(path)
        known = self._utf8_known.get(version) if version else None
        if known is None:
            known = _utf8(path)
            if version and _version(path) == version:
                if len(self._utf8_known) >= MAX_KNOWN:   # (a long session's old versions)
                    self._utf8_known.clear()
                self._utf8_known[version] = known
        return known

    def handle_error(self, request: socket.socket, client_address: tuple) -> None:
        """A client gone mid-connection (a tab killed, a phone off the Wi-Fi, a download cancelled, a
        port scan) is no error of the preview: socketserver printed its traceback, 16 lines a client
        over the build errors this terminal is for, when a kept-alive connection was reset while
        BaseHTTPRequestHandler read its next request line, outside _respond's try (review51c 3)."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)

    def url(self) -> str:
        """The address to open, as the preview's own links give it (served_base_url): a server
        on every interface (0.0.0.0) is opened at 127.0.0.1, which browsers load; Chrome refuses
        http://0.0.0.0/ on some systems."""
        host, port = self.server_address[:2]
        return f"http://{browsable(host)}:{port}{self.live.snapshot()[0].base_path}"


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT       # a keep-alive connection that sends nothing gives its thread back

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet: the terminal shows builds
        pass

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def do_GET(self) -> None:
        self._respond(head=False)

    def _respond(self, head: bool) -> None:
        try:
            if not host_allowed(self.headers.get("Host"), self.server.server_address[0]):
                return self._send(HTTPStatus.FORBIDDEN, FOREIGN_HOST, "text/plain; charset=utf-8", head)
            path = urlsplit(self.path)
            if path.path == EVENTS:
                return self._events(parse_qs(path.query), head)
            if path.path in LIVE_FILES:   # (the page furniture's, under any sub-path the site has)
                text, kind = LIVE_FILES[path.path]
                return self._send(HTTPStatus.OK, text.encode(), kind, head)
            if withheld := self.server.live.withholding():
                return self._building(withheld, head)
            self._file(path.path, path.query, head)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _file(self, url_path: str, query: str, head: bool) -> None:
        config = self.server.live.snapshot()[0]
        base = config.base_path
        if not url_path.startswith(base):
            if url_path in ("/", base.rstrip("/")):
                return self._redirect(base, query)
            return self._missing(config, url_path, "", query, head)
        if url_path[len(base):].startswith("/"):   # '/news//x/' (a template's base + '/x'): hosts merge the
            return self._redirect(re.sub(r"/{2,}", "/", url_path), query)   # slashes (nginx), so one page: 403 before
        rel = unquote(url_path[len(base):])
        output = config.path("output").resolve()
        target = resolve_under(output, rel)
        if target is None:
            return self._send(HTTPStatus.FORBIDDEN, b"forbidden: outside the site\n", "text/plain; charset=utf-8", head)
        if _is_dir(target):
            if not url_path.endswith("/"):
                return self._redirect(url_path + "/", query)
            target, rel = target / "index.html", (rel + "index.html")
        elif rel.endswith("/"):   # '/feed.xml/', '/feed.xml%2F' (decoded, as nginx maps it): a file is
            return self._missing(config, url_path, rel, query, head)   # no folder: 404 (resolve_under drops '')
        kind = content_type(target.name, lambda: self.server.utf8(target))
        # Everything no-store: the preview keeps each file's own name (stable_assets), so a name that
        # looks fingerprinted (app.20240101.js) was cached a year and its edits never shown (rf48p 2)
        relink = self.server.live.relinked() if kind.startswith(TEXTUAL) else ()
        if not kind.startswith("text/html") and not relink:   # sent as it is on disk: never read whole
            if not self._stream(target, kind, head):
                self._missing(config, url_path, rel, query, head)
            return
        data = _read(target)
        if data is None:
            return self._missing(config, url_path, rel, query, head)
        for old, new in relink:
            data = data.replace(old, new)
        if kind.startswith("text/html"):
            data = inject(data, rel, self.server.live.shown())
        self._send(HTTPStatus.OK, data, kind, head)

    def _building(self, withheld: tuple[str, ...], head: bool) -> None:
        """503 for any address while the preview on disk shows what this serve leaves out (LiveSite.
        withheld): not its pages with those stories hidden, as its front page, sections, tags and
        feeds list them too. Reloaded every 2 s, or by the next build's event while an error stands."""
        shown = self.server.live.shown()
        what = withheld_said(withheld)
        page = _BUILDING_PAGE.format(refresh="" if shown.errors else _REFRESH, what=html.escape(what))
        self._send(HTTPStatus.SERVICE_UNAVAILABLE, inject(page.encode(), "index.html", shown), TYPES[".html"], head)

    def _stream(self, target: Path, kind: str, head: bool) -> bool:
        """A file sent from disk in pieces, or the one byte range a Range header asks for (video
        seeking); False when it cannot be opened. Read whole, ten stalled downloads of a 40 MB
        video held 400 MB. The open file is the build's whichever build replaces it meanwhile."""
        try:
            file = open(target, "rb")   # noqa: SIM115 - closed below
        except OSError:
            return False
        with file:
            try:
                size = os.fstat(file.fileno()).st_size
            except OSError:
                return False
            span = None if "If-Range" in self.headers else byte_range(self.headers.get("Range"), size)
            if span == UNSATISFIABLE:
                self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return True
            start, end = span or (0, size - 1)
            self.send_response(HTTPStatus.PARTIAL_CONTENT if span else HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(end - start + 1))
            self.send_header("Accept-Ranges", "bytes")
            if span:
                self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if not head and end >= start:
                if self.connection.sendfile(file, start, end - start + 1) < end - start + 1:
                    self.close_connection = True   # cut short (truncated meanwhile): the client must see it
        return True

    def _missing(self, config: Config, url_path: str, rel: str, query: str, head: bool) -> None:
        """A 404, or a redirect when a build moved the story (a new headline) or the page is under a
        sub-path base_url had before (moved_from)."""
        moved = self.server.live.moved(url_path)
        if moved is not None:
            return self._redirect(moved, query)
        self._not_found(config, rel, self.server.live.shown(), head)

    def _not_found(self, config: Config, rel: str, shown: Shown, head: bool) -> None:
        try:
            body: bytes | None = (config.path("output") / "404.html").read_bytes()
        except OSError:   # none (or gone since: a build's switch, rm -rf of the preview): not a crashed request
            body = None
        if shown.errors and body is None:   # the first build failed: nothing to show but the errors
            data = inject(_ERROR_PAGE.encode(), rel, shown)
            return self._send(HTTPStatus.INTERNAL_SERVER_ERROR, data, TYPES[".html"], head)
        if body is None:
            body = b"<!DOCTYPE html><title>Not found</title><h1>Not found</h1>"
        self._send(HTTPStatus.NOT_FOUND, inject(body, output_for(rel), shown),
                   TYPES[".html"], head)

    def _redirect(self, location: str, query: str = "") -> None:
        """A redirect within this site only: a Location of '//host/' or '/\\host/' (which browsers
        read as another host) or with a scheme is refused (400), never sent."""
        if not location.startswith("/") or location[1:2] in ("/", "\\"):
            return self._send(HTTPStatus.BAD_REQUEST, b"", "text/plain; charset=utf-8", True)  # (HEAD or GET)
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", f"{location}?{query}" if query else location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: HTTPStatus, data: bytes, kind: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")   # a preview: always the latest build
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _events(self, query: dict[str, list[str]], head: bool) -> None:
        """Server-Sent Events: one JSON message per build; tabs from another server run reload."""
        live = self.server.live
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if head:
            return
        try:
            seq = int(query.get("since", ["0"])[0])
        except ValueError:
            seq = 0
        self.wfile.write(b"retry: 500\n\n")
        if query.get("boot", [""])[0] != live.boot:
            seq = live.snapshot()[1]
            self._message({"seq": 0, "type": "reload", "errors": [], "changed": None})
        self.wfile.flush()
        while not live.closed:
            event = live.wait(seq, KEEPALIVE)
            if event is None:
                self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
                continue
            seq = event["seq"]
            self._message(event)

    def _message(self, event: dict) -> None:
        self.wfile.write(b"data: " + json.dumps(event).encode() + b"\n\n")
        self.wfile.flush()


FOREIGN_HOST = (b"forbidden: this preview answers to http://127.0.0.1 and http://localhost only (a page of another "
                b"site may not reach it through a name it points at this computer); open it at its address\n")


def host_allowed(host: str | None, listening: str) -> bool:
    """Whether a request's Host header may be answered. A preview on this computer alone answers
    only to its loopback names: a web page elsewhere could point its own name at 127.0.0.1 (DNS
    rebinding) and then read the preview, drafts too, as its own origin (secure35). A preview
    opened to the network (--host 0.0.0.0, with its warning) answers to any name."""
    if not _is_loopback(listening) or host is None:   # no Host: HTTP/1.0 by hand, no browser sends it
        return True
    name = host.strip().lower()
    name = name[1:].split("]", 1)[0] if name.startswith("[") else name.rsplit(":", 1)[0]
    return _is_loopback(name) or name == "localhost" or name.endswith(".localhost")


def _is_loopback(host: str) -> bool:
    import ipaddress
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name longer than the file system takes (is_dir raises ENAMETOOLONG)
        return False


UNSATISFIABLE = (-1, -1)
# at most 18 digits, under 2**63 (no file is bigger): int() of 4,301 refused with a ValueError,
# which dropped the connection and printed a traceback (review47e); longer is malformed
_RANGE = re.compile(r"bytes=(\d{0,18})-(\d{0,18})\Z")


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The (first, last) byte a single `Range: bytes=...` asks for, clamped to the file; None for
    the whole file (no header, several ranges, a malformed one, a number of over 18 digits: RFC 9110
    lets a server ignore them); UNSATISFIABLE when it starts past the end (a 416)."""
    match = _RANGE.match(header.replace(" ", "")) if header else None
    if match is None or match.group(1) == match.group(2) == "":
        return None
    first, last = match.group(1), match.group(2)
    if first == "":   # the last N bytes
        return (max(size - int(last), 0), size - 1) if int(last) and size else UNSATISFIABLE
    if last and int(last) < int(first):
        return None
    if int(first) >= size:
        return UNSATISFIABLE
    return int(first), min(int(last), size - 1) if last else size - 1


def _read(path: Path) -> bytes | None:
    """A file's bytes; None when it is missing, a folder, a name the file system refuses, or a
    page the rebuild swapped in meanwhile no longer has: a 404, never a traceback and no reply."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def output_for(rel: str) -> str:
    """The output a missing page would be, so its 404 tab reloads when the page appears."""
    if rel == "" or rel.endswith("/"):
        return rel + "index.html"
    return rel if "." in rel.rsplit("/", 1)[-1] else rel + "/index.html"


def resolve_under(root: Path, rel: str) -> Path | None:
    """root/rel with symlinks resolved, or None when it leaves root ('..', absolute, a symlink out)."""
    if "\0" in rel or "\\" in rel or rel.startswith("/"):
        return None
    parts = [p for p in rel.split("/") if p]
    if any(p in (".", "..") for p in parts):
        return None
    target = root.joinpath(*parts).resolve()
    return target if target == root or target.is_relative_to(root) else None


# The command -------------------------------------------------------------------------------------
def withheld_said(withheld: tuple[str, ...]) -> str:
    return "; ".join(_WITHHELD.get(kind, f"it showed {kind}, which this serve leaves out") for kind in withheld)


def edited_since(folders: tuple[Path, ...], since_ns: int) -> bool:
    """Whether a file or folder under `folders` changed (its ctime: an edit, a rename, a file added
    or removed in a folder) after `since_ns`: a story taken down (draft: true, or removed) while serve
    was stopped. A stat each (10,000 stories: tens of ms, once); one unreadable counts as changed."""
    stack = [str(folder) for folder in folders if folder.is_dir()]
    try:
        if any(os.stat(folder).st_ctime_ns > since_ns for folder in stack):   # a story added or removed there
            return True
        while stack:
            with os.scandir(stack.pop()) as entries:
                for entry in entries:
                    if entry.stat(follow_symlinks=False).st_ctime_ns > since_ns:
                        return True
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
    except OSError:
        return True
    return False


def withheld(published: tuple[str, ...], options: BuildOptions) -> tuple[str, ...]:
    """What a preview that published `published` (its record's: "drafts", "future") shows that a
    build with `options` would not: a kind this sitegen does not know counts as shown."""
    asked = {"drafts": options.drafts, "future": options.future}
    return tuple(kind for kind in published if not asked.get(kind, False))


def last_preview_withheld(config: Config, options: BuildOptions) -> tuple[str, ...]:
    """Why the preview on disk may not answer while the first build runs: what it published that
    `options` leave out, and EDITED when the stories (content/, seeds/) changed since its record was
    written: a story taken down meanwhile would still show (any edit counts: the first build after
    a few edits is an incremental one, seconds; the last preview answers at once when none)."""
    output = config.path("output")
    kinds = withheld(published_previews(output), options)
    try:   # when its build began: the record's mtime is later after the idle search index rewrote it (rf50c 2)
        since = build_began(output) or (output / OUTPUT_RECORD).stat().st_mtime_ns
    except OSError:
        return (*kinds, EDITED)
    folders = (config.path("content"), config.path("seeds"))
    return (*kinds, EDITED) if edited_since(folders, since) else kinds


def served_origin(server: PreviewServer) -> str:
    """The address the preview answers on, without the site's sub-path (which WatchSettings.shape
    adds): canonical, feed and og URLs of the preview use it, so a page's links work on any --host
    and --port."""
    host, port = server.server_address[:2]
    return f"http://{browsable(host)}:{port}"


def browsable(host: str) -> str:
    """The listening address as a URL's host: every interface is this computer's loopback."""
    return {"0.0.0.0": "127.0.0.1", "::": "[::1]"}.get(host, f"[{host}]" if ":" in host else host)


def _listen_advice(exc: OSError, under_make: bool, settings: str = CONFIG_FILE) -> str:
    """What to change when the preview cannot listen: an address this computer does not have (or
    a name that resolves to none) is the host's fault; a port in use or not allowed, the port's.
    The command is the one the user ran: a site made by `sitegen init` has no Makefile (review46g)."""
    if isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL:
        return "pass another --host (an address of this computer, e.g. 127.0.0.1)"
    command = "make serve PORT=8001" if under_make else "sitegen serve --port 8001"
    return f"pass another --port (`{command}`), or set [serve] port in {settings}"


def reachable_warning(host: str) -> str | None:
    """A warning when the preview listens beyond this computer (`--host 0.0.0.0`, a LAN address):
    the help says only this computer can reach 127.0.0.1, and a preview may hold drafts."""
    import ipaddress
    try:
        loopback = ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        loopback = host == "localhost" or host.endswith(".localhost")
    if loopback:
        return None
    return (f"listening on {host}: other computers that can reach this one can open the preview, drafts too "
            "(with --drafts); leave out --host to keep it to this computer (127.0.0.1)")


def listening_host(given: str | None, configured: str, settings: str = CONFIG_FILE) -> tuple[str, str | None]:
    """The address to listen on, and a warning when site.toml's [serve] host asked for one beyond this
    computer: that is --host's choice alone. A cloned repository's site.toml opened a colleague's
    preview (drafts, error pages naming files) to every network on a plain `sitegen serve` (review49e)."""
    if given or reachable_warning(configured) is None:
        return given or configured, None
    return LOOPBACK, (f"{settings}'s [serve] host = \"{configured}\" would open the preview to other computers "
                      "(drafts too, and error pages naming files), which a committed file does not choose for whoever "
                      f"runs it: listening on {LOOPBACK} instead; pass --host {configured} to open it")


def hold_preview(cache: Path, url: str) -> tuple[int | None, str]:
    """The site's one preview folder, held for this server's life: (the lock file's descriptor,
    "") or, when another `serve` holds it, (None, what it wrote: its process id and address).
    Two servers rebuilt one folder, each for its own address: a save left pages of both builds
    (an edit's pages linking to one port, the rest to the other). A lockf lock: the kernel drops
    it however the server ends, and forked build workers do not inherit it."""
    path = cache_folder(cache) / PREVIEW_LOCK
    fd = open_lock(path, "serve again")
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        holder = first_line(fd)
        os.close(fd)
        return None, holder
    if (other := held_deleted(path)) is not None:   # `rm -rf .sitegen` (rr52a 2) or `mv` (rr53c 5) while it serves
        os.close(fd)
        return None, f"process {other[0]}, holding {other[1]}"
    _name(fd, url, path)
    return fd, ""


def _name(fd: int, url: str, path: Path) -> None:
    sign(fd, f"process {os.getpid()}, {url}", path)


class PreviewLock:
    """hold_preview's lock, kept in the cache folder site.toml names: a reload that moves [paths]
    cache moved the preview to <new cache>/preview/ with the lock left behind, and a second
    `serve` then started on that folder (its pages mixed the two servers' ports)."""

    def __init__(self, fd: int, url: str, path: Path) -> None:
        self.fd, self.url, self.path = fd, url, path   # path: the lock file's, as locked (sign)

    def follow(self, cache: Path, url: str, shown: str, settings: str = CONFIG_FILE) -> str | None:
        """Hold the lock in `cache` (then let the old one go) before the preview moves there;
        None, or why not (another `serve` holds it: the preview stays where it is)."""
        if self.holds(cache):   # (a second descriptor's close would free it)
            self.note(url)
            return None
        error, holder = self._take(cache, url)
        if holder is not None:
            return (f"another sitegen serve previews this site in {shown.rstrip('/')}/ ({holder or 'starting'}), where "
                    f"{settings}'s [paths] cache now puts the preview: stop that one, or set the cache folder back")
        return error

    def keep(self, cache: Path, url: str) -> str | None:
        """Still hold the lock before a build: None, or why this serve must not build. Its file
        removed (`rm -rf .sitegen`) or replaced, the lock held nothing, and a second `serve` took
        the folder: both then rebuilt it, each for its own port. Gone: made and held again."""
        if self.holds(cache):
            return None
        error, holder = self._take(cache, url)
        if holder is not None:
            return Taken(f"{cache / PREVIEW_LOCK} was removed while this serve ran, and another sitegen serve "
                         f"previews this site now ({holder or 'starting'}): this one stopped (both would build the "
                         "preview, each for its own port); open that one")
        return error

    def _take(self, cache: Path, url: str) -> tuple[str | None, str | None]:
        """Hold the lock file in `cache` in place of ours: (None, None) held; (why, None) the folder
        cannot be locked; (None, holder) another serve holds it ('' while it starts)."""
        try:
            fd, holder = hold_preview(cache, url)
        except LockError as exc:
            return str(exc), None
        except OSError as exc:
            return f"{exc.filename}: {exc.strerror}; check the cache folder's owner and permissions", None
        if fd is None:
            return None, holder or ""
        os.close(self.fd)
        self.fd, self.url, self.path = fd, url, cache / PREVIEW_LOCK
        return None, None

    def holds(self, cache: Path) -> bool:
        """Whether the lock file in `cache` is still the one held (not removed nor replaced)."""
        return _same_file(self.fd, cache / PREVIEW_LOCK)

    def note(self, url: str) -> None:
        """Name the address the preview moved to (a new sub-path), for the next `serve` to show."""
        if url != self.url:
            self.url = url
            try:
                _name(self.fd, url, self.path)
            except OSError:
                pass   # a full disk: the lock holds without the name

    def close(self) -> None:
        os.close(self.fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        st, held = path.stat(), os.fstat(fd)
    except OSError:
        return False
    return (st.st_dev, st.st_ino) == (held.st_dev, held.st_ino)


def serve(config: Config, args, stop: threading.Event | None = None) -> int:
    """`sitegen serve`: build into .sitegen/preview/ (public/ is left to `sitegen build`), serve it,
    rebuild on change and reload browsers, until Ctrl-C (KeyboardInterrupt) or `stop` (set by
    Ctrl-C and SIGTERM: cli._stop_on_sigterm). Stopped at any moment after listening, exit 0 (a
    stop before the watch loop's guard was exit 130)."""
    config = preview_config(config)
    given = WatchSettings.from_args(args)   # (a preview's stylesheet keeps its name: BuildOptions.stable_assets)
    settings = replace(given, preview=True, options=replace(given.options, stable_assets=True))
    host, kept_in = listening_host(args.host, config.serve.host, config.file)
    if kept_in is not None:
        print(f"warning: {kept_in}", file=sys.stderr)
    port = config.serve.port if args.port is None else args.port
    live = LiveSite(config)
    try:
        server = PreviewServer((host, port), live)
    except OSError as exc:
        advice = _listen_advice(exc, "MAKELEVEL" in os.environ, config.file)
        print(f"error: cannot listen on {host}:{port} ({exc.strerror}); {advice}", file=sys.stderr)
        return 2
    stop = threading.Event() if stop is None else stop
    held: PreviewLock | None = None
    thread = threading.Thread(target=server.serve_forever, name="sitegen-serve", daemon=True)
    sessions: list[Session] = []   # _serve's, made once listening (stopped() asks it whether the site is gone)
    try:
        held = _hold(config, server)
        if held is None:
            return 2
        _serve(config, settings, server, live, thread, stop, host, Listening(args.host, args.port, held), sessions)
    except KeyboardInterrupt:
        pass
    finally:
        live.close()
        if thread.is_alive():
            server.shutdown()
        server.server_close()
        if held is not None:
            held.close()
    return stopped(sessions[0] if sessions else None)   # _serve returns only when stopped, or the site is gone


def _hold(config: Config, server: PreviewServer) -> PreviewLock | None:
    """The preview's lock (hold_preview), or None, said why."""
    try:
        held, holder = hold_preview(config.path("cache"), server.url())
    except LockError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None
    except OSError as exc:
        print(f"error: {exc.filename}: {exc.strerror}; check the cache folder's owner and permissions", file=sys.stderr)
        return None
    if held is None:
        print(f"error: another sitegen serve previews this site ({holder or 'starting'}): open that one, or "
              f"stop it first (a site has one preview folder, {config.paths.output.rstrip('/')}/)", file=sys.stderr)
        return None
    return PreviewLock(held, server.url(), config.path("cache") / PREVIEW_LOCK)


@dataclass
class Listening:
    """What serve was started with that a site.toml reload cannot change: --host and --port as
    given (None: site.toml's [serve] chose), and the preview's lock (PreviewLock)."""
    host: str | None
    port: int | None
    lock: PreviewLock
    asked: tuple[str, int] | None = None   # the [serve] address a reload asked for last

    def restart_note(self, config: Config, server: PreviewServer) -> str | None:
        """A line when site.toml's [serve] host or port changed while serving: a listening server
        stays where it is, and the change was silently ignored."""
        asked = (self.host or config.serve.host, config.serve.port if self.port is None else self.port)
        if self.asked is None or asked == self.asked:
            self.asked = asked
            return None
        self.asked = asked
        return (f"note: {config.file}'s [serve] now asks for {asked[0]}:{asked[1]}; restart sitegen serve to listen "
                f"there (this one stays on {server.url()})")


def _serve(config: Config, settings: WatchSettings, server: PreviewServer, live: LiveSite, thread: threading.Thread,
           stop: threading.Event, host: str, listening: Listening, sessions: list[Session]) -> None:
    """Build, serve and rebuild until stopped (or the site's folder is gone); the session made is
    added to `sessions`."""
    if (exposed := reachable_warning(host)) is not None:
        print(f"warning: {exposed}", file=sys.stderr)
    if not settings.base_url:  # links in the preview point at the preview, whatever site.toml says
        settings = replace(settings, preview_origin=served_origin(server))
        config = settings.shape(config)
        live.config = config
    session = Session(config, settings)
    session.say = None if settings.quiet else lambda note: print(note, flush=True)
    session.vet = lambda new: listening.lock.follow(new.path("cache"), served_origin(server) + new.base_path,
                                                    new.paths.cache, new.file)
    session.guard = lambda: listening.lock.keep(session.config.path("cache"), server.url())
    session.holding = lambda: listening.lock.holds(session.config.path("cache"))
    sessions.append(session)
    shown = config.base_path  # the sub-path of the address printed last
    listening.restart_note(config, server)

    def report(outcome: Outcome) -> None:
        nonlocal shown
        print_outcome(outcome, settings.quiet, session.config.root, session.said)
        live.publish(outcome, session.config)
        if (note := listening.restart_note(session.config, server)) is not None:
            print(note, flush=True)
        if outcome.result is not None and session.config.base_path != shown:  # site.toml moved it
            shown = session.config.base_path
            listening.lock.note(server.url())
            print(f"serving {server.url()} (base_url's new sub-path)", flush=True)

    with Watcher(session.sources) as watcher:   # started first: saves during the first build count
        # the last serve's preview, whole (a build replaces it only when it succeeds), answers while this
        # first build runs: it was 'listening, not answering' for all of a long one (review44b)
        if (config.path("output") / OUTPUT_RECORD).is_file():
            live.built_for = built_for(config.path("output"))   # its links: the last serve's address
            live.withheld = last_preview_withheld(config, settings.options)
            thread.start()
            print(f"answering {server.url()} with the last preview while the first build runs" if not live.withheld else
                  f"answering {server.url()} with a 'building' page until the first build ends: the last preview "
                  f"is not shown: {withheld_said(live.withheld)}", flush=True)
        first = session.first_build()

        def ready() -> None:   # inside run's save-on-exit guard (see run)
            report(first)
            if thread.ident is None:
                thread.start()
            print(f"serving {server.url()} (Ctrl-C stops)", flush=True)
        run(session, watcher, report, stop, first=first, ready=ready)
