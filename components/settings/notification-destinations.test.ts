import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { DeliveryView, DestinationView } from "@/lib/services/notifications/destination-view";
import { NotificationDestinations } from "./notification-destinations";

const at = new Date("2026-06-01T12:00:00Z");
const hostile = `<img src=x onerror="alert(1)">`;
const destinations: DestinationView[] = [
  {
    id: "dst_1",
    kind: "webhook",
    name: hostile,
    url: "https://hooks.example.com/…",
    signed: true,
    minSeverity: "high",
    enabled: true,
    createdBy: "u1",
    createdAt: at,
  },
];
const deliveries: DeliveryView[] = [
  {
    id: "dlv_1",
    destinationId: "dst_1",
    kind: "flag.opened",
    flagId: "f1",
    status: "pending",
    attempts: 2,
    nextAttemptAt: new Date("2026-06-01T12:04:00Z"),
    lastError: "HTTP 500: down",
    lastStatus: 500,
    createdAt: at,
    deliveredAt: null,
  },
  {
    id: "dlv_2",
    destinationId: "dst_gone",
    kind: "test",
    flagId: null,
    status: "delivered",
    attempts: 1,
    nextAttemptAt: at,
    lastError: null,
    lastStatus: 204,
    createdAt: at,
    deliveredAt: at,
  },
];
const action = async () => ({ ok: true, message: null });

/** What each role sees of the section, rendered as the server renders it. */
describe("NotificationDestinations", () => {
  it("lists destinations and the log, escaping names, with the forms for a configuring role", () => {
    const html = renderToStaticMarkup(
      createElement(NotificationDestinations, {
        destinations,
        deliveries,
        allowPrivate: false,
        actions: { create: action, remove: () => action, test: () => action },
      }),
    );
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x");
    expect(html).toContain("webhook (signed)");
    expect(html).toContain("https://hooks.example.com/…");
    expect(html).toContain("Send test");
    expect(html).toContain("Add destination");
    expect(html).toContain('placeholder="https:// URL"');
    expect(html).toContain("HTTP 500");
    expect(html).toContain("next 2026-06-01 12:04");
    expect(html).toContain("(removed)");
    expect(html).toContain("HTTP 204");
  });

  it("shows no form to a reader and no log to a role that may not read it", () => {
    const reader = renderToStaticMarkup(
      createElement(NotificationDestinations, {
        destinations,
        deliveries,
        allowPrivate: false,
        actions: null,
      }),
    );
    expect(reader).not.toContain("Send test");
    expect(reader).not.toContain("Add destination");
    expect(reader).toContain("Delivery log");
    const configurer = renderToStaticMarkup(
      createElement(NotificationDestinations, {
        destinations: [],
        deliveries: null,
        allowPrivate: true,
        actions: { create: action, remove: () => action, test: () => action },
      }),
    );
    expect(configurer).not.toContain("Delivery log");
    expect(configurer).toContain("No destination yet");
    expect(configurer).toContain('placeholder="https:// or http:// URL"');
  });
});
