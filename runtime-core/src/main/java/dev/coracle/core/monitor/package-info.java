/**
 * The container monitor: every container and pod infra process runs under conmon, which holds
 * its stdio, writes its output in the CRI log format, records its exit code and outlives this
 * daemon, so a daemon restart touches no running container.
 *
 * <pre>
 *   Conmon.create(launch)      conmon runs `runc create`; returns the init PID
 *   OciRuntime.start(id)       `runc start`: the process runs, output goes to the CRI log
 *   ExitWatcher                hears conmon's exit file (scan() finds those written while down)
 *   OciRuntime.delete(id)      then Conmon.removeLeftovers(launch)
 *   ExecSync.run(request)      conmon --exec: exit code, stdout and stderr, with a timeout
 * </pre>
 *
 * <p>Facts of conmon 2.1.6 this package relies on: it forks and its first process exits (in
 * exec mode too), the detached one calls setsid and becomes a child subreaper; it reads its
 * sync and start pipes from the fds named by {@code _OCI_SYNCPIPE} and {@code _OCI_STARTPIPE}
 * (handed over as FIFOs, see {@code ConmonPipes}); with
 * {@code --api-version 1} it writes {@code {"data": PID}}, then for an exec
 * {@code {"data": EXIT}}, or {@code {"data": -1, "message": RUNTIME_STDERR}}; it writes the
 * exit file to a temporary name and renames it; it creates {@code ctl}, {@code winsz} and the
 * {@code attach} socket in the bundle and links {@code <socket dir>/<id>} to the bundle,
 * a link it never removes.
 */
package dev.coracle.core.monitor;
