"""Admin base classes every app's admin inherits."""
