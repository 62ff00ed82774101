//! Columns of strings in and out of the batch calls (`lookup_many`, `convert_many`): any
//! sequence of `str` (with `None` for missing values), or an Arrow string array — a `pyarrow`
//! array or chunked array, or anything that converts to one (pandas' Arrow-backed arrays,
//! Polars series, objects with `__arrow_c_array__` or `__arrow_c_stream__`). Arrow input gives
//! Arrow output, read and written through the arrays' buffers without a Python loop.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple};
use rayon::prelude::*;

use crate::errors::InvalidValue;

/// A column of strings given by Python.
pub enum Input {
    /// A Python sequence, read into owned strings.
    List(Vec<Option<String>>),
    /// The buffers of an Arrow `string` or `large_string` array.
    Arrow(ArrowInput),
}

/// The buffers of an Arrow string array, copied out of the array once.
pub struct ArrowInput {
    offsets: Py<PyBytes>,
    data: Py<PyBytes>,
    validity: Option<Py<PyBytes>>,
    offset: usize,
    len: usize,
    wide: bool,
}

/// A borrowed view of a column, readable from any thread.
#[derive(Clone, Copy)]
pub enum Column<'a> {
    /// Owned strings.
    List(&'a [Option<String>]),
    /// Arrow buffers.
    Arrow {
        offsets: &'a [u8],
        data: &'a [u8],
        validity: Option<&'a [u8]>,
        offset: usize,
        len: usize,
        wide: bool,
    },
}

impl<'a> Column<'a> {
    /// The number of values.
    pub fn len(&self) -> usize {
        match *self {
            Column::List(values) => values.len(),
            Column::Arrow { len, .. } => len,
        }
    }

    /// Value `i`: `None` for a missing value, an error for bytes that are not a string.
    pub fn get(&self, i: usize) -> Result<Option<&'a str>, String> {
        match *self {
            Column::List(values) => Ok(values.get(i).and_then(|v| v.as_deref())),
            Column::Arrow {
                offsets,
                data,
                validity,
                offset,
                wide,
                ..
            } => {
                let at = offset + i;
                if let Some(bits) = validity {
                    let set = bits.get(at / 8).is_some_and(|b| b >> (at % 8) & 1 == 1);
                    if !set {
                        return Ok(None);
                    }
                }
                let bounds = if wide {
                    read_i64(offsets, at).zip(read_i64(offsets, at + 1))
                } else {
                    read_i32(offsets, at).zip(read_i32(offsets, at + 1))
                };
                let bytes = bounds
                    .and_then(|(s, e)| Some((usize::try_from(s).ok()?, usize::try_from(e).ok()?)))
                    .and_then(|(s, e)| data.get(s..e))
                    .ok_or_else(|| format!("value {i}: its Arrow offsets are out of bounds"))?;
                std::str::from_utf8(bytes)
                    .map(Some)
                    .map_err(|e| format!("value {i}: not valid UTF-8 ({e})"))
            }
        }
    }
}

fn read_i32(bytes: &[u8], i: usize) -> Option<i64> {
    let b = bytes.get(i * 4..i * 4 + 4)?;
    Some(i64::from(i32::from_le_bytes(b.try_into().ok()?)))
}

fn read_i64(bytes: &[u8], i: usize) -> Option<i64> {
    let b = bytes.get(i * 8..i * 8 + 8)?;
    Some(i64::from_le_bytes(b.try_into().ok()?))
}

impl Input {
    /// Reads `values`: a list or tuple directly, an Arrow-convertible object through its
    /// buffers, anything else iterable item by item.
    pub fn read(values: &Bound<'_, PyAny>) -> PyResult<Input> {
        if values.is_instance_of::<PyString>() {
            return Err(InvalidValue::new_err(
                "expected a sequence of strings or an Arrow string array, not a single string",
            ));
        }
        if let Ok(list) = values.cast::<PyList>() {
            return list
                .iter()
                .map(|v| v.extract())
                .collect::<PyResult<_>>()
                .map(Input::List);
        }
        if let Ok(tuple) = values.cast::<PyTuple>() {
            return tuple
                .iter()
                .map(|v| v.extract())
                .collect::<PyResult<_>>()
                .map(Input::List);
        }
        let arrow = ["__arrow_c_array__", "__arrow_c_stream__", "__arrow_array__"]
            .iter()
            .any(|name| values.hasattr(*name).unwrap_or(false));
        if arrow {
            return ArrowInput::read(values).map(Input::Arrow);
        }
        values
            .try_iter()?
            .map(|v| v?.extract())
            .collect::<PyResult<_>>()
            .map(Input::List)
    }

