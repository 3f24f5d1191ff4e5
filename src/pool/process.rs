//! Starting and killing job processes.
//!
//! Each process gets a Node IPC channel on fd 3 (`NODE_CHANNEL_FD=3`, JSON serialization), its own
//! process group, and `PR_SET_PDEATHSIG = SIGKILL` so that it dies with the host even when the
//! host is killed with SIGKILL. Linux sends the death signal when the *thread* that forked the
//! child exits. So every fork happens on one dedicated spawner thread that lives as long as the
//! pool, never on a tokio blocking-pool thread, which exits after 10 s idle by default.
//!
//! Own process group: a terminal's Ctrl-C (SIGINT to the foreground group) then reaches only the
//! host, as it would with worker threads, so the host can still shut down gracefully and send
//! 'cancel'. Killing the group also ends the job's own child processes, unless they started a new
//! session or group.

use std::io;
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream as StdUnixStream;
use std::process::Stdio;
use std::sync::mpsc as std_mpsc;

use tokio::net::UnixStream;
use tokio::process::{Child, Command};
use tokio::runtime::Handle;
use tokio::sync::oneshot;

use super::config::PoolConfig;

/// fd number Node reads `NODE_CHANNEL_FD` from in the child.
const CHANNEL_FD: libc::c_int = 3;

/// A started `node` process running the shim, with the pool's end of its IPC channel.
pub(crate) struct JobProcess {
  pub child: Child,
  pub pid: u32,
  pub channel: UnixStream,
}

struct SpawnRequest {
  command: Command,
  reply: oneshot::Sender<io::Result<Child>>,
}

/// Handle to the thread that forks every job process. The thread ends when the last handle is
/// dropped, and the kernel then sends SIGKILL to any process it started that is still alive.
pub(crate) struct Spawner {
  requests: std_mpsc::Sender<SpawnRequest>,
}

impl Spawner {
  /// Starts the spawner thread; `runtime` is entered there so tokio can watch the children.
  pub fn start(runtime: Handle) -> io::Result<Spawner> {
    let (requests, receiver) = std_mpsc::channel::<SpawnRequest>();
    std::thread::Builder::new()
      .name("job-pool-spawner".into())
      .spawn(move || {
        let _runtime_guard = runtime.enter();
        while let Ok(mut request) = receiver.recv() {
          let _ = request.reply.send(request.command.spawn());
        }
      })?;
    Ok(Spawner { requests })
  }

  /// Starts `node` with the shim and an IPC channel as configured.
  pub async fn spawn(&self, config: &PoolConfig) -> io::Result<JobProcess> {
    let (ours, theirs) = StdUnixStream::pair()?;
    let command = build_command(config, theirs.as_raw_fd());
    let (reply, response) = oneshot::channel();
    self
      .requests
      .send(SpawnRequest { command, reply })
      .map_err(|_| io::Error::other("the job pool's spawner thread has stopped"))?;
    let child = response
      .await
      .map_err(|_| io::Error::other("the job pool's spawner thread has stopped"))??;
    // The child has its copy on fd 3 now; ours would keep the channel open after the child exits.
    drop(theirs);
    let pid = child
      .id()
      .ok_or_else(|| io::Error::other("node exited before its pid was read"))?;
    ours.set_nonblocking(true)?;
    let channel = UnixStream::from_std(ours)?;
    Ok(JobProcess {
      child,
      pid,
      channel,
    })
  }
}

fn build_command(config: &PoolConfig, child_fd: libc::c_int) -> Command {
  let mut command = Command::new(&config.node_path);
  command.args(config.node_args());
  if let Some(env) = &config.env {
    command.env_clear();
    command.envs(env.iter().map(|(key, value)| (key, value)));
  }
  command
    .env("NODE_CHANNEL_FD", CHANNEL_FD.to_string())
    .env("NODE_CHANNEL_SERIALIZATION_MODE", "json")
    .stdin(Stdio::null())
    .stdout(Stdio::inherit())
    .stderr(Stdio::inherit())
    .kill_on_drop(true);

  let host_pid = std::process::id() as libc::pid_t;
  // SAFETY: the closure runs in the forked child before exec and only makes async-signal-safe
  // system calls (setpgid, prctl, getppid, fcntl, dup2); it allocates nothing.
  unsafe {
    command.pre_exec(move || {
      if libc::setpgid(0, 0) != 0 {
        return Err(io::Error::last_os_error());
      }
      if libc::prctl(
        libc::PR_SET_PDEATHSIG,
        libc::SIGKILL as libc::c_ulong,
        0,
        0,
        0,
      ) != 0
      {
        return Err(io::Error::last_os_error());
      }
      // The host may have died between fork and prctl, leaving the child adopted by another
      // process and never signalled.
      if libc::getppid() != host_pid {
        return Err(io::Error::from_raw_os_error(libc::ESRCH));
      }
      if child_fd == CHANNEL_FD {
        // dup2 onto itself is a no-op that would leave FD_CLOEXEC set, so clear it directly.
        if libc::fcntl(CHANNEL_FD, libc::F_SETFD, 0) != 0 {
          return Err(io::Error::last_os_error());
        }
      } else if libc::dup2(child_fd, CHANNEL_FD) < 0 {
        return Err(io::Error::last_os_error());
      }
      // Node marks its stdout and stderr close-on-exec, and inheriting them does not clear the
      // flag, so without this the job's output (and V8's out-of-memory report) would be lost.
      for fd in [libc::STDOUT_FILENO, libc::STDERR_FILENO] {
        let flags = libc::fcntl(fd, libc::F_GETFD);
        if flags >= 0 && flags & libc::FD_CLOEXEC != 0 {
          libc::fcntl(fd, libc::F_SETFD, flags & !libc::FD_CLOEXEC);
        }
      }
      Ok(())
    });
  }
  command
}

/// Sends SIGKILL to the process group led by `pid`, or to `pid` alone if the group is gone.
///
/// Call it only while the child has not been reaped (its `wait` has not returned), so the pid
/// cannot belong to another process yet.
pub(crate) fn kill_process_group(pid: u32) {
  let pid = pid as libc::pid_t;
  // SAFETY: plain kill(2) calls with a pid we started and have not reaped.
  unsafe {
    if libc::kill(-pid, libc::SIGKILL) != 0 {
      libc::kill(pid, libc::SIGKILL);
    }
  }
}
