#!/usr/bin/env python
"""Check the documentation pages without Quarto, as the site shows them: each notebook is processed by nbdev's own
docs processors (tools/docs_proc.py, into _proc/, unless an up-to-date copy is there), and the *processed* notebook
is rendered to HTML into _html/ (nbconvert, no execution) the way Quarto would show it: export cells and `show_doc`
inputs hidden, `echo: false` inputs hidden, `output: asis` markdown rendered, Quarto's `{...}` attributes and `:::`
fences dropped, links between pages made local.

    python tools/docs_check.py            # check every notebook in nbs/
    python tools/docs_check.py nbs/01_data_layout.ipynb

Each notebook must have: no error outputs or tracebacks; a `show_doc` cell with output for every exported symbol,
and no symbol documented twice on the processed page; an image in every cell that draws; epoch tables where it
trains; at most 500 KB; no saved widget state; no machine-specific paths (home, /tmp, /work) in outputs; a title and
subtitle."""
import ast, json, re, subprocess, sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

root = Path(__file__).resolve().parent.parent
MAX_BYTES = 500_000
DRAWS = re.compile(r'^(show_batch|show_pets|show_results|show_image|show_images|show_grid|imshow|plot|plot_\w+|lr_find|subplots|hist|bar|scatter)$')
TRAINS = re.compile(r'^(fit|fit_one_cycle|fit_sgdr|fit_flat_cos|fine_tune)$')
EVENT = re.compile(r'^(before|after)_\w+$')  # callback events are documented with their callback, not one by one
PATHS = re.compile(r'(/root/|/home/\w|/tmp/|/work/|/Users/\w|[A-Z]:\\\\Users)')

def _texts(cell):
    "Everything a reader sees in a code cell's outputs, as text"
    for o in cell.get('outputs', []):
        if o.get('output_type') == 'stream': yield o.get('text', '')
        for k, v in o.get('data', {}).items():
            if k.startswith('text/'): yield v if isinstance(v, str) else ''.join(v)

def directives(src):
    return {m.group(1) for m in re.finditer(r'^\s*#\|\s*([\w-]+)', src, re.M)}

def called(src: str) -> set:
    "Names of the functions called by the cell's top-level statements (not inside definitions)"
    try: tree = ast.parse(re.sub(r'^\s*[%!].*$', '', src, flags=re.M))
    except SyntaxError: return set()
    names = set()
    for stmt in tree.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)): continue
        for node in ast.walk(stmt):
            if isinstance(node, ast.Lambda): continue
            if isinstance(node, ast.Call):
                f = node.func
                names.add(f.attr if isinstance(f, ast.Attribute) else getattr(f, 'id', ''))
    return names

def exported_symbols(nb):
    "Public names (functions, classes, and their public methods; `@patch`ed methods) defined in `#| export` cells"
    names = []
    for c in nb.cells:
        if c.cell_type != 'code' or not ({'export', 'exports'} & directives(c.source)): continue
        try: tree = ast.parse(c.source)
        except SyntaxError: continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith('_'):
                patched = [d for d in node.decorator_list if (getattr(d, 'id', None) or getattr(getattr(d, 'func', None), 'id', None)) == 'patch']
                if patched and isinstance(node, ast.FunctionDef) and node.args.args and node.args.args[0].annotation is not None:
                    ann = ast.unparse(node.args.args[0].annotation).split('|')[0].strip()
                    names.append(f'{ann}.{node.name}')
                else: names.append(node.name)
                if isinstance(node, ast.ClassDef):
                    names += [f'{node.name}.{m.name}' for m in node.body if isinstance(m, ast.FunctionDef)
                              and not m.name.startswith('_') and not EVENT.match(m.name)
                              and m.name not in ('forward', 'backward', 'setup_context')  # nn.Module / autograd protocol
                              and not any(getattr(d, 'attr', None) == 'setter' or getattr(d, 'id', None) == 'property'
                                          for d in m.decorator_list)]  # properties are documented by their docstrings
    return list(dict.fromkeys(names))

