# Writes numpy_f4.npz, the fixture NpzFixtureTest reads: float32 arrays as NumPy saves them
# (and one float64, to read both from one file). Run once with /usr/bin/python3 (python3-numpy):
#   python3 numpy_f4.py   (in this directory)
# The test knows the values by construction, so it needs no Python.
import numpy as np

np.savez(
    "numpy_f4.npz",
    w=(np.arange(6, dtype=np.float32).reshape(2, 3) / np.float32(7)),
    s=np.float32(-2.5),
    v=np.array([0.1, -0.0, np.inf, np.finfo(np.float32).tiny / 2], dtype="<f4"),
    d=np.arange(3.0) / 3,
)
