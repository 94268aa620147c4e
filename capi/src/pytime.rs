//! `cpython/pytime.h`: the `_PyTime_t` clocks. Wrappers over `ferrython_runtime::pytime`.

use ferrython_runtime::pytime;

exported!(fn _PyTime_GetSystemClock() -> i64 => pytime::system_clock());
exported!(fn _PyTime_GetMonotonicClock() -> i64 => pytime::monotonic_clock());
exported!(fn _PyTime_GetPerfCounter() -> i64 => pytime::perf_counter());
