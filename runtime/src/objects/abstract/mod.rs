//! The abstract object protocols (CPython's Objects/abstract.c), one file per protocol:
//! [`number`] (`PyNumber_*`, binary/ternary operator dispatch with the subclass rule),
//! [`sequence`] (`PySequence_*`), [`mapping`] (`PyMapping_*`, `PyObject_GetItem` & co.),
//! [`iter`] (`PyObject_GetIter`, `PyIter_*`), [`buffer`] (`PyObject_GetBuffer`, `PyBuffer_*`).

pub mod buffer;
pub mod iter;
pub mod mapping;
pub mod number;
pub mod sequence;
