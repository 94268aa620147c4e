//! `_PyInterpreterFrame`s on the data stack: pushing a frame for a call (argument binding), clearing it
//! (CPython's Python/frame.c and the frame parts of ceval.c).