    /// A view of the column for the worker threads.
    pub fn column<'a>(&'a self, py: Python<'a>) -> Column<'a> {
        match self {
            Input::List(values) => Column::List(values),
            Input::Arrow(a) => Column::Arrow {
                offsets: a.offsets.bind(py).as_bytes(),
                data: a.data.bind(py).as_bytes(),
                validity: a.validity.as_ref().map(|v| v.bind(py).as_bytes()),
                offset: a.offset,
                len: a.len,
                wide: a.wide,
            },
        }
    }

    /// Whether the input was Arrow (and the output should be).
    pub fn is_arrow(&self) -> bool {
        matches!(self, Input::Arrow(_))
    }
}

impl ArrowInput {
    /// The buffers of `values` as one `string` or `large_string` array (other string types are
    /// cast to `large_string`).
    fn read(values: &Bound<'_, PyAny>) -> PyResult<ArrowInput> {
        let py = values.py();
        let pa = py.import("pyarrow")?;
        let array = if values.is_instance(&pa.getattr("ChunkedArray")?)? {
            values.call_method0("combine_chunks")?
        } else if values.is_instance(&pa.getattr("Array")?)? {
            values.clone()
        } else if values.hasattr("__arrow_c_stream__")? && !values.hasattr("__arrow_c_array__")? {
            pa.call_method1("chunked_array", (values,))?
                .call_method0("combine_chunks")?
        } else {
            pa.call_method1("array", (values,))?
        };
        let ty = array.getattr("type")?;
        let readable =
            ty.eq(pa.call_method0("string")?)? || ty.eq(pa.call_method0("large_string")?)?;
        let array = if readable {
            array
        } else {
            array.call_method1("cast", (pa.call_method0("large_string")?,))?
        };
        let wide = array
            .getattr("type")?
            .eq(pa.call_method0("large_string")?)?;
        let buffers = array.call_method0("buffers")?;
        let bytes = |i: usize| -> PyResult<Option<Py<PyBytes>>> {
            let buffer = buffers.get_item(i)?;
            if buffer.is_none() {
                return Ok(None);
            }
            Ok(Some(
                buffer
                    .call_method0("to_pybytes")?
                    .cast_into::<PyBytes>()?
                    .unbind(),
            ))
        };
        let empty = || PyBytes::new(py, &[]).unbind();
        Ok(ArrowInput {
            validity: bytes(0)?,
            offsets: bytes(1)?.unwrap_or_else(empty),
            data: bytes(2)?.unwrap_or_else(empty),
            offset: array.getattr("offset")?.extract()?,
            len: array.len()?,
            wide,
        })
    }
}

/// A validity bitmap being written: bit `i` is set when value `i` is present.
#[derive(Default)]
pub struct Validity {
    bits: Vec<u8>,
    len: usize,
    nulls: usize,
}

impl Validity {
    /// Appends one value's presence.
    pub fn push(&mut self, present: bool) {
        if self.len % 8 == 0 {
            self.bits.push(0);
        }
        if present {
            if let Some(last) = self.bits.last_mut() {
                *last |= 1 << (self.len % 8);
            }
        } else {
            self.nulls += 1;
        }
        self.len += 1;
    }
}

/// A string column being written: Arrow offsets and bytes.
#[derive(Default)]
pub struct Strings {
    offsets: Vec<i64>,
    data: Vec<u8>,
}

impl Strings {
    /// Appends a value (`None` is written empty; the validity bitmap marks it missing).
    pub fn push(&mut self, value: Option<&str>) {
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        self.data.extend_from_slice(value.unwrap_or("").as_bytes());
        self.offsets
            .push(i64::try_from(self.data.len()).unwrap_or(i64::MAX));
    }
}

