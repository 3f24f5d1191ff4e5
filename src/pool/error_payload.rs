//! Error payloads made on the Rust side (a failed spawn), encoded like the shim's: base64 text of
//! V8's serialization format as `v8.serialize` writes it, so `v8.deserialize` reads them the same
//! way as errors raised inside a job.

use std::io;
use std::path::Path;

/// Format version in the header: Node 20.20 (V8 11.3) writes 15, and V8 reads any version up to
/// its own.
const V8_FORMAT_VERSION: u8 = 15;

enum Field<'a> {
  Text(&'a str),
  Int(i32),
}

/// Builds the payload for a `node` process that could not be started: a plain object shaped like
/// Node's own spawn errors (`name`, `message`, `stack`, `code`, `errno`, `syscall`, `path`).
pub(crate) fn spawn_failure(node_path: &Path, job: &str, error: &io::Error) -> String {
  let node = node_path.to_string_lossy();
  let code = error.raw_os_error().map(errno_code).unwrap_or("ESPAWN");
  let message = format!("Failed to start {node} for job \"{job}\": {error}");
  let stack = format!("Error: {message}");
  let syscall = format!("spawn {node}");
  let mut fields = vec![
    ("name", Field::Text("Error")),
    ("message", Field::Text(&message)),
    ("stack", Field::Text(&stack)),
    ("code", Field::Text(code)),
  ];
  if let Some(errno) = error.raw_os_error() {
    // Node reports errno as a negative number (-2 for ENOENT).
    fields.push(("errno", Field::Int(-errno)));
  }
  fields.push(("syscall", Field::Text(&syscall)));
  fields.push(("path", Field::Text(&node)));
  base64(&serialize_object(&fields))
}

fn errno_code(errno: i32) -> &'static str {
  match errno {
    libc::ENOENT => "ENOENT",
    libc::EACCES => "EACCES",
    libc::EPERM => "EPERM",
    libc::ENOEXEC => "ENOEXEC",
    libc::ENOMEM => "ENOMEM",
    libc::EAGAIN => "EAGAIN",
    libc::EMFILE => "EMFILE",
    libc::ENFILE => "ENFILE",
    libc::ESRCH => "ESRCH",
    _ => "ESPAWN",
  }
}

fn serialize_object(fields: &[(&str, Field)]) -> Vec<u8> {
  let mut out = vec![0xFF, V8_FORMAT_VERSION, b'o'];
  for (key, value) in fields {
    write_utf8_string(&mut out, key);
    match value {
      Field::Text(text) => write_utf8_string(&mut out, text),
      Field::Int(number) => {
        out.push(b'I');
        // ZigZag encoding, as V8 writes Smi values.
        write_varint(&mut out, ((number << 1) ^ (number >> 31)) as u32 as u64);
      }
    }
  }
  out.push(b'{');
  write_varint(&mut out, fields.len() as u64);
  out
}

/// Writes a string with the UTF-8 tag `S`, which V8's deserializer accepts.
fn write_utf8_string(out: &mut Vec<u8>, text: &str) {
  out.push(b'S');
  write_varint(out, text.len() as u64);
  out.extend_from_slice(text.as_bytes());
}

fn write_varint(out: &mut Vec<u8>, mut value: u64) {
  loop {
    let byte = (value & 0x7F) as u8;
    value >>= 7;
    if value == 0 {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

/// Standard base64 with padding, as `Buffer.toString('base64')` writes it.
fn base64(bytes: &[u8]) -> String {
  const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
  for chunk in bytes.chunks(3) {
    let b0 = chunk[0] as u32;
    let b1 = chunk.get(1).copied().unwrap_or(0) as u32;
    let b2 = chunk.get(2).copied().unwrap_or(0) as u32;
    let triple = (b0 << 16) | (b1 << 8) | b2;
    out.push(ALPHABET[(triple >> 18) as usize & 63] as char);
    out.push(ALPHABET[(triple >> 12) as usize & 63] as char);
    if chunk.len() > 1 {
      out.push(ALPHABET[(triple >> 6) as usize & 63] as char);
    } else {
      out.push('=');
    }
    if chunk.len() > 2 {
      out.push(ALPHABET[triple as usize & 63] as char);
    } else {
      out.push('=');
    }
  }
  out
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn base64_pads_short_chunks() {
    assert_eq!(base64(b"f"), "Zg==");
    assert_eq!(base64(b"fo"), "Zm8=");
    assert_eq!(base64(b"foo"), "Zm9v");
    assert_eq!(base64(b"foob"), "Zm9vYg==");
  }

  #[test]
  fn object_with_negative_int() {
    // v8.serialize({a: -2}) in Node 20 is ff 0f 6f 22 01 61 49 03 7b 01; here the key uses the
    // UTF-8 string tag instead of the one-byte tag.
    let bytes = serialize_object(&[("a", Field::Int(-2))]);
    assert_eq!(
      bytes,
      vec![0xFF, 0x0F, b'o', b'S', 1, b'a', b'I', 3, b'{', 1]
    );
  }

  #[test]
  fn varint_spans_bytes() {
    let mut out = Vec::new();
    write_varint(&mut out, 300);
    assert_eq!(out, vec![0xAC, 0x02]);
  }
}
