"""The one compiled piece: the threader's beam search (src/jianbao/stages/beam.pyx).  Everything else
about the package is in pyproject.toml."""

from Cython.Build import cythonize
from setuptools import Extension, setup

setup(ext_modules=cythonize([Extension("jianbao.stages.beam", ["src/jianbao/stages/beam.pyx"])],
                            compiler_directives={"language_level": 3}))
