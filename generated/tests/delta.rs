//! The educationUser delta query: the first request, delta pages with changed, partial and
//! removed users, and a round resumed from a stored delta link.

use graph_education::ViolationCode;
use graph_education::models::EducationUser;
use graph_education::operations::DeltaEducationUsers;
use graph_education::paging::{DeltaItem, DeltaLink, DeltaPage, Removal, RemovalReason};
use graph_education::requests::{ApiVersion, Cloud, Operation};

#[test]
fn the_first_request_and_a_resumed_one() {
    let first = DeltaEducationUsers::users().build().expect("valid");
    assert_eq!(first.method(), "GET");
    assert_eq!(
        first.uri(),
        "https://graph.microsoft.com/v1.0/education/users/delta"
    );
    let link =
        DeltaLink::new("https://graph.microsoft.com/v1.0/education/users/delta?$deltatoken=a%2Bb");
    let resumed = DeltaEducationUsers::from_link(link.clone())
        .build()
        .expect("valid");
    assert_eq!(resumed.uri(), link.as_str());
    assert_eq!(resumed.method(), "GET");
    assert!(resumed.body().is_empty());
}

#[test]
fn a_stored_link_to_another_host_is_refused_before_a_request_exists() {
    let link =
        DeltaLink::new("https://graph.evil.example/v1.0/education/users/delta?$deltatoken=1");
    let builder = DeltaEducationUsers::from_link(link);
    let errors = builder
        .validate(ApiVersion::V1_0, Cloud::Global)
        .expect_err("foreign");
    assert_eq!(errors.violations()[0].code, ViolationCode::ForeignLink);
    assert!(builder.build().is_err());
}

#[test]
fn links_are_stored_as_their_urls_and_read_back() {
    let link =
        DeltaLink::new("https://graph.microsoft.com/v1.0/education/users/delta?$deltatoken=Y");
    let stored = serde_json::to_string(&link).expect("serializes");
    assert_eq!(
        stored,
        r#""https://graph.microsoft.com/v1.0/education/users/delta?$deltatoken=Y""#
    );
    let read: DeltaLink = serde_json::from_str(&stored).expect("reads back");
    assert_eq!(read, link);
}

#[test]
fn a_delta_page_holds_new_partial_and_removed_users() {
    let body = br#"{
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#education/users",
        "value": [
            {"id": "1", "displayName": "Ann", "department": "Maths", "accountEnabled": true},
            {"id": "2", "department": null},
            {"id": "3", "@removed": {"reason": "changed"}},
            {"id": "4", "@removed": {"reason": "deleted"}},
            {"id": "5", "@removed": {"reason": "archived"}}
        ],
        "@odata.nextLink": "https://graph.microsoft.com/v1.0/education/users/delta?$skiptoken=S"
    }"#;
    let page: DeltaPage<EducationUser> =
        DeltaEducationUsers::parse_response(body).expect("a delta page");
    let DeltaItem::Changed(new) = &page.value[0] else {
        panic!("a changed user: {:?}", page.value[0]);
    };
    assert_eq!(new.display_name.value().map(String::as_str), Some("Ann"));
    let DeltaItem::Changed(partial) = &page.value[1] else {
        panic!("a changed user");
    };
    assert!(
        partial.display_name.is_absent(),
        "only what changed is present"
    );
    assert!(partial.department.is_null());
    let removals: Vec<&Removal> = page.value[2..]
        .iter()
        .map(|item| match item {
            DeltaItem::Removed(removal) => removal,
            DeltaItem::Changed(user) => panic!("a removal, not {user:?}"),
        })
        .collect();
    assert_eq!(
        removals
            .iter()
            .map(|r| (r.id.as_str(), r.reason.clone()))
            .collect::<Vec<_>>(),
        [
            ("3", RemovalReason::Changed),
            ("4", RemovalReason::Deleted),
            ("5", RemovalReason::Unrecognized("archived".into())),
        ]
    );
    assert!(page.next_link.is_some() && page.delta_link.is_none());

    let written = serde_json::to_vec(&page).expect("serializes");
    let again: DeltaPage<EducationUser> = graph_education::from_json(&written).expect("reads");
    assert_eq!(again, page);
}

#[test]
fn the_last_page_of_a_round_ends_with_a_delta_link() {
    let page: DeltaPage<EducationUser> = DeltaEducationUsers::parse_response(
        br#"{"value": [], "@odata.deltaLink": "https://graph.microsoft.com/v1.0/education/users/delta?$deltatoken=D"}"#,
    )
    .expect("a page");
    assert!(page.value.is_empty() && page.next_link.is_none());
    assert_eq!(
        page.delta_link.map(DeltaLink::into_string).as_deref(),
        Some("https://graph.microsoft.com/v1.0/education/users/delta?$deltatoken=D")
    );
}

#[test]
fn a_removal_without_an_id_or_reason_is_an_error_with_its_location() {
    for body in [
        br#"{"value": [{"@removed": {"reason": "deleted"}}]}"#.as_slice(),
        br#"{"value": [{"id": "1", "@removed": {}}]}"#.as_slice(),
        br#"{"value": [{"id": "1", "@removed": "deleted"}]}"#.as_slice(),
    ] {
        let error = DeltaEducationUsers::parse_response(body).expect_err("malformed removal");
        assert!(error.pointer().starts_with("/value/0"), "{error}");
    }
}
