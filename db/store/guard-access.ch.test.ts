import { onClickHouse } from "../../test/fixtures/store-backends";
import { guardAccessSuite } from "./guard-access.suite";

onClickHouse("guard access store", guardAccessSuite);
