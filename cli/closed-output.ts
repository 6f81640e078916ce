import { endOnClosedOutput } from "../server/closed-output";

/**
 * A one-shot command whose reader went away (`tooltrail events | head`). Unwatched, the first
 * write after that is an unhandled EPIPE: a stack trace and exit 1. Watched, later output is
 * dropped, a command that prints as it goes stops early (`outputClosed`), and the process ends
 * with the status of a process killed by SIGPIPE (141, as `seq 1 1e9 | head` gives under
 * pipefail), after closing its store in the ordinary way instead of exiting mid-write.
 */
let closed = false;

export function watchClosedOutput(): void {
  endOnClosedOutput(() => {
    closed = true;
    process.exitCode = 141;
  });
}

export function outputClosed(): boolean {
  return closed;
}

/**
 * Writes `text`, waiting while the pipe is full. Resolves false once the reader is gone, so the
 * writer stops producing: a full pipe whose reader left never drains.
 */
export async function writeOut(text: string): Promise<boolean> {
  if (closed) return false;
  if (process.stdout.write(text)) return true;
  await new Promise<void>((resolve) => {
    const done = () => {
      process.stdout.off("drain", done);
      process.stdout.off("error", done);
      process.stdout.off("close", done);
      resolve();
    };
    process.stdout.once("drain", done);
    process.stdout.once("error", done);
    process.stdout.once("close", done);
  });
  return !closed;
}
