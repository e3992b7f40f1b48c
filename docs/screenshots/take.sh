#!/usr/bin/env bash
# Takes a PNG of every screen in light and dark with the release build under
# Xvfb. Needs: xvfb xauth xdotool imagemagick (apt-get install -y ...).
# Usage: bash docs/screenshots/take.sh [OUT_DIR]   (default: docs/screenshots)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-docs/screenshots}"
bin=target/release/archdeck
[ -x "$bin" ] || cargo build --release
mkdir -p "$out"
display=:97
Xvfb "$display" -screen 0 1400x900x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true' EXIT
sleep 1
data="$(mktemp -d)"
# A simulated week of study so the statistics have something to show.
if "$bin" --help | grep -q simulate; then
    ARCHDECK_DATA_DIR="$data" "$bin" simulate --days 30 >/dev/null
fi
shoot() { # screen theme keys...
    local screen=$1 theme=$2
    shift 2
    ARCHDECK_DATA_DIR="$data" DISPLAY="$display" "$bin" --screen "$screen" --theme "$theme" &
    local app=$!
    sleep 3
    for key in "$@"; do
        DISPLAY="$display" xdotool key --clearmodifiers "$key"
        sleep 0.6
    done
    sleep 1
    DISPLAY="$display" import -window root "$out/$screen${suffix:-}-$theme.png"
    kill "$app"
    wait "$app" 2>/dev/null || true
}
for theme in light dark; do
    shoot decks "$theme"
    shoot study "$theme" space
    shoot browse "$theme" Down Down space
    shoot diagrams "$theme"
    suffix=-open shoot diagrams "$theme" Right Right Right Return
    shoot stats "$theme"
    shoot settings "$theme"
    suffix=-help shoot decks "$theme" question
done
echo "screenshots in $out"
