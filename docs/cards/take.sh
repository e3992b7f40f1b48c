#!/usr/bin/env bash
# Takes a PNG of each card kind (question and answer, light and dark) with
# the release build under Xvfb: docs/occlusion*.png, docs/path*.png,
# docs/cloze*.png, docs/typed*.png, docs/build*.png.
# Needs: apt-get install -y xvfb xauth xdotool imagemagick
# Usage: bash docs/cards/take.sh [OUT_DIR]   (default: docs)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-docs}"
cargo build --release --example show_card
bin=target/release/examples/show_card
display=:96
Xvfb "$display" -screen 0 1280x820x24 -noreset >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true' EXIT
sleep 1
export DISPLAY="$display"

# shoot NAME CARD THEME [answer] [-- xdotool steps: keys, type:TEXT, move:X,Y]
shoot() {
    local name=$1 card=$2 theme=$3
    shift 3
    local answer=""
    if [ "${1:-}" = answer ]; then answer=answer; shift; fi
    "$bin" "$card" "$theme" $answer &
    local app=$!
    sleep 3
    xdotool windowfocus "$(xdotool search --name archdeck | head -1)" || true
    sleep 0.3
    for step in "$@"; do
        case "$step" in
            type:*) xdotool type --delay 40 "${step#type:}" ;;
            move:*) xy=${step#move:}; xdotool mousemove "${xy%,*}" "${xy#*,}" ;;
            *) xdotool key "$step" ;;
        esac
        sleep 0.5
    done
    # Park the pointer on the empty margin: no hover, no tooltip.
    xdotool mousemove 60 500
    sleep 1
    import -window root "$out/$name.png"
    kill "$app" 2>/dev/null || true
    wait "$app" 2>/dev/null || true
}

for theme in light dark; do
    shoot "occlusion-question-$theme" q5-production-architecture-occlude-cache "$theme"
    shoot "occlusion-answer-$theme" q5-production-architecture-occlude-cache "$theme" answer
    shoot "path-question-$theme" q2-redundancy-path-lb1-db-p "$theme"
    shoot "path-answer-$theme" q2-redundancy-path-lb1-db-p "$theme" answer
    shoot "cloze-question-$theme" q4-consistency-models-cloze-r2-c1 "$theme"
    shoot "cloze-answer-$theme" q4-consistency-models-cloze-r2-c1 "$theme" answer
    shoot "typed-question-$theme" q10-typed-qps-1m "$theme" "type:12 QPS"
    shoot "typed-answer-$theme" q10-typed-qps-1m "$theme" "type:12 QPS" Return
    shoot "build-step-$theme" q5-overview "$theme" answer Right Right Right
done
