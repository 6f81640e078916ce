import { z } from "zod";
import { EVENT_SORTS } from "../../../db/store/event-sort";
import { ACTIVITIES } from "../../queries/activity";
import { FILTER_DIMENSIONS, FILTER_LIMITS, RANGES, type ViewState } from "../../queries/filters";

/**
 * The inputs of the read services, already parsed from a URL by lib/queries (which answers 400 for
 * what it cannot accept): checked again here because a service is also called from elsewhere.
 */
const filterValues = z
  .array(z.string().min(1).max(FILTER_LIMITS.valueChars))
  .max(FILTER_LIMITS.values);

export const viewSchema: z.ZodType<ViewState> = z.object({
  range: z.enum([...(Object.keys(RANGES) as (keyof typeof RANGES)[]), "custom"]),
  from: z.date(),
  to: z.date(),
  clamped: z.boolean(),
  tz: z.enum(["utc", "local"]),
  values: z.object(
    Object.fromEntries(FILTER_DIMENSIONS.map((d) => [d, filterValues])) as Record<
      (typeof FILTER_DIMENSIONS)[number],
      typeof filterValues
    >,
  ),
  text: z.string().max(FILTER_LIMITS.textChars),
  activity: z.enum(ACTIVITIES),
  bucketSeconds: z.number().int().positive(),
});

export const sortSchema = z.object({ sort: z.enum(EVENT_SORTS), dir: z.enum(["asc", "desc"]) });
