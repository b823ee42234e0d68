//! The compact binary form of one service's metadata (`ha-registry/data/<service>.bin`).
//!
//! `ha-codegen` encodes every resource type of a service into one blob; the macro decodes a
//! service the first time one of its types is looked up. The format is private to this crate
//! and versioned by [`MAGIC`]; both directions live here so they cannot drift apart.
//!
//! ```text
//! blob    := MAGIC strings enums objects types
//! strings := n (len bytes)*                       -- every string, referenced by index
//! enums   := n (name:str integer:u8 n (value:str variant:str)*)*
//! objects := n (name:str props)*                  -- an object only references earlier ones
//! props   := n (name:str field:str required:u8 shape)*
//! shape   := 0 flags [min] [max] [pattern:str]    -- String (flags: 1 min, 2 max, 4 pattern)
//!          | 1 enum | 2 flags [min:zz] [max:zz]   -- Enum, Integer (zig-zag bounds)
//!          | 3 | 4 | 5                            -- Number, Boolean, Json
//!          | 6 shape | 7 shape | 8 object         -- Array, Map, Object
//! types   := n (name rust_name defs_module description:str props
//!               n (name:str method:str list:u8)* strs [tag:str] strs)*
//! ```
//! Numbers are unsigned LEB128 varints; `str` is an index into `strings`.

use crate::{Attribute, EnumDef, EnumValue, ObjectDef, Property, ResourceType, Shape};
use std::collections::HashMap;

/// The first bytes of every blob (format version 1).
pub const MAGIC: &[u8; 4] = b"HAR1";

/// Encodes the types of one service (in the given order).
pub fn encode(types: &[&ResourceType]) -> Vec<u8> {
    let mut e = Encoder::default();
    let mut body = Vec::new();
    uint(&mut body, types.len() as u64);
    for t in types {
        for s in [t.name, t.rust_name, t.defs_module, t.description] {
            let i = e.string(s);
            uint(&mut body, i);
        }
        e.props(&mut body, t.properties);
        uint(&mut body, t.attributes.len() as u64);
        for a in t.attributes {
            let (n, m) = (e.string(a.name), e.string(a.method));
            uint(&mut body, n);
            uint(&mut body, m);
            body.push(u8::from(a.list));
        }
        e.strs(&mut body, t.create_only);
        match t.tag_property {
            Some(tag) => {
                body.push(1);
                let i = e.string(tag);
                uint(&mut body, i);
            }
            None => body.push(0),
        }
        e.strs(&mut body, t.primary_identifier);
    }
    let mut out = MAGIC.to_vec();
    uint(&mut out, e.strings.len() as u64);
    for s in &e.strings {
        uint(&mut out, s.len() as u64);
        out.extend_from_slice(s.as_bytes());
    }
    for table in [&e.enums, &e.objects] {
        uint(&mut out, table.len() as u64);
        for item in table {
            out.extend_from_slice(item);
        }
    }
    out.extend_from_slice(&body);
    out
}

fn uint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

/// Interning tables of the encoder: identical strings, enums and objects are stored once.
#[derive(Default)]
struct Encoder {
    strings: Vec<&'static str>,
    string_ids: HashMap<&'static str, u64>,
    enums: Vec<Vec<u8>>,
    enum_ids: HashMap<Vec<u8>, u64>,
    objects: Vec<Vec<u8>>,
    object_ids: HashMap<Vec<u8>, u64>,
}

impl Encoder {
    fn string(&mut self, s: &'static str) -> u64 {
        if let Some(&i) = self.string_ids.get(s) {
            return i;
        }
        let i = self.strings.len() as u64;
        self.strings.push(s);
        self.string_ids.insert(s, i);
        i
    }

