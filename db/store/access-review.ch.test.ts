import { onClickHouse } from "../../test/fixtures/store-backends";
import { accessReviewSuite } from "./access-review.suite";

onClickHouse("access reviews", accessReviewSuite);
