//! The `gc` module (CPython's Modules/gcmodule.c, the module part; the collector is
//! mem/gc.rs): switches, thresholds, counts, debug flags, explicit collection, the object
//! lists of each generation, referrers/referents through `tp_traverse`, freezing, per-generation
//! statistics, and the interpreter's `garbage` and `callbacks` lists.

use crate::abi::methodobject::{PyMethodDef, METH_NOARGS, METH_O, METH_VARARGS};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::mem::gc;
use crate::modules::posixmodule::args;
use crate::objects::object::{self, Ref};
use crate::objects::{dictobject, listobject, longobject, tupleobject};
use core::ffi::{c_int, c_void};

const NUM_GENERATIONS: usize = 3;

fn state() -> *mut crate::abi::pycore_gc::_gc_runtime_state {
    let interp = crate::lifecycle::pystate::current_interpreter();
    // SAFETY: only the address of a field is computed.
    unsafe { &raw mut (*interp).gc }
}

/// The interpreter's `gc.garbage` / `gc.callbacks` list, made on first use.
unsafe fn list_slot(slot: *mut *mut PyObject) -> PyResult<*mut PyObject> {
    if (*slot).is_null() {
        *slot = listobject::new(0)?.into_raw();
    }
    Ok(*slot)
}

unsafe extern "C" fn enable(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    gc::set_enabled(true);
    object::new_none().into_raw()
}

unsafe extern "C" fn disable(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    gc::set_enabled(false);
    object::new_none().into_raw()
}

unsafe extern "C" fn isenabled(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    crate::objects::boolobject::from_bool(gc::is_enabled()).into_raw()
}

unsafe extern "C" fn collect(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    n: isize,
    kw: *mut PyObject,
) -> *mut PyObject {
    static SIG: args::Sig = args::Sig {
        name: "collect",
        params: &["generation"],
        posonly: 0,
        maxpos: 1,
        required: 0,
    };
    errors::ptr_result((|| {
        let v = args::bind(&SIG, a, n as usize, kw)?;
        let generation = if v[0].is_null() {
            2
        } else {
            args::c_int_arg(v[0])?
        };
        if !(0..NUM_GENERATIONS as c_int).contains(&generation) {
            return Err(errors::value_error("invalid generation"));
        }
        let st = state();
        if (*st).collecting != 0 {
            return longobject::from_i64(0);
        }
        (*st).collecting = 1;
        let ts = crate::lifecycle::pystate::current();
        let n = gc::collect_with_callback(ts, generation as usize);
        (*st).collecting = 0;
        longobject::from_i64(n as i64)
    })())
}

unsafe fn triple(v: [i64; 3]) -> PyResult<Ref> {
    let a = longobject::from_i64(v[0])?;
    let b = longobject::from_i64(v[1])?;
    let c = longobject::from_i64(v[2])?;
    tupleobject::pack(&[a.as_ptr(), b.as_ptr(), c.as_ptr()])
}

unsafe extern "C" fn get_count(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    let g = &(*state()).generations;
    errors::ptr_result(triple([
        g[0].count as i64,
        g[1].count as i64,
        g[2].count as i64,
    ]))
}

unsafe extern "C" fn get_threshold(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    let g = &(*state()).generations;
    errors::ptr_result(triple([
        g[0].threshold as i64,
        g[1].threshold as i64,
        g[2].threshold as i64,
    ]))
}

unsafe extern "C" fn set_threshold(_m: *mut PyObject, a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let n = tupleobject::len(a) as usize;
        if !(1..=3).contains(&n) {
            return Err(errors::type_error(&format!(
                "set_threshold() takes at {} argument{} ({n} given)",
                if n < 1 { "least 1" } else { "most 3" },
                if n < 1 { "" } else { "s" }
            )));
        }
        let mut values = Vec::with_capacity(n);
        for i in 0..n {
            values.push(args::c_int_arg(*tupleobject::items(a).add(i))?);
        }
        let g = &mut (*state()).generations;
        for (i, v) in values.into_iter().enumerate() {
            g[i].threshold = v;
        }
        Ok(object::new_none())
    })())
}

unsafe extern "C" fn get_debug(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(longobject::from_i64((*state()).debug as i64))
}

unsafe extern "C" fn set_debug(_m: *mut PyObject, flags: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(args::c_int_arg(flags).map(|f| {
        (*state()).debug = f;
        object::new_none()
    }))
}

unsafe fn list_of(objs: &[*mut PyObject]) -> PyResult<Ref> {
    listobject::from_slice(objs)
}

