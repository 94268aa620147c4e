//! Shared code of the compat-test binaries and tests.
