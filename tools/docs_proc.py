#!/usr/bin/env python
"""Run nbdev's own docs processing (what `nbdev_docs` runs before Quarto) over the notebooks, and fail on anything
that would break or slow the site.

    python tools/docs_proc.py                      # every notebook in nbs/, processed into _proc/
    python tools/docs_proc.py nbs/03_presizing.ipynb

For each notebook, in a fresh process as nbdev does it (`nbdev.serve_drv.main` with `nbdev.processors.FilterDefaults`):
- the notebook must pass `nbformat.validate`;
- every processor must succeed: `exec_show_docs` re-executes each cell that holds an import, an export or a
  `show_doc`, in order, without the other cells, so such a cell must not use a variable made by an earlier cell;
- nbdev's warning "Found cells containing imports and other code" is an error here: keep imports in cells of their own;
- no cell marked `slow` or `notest` may be among the cells the docs build re-runs (benchmarks and long training
  must never run during a docs build): move its import into a cell of its own.
It prints one line per notebook (time, cells re-run, the slowest one) as each finishes; the processed notebooks
land in _proc/ (ignored by git) for `tools/docs_check.py` to render as the site would show them."""
import json, os, re, subprocess, sys, time, warnings
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

root = Path(__file__).resolve().parent.parent
MIXED = 'Found cells containing imports and other code'

def _flags(src: str) -> set:
    return {m.group(1) for m in re.finditer(r'^\s*#\|\s*([\w-]+)', src, re.M)}

def process(src: str, dst: str) -> dict:
    "Process one notebook exactly as `nbdev_docs` does; report errors, warnings and the cells it re-ran"
    import nbformat
    res = dict(nb=Path(src).name, problems=[], ran=[], secs=0.0)
    try: nbformat.validate(nbformat.read(src, as_version=4))
    except Exception as e:
        res['problems'].append(f'not a valid notebook (nbformat.validate): {" ".join(str(e).split())[:300]}')
        return res
    import nbdev.processors as P, nbdev.serve_drv as D
    orig = P.exec_show_docs.__call__
    def timed(self, cell):
        t = time.perf_counter()
        try: orig(self, cell)
        finally:
            if getattr(self, 'k', None) is not None and self.nb.has_docs_ and P._do_eval(cell):
                res['ran'].append((cell.idx_, time.perf_counter() - t, cell.source))
    P.exec_show_docs.__call__ = timed
    t0 = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        try: D.main((Path(src), Path(dst), P.FilterDefaults))
        except BaseException as e:
            cause = e.__cause__ or e.__context__
            msg = ' '.join(str(e).split())[:600]
            if cause is not None: msg += f' -- caused by {type(cause).__name__}: {" ".join(str(cause).split())[:300]}'
            res['problems'].append(f'nbdev processing failed: {type(e).__name__}: {msg}')
    res['secs'] = time.perf_counter() - t0
    seen = set()
    for w in caught:
        text = str(w.message)
        if MIXED in text and text not in seen:
            seen.add(text)
            body = text.split('---')[1].strip() if text.count('---') >= 2 else text
            res['problems'].append(f'a cell mixes imports with other code (nbdev re-runs all of it): {body[:200]!r}')
    for idx, secs, src_ in res['ran']:
        bad = _flags(src_) & {'slow', 'notest'}
        if bad: res['problems'].append(f'cell {idx} is marked {sorted(bad)} but the docs build re-runs it: {src_[:120]!r}')
    res['ran'] = [(i, s, src_.splitlines()[0][:70] if src_ else '') for i, s, src_ in res['ran']]
    return res

def run_one(src: Path, dst: Path) -> dict:
    "`process` in a fresh Python (nbdev runs each notebook in a spawned process; its shell replaces `__main__`)"
    p = subprocess.run([sys.executable, __file__, '--one', str(src), str(dst)], capture_output=True, text=True, cwd=root)
    try: return json.loads(p.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return dict(nb=src.name, problems=[f'the processing crashed (exit {p.returncode}): {(p.stdout + p.stderr)[-1500:]}'], ran=[], secs=0.0)

def notebooks(args) -> list:
    if args: return [Path(a).resolve() for a in args]
    return sorted(p for p in (root / 'nbs').glob('*.ipynb') if not p.name.startswith(('_', '.')))

def main(args) -> int:
    files = notebooks(args)
    missing = [str(f) for f in files if not f.is_file()]
    if missing: print(f'docs_proc: no notebook at {missing}'); return 2
    out = root / '_proc'
    out.mkdir(exist_ok=True)
    t0, bad = time.time(), 0
    print(f'nbdev docs processing of {len(files)} notebooks (about a minute on 2 cores) into {out.relative_to(root)}/', flush=True)
    os.chdir(root)  # nbdev_docs runs from the project's root
    workers = max(1, min(len(files), os.cpu_count() or 1))
    with ThreadPoolExecutor(workers) as ex:
        futs = [ex.submit(run_one, f, out / f.name) for f in files]
        for fut in as_completed(futs):
            r = fut.result()
            slowest = max(r['ran'], key=lambda x: x[1], default=None)
            extra = f', slowest cell {slowest[0]} {slowest[1]:.1f} s ({slowest[2]!r})' if slowest else ''
            print(f"{'ok  ' if not r['problems'] else 'FAIL'} {r['nb']:<32} {r['secs']:5.1f} s, {len(r['ran'])} cells re-run{extra}"
                  + ''.join(f'\n     - {p}' for p in r['problems']), flush=True)
            bad += bool(r['problems'])
    print(f'{len(files) - bad} notebooks processed ok, {bad} failed, in {time.time() - t0:.0f} s')
    return 1 if bad else 0

if __name__ == '__main__':
    if sys.argv[1:2] == ['--one']:
        r = process(*sys.argv[2:4])
        sys.stdout.flush()
        print('\n' + json.dumps(r))
    else: sys.exit(main(sys.argv[1:]))
