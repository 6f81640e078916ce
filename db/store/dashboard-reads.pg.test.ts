import { onPostgres } from "../../test/fixtures/store-backends";
import { dashboardReadSuite } from "./dashboard-reads.suite";

onPostgres("dashboard reads", dashboardReadSuite);
