#!/usr/bin/env bash
# The README's kubectl session against `kubeprop serve`, as a script: apply an app, roll out a new image, crash a
# node in the middle of the rollout, let time pass, check the invariants, stop, and replay the recorded session.
# Run from the repository root: bash examples/serve/session.sh
set -euo pipefail
dir=$(mktemp -d)
export KUBECONFIG=$dir/kubeconfig KUBECACHEDIR=$dir/kube-cache
node bin/kubeprop.js serve --clock manual --port 0 --kubeconfig "$KUBECONFIG" --record "$dir/session.json" > "$dir/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do grep -q "listening on" "$dir/serve.log" 2>/dev/null && [ -s "$KUBECONFIG" ] && break; sleep 0.1; done
run() { echo "\$ $*" | sed "s#$dir#/tmp/kp#g"; "$@" 2>&1 | sed "s#$dir#/tmp/kp#g"; }
run kubectl apply -f examples/serve/app.yaml
run kubectl rollout status deployment/web
run kubectl get pods -o wide
run kubectl set image deployment/web nginx=nginx:1.28
run npx kubeprop ctl fault crash node-1
run npx kubeprop ctl advance 6m
run kubectl rollout status deployment/web
run kubectl get pods -o wide
run kubectl get nodes
run npx kubeprop ctl check
kill -TERM $server; wait $server || true
sed "s#$dir#/tmp/kp#g; s#127.0.0.1:[0-9]*#127.0.0.1:PORT#g" "$dir/serve.log"
run npx kubeprop replay "$dir/session.json"
