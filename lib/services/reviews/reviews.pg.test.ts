import { onPostgres } from "../../../test/fixtures/store-backends";
import { reviewsServiceSuite } from "./reviews.suite";

onPostgres("access review campaigns", reviewsServiceSuite);
