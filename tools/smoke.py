#!/usr/bin/env python
"""A quick end-to-end use of the library as a user would import it; run under fastcore 2 by tools/check.py.

It must pass with whatever fastcore is importable (the dev extra pins fastcore<2 for nbdev 2; users beside current
fastai have fastcore 2), so it prints the versions it ran with."""
import sys, tempfile
from pathlib import Path

import fastcore
from lessonlib.all import *
EAGER = [m for m in ('pandas', 'matplotlib.pyplot') if m in sys.modules]  # `lessonlib.all` imports these on first use

def main():
    with tempfile.TemporaryDirectory() as d:
        path = make_pets(Path(d) / 'pets', n_per_breed=2, seed=1)
        files = get_image_files(path / 'images')
        assert len(files) == 74 and isinstance(files, L), files
        assert files == sorted(files)
        labeller = RegexLabeller(r'^(.+)_\d+\.jpg$')
        labels = files.map(lambda f: labeller(f.name))
        assert set(labels.unique()) == set(BREEDS)
        assert (path / 'images').ls(file_exts='.jpg').sorted() == files  # fastcore's Path.ls patch
        assert not EAGER, f'importing lessonlib.all imported {EAGER}: import them inside the functions that use them'
        counts = pd.DataFrame({'breed': list(labels)})['breed'].value_counts()  # pandas, imported here
        assert isinstance(counts, pd.Series) and set(counts) == {2} and 'pandas' in sys.modules
        fig, ax = plt.subplots(); ax.bar(range(len(counts)), counts.values); plt.close(fig)
    print(f'smoke test passed: lessonlib with fastcore {fastcore.__version__}, torch {torch.__version__}, Python {sys.version.split()[0]}')

if __name__ == '__main__': main()
