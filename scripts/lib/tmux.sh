# Helpers for driving the console in tmux as a person would. Sourced.
# A session runs an interactive bash with a known prompt; tests type into
# it with send-keys and read the screen with capture-pane.

TMUX_SESSION=""
SCREENS_DIR="${SCREENS_DIR:-target/tmux-screens}"

# tmux_start NAME: a 120x40 session running bash with the prompt "READY$ ".
tmux_start() {
  TMUX_SESSION="runcli-$1-$$"
  mkdir -p "$SCREENS_DIR"
  tmux kill-session -t "$TMUX_SESSION" 2>/dev/null || true
  tmux new-session -d -s "$TMUX_SESSION" -x 120 -y 40 \
    "env PS1='READY\$ ' HOME=\"$HOME\" TERM=xterm-256color bash --norc --noprofile"
  tmux_wait_for 'READY\$' 10
}

tmux_stop() {
  [ -n "$TMUX_SESSION" ] && tmux kill-session -t "$TMUX_SESSION" 2>/dev/null || true
}

tmux_type() { tmux send-keys -t "$TMUX_SESSION" "$@"; }

tmux_screen() { tmux capture-pane -p -t "$TMUX_SESSION"; }

# tmux_save NAME: keeps the current screen as $SCREENS_DIR/NAME.txt.
tmux_save() { tmux_screen >"$SCREENS_DIR/$1.txt"; }

# tmux_wait_for REGEX SECONDS: waits until the screen matches, else fails
# showing the screen it saw.
tmux_wait_for() {
  local pattern=$1 seconds=${2:-10} i
  for ((i = 0; i < seconds * 10; i++)); do
    if tmux_screen | grep -Eq -- "$pattern"; then
      return 0
    fi
    sleep 0.1
  done
  echo "FAIL: screen never matched /$pattern/ within ${seconds}s; it shows:" >&2
  tmux_screen >&2
  return 1
}

# regex_quote TEXT: TEXT as an extended regex matching itself.
regex_quote() { sed 's/[][\\.^$*+?(){}|/]/\\&/g' <<<"$1"; }

# tmux_wait_gone REGEX SECONDS: waits until the screen no longer matches.
tmux_wait_gone() {
  local pattern=$1 seconds=${2:-10} i
  for ((i = 0; i < seconds * 10; i++)); do
    if ! tmux_screen | grep -Eq -- "$pattern"; then
      return 0
    fi
    sleep 0.1
  done
  echo "FAIL: screen still matches /$pattern/ after ${seconds}s:" >&2
  tmux_screen >&2
  return 1
}

# tmux_expect_absent REGEX: fails when the screen matches.
tmux_expect_absent() {
  if tmux_screen | grep -Eq -- "$1"; then
    echo "FAIL: screen unexpectedly matches /$1/:" >&2
    tmux_screen >&2
    return 1
  fi
}

# tmux_expect_cooked: types `stty -a` at the prompt and checks the terminal
# is back in cooked mode with echo.
tmux_expect_cooked() {
  # The marker is computed so the typed command line itself cannot match it.
  tmux_type 'clear; stty -a | tr " " "\n" | grep -Ex -- "-?(icanon|echo)" | tr "\n" " "; echo END-$((40+2))' Enter
  tmux_wait_for 'END-42$' 10
  local screen
  screen=$(tmux_screen)
  if ! grep -q -- '^icanon echo END-42' <<<"$(grep -E 'END-42$' <<<"$screen" | tail -n 1)"; then
    echo "FAIL: terminal not in cooked mode:" >&2
    echo "$screen" >&2
    return 1
  fi
}

# tmux_exec_with_pid PIDFILE COMMAND: runs COMMAND (a shell command line)
# at the prompt through `exec`, after writing its pid to PIDFILE, so a test
# can signal or measure exactly that process.
tmux_exec_with_pid() {
  rm -f "$1"
  tmux_type "sh -c 'echo \$\$ > $1; exec $2'" Enter
}