/// Builds Arrow arrays with `pyarrow` from columns written in Rust.
pub struct Out<'py> {
    pa: Bound<'py, PyModule>,
    len: usize,
    validity: Bound<'py, PyAny>,
    nulls: usize,
}

impl<'py> Out<'py> {
    /// Arrays of `validity.len` values sharing `validity`.
    pub fn new(py: Python<'py>, validity: &Validity) -> PyResult<Out<'py>> {
        let pa = py.import("pyarrow")?;
        let bits = pa.call_method1("py_buffer", (PyBytes::new(py, &validity.bits),))?;
        Ok(Out {
            len: validity.len,
            nulls: validity.nulls,
            validity: bits,
            pa,
        })
    }

    fn assemble(
        &self,
        ty: Bound<'py, PyAny>,
        buffers: Vec<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let array = self.pa.getattr("Array")?;
        let mut all = vec![self.validity.clone()];
        all.extend(buffers);
        array.call_method1("from_buffers", (ty, self.len, all, self.nulls))
    }

    fn buffer(&self, bytes: &[u8]) -> PyResult<Bound<'py, PyAny>> {
        self.pa
            .call_method1("py_buffer", (PyBytes::new(self.pa.py(), bytes),))
    }

    /// A `string` array (`large_string` when its bytes pass 2 GiB).
    pub fn strings(&self, column: &Strings) -> PyResult<Bound<'py, PyAny>> {
        let mut offsets = column.offsets.clone();
        if offsets.is_empty() {
            offsets.push(0);
        }
        let narrow: Option<Vec<u8>> = offsets
            .iter()
            .map(|&o| i32::try_from(o).ok().map(i32::to_le_bytes))
            .collect::<Option<Vec<_>>>()
            .map(|v| v.concat());
        let (ty, offsets) = match narrow {
            Some(bytes) => (self.pa.call_method0("string")?, bytes),
            None => (
                self.pa.call_method0("large_string")?,
                offsets.iter().flat_map(|o| o.to_le_bytes()).collect(),
            ),
        };
        self.assemble(ty, vec![self.buffer(&offsets)?, self.buffer(&column.data)?])
    }

    /// A `float64` array.
    pub fn floats(&self, values: &[f64]) -> PyResult<Bound<'py, PyAny>> {
        let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        self.assemble(self.pa.call_method0("float64")?, vec![self.buffer(&bytes)?])
    }

    /// A `uint8` array.
    pub fn bytes(&self, values: &[u8]) -> PyResult<Bound<'py, PyAny>> {
        self.assemble(self.pa.call_method0("uint8")?, vec![self.buffer(values)?])
    }

    /// A struct array of `fields`, missing where the validity bitmap says so.
    pub fn record(&self, fields: Vec<(&str, Bound<'py, PyAny>)>) -> PyResult<Bound<'py, PyAny>> {
        let (names, arrays): (Vec<&str>, Vec<Bound<'py, PyAny>>) = fields.into_iter().unzip();
        let valid = self.assemble(self.pa.call_method0("bool_")?, vec![self.validity.clone()])?;
        let mask = self
            .pa
            .getattr("compute")
            .or_else(|_| self.pa.py().import("pyarrow.compute").map(Bound::into_any))?
            .call_method1("invert", (valid.call_method1("fill_null", (false,))?,))?;
        let kwargs = pyo3::types::PyDict::new(self.pa.py());
        kwargs.set_item("names", names)?;
        kwargs.set_item("mask", mask)?;
        self.pa
            .getattr("StructArray")?
            .call_method("from_arrays", (arrays,), Some(&kwargs))
    }
}

/// Runs `each` over every value of `column` on all cores, in order.
pub fn par_map<'a, T: Send>(
    column: &Column<'a>,
    each: impl Fn(Result<Option<&'a str>, String>) -> T + Sync + Send,
) -> Vec<T> {
    (0..column.len())
        .into_par_iter()
        .with_min_len(64)
        .map(|i| each(column.get(i)))
        .collect()
}
