import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Breakable, hyphenable } from "./breakable";

describe("breakable labels and identifiers", () => {
  it("gives long words of a label a soft hyphen after their sixth letter, and no other", () => {
    expect(hyphenable("data classification")).toBe("data classi\u00adfication");
    expect(hyphenable("session, conversation or trace id")).toBe(
      "session, conver\u00adsation or trace id",
    );
    expect(hyphenable("Redactions")).toBe("Redactions");
  });

  it("lets an identifier wrap after its separators, escaping its text", () => {
    expect(renderToStaticMarkup(createElement(Breakable, { text: "get_file.contents" }))).toBe(
      "get_<wbr/>file.<wbr/>contents",
    );
    expect(renderToStaticMarkup(createElement(Breakable, { text: "<b>x</b>" }))).toBe(
      "&lt;b&gt;x&lt;/<wbr/>b&gt;",
    );
  });
});
