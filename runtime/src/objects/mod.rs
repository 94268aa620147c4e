//! The built-in object types: one file per CPython `Objects/*.c` source (plus the few types
//! CPython defines elsewhere in libpython), each owning its type objects, struct and slots.
#![allow(non_upper_case_globals)]

pub mod r#abstract;
pub mod bltinmodule_iters;
pub mod boolobject;
pub mod bytearrayobject;
pub mod bytesobject;
pub mod bytes_methods;
pub mod call;
pub mod capsule;
pub mod cellobject;
pub mod classobject;
pub mod codeobject;
pub mod complexobject;
pub mod context;
pub mod descrobject;
pub mod dictobject;
pub mod enumobject;
pub mod exceptions;
pub mod fileobject;
pub mod floatobject;
pub mod frameobject;
pub mod funcobject;
pub mod genericaliasobject;
pub mod genobject;
pub mod hamt;
pub mod interpreteridobject;
pub mod iterobject;
pub mod listobject;
pub mod accu;
pub mod longobject;
pub mod memoryobject;
pub mod methodobject;
pub mod moduleobject;
pub mod namespaceobject;
pub mod object;
pub mod object_reduce;
pub mod odictobject;
pub mod picklebufobject;
pub mod rangeobject;
pub mod setobject;
pub mod sliceobject;
pub mod structseq;
pub mod traceback;
pub mod traceback_dump;
pub mod tupleobject;
pub mod typeobject;
pub mod unionobject;
pub mod unicodeobject;
pub mod unicode_format;
pub mod unicode_translate;
pub mod unicodetype_db;
pub mod weakrefobject;

/// Readies the built-in types at start-up (`_PyTypes_InitTypes`, then the exceptions).
///
/// # Safety
/// Called once by start-up with the main thread state current.
pub unsafe fn init_types() {
    if typeobject::init_slotdefs().is_err() {
        crate::lifecycle::fatal::fatal_error("_PyTypes_InitSlotDefs", b"can't initialize the slot table");
    }
    for tp in static_types().into_iter().chain(static_exception_types()) {
        if typeobject::ready_builtin(tp).is_err() {
            let (ty, value, tb) = crate::errors::fetch();
            let mut detail = String::new();
            if !ty.is_null() {
                detail = object::type_name_of(ty.cast()).into_owned();
            }
            if !value.is_null() && object::is_type(value, &raw mut unicodeobject::PyUnicode_Type) {
                detail = format!("{detail}: {}", unicodeobject::to_string_lossy(value));
            }
            object::xdecref(ty);
            object::xdecref(value);
            object::xdecref(tb);
            let msg = format!("Can't initialize type {}: {detail}", object::type_name_of(tp));
            crate::lifecycle::fatal::fatal_error("_PyStaticType_InitBuiltin", msg.as_bytes());
        }
    }
    // `_PyExc_InitTypes` / `_PyExc_InitState`: the OSError aliases, ExceptionGroup (a heap
    // class made by calling `type`) and the MemoryError free list. A failure leaves
    // ExceptionGroup missing (BaseExceptionGroup then stays the class used) rather than
    // stopping start-up.
    if genericaliasobject::add_class_getitem().is_err() {
        crate::lifecycle::fatal::fatal_error("_PyTypes_InitTypes", b"can't add __class_getitem__");
    }
    if context::init().is_err() {
        crate::lifecycle::fatal::fatal_error("_PyContext_Init", b"can't init context types");
    }
    if exceptions::init_exception_group().is_err() {
        crate::errors::clear();
    }
    if exceptions::preallocate_memerrors().is_err() {
        crate::lifecycle::fatal::fatal_error("_PyExc_InitState", b"failed to preallocate MemoryError instances");
    }
}

