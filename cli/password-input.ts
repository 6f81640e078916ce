import { CliError, EXIT } from "./errors";

/**
 * The password of `--password-stdin`. Piped (`printf %s "$PW" | tooltrail users …`), it is stdin
 * up to its end, without a final newline. On a terminal, a prompt on stderr and a line typed
 * without echo, twice: raw mode keeps it off the screen and out of the scrollback, and a typo
 * in a password nobody saw would lock its owner out.
 */
export async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return (await readAll()).replace(/\r?\n$/, "");
  const first = await typeHidden("password: ");
  const again = await typeHidden("password (again): ");
  if (first !== again)
    throw new CliError("the two passwords differ; nothing was changed, try again", EXIT.usage);
  return first;
}

async function readAll(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** One line from the terminal in raw mode: Enter ends it, Backspace and Ctrl-U edit, Ctrl-C cancels. */
function typeHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise<string>((resolve, reject) => {
    let typed: string[] = [];
    const finish = (err: CliError | null) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
      if (err) reject(err);
      else resolve(typed.join(""));
    };
    // Inside an escape sequence (an arrow key sends ESC [ A): none of it is part of a password.
    let inEscape = false;
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString("utf8")) {
        if (inEscape) {
          inEscape = ch === "[" || ch < "@" || ch > "~";
          continue;
        }
        if (ch === "\u001b") inEscape = true;
        else if (ch === "\r" || ch === "\n") return finish(null);
        else if (ch === "\u0003")
          return finish(new CliError("cancelled; nothing was changed", 130));
        else if (ch === "\u0004") {
          if (typed.length > 0) return finish(null);
          return finish(new CliError("no password typed; nothing was changed", EXIT.usage));
        } else if (ch === "\u007f" || ch === "\b") typed = typed.slice(0, -1);
        else if (ch === "\u0015") typed = [];
        else if (ch >= " ") typed.push(ch);
      }
    };
    stdin.on("data", onData);
  });
}
