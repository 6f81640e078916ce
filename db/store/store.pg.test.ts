import { onPostgres } from "../../test/fixtures/store-backends";
import { storeReadSuite } from "./store.suite";

onPostgres("store reads", storeReadSuite);
