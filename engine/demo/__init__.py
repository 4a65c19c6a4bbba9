"""A small generated shoot and rough cut for `workprint demo` and the tests."""
