"""shellcount: reconcile conflicting, sourced estimates of munitions flows."""

__version__ = "0.1.0"
