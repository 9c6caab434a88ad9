#!/usr/bin/env bash
# Install the queue system on a Raspberry Pi OS / Debian box.
#   sudo ./install.sh server            # the office server (queue_server + backups)
#   sudo ./install.sh kiosk URL TOKEN   # a kiosk: Chromium in kiosk mode + print agent
#   sudo ./install.sh board URL TOKEN   # a hall TV: the pygame board
set -euo pipefail
ROLE=${1:?"укажите роль: server | kiosk | board"}
APP_DIR=/opt/queue
APP_USER=queue
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)

apt-get update -qq
apt-get install -y -qq python3 python3-venv python3-dev fonts-dejavu-core rsync
id -u "$APP_USER" >/dev/null 2>&1 || useradd --system --create-home --home-dir /var/lib/queue "$APP_USER"
mkdir -p "$APP_DIR"
rsync -a --delete --exclude .venv --exclude var --exclude .git "$SRC/" "$APP_DIR/"
python3 -m venv "$APP_DIR/.venv"
"$APP_DIR/.venv/bin/pip" install -q -r "$APP_DIR/requirements.txt"
install -d -o "$APP_USER" /var/lib/queue /var/backups/queue
[ -f /etc/default/queue ] || install -m 0640 "$HERE/queue.env" /etc/default/queue

case "$ROLE" in
  server)
    sudo -u "$APP_USER" env QUEUE_DB=/var/lib/queue/queue.sqlite3 \
      "$APP_DIR/.venv/bin/python" -m queue_server init
    install -m 0644 "$HERE/queue-server.service" "$HERE/queue-backup.service" \
      "$HERE/queue-backup.timer" /etc/systemd/system/
    systemctl daemon-reload
    systemctl enable --now queue-server.service queue-backup.timer
    ;;
  kiosk)
    URL=${2:?"адрес сервера"}; TOKEN=${3:?"токен киоска"}
    apt-get install -y -qq chromium || apt-get install -y -qq chromium-browser
    install -m 0644 "$HERE/99-escpos.rules" /etc/udev/rules.d/
    udevadm control --reload-rules && udevadm trigger
    usermod -aG lp,dialout "$APP_USER"
    printf 'QUEUE_SERVER_URL=%s\nQUEUE_DEVICE_TOKEN=%s\nQUEUE_PRINTER=%s\n' "$URL" "$TOKEN" \
      "${QUEUE_PRINTER:-usb://0416:5011}" > /etc/default/queue-device
    install -m 0644 "$HERE/queue-print-agent.service" /etc/systemd/system/
    install -D -m 0644 "$HERE/kiosk-chromium.desktop" /etc/xdg/autostart/kiosk-chromium.desktop
    sed -i "s#__SETUP_URL__#$URL/setup?token=$TOKEN#" /etc/xdg/autostart/kiosk-chromium.desktop
    systemctl daemon-reload
    systemctl enable --now queue-print-agent.service
    ;;
  board)
    URL=${2:?"адрес сервера"}; TOKEN=${3:?"токен табло"}
    printf 'QUEUE_SERVER_URL=%s\nQUEUE_DEVICE_TOKEN=%s\n' "$URL" "$TOKEN" > /etc/default/queue-device
    usermod -aG audio,video,render "$APP_USER" || true
    install -m 0644 "$HERE/queue-board.service" /etc/systemd/system/
    systemctl daemon-reload
    systemctl enable --now queue-board.service
    ;;
  *) echo "неизвестная роль: $ROLE" >&2; exit 2 ;;
esac
echo "Готово: роль $ROLE установлена."
