"Everything the lessons use, in one import, as `from fastai.vision.all import *` is used in the chapter (no widgets)."
import importlib, re, types
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn, tensor  # `tensor([0, 1, 0])`, as the chapter writes it
from fastcore.foundation import L
from fastcore.xtras import Path  # pathlib's Path, with fastcore's `ls`

class _ImportedOnUse(types.ModuleType):
    "Stands for module `name` and imports it the first time an attribute is read: `import lessonlib.all` stays quick."
    def _module(self): return importlib.import_module(self.__name__)
    def __getattr__(self, k): return getattr(self._module(), k)  # only for attributes this stand-in lacks
    def __setattr__(self, k, v): setattr(self._module(), k, v)
    def __dir__(self): return dir(self._module())
    def __repr__(self): return f"<module {self.__name__!r}, imported on first use>"

pd = _ImportedOnUse('pandas')  # the chapter shows its tables as DataFrames
plt = _ImportedOnUse('matplotlib.pyplot')  # figures

from .data_layout import *
from .downloads import *
from .synthetic_pets import *
from .labelling import *
from .images import *
from .loaders import *
from .datablock import *
from .presizing import *
from .cross_entropy import *
from .fast_cross_entropy import fast_cross_entropy, CrossEntropyFunction  # the fused loss behind `cross_entropy` (04b)
from .learner import *
from .learner_internals import per_group, progress_mode, atomic_save, CheckpointError  # 05b: what `learner` relies on
from .trackers import *
from .lr_finder_internals import *  # 06b: restoring a learner, the suggestion internals
from .lr_finder import *
from .schedule_internals import *  # 07b: the schedules and ParamSchedulerCB
from .schedule import *
from .pretrained import *
from .weights_cache import *
from .transfer import *
from .precompute import *
from torchvision.models import resnet18, resnet34, resnet50  # the chapter passes these to `vision_learner`
from .distributed import *
from .interpretation import *
from .inference import *
from .pets import *
from .pets_job import *  # the main job behind `lessonlib pets` (10b): run_pets, its checks and defaults