def check_notebook(fn: Path, on_page: set = frozenset()) -> list:
    "Problems a reader would meet in `fn`; `on_page`: the symbols whose cards nbdev's processed page shows"
    problems = []
    raw = fn.read_bytes()
    if len(raw) > MAX_BYTES: problems.append(f'{len(raw)/1e3:.0f} KB (limit {MAX_BYTES/1e3:.0f} KB): shrink figures or outputs')
    nb = nbformat.reads(raw.decode(), as_version=4)
    if 'widgets' in nb.metadata: problems.append('saved widget state in the notebook metadata: clear it (nbdev_clean)')
    md = [c.source for c in nb.cells if c.cell_type == 'markdown']
    if fn.name != 'index.ipynb' and not (md and re.search(r'^# .+', md[0], re.M) and re.search(r'^> .+', md[0], re.M)):
        problems.append('the first markdown cell needs a `# Title` and a `> subtitle`')
    shown, trains, tables = set(), False, False
    for i, c in enumerate(nb.cells):
        if c.cell_type != 'code': continue
        d, src, where = directives(c.source), c.source, f'cell {i}'
        outs = c.get('outputs', [])
        for o in outs:
            if o.get('output_type') == 'error': problems.append(f'{where}: error output {o.get("ename")}: {o.get("evalue", "")[:100]}')
            if 'application/vnd.jupyter.widget-view+json' in o.get('data', {}): problems.append(f'{where}: saved widget view; show a static image instead')
        text = '\n'.join(_texts(c))
        if 'Traceback (most recent call last)' in text: problems.append(f'{where}: a traceback in the output')
        m = PATHS.search(text)
        if m: problems.append(f'{where}: machine-specific path {m.group(0)!r} in the output: ...{text[max(0, m.start()-60):m.end()+40]!r}')
        if 'train_loss' in text and 'valid_loss' in text: tables = True
        for name in re.findall(r'^show_doc\(([\w.]+)', src, re.M):
            if outs: shown.add(name)
            else: problems.append(f'{where}: show_doc({name}) has no saved output: execute the notebook')
        if {'hide', 'export', 'exports'} & d or re.search(r'#\|\s*eval:\s*false', src): continue
        calls = called(src)
        if any(DRAWS.match(n) for n in calls) and not re.search(r'show_plot\s*=\s*False|#\s*no figure|plt\.close\(', src):
            if not any('image/png' in o.get('data', {}) or 'image/svg+xml' in o.get('data', {}) for o in outs):
                problems.append(f'{where}: draws but has no image output: {src.splitlines()[-1][:80]!r}')
        if any(TRAINS.match(n) for n in calls): trains = True
    if trains and not tables: problems.append('trains a model but no saved output shows an epoch table (train_loss, valid_loss)')
    missing = [s for s in exported_symbols(nb) if s not in shown | set(on_page)]
    if missing: problems.append(f'exported but no show_doc: {", ".join(missing)}')
    return problems

SITE = re.compile(r'https://lessonlib\.github\.io/lessonlib/([\w.-]+\.html)')
QUARTO_ATTR = re.compile(r'(?<=[)\]])\{[^{}\n]*\}|^\s*:::.*$', re.M)  # `[x](u){target=...}`, `## h {.class}`, fences

def _opts(src):
    "Quarto cell options (`#| key: value`) of a processed cell"
    return {m.group(1): m.group(2).strip() for m in re.finditer(r'^\s*#\|\s*([\w-]+):\s*(.*)$', src, re.M)}

def for_page(nb, pages: dict):
    "What Quarto shows of a processed notebook: options applied, directive lines gone, attributes and fences dropped"
    cells = []
    for c in nb.cells:
        if c.cell_type == 'raw': continue  # the front matter: shown as the page's title below
        if c.cell_type == 'markdown':
            c.source = SITE.sub(lambda m: pages.get(m.group(1), m.group(1)), QUARTO_ATTR.sub('', c.source))
            cells.append(c); continue
        o = _opts(c.source)
        if o.get('include') == 'false': continue
        c.source = re.sub(r'^\s*#\|.*\n?', '', c.source, flags=re.M).strip()
        if o.get('echo') == 'false': c.source = ''
        if o.get('output') == 'false': c.outputs = []
        for out in c.get('outputs', []):
            md = out.get('data', {}).get('text/markdown')
            if md is not None and 'text/html' not in out['data']:  # Quarto shows text/html first on an HTML page
                md = md if isinstance(md, str) else ''.join(md)
                out['data'] = {'text/markdown': SITE.sub(lambda m: pages.get(m.group(1), m.group(1)), QUARTO_ATTR.sub('', md))}
        if not c.source and not c.get('outputs'): continue
        if not c.source: c.metadata.setdefault('tags', []).append('remove_input')
        cells.append(c)
    nb.cells = cells
    return nb

