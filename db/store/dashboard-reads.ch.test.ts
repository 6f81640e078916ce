import { onClickHouse } from "../../test/fixtures/store-backends";
import { dashboardReadSuite } from "./dashboard-reads.suite";

onClickHouse("dashboard reads", dashboardReadSuite);
