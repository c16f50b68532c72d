#!/usr/bin/env python
"""Execute notebooks in place with a real Jupyter kernel (outputs saved, as the docs need), skipping cells marked
`#| eval: false` (which nbconvert alone would run) and dropping saved widget state.
Usage: python tools/run_nb.py nbs/01_x.ipynb [...]
Runs with cwd = the notebook's folder. Stops at the first error and prints it."""
import re, sys, nbformat
from pathlib import Path
from nbclient import NotebookClient

class Client(NotebookClient):
    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if cell.cell_type == 'code' and re.search(r'^\s*#\|\s*eval:\s*false', cell.source, re.M):
            cell.outputs, cell.execution_count = [], None
            return cell
        return await super().async_execute_cell(cell, cell_index, execution_count, store_history)

if not sys.argv[1:] or sys.argv[1] in ('-h', '--help'): sys.exit(__doc__)
for f in sys.argv[1:]:
    if not Path(f).is_file(): sys.exit(f'run_nb: no notebook at {f}')
    p = Path(f).resolve()
    nb = nbformat.read(p, as_version=4)
    Client(nb, timeout=1800, kernel_name='python3', resources={'metadata': {'path': str(p.parent)}}).execute()
    nb.metadata.pop("widgets", None)  # never save widget state: the docs show static images instead
    nbformat.write(nb, p)
    print('executed', f)
