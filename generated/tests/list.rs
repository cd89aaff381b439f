//! The educationUser list: typed `$filter` (OData quoting), `$orderby` over orderable
//! properties, `$top`, `$count`, `$search`, `$select`; the page it answers with.

use graph_education::ViolationCode;
use graph_education::models::{
    EducationUser, EducationUserFilter as F, EducationUserOrderBy, EducationUserProperty,
    EducationUserRole,
};
use graph_education::operations::ListEducationUsers;
use graph_education::paging::Page;
use graph_education::query::{Direction, Filter};
use graph_education::requests::{ApiVersion, Cloud, Operation};

fn decoded_query(request: &http::Request<Vec<u8>>) -> String {
    let query = request.uri().query().unwrap_or_default();
    percent_encoding::percent_decode_str(query)
        .decode_utf8()
        .expect("UTF-8")
        .into_owned()
}

#[test]
fn every_option_is_rendered_percent_encoded_in_a_fixed_order() {
    let request = ListEducationUsers::users()
        .search("\"displayName:Ann\"")
        .count(true)
        .top(50)
        .order_by(EducationUserOrderBy::DisplayName, Direction::Descending)
        .order_by(
            EducationUserOrderBy::UserPrincipalName,
            Direction::Ascending,
        )
        .filter(F::DEPARTMENT.eq("R&D").and(F::ACCOUNT_ENABLED.eq(true)))
        .select([
            EducationUserProperty::Id,
            EducationUserProperty::DisplayName,
        ])
        .build()
        .expect("a valid list");
    assert_eq!(request.method(), "GET");
    assert_eq!(
        request.uri(),
        "https://graph.microsoft.com/v1.0/education/users\
         ?$select=id,displayName\
         &$filter=department%20eq%20%27R%26D%27%20and%20accountEnabled%20eq%20true\
         &$orderby=displayName%20desc,userPrincipalName\
         &$top=50&$count=true&$search=%22displayName%3AAnn%22"
    );
    assert_eq!(
        decoded_query(&request),
        "$select=id,displayName&$filter=department eq 'R&D' and accountEnabled eq true\
         &$orderby=displayName desc,userPrincipalName&$top=50&$count=true\
         &$search=\"displayName:Ann\""
    );
    assert!(request.body().is_empty());
}

#[test]
fn string_literals_double_their_quotes_and_nothing_else_changes() {
    let filter = F::SURNAME.eq("O'Neil");
    assert_eq!(filter.as_str(), "surname eq 'O''Neil'");
    let filter = F::DISPLAY_NAME.starts_with("'; drop table --");
    assert_eq!(
        filter.as_str(),
        "startsWith(displayName, '''; drop table --')"
    );
    let filter = F::MAIL.is_in(["a@b.c", "d'e@f.g"]);
    assert_eq!(filter.as_str(), "mail in ('a@b.c', 'd''e@f.g')");
}

#[test]
fn and_binds_tighter_than_or_and_not_wraps_its_operand() {
    let either = F::GIVEN_NAME.eq("Ann").or(F::GIVEN_NAME.eq("Bo"));
    let both = either.clone().and(F::ACCOUNT_ENABLED.eq(true));
    assert_eq!(
        both.as_str(),
        "(givenName eq 'Ann' or givenName eq 'Bo') and accountEnabled eq true"
    );
    let loose = F::USAGE_LOCATION
        .eq("DE")
        .and(F::USER_TYPE.ne("Guest"))
        .or(either);
    assert_eq!(
        loose.as_str(),
        "usageLocation eq 'DE' and userType ne 'Guest' or givenName eq 'Ann' or givenName eq 'Bo'"
    );
    let negated = !F::DEPARTMENT.is_null();
    assert_eq!(negated.as_str(), "not (department eq null)");
    let raw = Filter::<EducationUser>::raw("endsWith(mail, '@contoso.com')");
    assert_eq!(
        raw.and(F::MAIL_NICKNAME.is_not_null()).as_str(),
        "(endsWith(mail, '@contoso.com')) and mailNickname ne null"
    );
}

#[test]
fn an_enum_is_compared_by_its_wire_name_where_the_version_can_filter_it() {
    let filter = F::PRIMARY_ROLE.eq(EducationUserRole::Teacher);
    assert_eq!(filter.as_str(), "primaryRole eq 'teacher'");
    let list = ListEducationUsers::users().filter(filter);
    list.validate(ApiVersion::Beta, Cloud::Global)
        .expect("beta filters by primaryRole");
    let errors = list
        .validate(ApiVersion::V1_0, Cloud::Global)
        .expect_err("v1.0 does not");
    let violation = errors
        .find("/$filter", ViolationCode::PropertyNotInVersion)
        .expect("reported at /$filter");
    assert!(violation.message.contains("primaryRole"), "{violation}");
}