def front_matter(nb) -> dict:
    import yaml
    raw = next((c.source for c in nb.cells if c.cell_type == 'raw'), '')
    try: return yaml.safe_load(raw.strip().strip('-')) or {}
    except yaml.YAMLError: return {}

def processed(fn: Path) -> Path:
    "nbdev's processed copy of `fn` in _proc/, made now if missing or older than the notebook"
    out = root / '_proc' / fn.name
    if not out.exists() or out.stat().st_mtime < fn.stat().st_mtime:
        r = subprocess.run([sys.executable, str(root / 'tools' / 'docs_proc.py'), str(fn)], capture_output=True, text=True)
        if r.returncode: raise RuntimeError(f'nbdev docs processing failed: {r.stdout[-1500:]}')
    return out

def page_docs(nb) -> list:
    "The symbols whose `show_doc` cards a processed notebook shows (nbdev adds one after each export cell's definitions)"
    return [m.group(1) for c in nb.cells if c.cell_type == 'code' for m in re.finditer(r'^show_doc\(([\w.]+)', c.source, re.M)]

def check_processed(nb) -> list:
    "What only the processed page shows: a symbol documented twice"
    docs = page_docs(nb)
    twice = sorted({d for d in docs if docs.count(d) > 1})
    return [f'documented twice on the page: {twice} (nbdev already adds the card of a `@patch`ed method after its export '
            f'cell: drop the explicit show_doc)'] if twice else []

def render(fn: Path, out: Path, pages: dict) -> tuple:
    "Render the processed `fn` as the site shows it into `out`: (the problems only that page shows, its cards)"
    nb = nbformat.read(processed(fn), as_version=4)
    problems, cards = check_processed(nb), set(page_docs(nb))
    fm = front_matter(nb)
    page = for_page(nb, pages)
    head = f"# {fm.get('title', fn.stem)}\n\n> {fm.get('description', '')}"
    page.cells.insert(0, nbformat.v4.new_markdown_cell(head))
    exp = HTMLExporter(template_name='lab', exclude_input_prompt=True, exclude_output_prompt=True)
    exp.register_preprocessor(TagRemovePreprocessor(remove_input_tags=('remove_input',)), enabled=True)
    body, _ = exp.from_notebook_node(page)
    raw = re.findall(r'\{target=|\{\.[\w-]+|^:::', body, re.M)
    if raw: problems.append(f'raw Quarto attributes left on the page: {raw[:3]}')
    out.mkdir(exist_ok=True)
    (out / (fn.stem + '.html')).write_text(body, encoding='utf-8')
    return problems, cards

def site_pages(files) -> dict:
    "Each page's site file name (nbdev drops the number: `03_presizing` -> `presizing.html`) -> our preview's"
    return {re.sub(r'^\d+[a-z]?_', '', f.stem) + '.html': f.stem + '.html' for f in files}

def main(argv):
    files = [Path(a).resolve() for a in argv] or sorted(p for p in (root / 'nbs').glob('*.ipynb') if not p.name.startswith(('_', '.')))
    pages = site_pages(sorted((root / 'nbs').glob('*.ipynb')))
    bad = 0
    for fn in files:
        try: problems, cards = render(fn, root / '_html', pages)
        except Exception as e: problems, cards = [f'could not render the processed page: {e}'], set()
        problems = check_notebook(fn, cards) + problems
        print(f"{'ok  ' if not problems else 'FAIL'} {fn.name}" + ''.join(f'\n     - {p}' for p in problems))
        bad += bool(problems)
    print(f'{len(files) - bad} pages ok, {bad} with problems (HTML in _html/)')
    return 1 if bad else 0

if __name__ == '__main__': sys.exit(main(sys.argv[1:]))
