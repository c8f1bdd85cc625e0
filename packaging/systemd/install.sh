#!/bin/sh
# Installs Staffroom as a systemd service: the binary, the unit, and an example config.
#   sudo packaging/systemd/install.sh path/to/staffroom
set -eu
binary=${1:-target/release/staffroom}
here=$(dirname "$0")
[ "$(id -u)" = 0 ] || { echo "run as root (sudo)" >&2; exit 1; }
[ -x "$binary" ] || { echo "no executable at $binary (build it with: cargo build --release)" >&2; exit 1; }
"$binary" version >/dev/null
install -m 0755 "$binary" /usr/local/bin/staffroom
install -m 0644 "$here/staffroom.service" /etc/systemd/system/staffroom.service
install -d -m 0755 /etc/staffroom
if [ ! -e /etc/staffroom/staffroom.toml ]; then
  install -m 0644 "$here/../../config.example.toml" /etc/staffroom/staffroom.toml
fi
systemctl daemon-reload
systemctl enable --now staffroom
echo "Staffroom is running. Its setup link and code:"
sleep 1
journalctl -u staffroom --no-pager -n 50 | grep -i "setup" || echo "(see: journalctl -u staffroom)"