#[test]
fn options_the_service_cant_take_are_reported_together() {
    let errors = ListEducationUsers::users()
        .top(0)
        .search("  ")
        .filter(F::MAIL.is_in(Vec::<String>::new()))
        .build()
        .expect_err("invalid");
    let codes: Vec<(&str, ViolationCode)> = errors
        .violations()
        .iter()
        .map(|v| (v.pointer.as_str(), v.code))
        .collect();
    assert_eq!(
        codes,
        [
            ("/$filter", ViolationCode::InvalidQuery),
            ("/$top", ViolationCode::InvalidQuery),
            ("/$search", ViolationCode::InvalidQuery),
        ]
    );
    assert!(Filter::<EducationUser>::raw(" ").as_str().trim().is_empty());
    let errors = ListEducationUsers::users()
        .filter(Filter::raw(""))
        .build()
        .expect_err("an empty raw filter");
    assert!(
        errors
            .find("/$filter", ViolationCode::InvalidQuery)
            .is_some()
    );
}

#[test]
fn the_response_is_a_page_of_users_that_keeps_what_it_does_not_know() {
    let body = br#"{
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#education/users",
        "@odata.count": 1234,
        "value": [
            {"id": "1", "displayName": "Ann", "primaryRole": "student"},
            {"id": "2", "displayName": null, "futureProperty": [1]}
        ],
        "@odata.nextLink": "https://graph.microsoft.com/v1.0/education/users?$skiptoken=X1",
        "@odata.laterAnnotation": {"a": 1}
    }"#;
    let page: Page<EducationUser> = ListEducationUsers::parse_response(body).expect("a page");
    assert_eq!(page.value.len(), 2);
    assert_eq!(
        page.value[0].primary_role.value(),
        Some(&EducationUserRole::Student)
    );
    assert!(page.value[1].display_name.is_null());
    assert!(
        page.value[1]
            .additional_properties
            .contains_key("futureProperty")
    );
    assert_eq!(page.count, Some(1234));
    assert_eq!(
        page.next_link.as_ref().map(|link| link.as_str()),
        Some("https://graph.microsoft.com/v1.0/education/users?$skiptoken=X1")
    );
    assert_eq!(page.annotations.len(), 2);

    let written = serde_json::to_vec(&page).expect("serializes");
    let again: Page<EducationUser> = graph_education::from_json(&written).expect("reads back");
    assert_eq!(again, page);
}

#[test]
fn a_page_without_value_or_with_a_wrong_item_names_where() {
    let missing =
        ListEducationUsers::parse_response(br#"{"@odata.nextLink": "x"}"#).expect_err("no value");
    assert!(missing.to_string().contains("value"), "{missing}");
    let wrong = ListEducationUsers::parse_response(br#"{"value": [{"id": "1"}, {"id": 2}]}"#)
        .expect_err("a number id");
    assert_eq!(wrong.pointer(), "/value/1/id");
}

#[test]
fn the_last_page_has_no_next_link_and_an_empty_page_may_have_one() {
    let last: Page<EducationUser> =
        ListEducationUsers::parse_response(br#"{"value": []}"#).expect("a page");
    assert!(last.value.is_empty() && last.next_link.is_none());
    let empty: Page<EducationUser> = ListEducationUsers::parse_response(
        br#"{"value": [], "@odata.nextLink": "https://graph.microsoft.com/v1.0/x?$skiptoken=1"}"#,
    )
    .expect("a page");
    assert!(empty.value.is_empty() && empty.next_link.is_some());
}

#[test]
fn a_next_request_keeps_the_first_requests_headers_and_stays_on_its_host() {
    let first = ListEducationUsers::users().top(2).build().expect("valid");
    let next = graph_education::paging::follow(
        "https://graph.microsoft.com/v1.0/education/users?$top=2&$skiptoken=X",
        &first,
    )
    .expect("same host");
    assert_eq!(
        next.uri(),
        "https://graph.microsoft.com/v1.0/education/users?$top=2&$skiptoken=X"
    );
    for foreign in [
        "https://graph.microsoft.com.evil.example/v1.0/education/users",
        "http://graph.microsoft.com/v1.0/education/users",
        "https://graph.microsoft.com:8443/v1.0/education/users",
        "//evil.example/v1.0",
        "/v1.0/education/users",
    ] {
        let errors = graph_education::paging::follow(foreign, &first).expect_err(foreign);
        assert_eq!(errors.violations()[0].code, ViolationCode::ForeignLink);
        assert!(!errors.to_string().contains("evil"), "{errors}");
    }
}

#[test]
fn the_list_exists_in_both_versions_in_the_global_cloud_only() {
    assert_eq!(
        ListEducationUsers::VERSIONS,
        [ApiVersion::V1_0, ApiVersion::Beta]
    );
    let errors = ListEducationUsers::users()
        .build_for(ApiVersion::V1_0, Cloud::China)
        .expect_err("global only");
    assert!(errors.find("", ViolationCode::UnsupportedCloud).is_some());
}
