/**
 * The world the demo simulates: MCP servers with their tools and realistic arguments, people and
 * service accounts, MCP clients and agents. Everything is fictional.
 */
export type ToolSpec = {
  server: string;
  tool: string;
  args: (n: number) => unknown;
  sensitive?: boolean;
};

const repos = ["acme/web", "acme/api", "acme/infra", "acme/mobile"];
const paths = ["src/index.ts", "README.md", "deploy/prod.yaml", ".env.example", "docs/runbook.md"];

export const TOOLS: readonly ToolSpec[] = [
  {
    server: "github",
    tool: "create_issue",
    args: (n) => ({ repo: repos[n % 4], title: `Flaky test in build ${n}`, labels: ["bug"] }),
  },
  {
    server: "github",
    tool: "search_code",
    args: (n) => ({ query: `function handle${n % 50}`, repo: repos[n % 4] }),
  },
  {
    server: "github",
    tool: "get_file_contents",
    args: (n) => ({ repo: repos[n % 4], path: paths[n % 5], ref: "main" }),
  },
  {
    server: "filesystem",
    tool: "read_file",
    args: (n) => ({ path: `/srv/app/${paths[n % 5]}` }),
  },
  {
    server: "filesystem",
    tool: "write_file",
    args: (n) => ({ path: `/srv/app/tmp/out-${n}.txt`, content: "generated report" }),
    sensitive: true,
  },
  { server: "filesystem", tool: "list_directory", args: () => ({ path: "/srv/app" }) },
  {
    server: "postgres",
    tool: "query",
    args: (n) => ({
      sql: `SELECT id, status FROM orders WHERE customer_id = ${n % 900} LIMIT 50`,
    }),
    sensitive: true,
  },
  {
    server: "slack",
    tool: "post_message",
    args: (n) => ({ channel: "#deploys", text: `Deploy ${n} finished` }),
  },
  {
    server: "jira",
    tool: "transition_issue",
    args: (n) => ({ key: `OPS-${100 + (n % 400)}`, to: "Done" }),
  },
  {
    server: "stripe",
    tool: "create_refund",
    args: (n) => ({ charge: `ch_${n}`, amount: 1000 + (n % 9000) }),
    sensitive: true,
  },
];

export const PEOPLE = [
  { id: "u-alice", name: "Alice Martin", email: "alice@acme.example", roles: ["engineer"] },
  { id: "u-bob", name: "Bob Chen", email: "bob@acme.example", roles: ["engineer", "oncall"] },
  { id: "u-carol", name: "Carol Diaz", email: "carol@acme.example", roles: ["support"] },
  { id: "u-dave", name: "Dave Okafor", email: "dave@acme.example", roles: ["finance"] },
  { id: "u-erin", name: "Erin Novak", email: "erin@acme.example", roles: ["admin"] },
  { id: "u-frank", name: "Frank Ito", email: "frank@acme.example", roles: ["contractor"] },
];

export const SERVICES = [
  { id: "svc-nightly-triage", name: "Nightly triage bot" },
  { id: "svc-release-agent", name: "Release agent" },
];

export const CLIENTS = [
  { name: "Claude Desktop", version: "0.12.4" },
  { name: "Cursor", version: "1.6.2" },
  { name: "VS Code", version: "1.104.0" },
  { name: "acme-agent-runner", version: "2.3.0" },
];

export const AGENTS = [
  { id: "agent-coder", name: "Coding assistant", model: "claude-sonnet-4.5" },
  { id: "agent-support", name: "Support copilot", model: "gpt-5" },
  { id: "agent-ops", name: "Ops runbook agent", model: "claude-opus-4.1" },
];

export const USER_AGENTS = ["Mozilla/5.0 (Macintosh)", "Cursor/1.6.2", "node/22 acme-agent-runner"];

/** Fake but format-valid values that server-side redaction should catch. */
export const SECRETS = [
  "AKIAIOSFODNN7EXAMPLE",
  "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
  "4111 1111 1111 1111",
  "postgres://app:S3cretPassw0rd@db.internal:5432/orders",
  "jane.doe@customer.example",
];
