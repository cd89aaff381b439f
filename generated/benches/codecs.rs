//! The generated code against hand-written baselines, measured in the same run:
//! - parsing a ~1.5 KB educationUser response with unknown properties and annotations, against
//!   a plain `#[derive(Deserialize)]` mirror that drops unknown properties (the floor) and the
//!   same mirror keeping them with `#[serde(flatten)]`;
//! - building, validating and serializing updates, against `serde_json::to_vec(&json!(...))`;
//! - serializing a full model (through `Serialize` and with its own `to_json`), against a
//!   plain `#[derive(Serialize)]` mirror.
//!
//! `cargo bench -p graph-education --bench codecs`

mod cases;

use cases::*;
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

mod parse_response {
    use super::*;

    #[divan::bench(name = "0 baseline: plain derive, unknown fields dropped")]
    fn plain_derive() -> PlainUser {
        parse_plain()
    }

    #[divan::bench(name = "1 plain derive with serde(flatten)")]
    fn flatten() -> FlattenUser {
        parse_flatten()
    }

    #[divan::bench(name = "2 generated model, keeping everything")]
    fn generated() -> graph_education::models::EducationUser {
        parse_generated()
    }
}

mod parse_page_of_100_users {
    use super::*;

    #[divan::bench(name = "0 baseline: plain derive, unknown fields dropped")]
    fn plain_derive() -> PlainPage {
        parse_page_plain()
    }

    #[divan::bench(name = "1 generated Page<EducationUser>, keeping everything")]
    fn generated() -> graph_education::paging::Page<graph_education::models::EducationUser> {
        parse_page_generated()
    }
}

mod batch_of_1000_updates {
    use super::*;

    #[divan::bench(name = "0 baseline: requests as serde_json::Value")]
    fn requests_value() -> Vec<http::Request<Vec<u8>>> {
        batch_requests_value()
    }

    #[divan::bench(name = "1 requests by Batch")]
    fn requests_generated() -> Vec<http::Request<Vec<u8>>> {
        batch_requests_generated()
    }

    #[divan::bench(name = "2 baseline: answers read as serde_json::Value")]
    fn answers_value() -> usize {
        batch_answers_value()
    }

    #[divan::bench(name = "3 answers read by Batch into typed outcomes")]
    fn answers_generated() -> usize {
        prepare_fixtures();
        batch_answers_generated()
    }
}

mod update_four_fields {
    use super::*;

    #[divan::bench(name = "0 baseline: to_vec(json!)")]
    fn json_macro() -> Vec<u8> {
        update_json_macro()
    }

    #[divan::bench(name = "1 builder: build, validate, serialize the body")]
    fn builder() -> Vec<u8> {
        update_body()
    }

    #[divan::bench(name = "2 builder: the whole http::Request")]
    fn request() -> http::Request<Vec<u8>> {
        update_request()
    }
}

mod replace_two_contacts {
    use super::*;

    #[divan::bench(name = "0 baseline: to_vec(json!)")]
    fn json_macro() -> Vec<u8> {
        contacts_json_macro()
    }

    #[divan::bench(name = "1 builder: build, validate, serialize the body")]
    fn builder() -> Vec<u8> {
        contacts_body()
    }

    #[divan::bench(name = "2 builder: the whole http::Request")]
    fn request() -> http::Request<Vec<u8>> {
        contacts_request()
    }
}

mod serialize_model {
    use super::*;

    #[divan::bench(name = "0 baseline: plain derive")]
    fn plain_derive(bencher: Bencher) {
        let user = plain_user();
        bencher.bench(|| serde_json::to_vec(black_box(&user)).expect("serializes"));
    }

    #[divan::bench(name = "1 generated model, Serialize")]
    fn generated(bencher: Bencher) {
        let user = generated_user();
        bencher.bench(|| serde_json::to_vec(black_box(&user)).expect("serializes"));
    }

    #[divan::bench(name = "2 generated model, to_json")]
    fn generated_to_json(bencher: Bencher) {
        let user = generated_user();
        bencher.bench(|| black_box(&user).to_json());
    }
}
