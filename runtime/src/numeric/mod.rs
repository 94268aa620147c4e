//! Number algorithms shared by `int`, `float` and `complex` that do not touch objects:
//! [`bigint`] (digit-slice arithmetic for `PyLongObject`), [`dtoa`] (shortest and correctly
//! rounded decimal digits of doubles, CPython's float text layout), [`format`] (the format-spec mini-language), [`hash`] (the int hash
//! modulo 2**61 - 1), [`libm`] (frexp/ldexp).

pub mod bigint;
pub mod dtoa;
pub mod format;
pub mod hash;
pub mod libm;