unsafe extern "C" fn get_objects(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    n: isize,
    kw: *mut PyObject,
) -> *mut PyObject {
    static SIG: args::Sig = args::Sig {
        name: "get_objects",
        params: &["generation"],
        posonly: 0,
        maxpos: 1,
        required: 0,
    };
    errors::ptr_result((|| {
        let v = args::bind(&SIG, a, n as usize, kw)?;
        if v[0].is_null() || v[0] == object::none() {
            let mut all = Vec::new();
            for g in 0..NUM_GENERATIONS {
                all.extend(gc::generation_objects(g));
            }
            return list_of(&all);
        }
        let g = args::i64_arg(v[0])?;
        if g >= NUM_GENERATIONS as i64 {
            return Err(errors::value_error(&format!(
                "generation parameter must be less than the number of available generations ({NUM_GENERATIONS})"
            )));
        }
        if g < 0 {
            return Err(errors::value_error(
                "generation parameter cannot be negative",
            ));
        }
        list_of(&gc::generation_objects(g as usize))
    })())
}

/// What a `tp_traverse` visit collects.
struct Visit {
    targets: Vec<*mut PyObject>,
    found: bool,
    seen: Vec<*mut PyObject>,
}

unsafe extern "C" fn visit_match(op: *mut PyObject, arg: *mut c_void) -> c_int {
    let v = &mut *(arg as *mut Visit);
    if v.targets.contains(&op) {
        v.found = true;
        return 1;
    }
    0
}

unsafe extern "C" fn visit_collect(op: *mut PyObject, arg: *mut c_void) -> c_int {
    (*(arg as *mut Visit)).seen.push(op);
    0
}

unsafe extern "C" fn get_referrers(_m: *mut PyObject, a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let targets: Vec<*mut PyObject> = (0..tupleobject::len(a))
            .map(|i| *tupleobject::items(a).add(i as usize))
            .collect();
        let mut out = Vec::new();
        for g in 0..NUM_GENERATIONS {
            for op in gc::generation_objects(g) {
                if op == a {
                    continue;
                }
                let Some(trav) = (*object::py_type(op)).tp_traverse else {
                    continue;
                };
                let mut v = Visit {
                    targets: targets.clone(),
                    found: false,
                    seen: Vec::new(),
                };
                trav(op, Some(visit_match), (&raw mut v).cast());
                if v.found {
                    out.push(op);
                }
            }
        }
        list_of(&out)
    })())
}

unsafe extern "C" fn get_referents(_m: *mut PyObject, a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let mut v = Visit {
            targets: Vec::new(),
            found: false,
            seen: Vec::new(),
        };
        for i in 0..tupleobject::len(a) {
            let op = *tupleobject::items(a).add(i as usize);
            if !gc::is_gc(op) {
                continue;
            }
            if let Some(trav) = (*object::py_type(op)).tp_traverse {
                trav(op, Some(visit_collect), (&raw mut v).cast());
            }
        }
        list_of(&v.seen)
    })())
}

unsafe extern "C" fn is_tracked(_m: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
    crate::objects::boolobject::from_bool(gc::is_gc(o) && gc::is_tracked(o)).into_raw()
}

unsafe extern "C" fn is_finalized(_m: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
    crate::objects::boolobject::from_bool(gc::is_gc(o) && gc::is_finalized_object(o)).into_raw()
}

unsafe extern "C" fn freeze(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    gc::freeze();
    object::new_none().into_raw()
}

unsafe extern "C" fn unfreeze(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    gc::unfreeze();
    object::new_none().into_raw()
}

unsafe extern "C" fn get_freeze_count(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(longobject::from_i64(gc::freeze_count() as i64))
}

unsafe extern "C" fn get_stats(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let out = listobject::new(0)?;
        // A copy first: building the dicts may trigger a collection that changes the figures.
        let stats = (*state()).generation_stats;
        for s in stats {
            let d = dictobject::new()?;
            dictobject::set_item_str(
                d.as_ptr(),
                "collections",
                longobject::from_i64(s.collections as i64)?.as_ptr(),
            )?;
            dictobject::set_item_str(
                d.as_ptr(),
                "collected",
                longobject::from_i64(s.collected as i64)?.as_ptr(),
            )?;
            dictobject::set_item_str(
                d.as_ptr(),
                "uncollectable",
                longobject::from_i64(s.uncollectable as i64)?.as_ptr(),
            )?;
            listobject::append(out.as_ptr(), d.as_ptr())?;
        }
        Ok(out)
    })())
}

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;

