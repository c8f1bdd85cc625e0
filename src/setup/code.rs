//! The setup code (DESIGN §5): 12 Crockford base32 characters shown as `XXXX-XXXX-XXXX`, new at
//! every start while setup is pending, written to `<data dir>/setup-code` (0600) and to the
//! log; deleted when setup completes. Whoever can read the server's log or data dir owns it.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use subtle::ConstantTimeEq;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

pub struct SetupGate {
    completed: AtomicBool,
    /// The code without dashes, upper case; `None` when no code is required.
    code: Mutex<Option<String>>,
    file: PathBuf,
}

impl SetupGate {
    pub fn open(data_dir: &std::path::Path, completed: bool, require_code: bool) -> std::io::Result<SetupGate> {
        let file = data_dir.join("setup-code");
        let _ = std::fs::remove_file(&file);
        let code = if !completed && require_code {
            let code = generate()?;
            let mut out = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&file)?;
            writeln!(out, "{}", display(&code))?;
            Some(code)
        } else {
            None
        };
        Ok(SetupGate { completed: AtomicBool::new(completed), code: Mutex::new(code), file })
    }

    pub fn is_completed(&self) -> bool {
        self.completed.load(Ordering::Acquire)
    }

    pub fn code_required(&self) -> bool {
        self.code.lock().unwrap_or_else(|p| p.into_inner()).is_some()
    }

    /// `XXXX-XXXX-XXXX`, while setup is pending and a code is required.
    pub fn display_code(&self) -> Option<String> {
        self.code.lock().unwrap_or_else(|p| p.into_inner()).as_deref().map(display)
    }

    /// Compares in constant time; case, spaces and dashes are ignored.
    pub fn accepts(&self, given: Option<&str>) -> bool {
        let guard = self.code.lock().unwrap_or_else(|p| p.into_inner());
        let Some(expected) = guard.as_deref() else { return true };
        let given: String = given.unwrap_or("").chars().filter(|c| *c != '-' && !c.is_whitespace()).collect();
        bool::from(given.to_ascii_uppercase().as_bytes().ct_eq(expected.as_bytes()))
    }

    /// Setup is done: it never reopens, and the code is gone from memory and disk.
    pub fn complete(&self) {
        self.completed.store(true, Ordering::Release);
        *self.code.lock().unwrap_or_else(|p| p.into_inner()) = None;
        let _ = std::fs::remove_file(&self.file);
    }
}

fn generate() -> std::io::Result<String> {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(bytes.iter().map(|b| ALPHABET[(b & 31) as usize] as char).collect())
}

fn display(code: &str) -> String {
    format!("{}-{}-{}", &code[0..4], &code[4..8], &code[8..12])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_accepts_its_display_form_in_any_case() {
        let dir = tempfile::tempdir().unwrap();
        let gate = SetupGate::open(dir.path(), false, true).unwrap();
        let shown = gate.display_code().unwrap();
        assert_eq!(shown.len(), 14);
        assert_eq!(std::fs::read_to_string(dir.path().join("setup-code")).unwrap().trim(), shown);
        assert!(gate.accepts(Some(&shown)));
        assert!(gate.accepts(Some(&shown.replace('-', "").to_lowercase())));
        assert!(!gate.accepts(Some("0000-0000-0000")));
        assert!(!gate.accepts(None));
        gate.complete();
        assert!(gate.is_completed());
        assert!(!dir.path().join("setup-code").exists());
    }
}