    fn strs(&mut self, out: &mut Vec<u8>, list: &[&'static str]) {
        uint(out, list.len() as u64);
        for s in list {
            let i = self.string(s);
            uint(out, i);
        }
    }

    fn props(&mut self, out: &mut Vec<u8>, props: &[Property]) {
        uint(out, props.len() as u64);
        for p in props {
            let (n, f) = (self.string(p.name), self.string(p.rust_field));
            uint(out, n);
            uint(out, f);
            out.push(u8::from(p.required));
            self.shape(out, p.shape);
        }
    }

    fn intern(table: &mut Vec<Vec<u8>>, ids: &mut HashMap<Vec<u8>, u64>, item: Vec<u8>) -> u64 {
        if let Some(&i) = ids.get(&item) {
            return i;
        }
        let i = table.len() as u64;
        table.push(item.clone());
        ids.insert(item, i);
        i
    }

    fn shape(&mut self, out: &mut Vec<u8>, shape: &Shape) {
        match shape {
            Shape::String {
                min_len,
                max_len,
                pattern,
            } => {
                out.push(0);
                let flags = u8::from(min_len.is_some())
                    | u8::from(max_len.is_some()) << 1
                    | u8::from(pattern.is_some()) << 2;
                out.push(flags);
                for v in [min_len, max_len].into_iter().flatten() {
                    uint(out, u64::from(*v));
                }
                if let Some(p) = pattern {
                    let i = self.string(p);
                    uint(out, i);
                }
            }
            Shape::Enum(def) => {
                let mut item = Vec::new();
                let n = self.string(def.rust_name);
                uint(&mut item, n);
                item.push(u8::from(def.integer));
                uint(&mut item, def.values.len() as u64);
                for v in def.values {
                    let (a, b) = (self.string(v.value), self.string(v.variant));
                    uint(&mut item, a);
                    uint(&mut item, b);
                }
                let i = Self::intern(&mut self.enums, &mut self.enum_ids, item);
                out.push(1);
                uint(out, i);
            }
            Shape::Integer { min, max } => {
                out.push(2);
                out.push(u8::from(min.is_some()) | u8::from(max.is_some()) << 1);
                for v in [min, max].into_iter().flatten() {
                    uint(out, zigzag(*v));
                }
            }
            Shape::Number => out.push(3),
            Shape::Boolean => out.push(4),
            Shape::Json => out.push(5),
            Shape::Array(inner) => {
                out.push(6);
                self.shape(out, inner);
            }
            Shape::Map(inner) => {
                out.push(7);
                self.shape(out, inner);
            }
            Shape::Object(def) => {
                // Children first, so an object only references objects stored before it.
                let mut item = Vec::new();
                let n = self.string(def.rust_name);
                uint(&mut item, n);
                self.props(&mut item, def.properties);
                let i = Self::intern(&mut self.objects, &mut self.object_ids, item);
                out.push(8);
                uint(out, i);
            }
        }
    }
}

/// Why a blob could not be decoded (a build with a stale or damaged `data/` directory).
#[derive(Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// Byte offset where decoding stopped.
    pub offset: usize,
    /// What was wrong there.
    pub what: &'static str,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "registry blob damaged at byte {}: {} (regenerate with `cargo run -p ha-codegen -- generate`)",
            self.offset, self.what
        )
    }
}

struct Decoder<'b> {
    bytes: &'b [u8],
    pos: usize,
    strings: Vec<&'static str>,
    enums: Vec<&'static EnumDef>,
    objects: Vec<&'static ObjectDef>,
}

fn leak<T>(v: T) -> &'static T {
    Box::leak(Box::new(v))
}

fn leak_vec<T>(v: Vec<T>) -> &'static [T] {
    Box::leak(v.into_boxed_slice())
}

