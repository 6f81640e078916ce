import { RE2JS } from "re2js";
import type { Severity } from "../types";

/**
 * Shell, network and exfiltration patterns in argument values. Argument values are written by
 * whoever steers the agent, so matching runs on RE2JS (time linear in the input whatever the
 * pattern), and only after a cheap substring test says the pattern could match at all: most
 * values (paths, ids, prose) never reach a regex.
 */
export type RiskyPattern = {
  id: string;
  severity: Extract<Severity, "high" | "critical">;
  /** What it is, for the sentence. */
  label: string;
  /** Lower-case substrings, one of which must occur for the regex to be tried. */
  keywords: readonly string[];
  source: string;
};

const SHELL = "(?:/(?:usr/)?bin/)?(?:ba|z|k|da|c|tc)?sh";

export const RISKY_PATTERNS: readonly RiskyPattern[] = [
  {
    id: "dev_tcp",
    severity: "critical",
    label: "a shell redirected to the network (/dev/tcp/)",
    keywords: ["/dev/tcp/", "/dev/udp/"],
    source: "/dev/(?:tcp|udp)/",
  },
  {
    id: "interactive_shell",
    severity: "critical",
    label: "an interactive shell (bash -i)",
    keywords: ["-i"],
    source: String.raw`\b${SHELL}\s+-i\b`,
  },
  {
    id: "netcat_exec",
    severity: "critical",
    label: "netcat running a program (nc -e)",
    keywords: ["nc"],
    source: String.raw`\b(?:nc|ncat|netcat)(?:\.exe)?\s(?:[^\n|;&]*\s)?-[a-z]*[ec]\b`,
  },
  {
    id: "ncat",
    severity: "high",
    label: "ncat",
    keywords: ["ncat"],
    source: String.raw`\bncat\b`,
  },
  {
    id: "pipe_to_shell",
    severity: "critical",
    label: "a download piped to an interpreter (curl … | sh)",
    keywords: ["curl", "wget"],
    source: String.raw`\b(?:curl|wget)\b[^\n]*\|\s*(?:sudo\s+)?(?:${SHELL}|python[0-9.]*|perl|ruby|php|node)\b`,
  },
  {
    id: "download_exec",
    severity: "critical",
    label: "a download made executable (wget … && chmod +x)",
    keywords: ["chmod"],
    source: String.raw`\b(?:curl|wget)\b[^\n]*(?:&&|;)\s*chmod\s+(?:\+x|[0-7]*[157][0-7]{0,2})\b`,
  },
  {
    id: "base64_decode",
    severity: "high",
    label: "decoding of an encoded payload (base64 -d)",
    keywords: ["base64", "b64decode"],
    source: String.raw`\bbase64\s+(?:-[a-z]*d[a-z]*|--decode)\b|\b(?:b64decode|base64_decode|frombase64string)\s*\(`,
  },
  {
    id: "inline_script_socket",
    severity: "critical",
    label: "an inline script opening a socket or a shell (python -c 'import socket…')",
    keywords: ["socket", "pty", "subprocess", "fsockopen", "exec("],
    source: String.raw`\b(?:python[0-9.]*|perl|ruby|php|node)\s+(?:-[a-z]*[cer][a-z]*|-rsocket)\b[^\n]*(?:socket|fsockopen|pty\.spawn|subprocess|exec\s*\()`,
  },
  {
    id: "mkfifo",
    severity: "high",
    label: "a named pipe (mkfifo), the plumbing of reverse shells",
    keywords: ["mkfifo", "mknod"],
    source: String.raw`\b(?:mkfifo|mknod\s+\S+\s+p)\b`,
  },
  {
    id: "powershell_encoded",
    severity: "high",
    label: "PowerShell running an encoded command (powershell -enc)",
    keywords: ["powershell", "pwsh"],
    source: String.raw`\b(?:powershell|pwsh)(?:\.exe)?\b[^\n]*\s[-/]e(?:c|n[a-z]*)?\s+[a-z0-9+/=]{8,}`,
  },
  {
    id: "powershell_download",
    severity: "critical",
    label: "PowerShell download and execute (IEX … DownloadString)",
    keywords: ["iex", "invoke-expression"],
    source: String.raw`\b(?:iex|invoke-expression)\b[^\n]*\b(?:downloadstring|downloadfile|invoke-webrequest|iwr|net\.webclient)\b|\b(?:downloadstring|net\.webclient)\b[^\n]*\b(?:iex|invoke-expression)\b`,
  },
  {
    id: "socat_exec",
    severity: "critical",
    label: "socat running a program (socat … exec:)",
    keywords: ["socat"],
    source: String.raw`\bsocat\b[^\n]*\b(?:exec|system):`,
  },
  {
    id: "curl_upload_file",
    severity: "high",
    label: "curl uploading a local file (curl -d @file)",
    keywords: ["curl"],
    source: String.raw`\bcurl\b[^\n]*\s(?:-[dFT]|--data[a-z-]*|--form|--upload-file)\s*['"]?(?:[^\s'"=]+=)?@[^\s'"]`,
  },
  {
    id: "credential_file",
    severity: "high",
    label: "a credential file path (/etc/shadow, ~/.ssh/id_*, .aws/credentials)",
    keywords: [
      "/etc/shadow",
      "/.ssh/id_",
      ".aws/credentials",
      "/.kube/config",
      "/.docker/config.json",
    ],
    source: String.raw`/etc/shadow\b|/\.ssh/id_[a-z0-9]+|\.aws/credentials\b|/\.kube/config\b|/\.docker/config\.json`,
  },
];

const COMPILED = RISKY_PATTERNS.map((p) => ({
  ...p,
  re: RE2JS.compile(p.source, RE2JS.CASE_INSENSITIVE),
}));

/** The patterns that match `text` (ids in list order). */
export function riskyMatches(text: string, enabled?: ReadonlySet<string>): RiskyPattern[] {
  const lower = text.toLowerCase();
  const out: RiskyPattern[] = [];
  for (const p of COMPILED) {
    if (enabled && !enabled.has(p.id)) continue;
    if (!p.keywords.some((k) => lower.includes(k))) continue;
    if (p.re.test(text)) out.push(p);
  }
  return out;
}
