//! systemd readiness for `Type=notify`: one datagram to `$NOTIFY_SOCKET`. Without systemd the
//! variable is unset and nothing is sent.

use std::os::linux::net::SocketAddrExt;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::net::{SocketAddr, UnixDatagram};

/// Sends `state` (`READY=1`, `STOPPING=1`, `STATUS=…`, newline-separated). Best effort: a
/// failure is logged, never fatal.
pub fn systemd(state: &str) {
    let Some(target) = std::env::var_os("NOTIFY_SOCKET") else { return };
    let bytes = target.as_bytes();
    // A leading '@' names a socket in the abstract namespace.
    let addr = match bytes.strip_prefix(b"@") {
        Some(name) => SocketAddr::from_abstract_name(name),
        None => SocketAddr::from_pathname(&target),
    };
    let sent = addr.and_then(|addr| UnixDatagram::unbound()?.send_to_addr(state.as_bytes(), &addr));
    if let Err(e) = sent {
        tracing::warn!("telling systemd `{}`: {e}", state.lines().next().unwrap_or_default());
    }
}
