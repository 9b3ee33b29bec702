# bash completion for jfrun: commands, global and command flags, container
# ids (from `jfrun list -q`, with the --root given on the command line).
# Installed by `make install` as <prefix>/share/bash-completion/completions/jfrun.

_jfrun_ids() {
	local root=$1
	"${COMP_WORDS[0]}" ${root:+--root "$root"} list -q 2>/dev/null
}

_jfrun() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local commands="create start state kill delete run exec list spec features pause resume update ps events logs stop wait"
	local globals="--root --log --log-format --debug --systemd-cgroup --version --help"
	local i cmd="" root="" cmd_at=0 flags="" value_flags=""

	# The command, and --root before it.
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--root) root=${COMP_WORDS[i + 1]}; ((i++)) ;;
		--root=*) root=${COMP_WORDS[i]#--root=} ;;
		--log | --log-format) ((i++)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; cmd_at=$i; break ;;
		esac
	done

	if [ -z "$cmd" ]; then
		case $prev in
		--root) COMPREPLY=($(compgen -d -- "$cur")); return ;;
		--log) COMPREPLY=($(compgen -f -- "$cur")); return ;;
		--log-format) COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
		esac
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$globals" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		fi
		return
	fi

	case $cmd in
	create | run)
		flags="--bundle -b --pid-file --console-socket --preserve-fds --no-pivot --no-new-keyring --help"
		[ "$cmd" = run ] && flags="$flags --detach -d --keep"
		value_flags="--bundle -b --pid-file --console-socket --preserve-fds" ;;
	exec)
		flags="--process -p --detach -d --tty -t --pid-file --console-socket --cwd --env -e --user -u --cap --no-new-privs --preserve-fds --apparmor --process-label --help"
		value_flags="--process -p --pid-file --console-socket --cwd --env -e --user -u --cap --preserve-fds --apparmor --process-label" ;;
	kill) flags="--all -a --help" ;;
	delete) flags="--force -f --help" ;;
	list) flags="--format -f --quiet -q --help"; value_flags="--format -f" ;;
	ps) flags="--format -f --help"; value_flags="--format -f" ;;
	spec) flags="--bundle -b --rootless --help"; value_flags="--bundle -b" ;;
	events) flags="--stats --interval --help"; value_flags="--interval" ;;
	logs) flags="--follow -f --tail -n --since --timestamps -t --help"; value_flags="--tail -n --since" ;;
	stop) flags="--time -t --help"; value_flags="--time -t" ;;
	update)
		flags="--resources -r --memory --memory-reservation --memory-swap --cpu-shares --cpu-quota --cpu-period --cpu-burst --cpu-idle --cpu-rt-runtime --cpu-rt-period --cpuset-cpus --cpuset-mems --pids-limit --blkio-weight --help"
		value_flags="$flags" ;;
	*) flags="--help" ;;
	esac

	case $prev in
	--bundle | -b | --console-socket) COMPREPLY=($(compgen -d -- "$cur")); return ;;
	--pid-file | --process | -p | --resources | -r) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--format | -f) [ "$cmd" = list ] || [ "$cmd" = ps ] && { COMPREPLY=($(compgen -W "table json" -- "$cur")); return; } ;;
	--cap) COMPREPLY=($(compgen -W "$(sed -n 's/^#define \(CAP_[A-Z_]*\)[[:space:]]*[0-9].*/\1/p' /usr/include/linux/capability.h 2>/dev/null)" -- "$cur")); return ;;
	esac
	[[ " $value_flags " == *" $prev "* && $prev != --help ]] && [ "$cmd" != update ] && return
	[ "$cmd" = update ] && [[ $prev == --* && $prev != --help ]] && return

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$flags" -- "$cur"))
		return
	fi
	# The first operand is a container id (kill: then a signal).
	local operands=0
	for ((i = cmd_at + 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) [[ " $value_flags " == *" ${COMP_WORDS[i]} "* ]] && ((i++)) ;;
		*) ((operands++)) ;;
		esac
	done
	case $cmd in
	spec | features | list) return ;;
	kill) [ $operands -eq 1 ] && { COMPREPLY=($(compgen -W "TERM KILL INT HUP QUIT USR1 USR2 STOP CONT" -- "$cur")); return; } ;;
	esac
	[ $operands -eq 0 ] && COMPREPLY=($(compgen -W "$(_jfrun_ids "$root")" -- "$cur"))
}
complete -F _jfrun jfrun
