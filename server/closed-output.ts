/**
 * When the reader of a server's output goes away (`npm start | tee log`, then Ctrl-C ends tee
 * first), every write fails with EPIPE. Unhandled, each failure is an uncaught exception whose
 * report is one more failing write: the process spins at full CPU and keeps the data directory's
 * lock. Instead the first failure starts the ordinary shutdown, once, and later ones are dropped:
 * there is nobody left to read them. Any error on stdout or stderr means the same (EIO when the
 * terminal is gone), so it is not narrowed to EPIPE.
 */
export function endOnClosedOutput(shutdown: () => void): void {
  let ended = false;
  const onError = () => {
    if (ended) return;
    ended = true;
    shutdown();
  };
  process.stdout.on("error", onError);
  process.stderr.on("error", onError);
}
