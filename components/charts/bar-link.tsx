"use client";

import { useRouter } from "next/navigation";
import { type MouseEvent, type RefObject, useEffect } from "react";
import { type BarShapeProps, Rectangle } from "recharts";
import type { Series } from "./series";

/**
 * One segment of a stacked bar, drawn by recharts' Rectangle; when it holds something and has
 * a link, wrapped in an SVG link: Tab reaches it, Enter opens it, and its name says what it
 * counts. A plain click navigates inside the app; a modified one is the browser's (new tab).
 */
export function BarLink({
  bar,
  series,
  href,
  name,
}: {
  bar: BarShapeProps;
  series: Series;
  href: string | undefined;
  /** The accessible name and hover title, e.g. "12 error calls from 3 Dec, 14:00 UTC". */
  name: string;
}) {
  const router = useRouter();
  const value = Number(bar.payload?.[series.key] ?? 0);
  const rect = (
    <Rectangle
      x={bar.x}
      y={bar.y}
      width={bar.width}
      height={bar.height}
      fill={series.color}
      // A white gap between segments: each meets the background, not a neighbour's colour.
      stroke="#ffffff"
      strokeWidth={value > 0 ? 1 : 0}
    />
  );
  if (!href || value <= 0) return rect;
  const go = (e: MouseEvent) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    router.push(href);
  };
  return (
    <a href={href} aria-label={name} onClick={go} data-series={series.key}>
      <title>{name}</title>
      {rect}
    </a>
  );
}

/**
 * Recharts draws its layers (grid, bars, axes, the hover cursor) through React portals into <g>
 * elements, and Chromium makes an SVG element with focus listeners (React's, on every portal
 * container) a Tab stop: each layer would be an unnamed stop around the bar links. Marked
 * `tabindex="-1"` as they appear, they leave the Tab order (and stay out of the way of a click).
 */
export function useNoLayerTabStops(root: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = root.current;
    if (!el) return;
    const mark = () => {
      for (const g of el.querySelectorAll('g[class*="recharts-zIndex-layer"]:not([tabindex])'))
        g.setAttribute("tabindex", "-1");
    };
    mark();
    const observer = new MutationObserver(mark);
    observer.observe(el, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [root]);
}
