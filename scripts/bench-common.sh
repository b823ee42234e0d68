# Shared by the edit-loop benchmarks (bench-edit-loop.sh, bench-paired.sh); sourced, not run.

# edit_tag N: text for the N-th edit. One character longer for every N, as real edits change the
# length of the stack!{} invocation (rustc then redoes everything the macro expanded to:
# docs/edit-loop.md); with SAME_LENGTH=1 the same length for every N (the best case).
edit_tag() {
  if [ "${SAME_LENGTH:-0}" = 1 ]; then printf '%03d' "$1"; else printf '%*s' "$1" '' | tr ' ' y; fi
}

# median V...: the middle value (the lower one of an even count).
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# put_back BACKUP FILE: restores a source with a new modification time, so that the next cargo
# build compiles it again (restoring the old time would leave the last edited build in place).
put_back() { cp "$1" "$2"; }
