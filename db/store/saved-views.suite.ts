import { afterAll, beforeAll, expect, it } from "vitest";
import type { NewSavedView, SavedViewStore } from "./saved-view-types";
import type { Store } from "./types";

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));

function view(id: string, over: Partial<NewSavedView> = {}): NewSavedView {
  return {
    id,
    name: `view ${id}`,
    visibility: "private",
    ownerId: "alice",
    ownerLabel: "alice@example.com",
    state: { q: "tool:read_*", range: "24h" },
    createdAt: at(0),
    updatedBy: "alice",
    ...over,
  };
}

/**
 * The saved-view store on every backend (on ClickHouse it is the SQL control store's): who sees
 * which view, names unique per owner (private) or per tenant (shared) whatever their case or
 * spacing, updates and deletes that never reach another tenant. Each case has its own tenant.
 */
export function savedViewsSuite(openStore: () => Promise<Store>) {
  let store: Store;
  let n = 0;
  const tenant = (): SavedViewStore => store.forTenant(`sv${n++}`).views;

  beforeAll(async () => {
    store = await openStore();
    await store.migrate();
  });
  afterAll(async () => store?.close());

  it("lists the shared views and the caller's own private ones, by name", async () => {
    const v = tenant();
    await v.create(view("a", { name: "Zeta", visibility: "shared", ownerId: "bob" }));
    await v.create(view("b", { name: "alpha" }));
    await v.create(view("c", { name: "Bob's own", ownerId: "bob" }));
    await v.create(view("d", { name: "Mid", visibility: "shared" }));
    expect((await v.list("alice")).map((r) => r.name)).toEqual(["alpha", "Mid", "Zeta"]);
    expect((await v.list("bob")).map((r) => r.name)).toEqual(["Bob's own", "Mid", "Zeta"]);
    const got = await v.get("b");
    expect(got).toEqual({
      id: "b",
      name: "alpha",
      visibility: "private",
      ownerId: "alice",
      ownerLabel: "alice@example.com",
      state: { q: "tool:read_*", range: "24h" },
      createdAt: at(0),
      updatedAt: at(0),
      updatedBy: "alice",
    });
    expect(await v.get("nope")).toBeNull();
  });

  it("keeps names unique per owner when private and per tenant when shared", async () => {
    const v = tenant();
    expect(await v.create(view("p1", { name: "Errors" }))).toMatchObject({ id: "p1" });
    // Case, width and spacing do not make another name.
    for (const name of ["errors", "  ERRORS ", "Ｅrrors"])
      expect(await v.create(view(`p-${name}`, { name }))).toEqual({ taken: true });
    expect(await v.create(view("p2", { name: "errors", ownerId: "bob" }))).toMatchObject({
      id: "p2",
    });
    // A shared view may carry a name someone keeps privately; a second shared one may not.
    expect(await v.create(view("s1", { name: "Errors", visibility: "shared" }))).toMatchObject({
      id: "s1",
    });
    expect(
      await v.create(view("s2", { name: "errors", visibility: "shared", ownerId: "carol" })),
    ).toEqual({ taken: true });
    // The same id twice is not a second view either.
    expect(await v.create(view("p1", { name: "other" }))).toEqual({ taken: true });
    expect((await v.findByName(" ERRORS")).map((r) => r.id)).toEqual(["p1", "p2", "s1"]);
    // Another tenant has its own names.
    expect(
      await tenant().create(view("s1", { name: "Errors", visibility: "shared" })),
    ).toMatchObject({ id: "s1" });
  });

  it("lets exactly one of two concurrent saves of one shared name win", async () => {
    const v = tenant();
    const results = await Promise.all(
      ["r1", "r2", "r3"].map((id) =>
        v.create(view(id, { name: "Race", visibility: "shared", ownerId: id })),
      ),
    );
    expect(results.filter((r) => !("taken" in r))).toHaveLength(1);
    expect(await v.findByName("race")).toHaveLength(1);
  });

  it("renames, shares and replaces the state, refusing a name taken where it lands", async () => {
    const v = tenant();
    await v.create(view("a", { name: "Mine" }));
    await v.create(view("b", { name: "Team", visibility: "shared", ownerId: "bob" }));
    await v.create(view("c", { name: "Other" }));
    const patch = { updatedAt: at(5), updatedBy: "bob" };
    expect(await v.update("c", { ...patch, name: "MINE" })).toEqual({ taken: true });
    // Private "Team" is free for alice; sharing it then clashes with bob's shared "Team".
    expect(await v.update("c", { ...patch, name: "team" })).toMatchObject({ name: "team" });
    expect(await v.update("c", { ...patch, visibility: "shared" })).toEqual({ taken: true });
    const state = { q: "-outcome:ok", range: "custom", from: "2026-01-01T00:00:00.000Z" };
    const out = await v.update("a", { ...patch, name: "Renamed", visibility: "shared", state });
    expect(out).toMatchObject({
      id: "a",
      name: "Renamed",
      visibility: "shared",
      ownerId: "alice",
      state,
      createdAt: at(0),
      updatedAt: at(5),
      updatedBy: "bob",
    });
    expect(await v.get("a")).toEqual(out);
    expect(await v.get("c")).toMatchObject({ name: "team", visibility: "private" });
    expect(await v.update("missing", { ...patch, name: "x" })).toBeNull();
  });

  it("never reads, changes or deletes another tenant's view", async () => {
    const mine = tenant();
    const theirs = tenant();
    await theirs.create(view("x", { name: "Secret", visibility: "shared" }));
    expect(await mine.get("x")).toBeNull();
    expect(await mine.list("alice")).toEqual([]);
    expect(await mine.findByName("Secret")).toEqual([]);
    expect(await mine.update("x", { name: "Owned", updatedAt: at(1), updatedBy: "m" })).toBeNull();
    expect(await mine.delete("x")).toBe(false);
    expect(await theirs.get("x")).toMatchObject({ name: "Secret" });
    expect(await theirs.delete("x")).toBe(true);
    expect(await theirs.delete("x")).toBe(false);
    expect(await theirs.get("x")).toBeNull();
  });

  it("stores hostile text: U+0000 becomes U+FFFD instead of failing the save", async () => {
    const v = tenant();
    const name = "a\u0000b <script>";
    const state = { q: "\u0000", nested: ["'; drop table saved_views; --"] };
    expect(await v.create(view("h", { name, state }))).toMatchObject({
      name: "a\uFFFDb <script>",
      state: { q: "\uFFFD", nested: ["'; drop table saved_views; --"] },
    });
    expect(await v.findByName(name)).toHaveLength(1);
  });
}
