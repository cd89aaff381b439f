//! The educationUser get: both paths, `$select` typed over the user's properties, and the bare
//! user as the response.

use graph_education::models::{EducationUser, EducationUserProperty};
use graph_education::operations::GetEducationUser;
use graph_education::requests::{ApiVersion, Cloud, Operation};
use graph_education::{Field, ViolationCode};

#[test]
fn selects_properties_by_their_json_names_in_the_order_given() {
    let request = GetEducationUser::users("f6ab2a7c")
        .select([
            EducationUserProperty::DisplayName,
            EducationUserProperty::UserPrincipalName,
            EducationUserProperty::PrimaryRole,
        ])
        .build_for(ApiVersion::Beta, Cloud::Global)
        .expect("a valid get");
    assert_eq!(request.method(), "GET");
    assert_eq!(
        request.uri(),
        "https://graph.microsoft.com/beta/education/users/f6ab2a7c\
         ?$select=displayName,userPrincipalName,primaryRole"
    );
    assert!(request.body().is_empty());
    assert!(request.headers().is_empty());
}

#[test]
fn without_a_selection_there_is_no_query_and_a_new_selection_replaces_the_old() {
    let plain = GetEducationUser::me().build().expect("valid");
    assert_eq!(plain.uri(), "https://graph.microsoft.com/v1.0/education/me");
    let replaced = GetEducationUser::me()
        .select([EducationUserProperty::Mail])
        .select([EducationUserProperty::Id])
        .build()
        .expect("valid");
    assert_eq!(replaced.uri().query(), Some("$select=id"));
    let emptied = GetEducationUser::me()
        .select([EducationUserProperty::Mail])
        .select([])
        .build()
        .expect("valid");
    assert_eq!(emptied.uri().query(), None);
}

#[test]
fn every_property_of_the_model_can_be_selected() {
    assert_eq!(EducationUserProperty::ALL.len(), 33);
    let names: Vec<&str> = EducationUserProperty::ALL
        .iter()
        .map(|p| p.as_str())
        .collect();
    let user = EducationUser::default();
    let json = serde_json::to_value(&user).expect("JSON");
    assert!(json.as_object().expect("an object").is_empty());
    for name in names {
        let one = graph_education::from_json::<EducationUser>(&format!("{{\"{name}\": null}}"))
            .expect("a property of the model");
        assert!(one.additional_properties.is_empty(), "{name} is a property");
    }
}

#[test]
fn an_empty_id_is_reported_and_the_response_is_the_bare_user() {
    let errors = GetEducationUser::users("").build().expect_err("rejected");
    assert_eq!(errors.violations()[0].code, ViolationCode::InvalidTarget);
    let user =
        GetEducationUser::parse_response(br#"{"id": "1", "displayName": "Ann"}"#).expect("a user");
    assert_eq!(user.display_name, Field::Value("Ann".to_string()));
    assert_eq!(GetEducationUser::SUCCESS, 200);
}
