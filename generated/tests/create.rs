//! The educationUser create: the properties required on creation are the constructor's
//! arguments, the others setters; the service answers 201 with the created user.

use graph_education::models::{
    EducationUserRole, PasswordProfile, PhysicalAddress, RelatedContact,
};
use graph_education::operations::CreateEducationUser;
use graph_education::requests::{ApiVersion, Cloud, Operation};
use graph_education::{Field, ViolationCode};
use serde_json::{Value, json};

fn profile() -> PasswordProfile {
    let mut profile = PasswordProfile::default();
    profile.password = Field::Value(graph_education::Sensitive::new(
        "xWwvJ]6NMw+bWH-d".to_string(),
    ));
    profile.force_change_password_next_sign_in = Field::Value(true);
    profile
}

fn new_user() -> CreateEducationUser<'static> {
    CreateEducationUser::users(true, "Ann Ng", "annng", profile(), "annng@contoso.com")
}

fn body(request: &http::Request<Vec<u8>>) -> Value {
    serde_json::from_slice(request.body()).expect("the body is JSON")
}

#[test]
fn sends_the_required_properties_and_what_was_set() {
    let request = new_user()
        .primary_role(EducationUserRole::Student)
        .department("Mathematics")
        .build_for(ApiVersion::Beta, Cloud::Global)
        .expect("a valid create");
    assert_eq!(request.method(), "POST");
    assert_eq!(
        request.uri(),
        "https://graph.microsoft.com/beta/education/users"
    );
    assert_eq!(request.headers()["content-type"], "application/json");
    assert_eq!(
        body(&request),
        json!({
            "accountEnabled": true,
            "department": "Mathematics",
            "displayName": "Ann Ng",
            "mailNickname": "annng",
            "passwordProfile": {
                "forceChangePasswordNextSignIn": true,
                "password": "xWwvJ]6NMw+bWH-d",
            },
            "primaryRole": "student",
            "userPrincipalName": "annng@contoso.com",
        })
    );
    assert_eq!(CreateEducationUser::SUCCESS, 201);
}

#[test]
fn relatedcontacts_may_be_sent_with_the_rest_on_creation() {
    let mut contact = RelatedContact::default();
    contact.display_name = Field::Value("Father Time".into());
    contact.email_address = Field::Value("father@time.com".into());
    contact.relationship = Field::Value(graph_education::models::ContactRelationship::Guardian);
    let request = new_user()
        .related_contacts([contact])
        .build()
        .expect("valid");
    assert_eq!(
        body(&request)["relatedContacts"][0]["relationship"],
        "guardian"
    );
}

#[test]
fn every_rule_of_the_values_is_checked_including_nested_required_properties() {
    let errors = CreateEducationUser::users(true, "", "annng", profile(), "no-at-sign")
        .usage_location("Germany")
        .related_contacts([RelatedContact::default()])
        .residence_address(PhysicalAddress::default())
        .build()
        .expect_err("rejected");
    let found: Vec<(String, ViolationCode)> = errors
        .violations()
        .iter()
        .map(|v| (v.pointer.clone(), v.code))
        .collect();
    assert!(
        found.contains(&("/userPrincipalName".into(), ViolationCode::PatternMismatch)),
        "{found:?}"
    );
    assert!(
        found.contains(&("/usageLocation".into(), ViolationCode::InvalidCountryCode)),
        "{found:?}"
    );
    assert!(
        found.contains(&(
            "/relatedContacts/0/displayName".into(),
            ViolationCode::Required
        )),
        "{found:?}"
    );
    assert!(!errors.to_string().contains("xWwvJ"), "{errors}");
}

#[test]
fn the_response_is_the_created_user() {
    let user = CreateEducationUser::parse_response(br#"{"id": "9", "displayName": "Ann Ng"}"#)
        .expect("a user");
    assert_eq!(user.id, Field::Value("9".to_string()));
}
