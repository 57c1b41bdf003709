#!/bin/bash
# shellcheck disable=SC2317 # cleanup() runs from a trap, inside() from bash -c
# Runs a command on a private D-Bus session bus, with a private HOME, against a real Secret Service
# (gnome-keyring) whose files live in a fresh temporary folder. The user's own keyring, bus and
# display are never reached: the bus is started from its own configuration, which lists no
# service folder but an empty one, so nothing (not gnome-keyring, not a password prompter) can be
# activated behind the test's back.
#
#   with-keyring.sh [--unlocked | --locked | --no-keyring] COMMAND [ARGS...]
#
#   --unlocked     (default) gnome-keyring-daemon --unlock --components=secrets: the "login"
#                  collection exists and is unlocked
#   --locked       the same, then the collection is locked through the Secret Service API; an
#                  unlock would need a prompt, and there is no prompter
#   --no-keyring   nobody owns org.freedesktop.secrets on the bus
#
# The command sees HOME, XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_CACHE_HOME, XDG_STATE_HOME and
# XDG_RUNTIME_DIR (mode 700) inside NEPHELE_KEYRING_ROOT, and NEPHELE_KEYRING_MODE (unlocked,
# locked or none). The command runs as a child, not exec'd, so that the daemon can be stopped by
# its PID once it ends; then the folder is removed. The command's exit status is the script's;
# 77 means a program the harness needs is missing, 2 that the keyring could not be put in the
# state asked for.
set -euo pipefail

mode=unlocked
case "${1:-}" in
--unlocked) shift ;;
--locked) mode=locked; shift ;;
--no-keyring) mode=none; shift ;;
--*) echo "with-keyring.sh: unknown option $1" >&2; exit 2 ;;
esac
if [ $# -eq 0 ]; then
    echo "usage: with-keyring.sh [--unlocked | --locked | --no-keyring] COMMAND [ARGS...]" >&2
    exit 2
fi
for tool in dbus-run-session dbus-send gdbus; do
    if ! command -v "$tool" >/dev/null; then
        echo "with-keyring.sh: $tool is missing (packages dbus-daemon, dbus-bin, libglib2.0-bin)" >&2
        exit 77
    fi
done
if [ "$mode" != none ] && ! command -v gnome-keyring-daemon >/dev/null; then
    echo "with-keyring.sh: gnome-keyring-daemon is missing (package gnome-keyring)" >&2
    exit 77
fi

root=$(mktemp -d "${TMPDIR:-/tmp}/nephele-keyring.XXXXXXXX")
cleanup() {
    # The inner shell stops the daemon; this covers an inner shell that was killed first.
    if [ -s "$root/keyring.pid" ]; then
        kill "$(cat "$root/keyring.pid")" 2>/dev/null || true
    fi
    rm -rf "$root"
}
trap cleanup EXIT

mkdir -p "$root/home" "$root/config" "$root/data" "$root/cache" "$root/state" "$root/runtime" "$root/dbus-services"
chmod 700 "$root" "$root/runtime"
cat >"$root/session.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=$root/runtime</listen>
  <auth>EXTERNAL</auth>
  <servicedir>$root/dbus-services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF

export HOME="$root/home"
export XDG_CONFIG_HOME="$root/config"
export XDG_DATA_HOME="$root/data"
export XDG_CACHE_HOME="$root/cache"
export XDG_STATE_HOME="$root/state"
export XDG_RUNTIME_DIR="$root/runtime"
export NEPHELE_KEYRING_ROOT="$root"
export NEPHELE_KEYRING_MODE="$mode"
# Nothing of the caller's session: no desktop hints (QtKeychain would pick KWallet on KDE), no
# agent sockets, no display for a prompter.
unset DBUS_SESSION_BUS_ADDRESS XDG_CURRENT_DESKTOP XDG_SESSION_DESKTOP DESKTOP_SESSION KDE_FULL_SESSION \
    KDE_SESSION_VERSION GNOME_DESKTOP_SESSION_ID GNOME_KEYRING_CONTROL SSH_AUTH_SOCK DISPLAY WAYLAND_DISPLAY

inside() {
    set -euo pipefail
    local mode=$1 root=$2
    shift 2
    local bus=(--session --print-reply=literal --reply-timeout=10000)
    if [ "$mode" != none ]; then
        # --unlock reads the password from stdin, creates the "login" collection if needed,
        # unlocks it, forks the daemon and prints the variables its clients need.
        local vars
        vars=$(echo -n PASS | gnome-keyring-daemon --unlock --components=secrets)
        while IFS= read -r line; do
            if [[ $line == *=* ]]; then export "${line?}"; fi
        done <<<"$vars"
        # The daemon takes its bus name after --unlock has returned: wait for it (event-driven,
        # bounded), never for a fixed time.
        gdbus wait --session --timeout 20 org.freedesktop.secrets ||
            { echo "with-keyring.sh: gnome-keyring-daemon did not take org.freedesktop.secrets" >&2; return 2; }
        local pid
        pid=$(dbus-send "${bus[@]}" --dest=org.freedesktop.DBus / org.freedesktop.DBus.GetConnectionUnixProcessID \
            string:org.freedesktop.secrets | awk '{print $2}')
        [ -n "$pid" ] || { echo "with-keyring.sh: gnome-keyring-daemon did not take org.freedesktop.secrets" >&2; return 2; }
        echo "$pid" >"$root/keyring.pid"
        local login=/org/freedesktop/secrets/collection/login
        if [ "$mode" = locked ]; then
            dbus-send "${bus[@]}" --dest=org.freedesktop.secrets /org/freedesktop/secrets \
                org.freedesktop.Secret.Service.Lock "array:objpath:$login" >/dev/null
        fi
        local locked want=false
        [ "$mode" = locked ] && want=true
        locked=$(dbus-send "${bus[@]}" --dest=org.freedesktop.secrets "$login" org.freedesktop.DBus.Properties.Get \
            string:org.freedesktop.Secret.Collection string:Locked | awk '{print $NF}')
        [ "$locked" = "$want" ] || { echo "with-keyring.sh: the login collection is Locked=$locked, wanted $want" >&2; return 2; }
    fi
    local status=0
    "$@" || status=$? # a child, not exec: the daemon is stopped after it
    if [ -s "$root/keyring.pid" ]; then
        local pid
        pid=$(cat "$root/keyring.pid")
        kill "$pid" 2>/dev/null || true
        # Bounded wait for the daemon to go before its files are removed. It was forked away,
        # so it may linger as a zombie until PID 1 reaps it: that counts as gone.
        local _
        for _ in $(seq 50); do
            grep -qs '^State:[[:space:]]*[^Z[:space:]]' "/proc/$pid/status" || break
            sleep 0.1
        done
        grep -qs '^State:[[:space:]]*[^Z[:space:]]' "/proc/$pid/status" && kill -KILL "$pid" 2>/dev/null
        rm -f "$root/keyring.pid"
    fi
    return "$status"
}

# In the background, as the leader of its own process group, so that a TERM or INT (ctest's
# timeout, ^C) is handled at once: the trap ends the whole group (bus, inner shell, command), then
# cleans up.
setsid dbus-run-session --config-file="$root/session.conf" -- \
    bash -c "$(declare -f inside); inside \"\$@\"" inside "$mode" "$root" "$@" &
child=$!
trap 'kill -TERM -- "-$child" 2>/dev/null; exit 143' TERM
trap 'kill -TERM -- "-$child" 2>/dev/null; exit 130' INT
status=0
wait "$child" || status=$?
exit "$status"
