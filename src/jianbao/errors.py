"""The exception tree.  The CLI catches :class:`JianbaoError` and prints its message on one line.

::

    JianbaoError
    ├── InputError    a page cannot be read (missing, empty, binary, undecodable, corrupt)
    ├── ConfigError   an option or setting is wrong
    ├── StageError    a pipeline stage failed or did not get what it requires
    └── StoreError    the archive cannot be opened or written

Messages say which file, what is wrong and what to do next.  The library never calls ``sys.exit``.
"""


class JianbaoError(Exception):
    """Base of every error jianbao raises on purpose."""


class InputError(JianbaoError):
    def __init__(self, source: str, reason: str, hint: str = "") -> None:
        self.source = source
        self.reason = reason
        self.hint = hint
        msg = f"{source}: {reason}"
        if hint:
            msg += f" ({hint})"
        super().__init__(msg)


class ConfigError(JianbaoError):
    pass


class StageError(JianbaoError):
    pass


class StoreError(JianbaoError):
    pass
