#!/usr/bin/env python
"""Every check of the test command, in CI's order, with one closing line `N passed, N failed`.

While debugging, `LESSONLIB_CHECKS=readme,export` runs only those checks and `LESSONLIB_NBS=01_data_layout.ipynb`
tests only those notebooks; CI sets neither, so it runs everything.

Run through `bash tools/test.sh`, which installs `.[dev]` first. Each check prints PASS or FAIL with what to do;
notebooks are tested with nbdev_test (default flags: cells marked `slow` or `notest` are skipped)."""
import os, re, shutil, subprocess, sys, tempfile, time
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

def check_docs():
    "The documentation pages, checked from saved outputs without Quarto (tools/docs_check.py)"
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

def check_notebooks():
    "nbdev_test over every notebook; one result per notebook"
    from nbdev.doclinks import nbglob
    from nbdev.config import get_config
    files = sorted(Path(f).name for f in nbglob(get_config().nbs_path, as_path=True))
    only = os.environ.get('LESSONLIB_NBS')  # e.g. '01_data_layout.ipynb' to test one notebook while debugging
    if only: files = [f for f in files if f in only.split(',')]
    t0 = time.time()
    cmd = ['nbdev_test', '--timing'] + (['--file_re', '^(' + '|'.join(re.escape(f) for f in files) + ')$'] if only else [])
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out, secs = r.stdout, time.time() - t0
    failed = set(re.findall(r'^\t?(\S+\.ipynb)\s*$', out.split('Failed On The Following Notebooks:')[-1], re.M)) if r.returncode else set()
    if r.returncode and not failed: failed = {'(nbdev_test)'}
    times = dict(re.findall(r'^(\S+\.ipynb): (\d+) secs$', out, re.M))
    if r.returncode: print(out[-20000:])
    for f in files: record(f'nbdev_test {f}', f not in failed, '' if f not in failed else 'see the cell error above', float(times[f]) if f in times else None)
    if '(nbdev_test)' in failed: record('nbdev_test', False, out[-2000:])
    print(f'nbdev_test took {secs:.0f} s', flush=True)

if __name__ == '__main__':
    t0 = time.time()
    checks = [check_nbdev_version, check_workflows, check_no_unsafe_loading, check_clean, check_export, check_readme,
              check_docs, check_fastcore2, check_notebooks]
    only = os.environ.get('LESSONLIB_CHECKS')  # e.g. 'readme,export' while debugging; CI runs them all
    if only: checks = [c for c in checks if c.__name__.removeprefix('check_') in only.split(',')]
    for check in checks:
        try: check()
        except Exception as e: record(check.__name__, False, f'{type(e).__name__}: {e}')
    n_fail = sum(not ok for _, ok in results)
    print(f'\nchecks took {time.time() - t0:.0f} s')
    print(f'{len(results) - n_fail} passed, {n_fail} failed')
    sys.exit(1 if n_fail else 0)
