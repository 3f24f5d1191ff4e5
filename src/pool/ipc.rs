//! Lines exchanged with `lib/worker-shim.js` over the Node IPC channel.
//!
//! Node's JSON serialization mode frames each message as `JSON.stringify(message) + "\n"`, so
//! every line in either direction is one JSON object. Payloads (`v`, `data`) are base64 text of
//! `v8.serialize(value)` and pass through here unread.

use serde::{Deserialize, Serialize};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::unix::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tokio::task::JoinHandle;

use super::{JobSource, MessageKind, RunSpec};

/// Asks the shim to deliver the string 'cancel' to the job's parentPort listeners.
pub(crate) const CANCEL_LINE: &[u8] = b"{\"t\":\"cancel\"}\n";

/// A line sent by the shim.
#[derive(Debug, PartialEq)]
pub(crate) enum ChildLine {
  Online,
  Message { payload: String, kind: MessageKind },
  Error { payload: String },
}

#[derive(Deserialize)]
struct IncomingLine {
  t: String,
  #[serde(default)]
  v: Option<String>,
  #[serde(default)]
  k: Option<String>,
}

#[derive(Serialize)]
struct RunLine<'a> {
  t: &'static str,
  name: &'a str,
  #[serde(skip_serializing_if = "Option::is_none")]
  path: Option<&'a str>,
  #[serde(skip_serializing_if = "Option::is_none")]
  source: Option<&'a str>,
  data: &'a str,
  limits: Option<&'a str>,
  /// Milliseconds since the epoch before which the shim must not start the job.
  #[serde(skip_serializing_if = "Option::is_none")]
  at: Option<f64>,
}

#[derive(Serialize)]
struct MessageLine<'a> {
  t: &'static str,
  v: &'a str,
}

/// Parses one line sent by the shim; returns `None` for anything that is not a known message.
pub(crate) fn parse_line(line: &[u8]) -> Option<ChildLine> {
  let incoming: IncomingLine = serde_json::from_slice(line).ok()?;
  match incoming.t.as_str() {
    "online" => Some(ChildLine::Online),
    "msg" => {
      let kind = match incoming.k.as_deref() {
        Some("done") => MessageKind::Done,
        Some("cancelled") => MessageKind::Cancelled,
        _ => MessageKind::Other,
      };
      Some(ChildLine::Message {
        payload: incoming.v?,
        kind,
      })
    }
    "error" => Some(ChildLine::Error {
      payload: incoming.v?,
    }),
    _ => None,
  }
}

/// Builds the `run` line that hands the job to a waiting shim.
pub(crate) fn run_line(spec: &RunSpec, limits: Option<&str>) -> Vec<u8> {
  let path_text;
  let (path, source) = match &spec.source {
    JobSource::Path(path) => {
      path_text = path.to_string_lossy();
      (Some(path_text.as_ref()), None)
    }
    JobSource::Source(text) => (None, Some(text.as_str())),
  };
  let line = RunLine {
    t: "run",
    name: &spec.name,
    path,
    source,
    data: &spec.worker_data,
    limits,
    at: spec
      .start_at
      .and_then(|at| at.duration_since(std::time::UNIX_EPOCH).ok())
      .map(|since_epoch| since_epoch.as_secs_f64() * 1000.0),
  };
  to_line(&line)
}

/// Builds the line that delivers a parent message to the job's parentPort.
pub(crate) fn message_line(payload: &str) -> Vec<u8> {
  to_line(&MessageLine {
    t: "msg",
    v: payload,
  })
}

fn to_line<T: Serialize>(value: &T) -> Vec<u8> {
  // serde_json fails only on maps with non-string keys or on failing Serialize impls, and these
  // structs of strings have neither.
  let mut bytes = serde_json::to_vec(value).unwrap_or_default();
  bytes.push(b'\n');
  bytes
}

/// Reads lines from the child until EOF and forwards the parsed ones.
///
/// A child that dies in the middle of a write leaves a line without its `\n`; that fragment is
/// dropped rather than parsed.
pub(crate) fn spawn_reader(
  half: OwnedReadHalf,
  lines: UnboundedSender<ChildLine>,
) -> JoinHandle<()> {
  tokio::spawn(async move {
    let mut reader = BufReader::with_capacity(64 * 1024, half);
    let mut buffer = Vec::new();
    loop {
      buffer.clear();
      match reader.read_until(b'\n', &mut buffer).await {
        Ok(0) => break,
        Ok(read) if buffer.last() != Some(&b'\n') => {
          tracing::debug!(
            bytes = read,
            "dropped an incomplete line from a job process"
          );
          break;
        }
        Ok(_) => match parse_line(&buffer) {
          Some(line) => {
            if lines.send(line).is_err() {
              break;
            }
          }
          None => tracing::debug!(
            bytes = buffer.len(),
            "ignored an unknown line from a job process"
          ),
        },
        Err(error) => {
          tracing::debug!(%error, "reading from a job process failed");
          break;
        }
      }
    }
  })
}

/// Writes queued lines to the child in order. When the queue's senders are gone, the write half
/// is dropped, which shuts down our direction of the socket. The shim then reads EOF, emits
/// 'disconnect' and exits.
pub(crate) fn spawn_writer(mut half: OwnedWriteHalf, mut lines: UnboundedReceiver<Vec<u8>>) {
  tokio::spawn(async move {
    while let Some(line) = lines.recv().await {
      if let Err(error) = half.write_all(&line).await {
        tracing::debug!(%error, "writing to a job process failed");
        break;
      }
    }
  });
}

#[cfg(test)]
mod tests {
  use super::*;
  use std::path::PathBuf;

  #[test]
  fn parse_done_message() {
    let line = parse_line(br#"{"t":"msg","v":"/w8iBGRvbmU=","k":"done"}"#);
    let expected = ChildLine::Message {
      payload: "/w8iBGRvbmU=".into(),
      kind: MessageKind::Done,
    };
    assert_eq!(line, Some(expected));
  }

  #[test]
  fn parse_message_without_kind() {
    let line = parse_line(br#"{"t":"msg","v":"AA=="}"#);
    let expected = ChildLine::Message {
      payload: "AA==".into(),
      kind: MessageKind::Other,
    };
    assert_eq!(line, Some(expected));
  }

  #[test]
  fn parse_rejects_unknown_type() {
    assert_eq!(parse_line(br#"{"t":"hello"}"#), None);
  }

  #[test]
  fn parse_rejects_invalid_json() {
    assert_eq!(parse_line(b"{\"t\":\"msg\",\"v\":\"AA"), None);
  }

  #[test]
  fn run_line_for_path() {
    let spec = RunSpec {
      run_id: 1,
      name: "clean".into(),
      source: JobSource::Path(PathBuf::from("/jobs/clean.js")),
      worker_data: "AA==".into(),
      timeout: None,
      start_at: None,
    };
    let line = String::from_utf8(run_line(&spec, Some("{\"a\":1}"))).unwrap();
    assert_eq!(
      line,
      "{\"t\":\"run\",\"name\":\"clean\",\"path\":\"/jobs/clean.js\",\"data\":\"AA==\",\"limits\":\"{\\\"a\\\":1}\"}\n"
    );
  }

  #[test]
  fn message_line_escapes_payload() {
    let line = String::from_utf8(message_line("a\"b")).unwrap();
    assert_eq!(line, "{\"t\":\"msg\",\"v\":\"a\\\"b\"}\n");
  }
}
