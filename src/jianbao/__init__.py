"""jianbao (剪报): cut newspaper pages into their articles.

    >>> import jianbao
    >>> page = jianbao.clip("examples/page.txt")
    >>> print(page.to_markdown())
"""

from jianbao.errors import ConfigError, InputError, JianbaoError, StageError, StoreError
from jianbao.model import Article, Block, Element, Page, Role
from jianbao.pipeline import clip

__version__ = "0.1.0"
__all__ = ["clip", "Page", "Block", "Article", "Element", "Role", "JianbaoError", "InputError",
           "ConfigError", "StageError", "StoreError"]
