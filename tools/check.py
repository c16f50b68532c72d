#!/usr/bin/env python
"""Every check of the test command, in CI's order, with one closing line `N passed, N failed`.

While debugging, `LESSONLIB_CHECKS=readme,export` runs only those checks and `LESSONLIB_NBS=01_data_layout.ipynb`
tests only those notebooks; CI sets neither, so it runs everything.

Run through `bash tools/test.sh`, which installs `.[dev]` first. Each check prints PASS or FAIL with what to do;
notebooks are tested with nbdev_test (default flags: cells marked `slow` or `notest` are skipped)."""
import json, os, re, shutil, subprocess, sys, tempfile, time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

root = Path(__file__).resolve().parent.parent
os.chdir(root)
results = []  # (name, ok, detail)

def record(name, ok, detail='', secs=None):
    results.append((name, ok))
    t = f' ({secs:.0f} s)' if secs is not None else ''
    print(f"{'PASS' if ok else 'FAIL'} {name}{t}" + (f': {detail}' if detail else ''), flush=True)

def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)

def snapshot(paths):
    return {p: p.read_bytes() for g in paths for p in sorted(root.glob(g)) if p.is_file()}

def changed(before, after): return sorted(str(p.relative_to(root)) for p in set(before) | set(after) if before.get(p) != after.get(p))

def check_nbdev_version():
    import nbdev
    ok = nbdev.__version__.startswith('2.')
    record('nbdev 2 installed', ok, f'found nbdev {nbdev.__version__}; settings.ini needs nbdev<3 (`pip install -e ".[dev]"`)' if not ok else nbdev.__version__)

def check_workflows():
    bad = [str(p.relative_to(root)) for p in (root / '.github' / 'workflows').glob('*.y*ml') if re.search(r'nbdev3-ci|quarto-ghp3', p.read_text())]
    record('workflows use nbdev<3 actions', not bad, f'{bad} use nbdev 3 actions, which reject settings.ini' if bad else '')

def check_no_unsafe_loading():
    pat = re.compile(r'weights_only\s*=\s*False|pickle\.loads?\(|(?<![.\w])eval\(')  # builtin eval, not model.eval()
    bad = [f'{p.relative_to(root)}:{i}' for p in (root / 'lessonlib').rglob('*.py') for i, l in enumerate(p.read_text().splitlines(), 1) if pat.search(l)]
    record('no unsafe loading in lessonlib/', not bad, f'{bad}: never unpickle or eval untrusted data' if bad else '')

def check_clean():
    before = snapshot(['nbs/**/*.ipynb'])
    r = run(['nbdev_clean'])
    diff = changed(before, snapshot(['nbs/**/*.ipynb']))
    record('notebooks clean (nbdev_clean changes nothing)', r.returncode == 0 and not diff,
           (r.stderr.strip()[-500:] or f'nbdev_clean changed {diff}: commit the cleaned notebooks (or run nbdev_install_hooks)') if (r.returncode or diff) else '')

def check_export():
    globs = ['lessonlib/**/*.py', 'pyproject.toml']
    before = snapshot(globs)
    r = run(['nbdev_export'])
    diff = changed(before, snapshot(globs))
    record('library in step with notebooks (nbdev_export changes nothing)', r.returncode == 0 and not diff,
           (r.stderr.strip()[-500:] or f'nbdev_export changed {diff}: export the notebooks and commit lessonlib/') if (r.returncode or diff) else '')

def check_readme():
    r = run([sys.executable, 'tools/readme.py', '--check'])
    record('README.md in step with nbs/index.ipynb', r.returncode == 0, '' if r.returncode == 0 else r.stdout[-3000:])

def check_house():
    "The modules' import graph: no cycle, no module importing a later notebook's (tools/house.py)"
    r = run([sys.executable, 'tools/house.py'])
    record('module house: no import cycle or back-edge (tools/house.py)', r.returncode == 0,
           '' if r.returncode == 0 else '\n' + '\n'.join(l for l in r.stdout.splitlines() if l.startswith(('cycle', 'back-edge'))))

def check_sidebar():
    "nbs/sidebar.yml lists every notebook once, in sections, and nothing else"
    from nbdev.config import get_config
    cfg = get_config()
    side = root / 'nbs' / 'sidebar.yml'
    if not side.exists(): return record('sidebar lists every notebook', False, 'nbs/sidebar.yml is missing')
    listed = re.findall(r'^\s*-\s*(\S+\.ipynb)\s*$', side.read_text(encoding='utf-8'), re.M)
    nbs = sorted(p.name for p in (root / 'nbs').glob('*.ipynb') if not p.name.startswith(('_', '.')))
    dup = sorted({x for x in listed if listed.count(x) > 1})
    missing, extra = sorted(set(nbs) - set(listed)), sorted(set(listed) - set(nbs))
    custom = str(cfg.get('custom_sidebar', False)).lower() == 'true'
    ok = not (dup or missing or extra) and custom
    why = [f'not listed: {missing}' if missing else '', f'no such notebook: {extra}' if extra else '',
           f'listed twice: {dup}' if dup else '', '' if custom else 'settings.ini needs custom_sidebar = True']
    record('sidebar lists every notebook (nbs/sidebar.yml)', ok, '; '.join(w for w in why if w))

