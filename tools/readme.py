#!/usr/bin/env python
"""Write README.md from nbs/index.ipynb without Quarto (nbconvert's markdown exporter), or check they agree.

    python tools/readme.py          # regenerate README.md
    python tools/readme.py --check  # exit 1, with a diff, if README.md differs from what index.ipynb gives

Cells marked `#| hide` are dropped, `#|` directive lines removed, and the `> subtitle` kept as the description line,
as nbdev_readme (Quarto) does. Text, markdown and epoch-table outputs are kept and pictures left out; links to notebooks are made
relative to the repository's root.
"""
import difflib, re, sys
from pathlib import Path

import nbformat
from nbconvert import MarkdownExporter
from nbconvert.preprocessors import Preprocessor

root = Path(__file__).resolve().parent.parent

class NbdevDirectives(Preprocessor):
    "Drop hidden cells and directive lines; keep only text-like outputs"
    def preprocess(self, nb, resources):
        cells = []
        for c in nb.cells:
            src = c.source
            if re.search(r'^\s*#\|\s*(hide|exec_doc|export|exporti)\s*$', src, re.M) and c.cell_type == 'code': continue
            c.source = re.sub(r'^\s*#\|.*\n?', '', src, flags=re.M).strip()
            if c.cell_type == 'code':
                for o in c.get('outputs', []):
                    if 'data' not in o: continue
                    html = o['data'].get('text/html', '')
                    html = html if isinstance(html, str) else ''.join(html)
                    if '<table' in html:  # an epoch table: GitHub renders the HTML table itself
                        o['data'] = {'text/html': html[html.index('<table'):html.rindex('</table>') + 8]}
                    elif 'image/png' in o['data']: o['data'] = {}  # a picture: left out (its text is `<Figure ...>`)
                    elif 'text/html' in o['data'] and '<IPython' in str(o['data'].get('text/plain', '')):
                        o['data'] = {}  # a progress bar or style block: nothing to show in a README
                    else: o['data'] = {k: v for k, v in o['data'].items() if k in ('text/plain', 'text/markdown')}
                c.outputs = [o for o in c.get('outputs', []) if o.get('output_type') == 'stream' or o.get('data')]
                c.execution_count = None
            cells.append(c)
        nb.cells = cells
        nb.metadata['language_info'] = {'name': 'python'}  # code blocks fenced as ```python
        return nb, resources

def render() -> str:
    nb = nbformat.read(root / 'nbs' / 'index.ipynb', as_version=4)
    exp = MarkdownExporter()
    exp.register_preprocessor(NbdevDirectives(), enabled=True)
    body, _ = exp.from_notebook_node(nb)
    body = re.sub(r'\n{3,}', '\n\n', body).strip() + '\n'
    body = re.sub(r'\]\(([^)/:]+\.ipynb)\)', r'](nbs/\1)', body)  # links work from the repository's root
    note = '<!-- Generated from nbs/index.ipynb by tools/readme.py: edit the notebook, then run `python tools/readme.py`. -->\n\n'
    return note + body

def main(argv):
    want, readme = render(), root / 'README.md'
    if '--check' in argv:
        have = readme.read_text() if readme.exists() else ''
        if have == want: print('README.md matches nbs/index.ipynb'); return 0
        sys.stdout.writelines(difflib.unified_diff(have.splitlines(True), want.splitlines(True), 'README.md', 'from nbs/index.ipynb'))
        print('README.md is out of step with nbs/index.ipynb: run `python tools/readme.py` and commit README.md.')
        return 1
    readme.write_text(want); print(f'wrote {readme}')
    return 0

if __name__ == '__main__': sys.exit(main(sys.argv[1:]))
