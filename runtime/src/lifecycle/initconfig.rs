//! The PEP 587 configuration API: PyConfig, PyPreConfig, PyStatus, PyWideStringList (CPython's
//! Python/initconfig.c and preconfig.c).
