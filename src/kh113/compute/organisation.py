"""Who is responsible on a given date: the agency registry, for the computations.

The registry is built once by the loader (``data.registry``), so it lives in the validate stage
(``validate/registry.py``, issue #13 item 3); compute modules name it from here.
"""

from ..validate.registry import Registry, Step, pick_successor

__all__ = ["Registry", "Step", "pick_successor"]
