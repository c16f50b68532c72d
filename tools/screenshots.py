#!/usr/bin/env python
"""Dev only (not in CI): render the docs pages from saved outputs, serve them on localhost and take headless-Chromium
screenshots of a few pages, so a person can look at what the site shows.

    python tools/screenshots.py [page ...]      # default: index, 01, 03, 03a, 06, 09, 10

Needs Debian's chromium (`apt-get install chromium`). Pages are rendered by tools/docs_check.py into _html/ from nbdev's processed notebooks (as the site shows them);
screenshots go to _screenshots/<page>.png."""
import functools, http.server, shutil, subprocess, sys, tempfile, threading
from pathlib import Path

root = Path(__file__).resolve().parent.parent
PAGES = ['index', '01_data_layout', '03_presizing', '03a_widgets', '06_lr_finder', '09_interpretation', '10_pets']

def main(pages):
    chromium = shutil.which('chromium') or shutil.which('chromium-browser')
    if not chromium: sys.exit('chromium is not installed: `apt-get install chromium` (Debian), then run this again.')
    html, out = root / '_html', root / '_screenshots'
    subprocess.run([sys.executable, str(root / 'tools' / 'docs_check.py')] + [str(root / 'nbs' / f'{p}.ipynb') for p in pages])
    out.mkdir(exist_ok=True)
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args): pass
    handler = functools.partial(Quiet, directory=str(html))
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        for p in pages:
            if not (html / f'{p}.html').exists(): print(f'skip {p}: not rendered'); continue
            with tempfile.TemporaryDirectory() as profile:
                cmd = [chromium, '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
                       '--disable-component-update', '--disable-sync', '--no-first-run', f'--user-data-dir={profile}',
                       '--hide-scrollbars', '--window-size=1280,2400', f'--screenshot={out / (p + ".png")}',
                       f'http://127.0.0.1:{srv.server_port}/{p}.html']
                r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
            print(f'{p}: {out / (p + ".png")}' if r.returncode == 0 else f'{p}: chromium failed: {r.stderr[-300:]}')
    finally: srv.shutdown()

if __name__ == '__main__': main(sys.argv[1:] or PAGES)