fn methods() -> Vec<PyMethodDef> {
    let m = |name: &'static core::ffi::CStr, f: BinFn, flags: c_int| PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(f),
        ml_flags: flags,
        ml_doc: core::ptr::null(),
    };
    let kw = |name: &'static core::ffi::CStr, f: args::FastKwFn| PyMethodDef {
        ml_name: name.as_ptr(),
        // SAFETY: CPython's convention: ml_meth holds any signature, cast back by ml_flags.
        ml_meth: Some(unsafe { core::mem::transmute::<args::FastKwFn, BinFn>(f) }),
        ml_flags: crate::abi::methodobject::METH_FASTCALL | crate::abi::methodobject::METH_KEYWORDS,
        ml_doc: core::ptr::null(),
    };
    vec![
        m(c"enable", enable, METH_NOARGS),
        m(c"disable", disable, METH_NOARGS),
        m(c"isenabled", isenabled, METH_NOARGS),
        m(c"set_debug", set_debug, METH_O),
        m(c"get_debug", get_debug, METH_NOARGS),
        m(c"get_count", get_count, METH_NOARGS),
        m(c"set_threshold", set_threshold, METH_VARARGS),
        m(c"get_threshold", get_threshold, METH_NOARGS),
        kw(c"collect", collect),
        kw(c"get_objects", get_objects),
        m(c"get_stats", get_stats, METH_NOARGS),
        m(c"is_tracked", is_tracked, METH_O),
        m(c"is_finalized", is_finalized, METH_O),
        m(c"get_referrers", get_referrers, METH_VARARGS),
        m(c"get_referents", get_referents, METH_VARARGS),
        m(c"freeze", freeze, METH_NOARGS),
        m(c"unfreeze", unfreeze, METH_NOARGS),
        m(c"get_freeze_count", get_freeze_count, METH_NOARGS),
    ]
}

/// `PyInit_gc`.
///
/// # Safety
/// GIL held.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    errors::ptr_result((|| {
        let m = args::create_module(
            c"gc",
            c"This module provides access to the garbage collector for reference cycles.\n",
            methods,
        )?;
        let st = state();
        args::add(m.as_ptr(), "garbage", list_slot(&raw mut (*st).garbage)?)?;
        args::add(
            m.as_ptr(),
            "callbacks",
            list_slot(&raw mut (*st).callbacks)?,
        )?;
        args::add_ints(
            m.as_ptr(),
            &[
                ("DEBUG_STATS", gc::DEBUG_STATS as i64),
                ("DEBUG_COLLECTABLE", gc::DEBUG_COLLECTABLE as i64),
                ("DEBUG_UNCOLLECTABLE", gc::DEBUG_UNCOLLECTABLE as i64),
                ("DEBUG_SAVEALL", gc::DEBUG_SAVEALL as i64),
                ("DEBUG_LEAK", gc::DEBUG_LEAK as i64),
            ],
        )?;
        Ok(m)
    })())
}

#[cfg(test)]
pub(crate) mod tests {
    //! Run from `codecsmodule::tests`. Expected values are python3.11's.
    use super::*;
    use crate::modules::codecsmodule::tests::call;

    pub(crate) unsafe fn run() {
        let m = Ref::from_raw(init_module());
        assert_eq!(call(m.as_ptr(), "get_threshold", &[]), "(700, 10, 10)");
        let a = longobject::from_i64(500).unwrap();
        let b = longobject::from_i64(5).unwrap();
        assert_eq!(
            call(m.as_ptr(), "set_threshold", &[a.as_ptr(), b.as_ptr()]),
            "None"
        );
        assert_eq!(call(m.as_ptr(), "get_threshold", &[]), "(500, 5, 10)");
        let d = longobject::from_i64(700).unwrap();
        let t = longobject::from_i64(10).unwrap();
        call(m.as_ptr(), "set_threshold", &[d.as_ptr(), t.as_ptr()]);
        let bad = longobject::from_i64(3).unwrap();
        assert_eq!(
            call(m.as_ptr(), "collect", &[bad.as_ptr()]),
            "ValueError: invalid generation"
        );
        assert_eq!(call(m.as_ptr(), "get_objects", &[bad.as_ptr()]), "ValueError: generation parameter must be less than the number of available generations (3)");
        assert_eq!(call(m.as_ptr(), "isenabled", &[]), "True");
        call(m.as_ptr(), "disable", &[]);
        assert_eq!(call(m.as_ptr(), "isenabled", &[]), "False");
        call(m.as_ptr(), "enable", &[]);
        // Referents of a list are its items (last first, as list_traverse visits them); a tracked list is found among its item's referrers.
        let x = crate::objects::unicodeobject::new_str("x").unwrap();
        let l = listobject::from_slice(&[x.as_ptr(), b.as_ptr()]).unwrap();
        assert_eq!(call(m.as_ptr(), "get_referents", &[l.as_ptr()]), "[5, 'x']");
        assert_eq!(call(m.as_ptr(), "is_tracked", &[l.as_ptr()]), "True");
        assert_eq!(call(m.as_ptr(), "is_tracked", &[x.as_ptr()]), "False");
        let holder = listobject::from_slice(&[l.as_ptr()]).unwrap();
        let refs = call(m.as_ptr(), "get_referrers", &[l.as_ptr()]);
        assert!(refs.contains("[['x', 5]]"), "{refs}");
        drop(holder);
        assert_eq!(call(m.as_ptr(), "get_debug", &[]), "0");
        assert_eq!(call(m.as_ptr(), "get_freeze_count", &[]), "0");
        let stats = call(m.as_ptr(), "get_stats", &[]);
        assert!(stats.starts_with("[{'collections': "), "{stats}");
        assert_eq!(
            call(m.as_ptr(), "collect", &[]).parse::<i64>().is_ok(),
            true
        );
    }
}
