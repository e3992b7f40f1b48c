#!/usr/bin/env bash
# Takes a PNG of every screen in light and dark with the release build under
# Xvfb, on a data folder filled with 45 simulated days of study.
# Needs: apt-get install -y xvfb xauth xdotool imagemagick
# Usage: bash docs/screenshots/take.sh [OUT_DIR]   (default: docs/screenshots)
#        ONLY='diagram*' bash docs/screenshots/take.sh   (just the matching shots)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-docs/screenshots}"
cargo build --release --bin archdeck --example simulate_study
bin=target/release/archdeck
mkdir -p "$out"
display=:97
Xvfb "$display" -screen 0 1400x900x24 -noreset >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true' EXIT
sleep 1
data="$(mktemp -d)"
target/release/examples/simulate_study "$data" 45
# A first day of study: the queue starts with Q1's overview, whose answer
# has diagrams.
fresh="$(mktemp -d)"
export DISPLAY="$display"

# shoot NAME SCREEN THEME [xdotool keys or move:X,Y / click / wheel:N]...
# The data folder is $DATA if set, else the one with 45 days of study.
shoot() {
    local name=$1 screen=$2 theme=$3
    shift 3
    [[ -n ${ONLY:-} && $name != $ONLY ]] && return 0
    local dir=${DATA:-$data}
    ARCHDECK_DATA_DIR="$dir" ARCHDECK_DEVICE_FILE="$dir/device-id" \
        "$bin" --screen "$screen" --theme "$theme" &
    local app=$!
    sleep 3
    xdotool windowfocus "$(xdotool search --name archdeck | head -1)"
    sleep 0.3
    xdotool key Escape # the first key after focus can be lost
    xdotool mousemove 1390 890 # off the window: no stray hover or tooltip
    for step in "$@"; do
        case "$step" in
            move:*) xy=${step#move:}; xdotool mousemove "${xy%,*}" "${xy#*,}" ;;
            click) xdotool click 1 ;;
            wheel:*) for _ in $(seq "${step#wheel:}"); do xdotool click 5; done ;;
            *) xdotool key "$step" ;;
        esac
        sleep 0.5
    done
    sleep 1
    import -window root -crop 1280x820+0+0 "$out/$name-$theme.png"
    kill "$app"
    wait "$app" 2>/dev/null || true
}

for theme in light dark; do
    shoot decks decks "$theme"
    DATA=$fresh shoot study-question study "$theme"
    DATA=$fresh shoot study-answer study "$theme" space
    shoot browse browse "$theme" Down Down Down Down space
    shoot diagrams diagrams "$theme" Right Right
    # Q5's production system with the pointer on "API Gateway" (where the
    # fitted drawing puts it in a 1280x820 window): its edges light up.
    shoot diagram-open diagrams "$theme" Right Right Right Right Right Right Return move:810,495
    shoot stats stats "$theme"
    shoot stats-plots stats "$theme" move:640,500 wheel:15
    shoot settings settings "$theme"
    shoot help decks "$theme" question
done
echo "screenshots in $out"