/// The built-in static types in CPython 3.11's `static_types[]` order (Objects/object.c: every
/// base before its subclasses), limited to the types defined so far.
pub fn static_types() -> Vec<*mut crate::abi::PyTypeObject> {
    vec![
        &raw mut typeobject::PyBaseObject_Type,
        &raw mut typeobject::PyType_Type,
        &raw mut typeobject::PyBaseObject_Type,
        &raw mut genobject::PyAsyncGen_Type,
        &raw mut bytearrayobject::PyByteArrayIter_Type,
        &raw mut bytearrayobject::PyByteArray_Type,
        &raw mut bytesobject::PyBytesIter_Type,
        &raw mut bytesobject::PyBytes_Type,
        &raw mut methodobject::PyCFunction_Type,
        &raw mut iterobject::PyCallIter_Type,
        &raw mut capsule::PyCapsule_Type,
        &raw mut cellobject::PyCell_Type,
        &raw mut descrobject::PyClassMethodDescr_Type,
        &raw mut funcobject::PyClassMethod_Type,
        &raw mut codeobject::PyCode_Type,
        &raw mut complexobject::PyComplex_Type,
        &raw mut context::PyContextToken_Type,
        &raw mut context::PyContextVar_Type,
        &raw mut context::PyContext_Type,
        &raw mut genobject::PyCoro_Type,
        &raw mut dictobject::PyDictItems_Type,
        &raw mut dictobject::PyDictIterItem_Type,
        &raw mut dictobject::PyDictIterKey_Type,
        &raw mut dictobject::PyDictIterValue_Type,
        &raw mut dictobject::PyDictKeys_Type,
        &raw mut descrobject::PyDictProxy_Type,
        &raw mut dictobject::PyDictRevIterItem_Type,
        &raw mut dictobject::PyDictRevIterKey_Type,
        &raw mut dictobject::PyDictRevIterValue_Type,
        &raw mut dictobject::PyDictValues_Type,
        &raw mut dictobject::PyDict_Type,
        &raw mut sliceobject::PyEllipsis_Type,
        &raw mut enumobject::PyEnum_Type,
        &raw mut bltinmodule_iters::PyFilter_Type,
        &raw mut floatobject::PyFloat_Type,
        &raw mut frameobject::PyFrame_Type,
        &raw mut setobject::PyFrozenSet_Type,
        &raw mut funcobject::PyFunction_Type,
        &raw mut genobject::PyGen_Type,
        &raw mut descrobject::PyGetSetDescr_Type,
        &raw mut classobject::PyInstanceMethod_Type,
        &raw mut listobject::PyListIter_Type,
        &raw mut listobject::PyListRevIter_Type,
        &raw mut listobject::PyList_Type,
        &raw mut rangeobject::PyLongRangeIter_Type,
        &raw mut longobject::PyLong_Type,
        &raw mut bltinmodule_iters::PyMap_Type,
        &raw mut descrobject::PyMemberDescr_Type,
        &raw mut memoryobject::PyMemoryView_Type,
        &raw mut descrobject::PyMethodDescr_Type,
        &raw mut classobject::PyMethod_Type,
        &raw mut moduleobject::PyModuleDef_Type,
        &raw mut moduleobject::PyModule_Type,
        &raw mut odictobject::PyODictIter_Type,
        &raw mut picklebufobject::PyPickleBuffer_Type,
        &raw mut descrobject::PyProperty_Type,
        &raw mut rangeobject::PyRangeIter_Type,
        &raw mut rangeobject::PyRange_Type,
        &raw mut enumobject::PyReversed_Type,
        &raw mut iterobject::PySeqIter_Type,
        &raw mut setobject::PySetIter_Type,
        &raw mut setobject::PySet_Type,
        &raw mut sliceobject::PySlice_Type,
        &raw mut funcobject::PyStaticMethod_Type,
        &raw mut fileobject::PyStdPrinter_Type,
        &raw mut typeobject::PySuper_Type,
        &raw mut traceback::PyTraceBack_Type,
        &raw mut tupleobject::PyTupleIter_Type,
        &raw mut tupleobject::PyTuple_Type,
        &raw mut unicodeobject::PyUnicodeIter_Type,
        &raw mut unicodeobject::PyUnicodeASCIIIter_Type,
        &raw mut unicodeobject::PyUnicode_Type,
        &raw mut descrobject::PyWrapperDescr_Type,
        &raw mut bltinmodule_iters::PyZip_Type,
        &raw mut genericaliasobject::Py_GenericAliasType,
        &raw mut genericaliasobject::_Py_GenericAliasIterType,
        &raw mut unionobject::_PyUnion_Type,
        &raw mut bltinmodule_iters::_PyAnextAwaitable_Type,
        &raw mut genobject::_PyAsyncGenASend_Type,
        &raw mut genobject::_PyAsyncGenAThrow_Type,
        &raw mut genobject::_PyAsyncGenWrappedValue_Type,
        &raw mut genobject::_PyCoroWrapper_Type,
        &raw mut context::_PyContextTokenMissing_Type,
        &raw mut hamt::_PyHamtItems_Type,
        &raw mut hamt::_PyHamtKeys_Type,
        &raw mut hamt::_PyHamtValues_Type,
        &raw mut hamt::_PyHamt_BitmapNode_Type,
        &raw mut hamt::_PyHamt_CollisionNode_Type,
        &raw mut hamt::_PyHamt_Type,
        &raw mut interpreteridobject::_PyInterpreterID_Type,
        &raw mut memoryobject::_PyManagedBuffer_Type,
        &raw mut memoryobject::_PyMemoryIter_Type,
        &raw mut descrobject::_PyMethodWrapper_Type,
        &raw mut namespaceobject::_PyNamespace_Type,
        &raw mut object::_PyNone_Type,
        &raw mut object::_PyNotImplemented_Type,
        &raw mut weakrefobject::_PyWeakref_CallableProxyType,
        &raw mut weakrefobject::_PyWeakref_ProxyType,
        &raw mut weakrefobject::_PyWeakref_RefType,
        &raw mut boolobject::PyBool_Type,
        &raw mut longobject::PyLong_Type,
        &raw mut methodobject::PyCMethod_Type,
        &raw mut methodobject::PyCFunction_Type,
        &raw mut odictobject::PyODictItems_Type,
        &raw mut dictobject::PyDictItems_Type,
        &raw mut odictobject::PyODictKeys_Type,
        &raw mut dictobject::PyDictKeys_Type,
        &raw mut odictobject::PyODictValues_Type,
        &raw mut dictobject::PyDictValues_Type,
        &raw mut odictobject::PyODict_Type,
        &raw mut dictobject::PyDict_Type,
    ]
}

