import { onPostgres } from "../../test/fixtures/store-backends";
import { accessReviewSuite } from "./access-review.suite";

onPostgres("access reviews", accessReviewSuite);