impl Decoder<'_> {
    fn fail<T>(&self, what: &'static str) -> Result<T, DecodeError> {
        Err(DecodeError {
            offset: self.pos,
            what,
        })
    }

    fn byte(&mut self) -> Result<u8, DecodeError> {
        match self.bytes.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                Ok(b)
            }
            None => self.fail("unexpected end"),
        }
    }

    fn uint(&mut self) -> Result<u64, DecodeError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        self.fail("varint too long")
    }

    fn len(&mut self) -> Result<usize, DecodeError> {
        let n = self.uint()?;
        // No count can exceed the bytes left: rejects garbage before allocating.
        match usize::try_from(n) {
            Ok(n) if n <= self.bytes.len() - self.pos => Ok(n),
            _ => self.fail("count larger than the blob"),
        }
    }

    fn index<T: Copy>(&mut self, table: &[T], what: &'static str) -> Result<T, DecodeError> {
        let i = self.uint()?;
        match usize::try_from(i).ok().and_then(|i| table.get(i)) {
            Some(&v) => Ok(v),
            None => self.fail(what),
        }
    }

    fn str(&mut self) -> Result<&'static str, DecodeError> {
        let strings = std::mem::take(&mut self.strings);
        let r = self.index(&strings, "string index out of range");
        self.strings = strings;
        r
    }

    fn strs(&mut self) -> Result<&'static [&'static str], DecodeError> {
        let n = self.len()?;
        let v = (0..n).map(|_| self.str()).collect::<Result<Vec<_>, _>>()?;
        Ok(leak_vec(v))
    }

    fn flag(&mut self) -> Result<bool, DecodeError> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => self.fail("flag is neither 0 nor 1"),
        }
    }

    fn props(&mut self) -> Result<&'static [Property], DecodeError> {
        let n = self.len()?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(Property {
                name: self.str()?,
                rust_field: self.str()?,
                required: self.flag()?,
                shape: self.shape()?,
            });
        }
        Ok(leak_vec(v))
    }

    fn shape(&mut self) -> Result<&'static Shape, DecodeError> {
        let shape = match self.byte()? {
            0 => {
                let flags = self.byte()?;
                let mut bound = |bit: u8| -> Result<Option<u32>, DecodeError> {
                    if flags & bit == 0 {
                        return Ok(None);
                    }
                    let v = self.uint()?;
                    u32::try_from(v)
                        .map(Some)
                        .or_else(|_| self.fail("length bound too large"))
                };
                let min_len = bound(1)?;
                let max_len = bound(2)?;
                let pattern = if flags & 4 != 0 {
                    Some(self.str()?)
                } else {
                    None
                };
                Shape::String {
                    min_len,
                    max_len,
                    pattern,
                }
            }
            1 => {
                let enums = std::mem::take(&mut self.enums);
                let r = self.index(&enums, "enum index out of range");
                self.enums = enums;
                Shape::Enum(r?)
            }
            2 => {
                let flags = self.byte()?;
                let mut bound = |bit: u8| -> Result<Option<i64>, DecodeError> {
                    if flags & bit == 0 {
                        return Ok(None);
                    }
                    let z = self.uint()?;
                    Ok(Some((z >> 1) as i64 ^ -((z & 1) as i64)))
                };
                let min = bound(1)?;
                let max = bound(2)?;
                Shape::Integer { min, max }
            }
            3 => Shape::Number,
            4 => Shape::Boolean,
            5 => Shape::Json,
            6 => Shape::Array(self.shape()?),
            7 => Shape::Map(self.shape()?),
            8 => {
                let objects = std::mem::take(&mut self.objects);
                let r = self.index(&objects, "object index out of range");
                self.objects = objects;
                Shape::Object(r?)
            }
            _ => return self.fail("unknown shape tag"),
        };
        Ok(leak(shape))
    }
}

/// Decodes a blob written by [`encode`] into types of `service`. The decoded metadata is
/// leaked: it lives for the rest of the process (the macro decodes each service at most once).
pub fn decode(service: &'static str, bytes: &[u8]) -> Result<Vec<ResourceType>, DecodeError> {
    let mut d = Decoder {
        bytes,
        pos: 0,
        strings: Vec::new(),
        enums: Vec::new(),
        objects: Vec::new(),
    };
    if !bytes.starts_with(MAGIC) {
        return d.fail("not a registry blob of this version");
    }
    d.pos = MAGIC.len();
    let n = d.len()?;
    for _ in 0..n {
        let len = d.len()?;
        let raw = &bytes[d.pos..d.pos + len];
        let Ok(s) = std::str::from_utf8(raw) else {
            return d.fail("string is not UTF-8");
        };
        d.strings.push(Box::leak(s.to_owned().into_boxed_str()));
        d.pos += len;
    }
    let n = d.len()?;
    for _ in 0..n {
        let rust_name = d.str()?;
        let integer = d.flag()?;
        let count = d.len()?;
        let mut values = Vec::with_capacity(count);
        for _ in 0..count {
            values.push(EnumValue {
                value: d.str()?,
                variant: d.str()?,
            });
        }
        let def = leak(EnumDef {
            rust_name,
            integer,
            values: leak_vec(values),
        });
        d.enums.push(def);
    }
    let n = d.len()?;
    for _ in 0..n {
        let rust_name = d.str()?;
        let properties = d.props()?;
        let def = leak(ObjectDef {
            rust_name,
            properties,
        });
        d.objects.push(def);
    }
    let n = d.len()?;
    let mut types = Vec::with_capacity(n);
    for _ in 0..n {
        let (name, rust_name, defs_module, description) = (d.str()?, d.str()?, d.str()?, d.str()?);
        let properties = d.props()?;
        let count = d.len()?;
        let mut attributes = Vec::with_capacity(count);
        for _ in 0..count {
            attributes.push(Attribute {
                name: d.str()?,
                method: d.str()?,
                list: d.flag()?,
            });
        }
        let create_only = d.strs()?;
        let tag_property = if d.flag()? { Some(d.str()?) } else { None };
        let primary_identifier = d.strs()?;
        types.push(ResourceType {
            name,
            service,
            rust_name,
            defs_module,
            properties,
            attributes: leak_vec(attributes),
            create_only,
            tag_property,
            primary_identifier,
            description,
        });
    }
    if d.pos != bytes.len() {
        return d.fail("trailing bytes");
    }
    Ok(types)
}