/// The built-in exception types in CPython 3.11's `static_exceptions[]` order
/// (Objects/exceptions.c; bases first). `ExceptionGroup` is created at start-up instead.
pub fn static_exception_types() -> Vec<*mut crate::abi::PyTypeObject> {
    vec![
        &raw mut exceptions::_PyExc_BaseException,
        &raw mut exceptions::_PyExc_BaseExceptionGroup,
        &raw mut exceptions::_PyExc_Exception,
        &raw mut exceptions::_PyExc_GeneratorExit,
        &raw mut exceptions::_PyExc_KeyboardInterrupt,
        &raw mut exceptions::_PyExc_SystemExit,
        &raw mut exceptions::_PyExc_ArithmeticError,
        &raw mut exceptions::_PyExc_AssertionError,
        &raw mut exceptions::_PyExc_AttributeError,
        &raw mut exceptions::_PyExc_BufferError,
        &raw mut exceptions::_PyExc_EOFError,
        &raw mut exceptions::_PyExc_ImportError,
        &raw mut exceptions::_PyExc_LookupError,
        &raw mut exceptions::_PyExc_MemoryError,
        &raw mut exceptions::_PyExc_NameError,
        &raw mut exceptions::_PyExc_OSError,
        &raw mut exceptions::_PyExc_ReferenceError,
        &raw mut exceptions::_PyExc_RuntimeError,
        &raw mut exceptions::_PyExc_StopAsyncIteration,
        &raw mut exceptions::_PyExc_StopIteration,
        &raw mut exceptions::_PyExc_SyntaxError,
        &raw mut exceptions::_PyExc_SystemError,
        &raw mut exceptions::_PyExc_TypeError,
        &raw mut exceptions::_PyExc_ValueError,
        &raw mut exceptions::_PyExc_Warning,
        &raw mut exceptions::_PyExc_FloatingPointError,
        &raw mut exceptions::_PyExc_OverflowError,
        &raw mut exceptions::_PyExc_ZeroDivisionError,
        &raw mut exceptions::_PyExc_BytesWarning,
        &raw mut exceptions::_PyExc_DeprecationWarning,
        &raw mut exceptions::_PyExc_EncodingWarning,
        &raw mut exceptions::_PyExc_FutureWarning,
        &raw mut exceptions::_PyExc_ImportWarning,
        &raw mut exceptions::_PyExc_PendingDeprecationWarning,
        &raw mut exceptions::_PyExc_ResourceWarning,
        &raw mut exceptions::_PyExc_RuntimeWarning,
        &raw mut exceptions::_PyExc_SyntaxWarning,
        &raw mut exceptions::_PyExc_UnicodeWarning,
        &raw mut exceptions::_PyExc_UserWarning,
        &raw mut exceptions::_PyExc_BlockingIOError,
        &raw mut exceptions::_PyExc_ChildProcessError,
        &raw mut exceptions::_PyExc_ConnectionError,
        &raw mut exceptions::_PyExc_FileExistsError,
        &raw mut exceptions::_PyExc_FileNotFoundError,
        &raw mut exceptions::_PyExc_InterruptedError,
        &raw mut exceptions::_PyExc_IsADirectoryError,
        &raw mut exceptions::_PyExc_NotADirectoryError,
        &raw mut exceptions::_PyExc_PermissionError,
        &raw mut exceptions::_PyExc_ProcessLookupError,
        &raw mut exceptions::_PyExc_TimeoutError,
        &raw mut exceptions::_PyExc_IndentationError,
        &raw mut exceptions::_PyExc_IndexError,
        &raw mut exceptions::_PyExc_KeyError,
        &raw mut exceptions::_PyExc_ModuleNotFoundError,
        &raw mut exceptions::_PyExc_NotImplementedError,
        &raw mut exceptions::_PyExc_RecursionError,
        &raw mut exceptions::_PyExc_UnboundLocalError,
        &raw mut exceptions::_PyExc_UnicodeError,
        &raw mut exceptions::_PyExc_BrokenPipeError,
        &raw mut exceptions::_PyExc_ConnectionAbortedError,
        &raw mut exceptions::_PyExc_ConnectionRefusedError,
        &raw mut exceptions::_PyExc_ConnectionResetError,
        &raw mut exceptions::_PyExc_TabError,
        &raw mut exceptions::_PyExc_UnicodeDecodeError,
        &raw mut exceptions::_PyExc_UnicodeEncodeError,
        &raw mut exceptions::_PyExc_UnicodeTranslateError,
    ]
}
