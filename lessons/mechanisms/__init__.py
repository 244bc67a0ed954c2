"""The mechanisms lessons name in their ``lesson.toml``, registered on import
(``lessons.registry``): the general ones, then those written for a topic of the course.

A new mechanism goes in the module of its topic (or a new one, imported here); once
registered, any lesson may name it."""

from . import common  # noqa: F401  (first: the topics' modules build on it)
from . import activations  # noqa: F401
from . import nonlinear  # noqa: F401
from . import derivatives  # noqa: F401
from . import initialization  # noqa: F401
from . import backprop  # noqa: F401
from . import boundaries  # noqa: F401
from . import features  # noqa: F401
