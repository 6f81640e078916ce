import { onPostgres } from "../../test/fixtures/store-backends";
import { deliveryLogSuite } from "./delivery-log.suite";

onPostgres("delivery log", deliveryLogSuite);
