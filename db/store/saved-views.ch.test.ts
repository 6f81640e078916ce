import { onClickHouse } from "../../test/fixtures/store-backends";
import { savedViewsSuite } from "./saved-views.suite";

// ClickHouse deployments keep saved views in their SQL control store, reached the same way.
onClickHouse("saved views", savedViewsSuite);
