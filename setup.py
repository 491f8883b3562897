"""The compiled pieces: the threader's beam search (src/jianbao/stages/beam.pyx), the topic Gram matrix's
product and window sums (src/jianbao/stages/topic.pyx), the start models' tree walk
(src/jianbao/stages/trees.pyx), the sums behind a title-like line's start features
(src/jianbao/stages/lines.pyx), the widths of a dump's wrapped lines (src/jianbao/stages/wrap.pyx), the
language model's count table (src/jianbao/lm/counts.pyx), the title classifiers' hashed features
(src/jianbao/lm/hashing.pyx), the reflowing of a block's wrapped lines (src/jianbao/joining.pyx), a block's
fields set at once (src/jianbao/frozen.pyx) and the
describe stage's lexicon scanner, its date and figure starts, its folding and its keyword ranking
(src/jianbao/stages/describe/openings.pyx, runs.pyx, folding.pyx, ranking.pyx).  Everything else about the package is in pyproject.toml."""

from Cython.Build import cythonize
from setuptools import Extension, setup

setup(ext_modules=cythonize([Extension("jianbao.stages.beam", ["src/jianbao/stages/beam.pyx"]),
                                       Extension("jianbao.stages.topic", ["src/jianbao/stages/topic.pyx"]),
                                       Extension("jianbao.stages.trees", ["src/jianbao/stages/trees.pyx"]),
                                       Extension("jianbao.stages.lines", ["src/jianbao/stages/lines.pyx"]),
                                       Extension("jianbao.stages.wrap", ["src/jianbao/stages/wrap.pyx"]),
                                       Extension("jianbao.lm.counts", ["src/jianbao/lm/counts.pyx"]),
                                       Extension("jianbao.lm.hashing", ["src/jianbao/lm/hashing.pyx"]),
                                       Extension("jianbao.joining", ["src/jianbao/joining.pyx"]),
                                       Extension("jianbao.frozen", ["src/jianbao/frozen.pyx"]),
                                       Extension("jianbao.stages.describe.openings",
                                                 ["src/jianbao/stages/describe/openings.pyx"]),
                                       Extension("jianbao.stages.describe.folding",
                                                 ["src/jianbao/stages/describe/folding.pyx"]),
                                       Extension("jianbao.stages.describe.runs",
                                                 ["src/jianbao/stages/describe/runs.pyx"]),
                                       Extension("jianbao.stages.describe.ranking",
                                                 ["src/jianbao/stages/describe/ranking.pyx"])],
                            compiler_directives={"language_level": 3}))
