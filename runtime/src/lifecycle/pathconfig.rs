//! Path computation (CPython's Modules/getpath.py): executable, prefix, exec_prefix, PYTHONHOME,
//! PYTHONPATH, pyvenv.cfg, sys.path.
