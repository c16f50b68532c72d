#!/usr/bin/env python
"""Execute notebooks in place with a real Jupyter kernel (outputs saved, as the docs need), skipping cells marked
`#| eval: false` (which nbconvert alone would run), dropping saved widget state, and storing figures as 256-colour
PNGs (a third to a tenth of the size, no visible change; the docs check limits a page to 500 KB).
Usage: python tools/run_nb.py nbs/01_x.ipynb [...]
Runs with cwd = the notebook's folder. Stops at the first error and prints it."""
import base64, io, re, sys, nbformat
from pathlib import Path
from PIL import Image
from nbclient import NotebookClient

class Client(NotebookClient):
    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if cell.cell_type == 'code' and re.search(r'^\s*#\|\s*eval:\s*false', cell.source, re.M):
            cell.outputs, cell.execution_count = [], None
            return cell
        return await super().async_execute_cell(cell, cell_index, execution_count, store_history)

def shrink_png(b64:str) -> str:
    "The PNG in `b64` as a 256-colour palette PNG, if that is smaller"
    im = Image.open(io.BytesIO(base64.b64decode(b64)))
    if im.mode == 'P': return b64
    q = im.quantize(256, method=Image.Quantize.FASTOCTREE) if im.mode == 'RGBA' else im.convert('RGB').quantize(256)
    buf = io.BytesIO(); q.save(buf, format='PNG', optimize=True)
    out = base64.b64encode(buf.getvalue()).decode()
    return out if len(out) < len(b64) else b64

if not sys.argv[1:] or sys.argv[1] in ('-h', '--help'): sys.exit(__doc__)
for f in sys.argv[1:]:
    if not Path(f).is_file(): sys.exit(f'run_nb: no notebook at {f}')
    p = Path(f).resolve()
    nb = nbformat.read(p, as_version=4)
    Client(nb, timeout=1800, kernel_name='python3', resources={'metadata': {'path': str(p.parent)}}).execute()
    for cell in nb.cells:
        for o in cell.get('outputs', []):
            if 'image/png' in o.get('data', {}): o['data']['image/png'] = shrink_png(o['data']['image/png'])
    nb.metadata.pop("widgets", None)  # never save widget state: the docs show static images instead
    nbformat.write(nb, p)
    print('executed', f)
