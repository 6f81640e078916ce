import { Fragment } from "react";

const SOFT_HYPHEN = "\u00ad";

/**
 * A column label whose long words (11 letters or more: "conversation", "classification") may
 * break after their sixth letter, with a hyphen shown only where it breaks ("classi-fication"):
 * a narrow column's header then takes two lines instead of widening the table. Our labels only;
 * event content never gets one.
 */
export function hyphenable(label: string): string {
  return label.replace(/\p{L}{11,}/gu, (w) => `${w.slice(0, 6)}${SOFT_HYPHEN}${w.slice(6)}`);
}

/**
 * An identifier (tool, server, actor, client) that may wrap after its separators (`_ . / - : @ ·`)
 * before it is broken mid-word, so `create_issue` wraps as `create_` / `issue`.
 */
export function Breakable({ text }: { text: string }) {
  const parts = text.split(/(?<=[_./\-:@·])/u);
  return (
    <>
      {parts.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string, in order
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          {p}
        </Fragment>
      ))}
    </>
  );
}
