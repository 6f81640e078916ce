import type { ReactNode } from "react";
import { visible } from "@/components/ui/visible";
import s from "./print.module.css";

export type EvidenceDecision = {
  decision: string;
  by: string;
  at: string;
  note: string | null;
  automatic: boolean;
};
export type EvidenceEntry = {
  id: string;
  change: string;
  kind: string;
  principal: string;
  server: string;
  tool: string;
  flags: string[];
  calls: number;
  lastUsed: string | null;
  reviewer: string;
  decisions: EvidenceDecision[];
};
export type EvidenceRevocation = {
  id: string;
  principal: string;
  server: string;
  tools: string[];
  reason: string;
  reviewer: string;
  createdAt: string;
  status: string;
  confirmedAt: string | null;
  confirmedBy: string | null;
  proofEventId: string | null;
  proofHref: string | null;
  exceptionNote: string | null;
};
export type EvidenceCampaign = {
  name: string;
  status: string;
  dueAt: string;
  createdBy: string;
  startedAt: string | null;
  closedAt: string | null;
  closedBy: string | null;
  snapshotHash: string | null;
  counts: unknown;
  definition: unknown;
};

const time = (t: string | null) => (t ? t.slice(0, 19).replace("T", " ") : "–");

/** A campaign's evidence on paper: definition, snapshot, entries with decisions, enforcement. */
export function CampaignEvidence({
  campaign: c,
  entries,
  revocations,
  back,
}: {
  campaign: EvidenceCampaign;
  entries: EvidenceEntry[];
  revocations: EvidenceRevocation[];
  back: ReactNode;
}) {
  const exceptions = revocations.filter((r) => r.status === "exception");
  return (
    <article className={s.sheet} data-testid="review-evidence">
      <p className={s.screenOnly}>{back} · use the browser's Print to save or print this page.</p>
      <h1>Access review: {visible(c.name)}</h1>
      <table>
        <tbody>
          <tr>
            <th>Status</th>
            <td>{c.status.replace("_", " ")}</td>
          </tr>
          <tr>
            <th>Due</th>
            <td>{time(c.dueAt)}</td>
          </tr>
          <tr>
            <th>Created by</th>
            <td>{visible(c.createdBy)}</td>
          </tr>
          <tr>
            <th>Started</th>
            <td>{time(c.startedAt)}</td>
          </tr>
          <tr>
            <th>Closed</th>
            <td>
              {time(c.closedAt)}
              {c.closedBy ? ` by ${visible(c.closedBy)}` : ""}
            </td>
          </tr>
          <tr>
            <th>Snapshot sha256</th>
            <td>
              <code data-testid="print-hash">{c.snapshotHash ?? "not started"}</code>
            </td>
          </tr>
          <tr>
            <th>Counts</th>
            <td>
              <code>{JSON.stringify(c.counts)}</code>
            </td>
          </tr>
        </tbody>
      </table>
      <h2>Definition</h2>
      <pre style={{ whiteSpace: "pre-wrap" }}>{JSON.stringify(c.definition, null, 2)}</pre>
      <h2>Entries ({entries.length})</h2>
      <table data-testid="print-entries">
        <thead>
          <tr>
            <th>Entry</th>
            <th>Access</th>
            <th>Use</th>
            <th>Reviewer</th>
            <th>Decisions (reviewer, time, note)</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>
                <code>{e.id}</code> {e.change}
              </td>
              <td>
                {e.kind}: {visible(e.principal)} on {visible(e.server)} · {visible(e.tool) || "–"}
                {e.flags.length > 0 ? ` [${e.flags.join(", ")}]` : ""}
              </td>
              <td>
                {e.calls} calls, last {time(e.lastUsed)}
              </td>
              <td>{visible(e.reviewer)}</td>
              <td>
                {e.decisions.length === 0 ? (
                  "undecided"
                ) : (
                  <ul style={{ margin: 0, paddingLeft: 16 }}>
                    {e.decisions.map((d) => (
                      <li key={`${d.at}-${d.decision}`}>
                        {d.decision}
                        {d.automatic ? " (automatic)" : ""} by {visible(d.by)} at {time(d.at)}
                        {d.note ? `: ${visible(d.note)}` : ""}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Revocations and their enforcement ({revocations.length})</h2>
      {revocations.length === 0 ? (
        <p>None.</p>
      ) : (
        <table data-testid="print-revocations">
          <thead>
            <tr>
              <th>Revoked</th>
              <th>By, reason</th>
              <th>Status</th>
              <th>Confirmed (Guard instance)</th>
              <th>Proof event</th>
            </tr>
          </thead>
          <tbody>
            {revocations.map((r) => (
              <tr key={r.id}>
                <td>
                  {visible(r.principal)} on {visible(r.server)}:{" "}
                  {r.tools.length === 0 ? "every tool" : r.tools.map((t) => visible(t)).join(", ")}
                </td>
                <td>
                  {visible(r.reviewer)} at {time(r.createdAt)}: {visible(r.reason)}
                </td>
                <td>{r.status}</td>
                <td>
                  {time(r.confirmedAt)}
                  {r.confirmedBy ? ` (${visible(r.confirmedBy)})` : ""}
                </td>
                <td>
                  {r.proofEventId && r.proofHref ? (
                    <a href={r.proofHref}>{visible(r.proofEventId)}</a>
                  ) : (
                    "–"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Exceptions ({exceptions.length})</h2>
      {exceptions.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {exceptions.map((r) => (
            <li key={r.id}>
              {visible(r.principal)} on {visible(r.server)}: {visible(r.exceptionNote ?? "")}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
