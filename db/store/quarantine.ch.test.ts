import { onClickHouse } from "../../test/fixtures/store-backends";
import { quarantineSuite } from "./quarantine.suite";

onClickHouse("quarantine reads", quarantineSuite);
