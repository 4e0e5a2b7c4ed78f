#!/bin/bash
# A/B of softgrad fit against another build, in fresh processes alternating with the plain loop, as
# bench/workloads/README.md reports it. Both directories must have run `npm run bench -- --kernels` (which
# builds dist/ and dist-bench/). Prints each round's seconds and the medians.
# usage: scripts/ab-bench.sh BASE_DIR NEW_DIR W1|W2|W3|W4 ROUNDS
set -euo pipefail
base=$1 new=$2 w=$3 rounds=$4
seconds() { (cd "$1" && SOFTGRAD_THREADS=1 node dist-bench/bench/workloads/run-one.js "$w" "$2") | sed -n 's/^RESULT //p' | node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>console.log(JSON.parse(s).seconds))'; }
log=$(mktemp)
for _ in $(seq 1 "$rounds"); do
  echo "base $(seconds "$base" softgrad-fit)" | tee -a "$log"
  echo "new $(seconds "$new" softgrad-fit)" | tee -a "$log"
  echo "plain $(seconds "$new" plain-js)" | tee -a "$log"
done
node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map((l) => l.split(" "));
const median = (k) => { const s = rows.filter((r) => r[0] === k).map((r) => +r[1]).sort((a, b) => a - b); return s[(s.length - 1) >> 1]; };
const plain = median("plain");
for (const k of ["base", "new"]) console.log(`${k}: median ${median(k)} s, ${(median(k) / plain).toFixed(3)}x the plain loop`);
console.log(`plain loop: median ${plain} s`);' "$log"
rm -f "$log"
