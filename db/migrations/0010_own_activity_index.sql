-- INCLUDE is written by hand (drizzle cannot declare it): the MCP-only reads subtract the own
-- events from rollups by these columns, so the index alone answers them (db/store/sql/own-correction.ts).
CREATE INDEX "events_tenant_own_time" ON "events" USING btree ("tenant_id","time") INCLUDE ("server_name","tool","outcome","verdict","policy_id","data_classification","client_name","agent_id","actor_id","redaction_count") WHERE ingest_key_id = 'internal';
