"""Compiled template code, shared by every ``Templates`` of the process.

Compiling is half the cost of rendering a case with a new ``Renderer`` (a script
or a test makes one per call), so the code is kept; see ``CompiledCode``.
"""

from __future__ import annotations

import hashlib
import threading
import weakref
from collections import OrderedDict
from typing import Any


class CompiledCode:
    """Jinja's ``bytecode_cache`` hook, holding code objects in memory (no marshalling, no files).

    Process-wide, like markdown's parser and cli's Click command; unlike them it
    holds what templates compile to, so it is keyed never to go stale: by the
    template's file name, a hash of its exact source and the environment
    settings that shape the code (an edited template or another setting is a
    new key). Code objects are immutable, so sharing one is safe. Bounded: the
    least recently used entry goes first.
    """

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._code: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()
        # An environment is not changed once it has loaded a template (Jinja's rule too).
        self._shapes: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()

    def get_bucket(self, environment: Any, name: str, filename: str | None, source: str) -> Any:
        from jinja2.bccache import Bucket

        shape = self._shapes.get(environment)
        if shape is None:
            shape = self._shapes[environment] = _shape(environment)
        key = "\0".join((name, filename or "", hashlib.sha256(source.encode()).hexdigest(), shape))
        bucket = Bucket(environment, key, "")
        with self._lock:
            bucket.code = self._code.get(key)
            if bucket.code is not None:
                self._code.move_to_end(key)
        return bucket

    def unlock(self) -> None:
        """In a process just forked: the lock anew (a thread that held it is not in this process)."""
        self._lock = threading.Lock()

    def set_bucket(self, bucket: Any) -> None:
        with self._lock:
            self._code[bucket.key] = bucket.code
            while len(self._code) > self.size:
                self._code.popitem(last=False)


def _shape(environment: Any) -> str:
    """The environment settings the compiled code depends on: syntax, whitespace handling,
    intercepted operators, ``finalize``, and how each filter and test is called."""
    calls = [
        (kind, name, str(getattr(function, "jinja_pass_arg", "")))
        for kind, table in (("filter", environment.filters), ("test", environment.tests))
        for name, function in sorted(table.items())
    ]
    syntax = [
        getattr(environment, f"{part}_{end}_string")
        for part in ("block", "variable", "comment")
        for end in ("start", "end")
    ]
    return repr(
        (
            type(environment).__mro__[1:],
            syntax,
            environment.line_statement_prefix,
            environment.line_comment_prefix,
            environment.trim_blocks,
            environment.lstrip_blocks,
            environment.newline_sequence,
            environment.keep_trailing_newline,
            environment.autoescape,
            environment.optimized,
            environment.is_async,
            getattr(environment.finalize, "__qualname__", environment.finalize),
            sorted(environment.extensions),
            sorted(type(environment).intercepted_binops),
            sorted(type(environment).intercepted_unops),
            calls,
        )
    )


COMPILED = CompiledCode()
