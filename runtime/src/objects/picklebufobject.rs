//! `pickle.PickleBuffer` (CPython's Objects/picklebufobject.c): a wrapper holding a buffer view
//! of another object, for pickle protocol 5's out-of-band buffers. It re-exports the wrapped
//! buffer, gives a flat byte memoryview of it (`raw()`), and can release it early.

use super::typeobject::static_type;
use crate::abi::memoryobject::{PyMemoryViewObject, _Py_MEMORYVIEW_C, _Py_MEMORYVIEW_FORTRAN};
use crate::abi::methodobject::{PyMethodDef, METH_NOARGS};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::mem::gc;
use crate::objects::exceptions::PyExc_BufferError;
use crate::objects::longobject::{method, METHOD_SENTINEL};
use crate::objects::object::{self, Ref};
use crate::objects::r#abstract::buffer as pybuf;
use core::ffi::{c_int, c_void};
use core::ptr::null_mut;

/// `PyPickleBufferObject`: the header, the held view, the weak reference list (104 bytes).
#[repr(C)]
pub struct PyPickleBufferObject {
    pub ob_base: PyObject,
    pub view: Py_buffer,
    pub weakreflist: *mut PyObject,
}

const _: () = assert!(core::mem::size_of::<PyPickleBufferObject>() == 104);
const _: () = assert!(core::mem::offset_of!(PyPickleBufferObject, weakreflist) == 96);

const RELEASED_MSG: &str = "operation forbidden on released PickleBuffer object";
/// `PyBUF_FULL_RO`: PyBUF_INDIRECT | PyBUF_FORMAT.
const PYBUF_FULL_RO: c_int = 0x0100 | 0x0008 | 0x0010 | 0x0004;

static mut PICKLEBUF_AS_BUFFER: PyBufferProcs = PyBufferProcs {
    bf_getbuffer: Some(picklebuf_getbuf),
    bf_releasebuffer: Some(picklebuf_releasebuf),
};

static mut PICKLEBUF_METHODS: [PyMethodDef; 3] = [
    method(c"raw", picklebuf_raw, METH_NOARGS, c"raw($self, /)\n--\n\nReturn a memoryview of the raw memory underlying this buffer.\nWill raise BufferError is the buffer isn't contiguous."),
    method(c"release", picklebuf_release, METH_NOARGS, c"release($self, /)\n--\n\nRelease the underlying buffer exposed by the PickleBuffer object."),
    METHOD_SENTINEL,
];

#[no_mangle]
pub static mut PyPickleBuffer_Type: PyTypeObject = PyTypeObject {
    tp_weaklistoffset: 96,
    tp_doc: c"Wrapper for potentially out-of-band buffers".as_ptr(),
    tp_new: Some(picklebuf_new),
    tp_dealloc: Some(picklebuf_dealloc),
    tp_traverse: Some(picklebuf_traverse),
    tp_clear: Some(picklebuf_clear),
    tp_as_buffer: &raw mut PICKLEBUF_AS_BUFFER,
    tp_methods: (&raw mut PICKLEBUF_METHODS).cast(),
    ..static_type(core::ptr::null_mut(), c"pickle.PickleBuffer", 104, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC)
};

fn type_ptr() -> *mut PyTypeObject {
    &raw mut PyPickleBuffer_Type
}

/// `PyPickleBuffer_FromObject(base)`: a PickleBuffer holding a `PyBUF_FULL_RO` view of `base`.
///
/// # Safety
/// `base` is a live object; a thread state is current.
pub unsafe fn from_object(base: *mut PyObject) -> PyResult<Ref> {
    let tp = type_ptr();
    let size = core::mem::size_of::<PyPickleBufferObject>();
    let op = gc::alloc(tp, size)?;
    // SAFETY: op has `size` bytes; everything after the header starts zeroed (view.obj NULL).
    core::ptr::write_bytes(op.cast::<u8>().add(core::mem::size_of::<PyObject>()), 0, size - core::mem::size_of::<PyObject>());
    object::init_object(op, tp);
    let this = Ref::from_raw(op);
    let pb = op as *mut PyPickleBufferObject;
    pybuf::get_buffer(base, &raw mut (*pb).view, PYBUF_FULL_RO)?;
    gc::track(op);
    Ok(this)
}

/// True when `op` is a PickleBuffer (the type is final).
///
/// # Safety
/// `op` is a live object.
pub unsafe fn check(op: *mut PyObject) -> bool {
    object::py_type(op) == type_ptr()
}