def check_docs_processing():
    "nbdev's own docs processors (what nbdev_docs runs before Quarto) over every notebook (tools/docs_proc.py)"
    t0, lines = time.time(), []
    p = subprocess.Popen([sys.executable, 'tools/docs_proc.py'], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in p.stdout:  # one line per notebook as it finishes
        lines.append(line.rstrip()); print('   ' + line.rstrip(), flush=True)
    p.wait()
    record("nbdev's docs processing passes on every notebook (tools/docs_proc.py)", p.returncode == 0,
           '' if p.returncode == 0 else 'see the FAIL lines above', time.time() - t0)

def check_docs():
    "The pages as the site shows them: the processed notebooks rendered, and checked (tools/docs_check.py)"
    r = run([sys.executable, 'tools/docs_check.py'])
    record('docs pages complete (tools/docs_check.py)', r.returncode == 0, '' if r.returncode == 0 else '\n' + r.stdout[-4000:])

def check_fastcore2():
    "Import and smoke-test the library with fastcore 2 placed ahead of the dev extra's fastcore 1 on the path"
    t0 = time.time()
    with tempfile.TemporaryDirectory() as d:
        r = run([sys.executable, '-m', 'pip', 'install', '-q', '--no-deps', '--target', d, 'fastcore>=2'])
        if r.returncode: return record('smoke test under fastcore 2', False, f'could not install fastcore>=2: {r.stderr[-500:]}')
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([d, str(root)]))
        r = run([sys.executable, '-c', 'import fastcore, runpy; assert int(fastcore.__version__.split(".")[0]) >= 2, fastcore.__version__; '
                 'runpy.run_path("tools/smoke.py", run_name="__main__")'], env=env)
    record('smoke test under fastcore 2', r.returncode == 0, (r.stdout.strip() if r.returncode == 0 else (r.stdout + r.stderr)[-2000:]), time.time() - t0)

def _nb_files() -> list:
    from nbdev.doclinks import nbglob
    from nbdev.config import get_config
    files = sorted(Path(f) for f in nbglob(get_config().nbs_path, as_path=True))
    only = os.environ.get('LESSONLIB_NBS')  # e.g. '01_data_layout.ipynb' to test one notebook while debugging
    return [f for f in files if f.name in only.split(',')] if only else files

def _test_one(f: Path) -> tuple:
    "nbdev_test on one notebook in its own process: (ok, seconds, what it printed)"
    t0 = time.time()
    try: r = subprocess.run(['nbdev_test', '--path', str(f)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            timeout=NB_TIMEOUT)
    except subprocess.TimeoutExpired as e:
        return False, time.time() - t0, f'{(e.stdout or "")[-3000:]}\nstopped after {NB_TIMEOUT} s'
    return r.returncode == 0, time.time() - t0, r.stdout

NB_TIMEOUT = 900  # seconds for one notebook; the slowest takes about 3 minutes on 2 cores
TIMES = root / '_proc' / 'test_times.json'  # last run's seconds per notebook (ignored by git): slowest start first

def check_notebooks():
    "nbdev_test over every notebook, one process each, as many at once as there are cores, reported as each finishes"
    files = _nb_files()
    try: last = json.loads(TIMES.read_text())
    except (OSError, ValueError): last = {}
    files.sort(key=lambda f: last.get(f.name, f.stat().st_size / 1e4), reverse=True)
    n = max(1, min(os.cpu_count() or 1, 8))
    print(f'== testing {len(files)} notebooks, {n} at a time (default flags: `slow` and `notest` cells skipped)', flush=True)
    t0, times = time.time(), {}
    with ThreadPoolExecutor(n) as ex:
        futs = {ex.submit(_test_one, f): f for f in files}
        for fut in as_completed(futs):
            f = futs[fut]
            ok, secs, out = fut.result()
            times[f.name] = round(secs, 1)
            record(f'nbdev_test {f.name}', ok, '' if ok else '\n' + out.strip()[-6000:], secs)
    try: TIMES.parent.mkdir(exist_ok=True); TIMES.write_text(json.dumps({**last, **times}, indent=0))
    except OSError: pass
    print(f'nbdev_test took {time.time() - t0:.0f} s', flush=True)

def git_status() -> str | None:
    "`git status --porcelain` of the tree (untracked files included), or None outside a git checkout"
    try: r = run(['git', 'status', '--porcelain', '--untracked-files=all'])
    except OSError: return None
    return r.stdout if r.returncode == 0 else None

def check_tree(before: str | None):
    "The test command leaves the tree as it found it"
    after = git_status()
    if before is None or after is None: return record('the tree is as the tests found it', True, 'not a git checkout: not checked')
    b, a = set(before.splitlines()), set(after.splitlines())
    record('the tree is as the tests found it (git status unchanged)', a == b,
           '' if a == b else f'the tests changed {sorted(a ^ b)[:20]}: tests must write to temporary folders only')

if __name__ == '__main__':
    t0 = time.time()
    print(f'== lessonlib checks in {root}: about 10 minutes on 2 cores (each notebook is reported as it finishes)', flush=True)
    status0 = git_status()
    checks = [check_nbdev_version, check_workflows, check_no_unsafe_loading, check_clean, check_export, check_readme,
              check_house, check_sidebar, check_docs_processing, check_docs, check_fastcore2, check_notebooks]
    only = os.environ.get('LESSONLIB_CHECKS')  # e.g. 'readme,export' while debugging; CI runs them all
    if only: checks = [c for c in checks if c.__name__.removeprefix('check_') in only.split(',')]
    for check in checks:
        try: check()
        except Exception as e: record(check.__name__, False, f'{type(e).__name__}: {e}')
    if not only: check_tree(status0)
    n_fail = sum(not ok for _, ok in results)
    print(f'\nchecks took {time.time() - t0:.0f} s')
    print(f'{len(results) - n_fail} passed, {n_fail} failed')
    sys.exit(1 if n_fail else 0)
