export default function Home() {
  return (
    <main>
      <h1>Tooltrail</h1>
      <p>
        The audit trail for AI agents&apos; MCP tool calls is running. Events are accepted at{" "}
        <code>POST /api/v1/events</code>; the dashboard arrives in a later release.
      </p>
      <p>
        Use <code>npx tooltrail events --tenant &lt;id&gt;</code> to read stored events and{" "}
        <code>npx tooltrail verify --tenant &lt;id&gt;</code> to check the integrity chain.
      </p>
    </main>
  );
}