/// TypeError "expected PickleBuffer, X found" unless `op` is one.
unsafe fn checked(op: *mut PyObject) -> PyResult<*mut PyPickleBufferObject> {
    if !check(op) {
        return Err(errors::type_error(&format!("expected PickleBuffer, {} found", object::type_name(op))));
    }
    Ok(op as *mut PyPickleBufferObject)
}

/// `PyPickleBuffer_GetBuffer(obj)`: the held view; ValueError once released.
///
/// # Safety
/// `op` is a live object.
pub unsafe fn get_buffer(op: *mut PyObject) -> PyResult<*const Py_buffer> {
    let pb = checked(op)?;
    if (*pb).view.obj.is_null() {
        return Err(errors::value_error(RELEASED_MSG));
    }
    Ok(&raw const (*pb).view)
}

/// `PyPickleBuffer_Release(obj)`: releases the held view (a no-op when already released).
///
/// # Safety
/// `op` is a live object.
pub unsafe fn release(op: *mut PyObject) -> PyResult<()> {
    let pb = checked(op)?;
    pybuf::release(&raw mut (*pb).view);
    Ok(())
}

unsafe extern "C" fn picklebuf_new(_tp: *mut PyTypeObject, args: *mut PyObject, kwargs: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let mut base: *mut PyObject = null_mut();
        let targets: [*mut c_void; 1] = [(&raw mut base).cast()];
        let mut t = crate::getargs::SliceTargets::new(&targets);
        crate::getargs::parse_tuple_and_keywords(args, kwargs, "O:PickleBuffer", &[""], &mut t, 0)?;
        from_object(base)
    })())
}

unsafe extern "C" fn picklebuf_dealloc(op: *mut PyObject) {
    let pb = op as *mut PyPickleBufferObject;
    if gc::is_tracked(op) {
        gc::untrack(op);
    }
    if !(*pb).weakreflist.is_null() {
        crate::objects::weakrefobject::clear_weakrefs(op);
    }
    pybuf::release(&raw mut (*pb).view);
    gc::free(op);
}

unsafe extern "C" fn picklebuf_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let held = (*(op as *mut PyPickleBufferObject)).view.obj;
    match visit {
        Some(visit) if !held.is_null() => visit(held, arg),
        _ => 0,
    }
}

unsafe extern "C" fn picklebuf_clear(op: *mut PyObject) -> c_int {
    pybuf::release(&raw mut (*(op as *mut PyPickleBufferObject)).view);
    0
}

/// The export goes to the wrapped object, so the consumer's release reaches that object.
unsafe extern "C" fn picklebuf_getbuf(op: *mut PyObject, view: *mut Py_buffer, flags: c_int) -> c_int {
    let held = (*(op as *mut PyPickleBufferObject)).view.obj;
    if held.is_null() {
        let _ = errors::value_error(RELEASED_MSG);
        return -1;
    }
    errors::int_result(pybuf::get_buffer(held, view, flags))
}

/// Never reached: exports are made by the wrapped object (see `picklebuf_getbuf`).
unsafe extern "C" fn picklebuf_releasebuf(_op: *mut PyObject, _view: *mut Py_buffer) {}

unsafe extern "C" fn picklebuf_raw(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let pb = op as *mut PyPickleBufferObject;
        if (*pb).view.obj.is_null() {
            return Err(errors::value_error(RELEASED_MSG));
        }
        if !(*pb).view.suboffsets.is_null() || !pybuf::is_contiguous(&raw const (*pb).view, b'A') {
            return Err(errors::set_string(PyExc_BufferError, "cannot extract raw buffer from non-contiguous buffer"));
        }
        let m = crate::objects::memoryobject::from_object(op)?;
        let mv = m.as_ptr() as *mut PyMemoryViewObject;
        // Reshape into a flat byte view: shape (len,), strides (1,).
        (*mv).view.format = c"B".as_ptr() as *mut _;
        (*mv).view.ndim = 1;
        (*mv).view.itemsize = 1;
        (*mv).view.shape = &raw mut (*mv).view.len;
        (*mv).view.strides = &raw mut (*mv).view.itemsize;
        (*mv).flags = _Py_MEMORYVIEW_C | _Py_MEMORYVIEW_FORTRAN;
        Ok(m)
    })())
}

unsafe extern "C" fn picklebuf_release(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    pybuf::release(&raw mut (*(op as *mut PyPickleBufferObject)).view);
    object::new_none().into_raw()
}
