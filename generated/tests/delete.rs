//! The educationUser delete: a request without a body, answered 204 with nothing to read.

use graph_education::ViolationCode;
use graph_education::operations::DeleteEducationUser;
use graph_education::requests::{ApiVersion, Cloud, Operation};

#[test]
fn builds_a_delete_without_a_body_or_a_content_type() {
    let request = DeleteEducationUser::users("f6ab2a7c b/1")
        .build_for(ApiVersion::Beta, Cloud::Global)
        .expect("a valid delete");
    assert_eq!(request.method(), "DELETE");
    assert_eq!(
        request.uri(),
        "https://graph.microsoft.com/beta/education/users/f6ab2a7c%20b%2F1"
    );
    assert!(request.body().is_empty());
    assert!(request.headers().is_empty(), "{:?}", request.headers());
    assert_eq!(DeleteEducationUser::SUCCESS, 204);
    assert_eq!(DeleteEducationUser::METHOD, http::Method::DELETE);
}

#[test]
fn an_empty_id_and_a_cloud_without_the_operation_are_both_reported() {
    let errors = DeleteEducationUser::users("")
        .build_for(ApiVersion::V1_0, Cloud::China)
        .expect_err("rejected");
    let codes: Vec<ViolationCode> = errors.violations().iter().map(|v| v.code).collect();
    assert_eq!(
        codes,
        [
            ViolationCode::UnsupportedCloud,
            ViolationCode::InvalidTarget
        ]
    );
}

#[test]
fn the_response_is_nothing_whatever_the_body() {
    let nothing: () = <DeleteEducationUser as Operation>::parse_response(b"").expect("empty");
    assert_eq!(nothing, ());
}
