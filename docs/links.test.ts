import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import GithubSlugger from "github-slugger";
import { Lexer, marked, type Token } from "marked";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The documents a newcomer reads: the top-level guides and everything under docs/. */
function documents(root: string): string[] {
  const found = ["README.md", "ARCHITECTURE.md", "CONTRIBUTING.md"].filter((f) =>
    existsSync(join(root, f)),
  );
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".md")) found.push(path);
    }
  };
  if (existsSync(join(root, "docs"))) walk("docs");
  return found.map((f) => f.split(sep).join("/"));
}

/** A heading's text as GitHub slugs it: inline markup and HTML tags dropped, code kept. */
function plainText(tokens: Token[]): string {
  return tokens
    .map((t) => {
      if (t.type === "html") return "";
      if ("tokens" in t && Array.isArray(t.tokens)) return plainText(t.tokens);
      return "text" in t && typeof t.text === "string" ? t.text : "";
    })
    .join("");
}

type Link = { href: string; line: number };
type Parsed = { links: Link[]; anchors: Set<string> };

/**
 * Links and heading anchors of one Markdown file. The lexer (not a regex) decides what a link is,
 * so examples inside code spans and fenced blocks are not taken for links.
 */
function parse(source: string): Parsed {
  const tokens = new Lexer().lex(source);
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  const links: Link[] = [];
  let cursor = 0;
  marked.walkTokens(tokens, (t) => {
    if (t.type === "heading") anchors.add(slugger.slug(plainText(t.tokens ?? [])));
    if (t.type === "link" || t.type === "image") {
      // Tokens carry no positions: find the raw text from where the previous link was found.
      const at = source.indexOf(t.raw, cursor);
      if (at >= 0) cursor = at + t.raw.length;
      const line = at >= 0 ? source.slice(0, at).split("\n").length : 0;
      links.push({ href: t.href, line });
    }
  });
  return { links, anchors };
}

const EXTERNAL = /^(https?|mailto):/i;
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** Every broken relative link of the given documents, as `file:line: href (reason)`. */
function brokenLinks(root: string, files: string[]): { broken: string[]; checked: number } {
  const cache = new Map<string, Parsed>();
  const parsed = (abs: string) => {
    let p = cache.get(abs);
    if (!p) {
      p = parse(readFileSync(abs, "utf8"));
      cache.set(abs, p);
    }
    return p;
  };
  const broken: string[] = [];
  let checked = 0;
  for (const file of files) {
    const abs = join(root, file);
    for (const { href, line } of parsed(abs).links) {
      if (EXTERNAL.test(href)) continue;
      checked++;
      const fail = (reason: string) => broken.push(`${file}:${line}: ${href} (${reason})`);
      if (ANY_SCHEME.test(href)) {
        fail("unsupported scheme");
        continue;
      }
      const hash = href.indexOf("#");
      const pathPart = decodeURIComponent(hash >= 0 ? href.slice(0, hash) : href);
      const anchor = hash >= 0 ? decodeURIComponent(href.slice(hash + 1)) : "";
      const target =
        pathPart === ""
          ? abs
          : pathPart.startsWith("/")
            ? join(root, pathPart)
            : resolve(dirname(abs), pathPart);
      const inside = relative(root, target);
      if (inside.startsWith("..") || resolve(root, inside) !== target) {
        fail("points outside the repository");
        continue;
      }
      if (!existsSync(target)) {
        fail(`no such file: ${inside}`);
        continue;
      }
      if (anchor === "") continue;
      if (!target.endsWith(".md") || !statSync(target).isFile()) {
        fail("anchor on a file that is not Markdown");
        continue;
      }
      if (!parsed(target).anchors.has(anchor))
        fail(`no heading #${anchor} in ${inside.split(sep).join("/")}`);
    }
  }
  return { broken, checked };
}

describe("documentation links", () => {
  it("resolve to existing files and headings", () => {
    const files = documents(ROOT);
    expect(files).toEqual(
      expect.arrayContaining(["README.md", "ARCHITECTURE.md", "CONTRIBUTING.md", "docs/README.md"]),
    );
    const { broken, checked } = brokenLinks(ROOT, files);
    expect(broken).toEqual([]);
    // A parser that found no links would pass the line above without checking anything.
    expect(checked).toBeGreaterThan(50);
  });
});

describe("the link checker", () => {
  const dir = mkdtempSync(join(tmpdir(), "tooltrail-links-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reports missing files, missing headings and anchors on non-Markdown files", () => {
    mkdirSync(join(dir, "docs"));
    const write = (path: string, text: string) => writeFileSync(join(dir, path), text);
    write("README.md", "# Title\n\nSee [the guide](docs/guide.md#set-up-post-apiv1events).\n");
    write("code.ts", "export {};\n");
    write(
      "docs/guide.md",
      [
        "# Guide",
        "",
        "## Set up: `POST /api/v1/events`",
        "",
        "## Set up: `POST /api/v1/events`",
        "",
        "[twice](#set-up-post-apiv1events-1) [top](#guide) [back](../README.md#title)",
        "[web](https://example.com/missing) [mail](mailto:a@example.com) [dir](../docs/)",
        "",
        "| a | [gone](missing.md) |",
        "| - | - |",
        "| [no heading](../README.md#nope) | [code](../code.ts#L1) |",
        "",
        "`[not a link](nowhere.md)`",
        "",
        "```",
        "[not a link either](nowhere.md)",
        "```",
        "",
        "[outside](../../etc/passwd) [odd](ftp://example.com) [self](#nothing-here)",
      ].join("\n"),
    );
    const { broken } = brokenLinks(dir, documents(dir));
    expect(broken).toEqual([
      "docs/guide.md:10: missing.md (no such file: docs/missing.md)",
      "docs/guide.md:12: ../README.md#nope (no heading #nope in README.md)",
      "docs/guide.md:12: ../code.ts#L1 (anchor on a file that is not Markdown)",
      "docs/guide.md:20: ../../etc/passwd (points outside the repository)",
      "docs/guide.md:20: ftp://example.com (unsupported scheme)",
      "docs/guide.md:20: #nothing-here (no heading #nothing-here in docs/guide.md)",
    ]);
  });
});
