#!/bin/bash
# jfrun against the runtime-spec 1.3 JSON schemas (runtime-spec-v1.3.0/,
# copied unchanged from opencontainers/runtime-spec v1.3.0, Apache-2.0).
#
#   bash conformance/schema/check.sh [JFRUN]        (root; jq, ip, python3-jsonschema)
#
# 1. `jfrun features` is valid against features-schema.json;
# 2. `jfrun spec` and `spec --rootless` are valid against config-schema.json;
# 3. real 1.3 configs (jfrun's spec plus linux.memoryPolicy, linux.netDevices
#    with a veth made here, linux.intelRdt schemata/enableMonitoring, a
#    poststart hook) and the spec's own schema test configs
#    (configs/spec-*.json, copied from the same tag): each one's schema
#    verdict beside what `jfrun create` makes of it.  A config the schema
#    refuses must be refused by jfrun with the field the schema names; one
#    it accepts must get past jfrun's parser (it may still be refused for
#    what this host lacks or the command line misses, with the reason).
# Prints a table; exits 1 on any disagreement.
set -u
cd "$(dirname "$0")/../.." || exit 2
REPO=$PWD
SCHEMA=$REPO/conformance/schema/runtime-spec-v1.3.0
VALIDATE=$REPO/conformance/schema/validate.py
JFRUN=$(realpath "${1:-./jfrun}")
WORK=$(mktemp -d /tmp/jfrun-schema.XXXXXX)
VETH=jfsc$$
bad=0
trap 'ip link del $VETH 2>/dev/null; "$JFRUN" --root $WORK/root delete --force sc 2>/dev/null; rm -rf "$WORK"' EXIT

python3 -c 'import jsonschema, referencing' 2>/dev/null ||
	{ echo "schema: python3-jsonschema (4.18+) is needed" >&2; exit 2; }

verdict() { # SCHEMA DOC: valid | invalid: why
	python3 "$VALIDATE" "$SCHEMA/$1" "$2" | sed "s|^\(in\)\{0,1\}valid $2|&|; s|^valid .*|valid|; s|^invalid [^:]*: |invalid: |"
}

row() { printf '%-34s %-8s %s\n' "$1" "$2" "$3"; }

"$JFRUN" features >"$WORK/features.json"
v=$(verdict features-schema.json "$WORK/features.json")
row "jfrun features" "${v%%:*}" "${v#invalid: }"
[ "$v" = valid ] || bad=1

mkdir -p "$WORK/spec" "$WORK/rootless"
"$JFRUN" spec --bundle "$WORK/spec"
"$JFRUN" spec --rootless --bundle "$WORK/rootless"
for s in spec rootless; do
	v=$(verdict config-schema.json "$WORK/$s/config.json")
	row "jfrun spec$([ $s = spec ] || echo " --rootless")" "${v%%:*}" "${v#invalid: }"
	[ "$v" = valid ] || bad=1
done

# The real 1.3 configs.
base=$WORK/spec/config.json
ip link add $VETH type veth peer name ${VETH}p && ip addr add 10.213.99.1/24 dev $VETH
mk() { jq "$2" "$base" >"$WORK/$1.json"; }
mk 13-memory-policy '.process.args = ["true"] | .process.terminal = false | .linux.memoryPolicy = {mode: "MPOL_BIND", nodes: "0", flags: ["MPOL_F_STATIC_NODES"]}'
mk 13-net-devices ".process.args = [\"true\"] | .process.terminal = false | .linux.netDevices = {\"$VETH\": {name: \"ctr0\"}}"
mk 13-intel-rdt '.process.args = ["true"] | .process.terminal = false | .linux.intelRdt = {closID: "g1", schemata: ["L3:0=7f0;1=1f", "MB:0=20;1=70"], enableMonitoring: true}'
mk 13-poststart '.process.args = ["true"] | .process.terminal = false | .hooks.poststart = [{path: "/bin/true"}]'
mk 13-bad-mode '.linux.memoryPolicy = {mode: "MPOL_NOPE"}'
mk 13-bad-schemata '.linux.intelRdt = {schemata: "L3:0=f"}'

for f in "$WORK"/13-*.json "$REPO"/conformance/schema/configs/spec-*.json; do
	name=$(basename "$f" .json)
	v=$(verdict config-schema.json "$f")
	b=$WORK/b-$name
	mkdir -p "$b"
	jq --arg r "$REPO/bundles/busybox/rootfs" '.root.path = $r' "$f" >"$b/config.json"
	# (create passes stdio to the container: not to a pipe we wait on)
	if "$JFRUN" --root "$WORK/root" create -b "$b" sc >"$WORK/out" 2>&1 </dev/null; then
		got="created"
		"$JFRUN" --root "$WORK/root" delete --force sc
	else
		out=$(head -1 "$WORK/out")
		got="refused: ${out#jfrun: }"
	fi
	case $v:$got in
	valid:created | valid:refused:*) case $got in *"config.json:"*) ok=no ;; *) ok=yes ;; esac ;;
	invalid*:refused:*)
		# refused, naming the field the schema names: a/0/b is a[0].b
		field=${v#invalid: }
		field=$(echo "${field%%:*}" | sed -E 's|/([0-9]+)|[\1]|g; s|/|.|g')
		case $got in *"$field"*) ok=yes ;; *) ok=no ;; esac ;;
	*) ok=no ;;
	esac
	[ "$ok" = yes ] || bad=1
	row "$name" "${v%%:*}" "jfrun: $got$([ "$ok" = yes ] || echo '   <-- DISAGREES')"
done
exit $bad
