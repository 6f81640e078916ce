import { onClickHouse } from "../../test/fixtures/store-backends";
import { actorPageSuite } from "./actor-page.suite";

onClickHouse("actor page reads", actorPageSuite);
