/**
 * The Python side of packages we write, so a package made in Learnware Dock also runs in Beimingwu's
 * client and passes its checker: `__init__.py` holds a `Model(BaseModel)` that loads `model.onnx` with
 * onnxruntime and reads `learnware-dock.json` for tensor names, shapes and preprocessing;
 * `requirements.txt` lists what Beimingwu installs into its Python 3.8 environment. The shim is fixed
 * text (no input is spliced into code), so packages stay deterministic and nothing user-supplied
 * ever becomes Python.
 *
 * Example:
 *   files['__init__.py'] = utf8(PYTHON_SHIM_INIT)
 *   files['requirements.txt'] = utf8(PYTHON_SHIM_REQUIREMENTS)
 */

import { DOCK_MANIFEST_FILE, DOCK_MANIFEST_FORMAT, DOCK_MANIFEST_VERSION } from './dockManifest'

export const PYTHON_SHIM_CLASS = 'Model'
export const PYTHON_SHIM_MODULE = '__init__.py'
export const PYTHON_REQUIREMENTS_FILE = 'requirements.txt'

/** Unpinned: Beimingwu probes each name with pip and runs on Python 3.8, where pins may not exist. */
export const PYTHON_SHIM_REQUIREMENTS = 'onnxruntime\nnumpy\n'

export const PYTHON_SHIM_INIT = `"""Beimingwu model class for a learnware made with Learnware Dock.

The model is an ONNX graph run with onnxruntime; ${DOCK_MANIFEST_FILE} says how to call it
(tensor names, shapes, preprocessing). Generated file: change the manifest, not this code.
"""
import json
import os

import numpy as np
import onnxruntime as ort
from learnware.model import BaseModel

_DIR = os.path.dirname(os.path.abspath(__file__))
_FORMAT = "${DOCK_MANIFEST_FORMAT}"
_MAX_VERSION = ${DOCK_MANIFEST_VERSION}


def _sample_shape(shape):
    """Shape of one sample: the tensor shape without its batch dimension."""
    if not shape:
        return None
    rest = tuple(shape[1:])
    if len(rest) == 0:
        return (1,)
    if any(d is None for d in rest):
        return None
    return rest


class ${PYTHON_SHIM_CLASS}(BaseModel):
    def __init__(self):
        with open(os.path.join(_DIR, "${DOCK_MANIFEST_FILE}"), encoding="utf-8") as f:
            manifest = json.load(f)
        if manifest.get("format") != _FORMAT or manifest.get("version", 0) > _MAX_VERSION:
            raise ValueError("unsupported manifest %r version %r" % (manifest.get("format"), manifest.get("version")))
        self.input_spec = manifest["input"]
        self.output_spec = manifest["output"]
        self.preprocessing = manifest.get("preprocessing") or {"kind": "none"}
        if self.preprocessing.get("kind") not in ("none", "standardize"):
            raise ValueError("preprocessing %r is not supported here" % self.preprocessing.get("kind"))
        super(${PYTHON_SHIM_CLASS}, self).__init__(
            input_shape=_sample_shape(self.input_spec.get("shape")),
            output_shape=_sample_shape(self.output_spec.get("shape")),
        )
        self.session = ort.InferenceSession(
            os.path.join(_DIR, manifest["model"]), providers=["CPUExecutionProvider"]
        )

    def fit(self, X, y):
        pass

    def finetune(self, X, y):
        pass

    def predict(self, X):
        X = np.asarray(X, dtype=np.dtype(self.input_spec.get("dtype", "float32")))
        if self.preprocessing.get("kind") == "standardize":
            mean = np.asarray(self.preprocessing["mean"], dtype=X.dtype)
            scale = np.asarray(self.preprocessing["scale"], dtype=X.dtype)
            X = (X - mean) / scale
        outputs = self.session.run([self.output_spec["name"]], {self.input_spec["name"]: X})
        return np.asarray(outputs[0])
`
