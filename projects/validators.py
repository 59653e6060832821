"""The credit-code validator's old home, kept because migration 0001 names
``projects.validators.validate_credit_code``; the validator lives in the core with the
enterprise register (``cuizhai.core.validators``)."""

from cuizhai.core.validators import validate_credit_code  # noqa: F401
