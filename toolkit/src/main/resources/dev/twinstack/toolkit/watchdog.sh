# The process watchdog of dev.twinstack.toolkit.ProcessLauncher, run as `sh -c "$(cat watchdog.sh)"`.
#
# Its standard input is a pipe from the launching JVM, which writes one command a line:
#   watch PID        cover PID and, when the JVM is gone, its descendants
#   forget PID       PID exited or was stopped by the JVM
#   signal SIG PID   send SIG (TERM, KILL, STOP, CONT ...) to PID and answer with kill's exit status
# The pipe reaches end-of-file when the JVM exits, however it exits (SIGKILL included): then every watched process
# that is still the one that was watched (same start time) is frozen with its descendants, and all of them killed.
# Plain POSIX sh and its builtins; the process table comes from /proc, or from ps where there is no /proc.

# Ctrl-C and a closed terminal reach the whole process group: the watchdog outlives them to clean up.
trap '' INT HUP QUIT

# Reads /proc/$1/stat into $stat_state, $stat_ppid and $stat_start; fails when there is no such process.
stat_of() {
    { read -r stat_line < "/proc/$1/stat"; } 2>/dev/null || return 1
    # The command name (field 2) may hold spaces and parentheses: the fields that follow start after the last ')'.
    set -- ${stat_line##*) }
    stat_state=$1 stat_ppid=$2 stat_start=${20}
}

# Every process as "pid:ppid", separated by white space.
process_table() {
    if [ -r /proc/self/stat ]; then
        for dir in /proc/[0-9]*; do
            stat_of "${dir#/proc/}" && echo "${dir#/proc/}:$stat_ppid"
        done
    else
        ps -A -o pid= -o ppid= | while read -r pid ppid; do echo "$pid:$ppid"; done
    fi
}

watched=' '
while read -r op arg1 arg2; do
    case $op in
        watch)
            stat_start=
            stat_of "$arg1"
            watched="$watched$arg1/$stat_start "
            ;;
        forget)
            case $watched in
                *" $arg1/"*)
                    rest=${watched#* "$arg1"/}
                    watched="${watched%% "$arg1"/*} ${rest#* }"
                    ;;
            esac
            ;;
        signal)
            kill -s "$arg1" "$arg2" 2>/dev/null
            echo "$?"
            ;;
    esac
done

# End of input: the JVM is gone. Kill what it left behind.
doomed=' '
for entry in $watched; do
    pid=${entry%/*} start=${entry#*/}
    if [ -n "$start" ]; then
        # Only the process that was watched, not a later one that got its pid.
        stat_of "$pid" && [ "$stat_start" = "$start" ] && [ "$stat_state" != Z ] || continue
    fi
    doomed="$doomed$pid "
done
[ "$doomed" = ' ' ] && exit 0
# Freeze first, so that nothing forks while the tree is walked; then walk until no new descendant turns up.
kill -s STOP $doomed 2>/dev/null
rounds=0
while [ "$rounds" -lt 20 ]; do
    rounds=$((rounds + 1))
    found=
    for entry in $(process_table); do
        pid=${entry%:*} ppid=${entry#*:}
        case $doomed in
            *" $ppid "*)
                case $doomed in
                    *" $pid "*) ;;
                    *) found="$found $pid" ;;
                esac
                ;;
        esac
    done
    [ -z "$found" ] && break
    kill -s STOP $found 2>/dev/null
    doomed="$doomed${found# } "
done
kill -s KILL $doomed 2>/dev/null
exit 0
