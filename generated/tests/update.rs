//! The educationUser update: builder, validation, and request.

use graph_education::models::{
    ContactRelationship, EducationStudent, EducationUser, EducationUserRole, PasswordPolicy,
    PasswordProfile, PhysicalAddress, RelatedContact,
};
use graph_education::operations::UpdateEducationUser;
use graph_education::requests::{ApiVersion, Cloud, Operation};
use graph_education::{Field, Sensitive, ValidationErrors, ViolationCode, from_json};
use serde_json::{Value, json};

fn body(update: &UpdateEducationUser) -> Value {
    serde_json::from_slice(&update.to_json()).expect("the body is JSON")
}

fn errors(update: UpdateEducationUser) -> ValidationErrors {
    update.build().expect_err("the update is rejected")
}

/// The pointer and code of every violation, in order.
fn found(errors: &ValidationErrors) -> Vec<(String, &'static str)> {
    errors
        .violations()
        .iter()
        .map(|v| (v.pointer.clone(), v.code.as_str()))
        .collect()
}

fn violation(pointer: &str, code: &'static str) -> Vec<(String, &'static str)> {
    vec![(pointer.to_string(), code)]
}

#[test]
fn the_seed_example_request() {
    let request = UpdateEducationUser::users("13020")
        .display_name("Rogelio Cazares")
        .given_name("Rogelio")
        .middle_name("Fernando")
        .surname("Cazares")
        .build()
        .expect("the seed's update is valid");
    assert_eq!(request.method(), http::Method::PATCH);
    assert_eq!(
        request.uri(),
        "https://graph.microsoft.com/v1.0/education/users/13020"
    );
    assert_eq!(
        request.headers()[http::header::CONTENT_TYPE],
        "application/json"
    );
    assert!(request.headers().get(http::header::AUTHORIZATION).is_none());
    // The seed's body, trailing comma removed.
    let seed: Value = serde_json::from_str(
        r#"{
            "displayName": "Rogelio Cazares",
            "givenName": "Rogelio",
            "middleName": "Fernando",
            "surname": "Cazares"
        }"#,
    )
    .unwrap();
    assert_eq!(
        serde_json::from_slice::<Value>(request.body()).unwrap(),
        seed
    );
}

#[test]
fn strings_are_borrowed_or_owned_as_given() {
    // Owned strings move into the update, which then outlives them.
    fn owned(id: String, name: String) -> UpdateEducationUser<'static> {
        UpdateEducationUser::users(id).display_name(name)
    }
    let update = owned("13020".to_string(), "Rogelio".to_string());

    let (id, name) = ("13020".to_string(), "Rogelio".to_string());
    let borrowed = UpdateEducationUser::users(&id).display_name(name.as_str());
    assert_eq!(update, borrowed);
    assert_eq!(body(&borrowed), json!({"displayName": "Rogelio"}));
    assert_eq!(
        borrowed.build().expect("valid").uri(),
        "https://graph.microsoft.com/v1.0/education/users/13020"
    );
}

#[test]
fn the_operation_exposes_its_success_status_and_response_type() {
    assert_eq!(UpdateEducationUser::SUCCESS, 200);
    assert_eq!(UpdateEducationUser::METHOD, http::Method::PATCH);
    assert_eq!(
        UpdateEducationUser::VERSIONS,
        [ApiVersion::V1_0, ApiVersion::Beta]
    );
    assert_eq!(UpdateEducationUser::CLOUDS, [Cloud::Global]);
    assert_eq!(
        UpdateEducationUser::APPLICATION_PERMISSIONS,
        ["EduRoster.ReadWrite.All"]
    );
    let user: EducationUser =
        UpdateEducationUser::parse_response(include_bytes!("data/seed_update_response.json"))
            .unwrap();
    assert_eq!(
        user.display_name,
        Field::Value("Rogelio Cazares".to_string())
    );
}

#[test]
fn targets_versions_and_clouds() {
    let me = UpdateEducationUser::me()
        .surname("Ng")
        .build_for(ApiVersion::Beta, Cloud::Global)
        .unwrap();
    assert_eq!(me.uri(), "https://graph.microsoft.com/beta/education/me");

    let encoded = UpdateEducationUser::users("a/b c?é")
        .surname("Ng")
        .build()
        .unwrap();
    assert_eq!(
        encoded.uri(),
        "https://graph.microsoft.com/v1.0/education/users/a%2Fb%20c%3F%C3%A9"
    );

    let empty_id = errors(UpdateEducationUser::users("").surname("Ng"));
    assert_eq!(found(&empty_id), violation("", "invalid_target"));

    let wrong_cloud = UpdateEducationUser::me()
        .surname("Ng")
        .build_for(ApiVersion::V1_0, Cloud::UsGovL4);
    assert_eq!(
        found(&wrong_cloud.unwrap_err()),
        violation("", "unsupported_cloud")
    );
    assert_eq!(
        Cloud::China.root(),
        "https://microsoftgraph.chinacloudapi.cn"
    );
}

#[test]
fn an_empty_update_is_rejected() {
    let update = UpdateEducationUser::me();
    assert!(update.is_empty());
    assert_eq!(found(&errors(update)), violation("", "empty_update"));

    // Clearing is a change, and so is a value that breaks a rule (reported for itself).
    let clearing = UpdateEducationUser::me().clear_department();
    assert!(!clearing.is_empty());
    assert!(clearing.validate(ApiVersion::V1_0, Cloud::Global).is_ok());
    let invalid = errors(UpdateEducationUser::me().usage_location("Norway"));
    assert_eq!(
        found(&invalid),
        violation("/usageLocation", "invalid_country_code")
    );
}

#[test]
fn absent_null_and_value_for_each_kind_of_type() {
    // Absent: nothing is sent.
    assert_eq!(body(&UpdateEducationUser::me()), json!({}));

    let values = UpdateEducationUser::me()
        .department("Math")
        .account_enabled(false)
        .external_source(graph_education::models::EducationExternalSource::Manual)
        .mailing_address({
            let mut physical_address = PhysicalAddress::default();
            physical_address.city = Field::Value("Oslo".into());
            physical_address
        })
        .business_phones(["+47 22 00 00 00"])
        .password_policies([PasswordPolicy::DisableStrongPassword])
        .student({
            let mut education_student = EducationStudent::default();
            education_student.birth_date = Field::Value("2009-04-17".into());
            education_student
        })
        .primary_role(EducationUserRole::Teacher);
    assert_eq!(
        body(&values),
        json!({
            "department": "Math",
            "accountEnabled": false,
            "externalSource": "manual",
            "mailingAddress": {"city": "Oslo"},
            "businessPhones": ["+47 22 00 00 00"],
            "passwordPolicies": "DisableStrongPassword",
            "student": {"birthDate": "2009-04-17"},
            "primaryRole": "teacher"
        })
    );

    let nulls = values
        .clear_department()
        .clear_account_enabled()
        .clear_external_source()
        .clear_mailing_address()
        .clear_password_policies()
        .clear_student();
    assert_eq!(
        body(&nulls),
        json!({
            "department": null,
            "accountEnabled": null,
            "externalSource": null,
            "mailingAddress": null,
            "businessPhones": ["+47 22 00 00 00"],
            "passwordPolicies": null,
            "student": null,
            "primaryRole": "teacher"
        })
    );
    nulls
        .build()
        .expect("clearing clearable properties is valid");
}

#[test]
fn read_only_and_unknown_properties_of_nested_values_are_never_sent() {
    let user: EducationUser = from_json(include_str!("data/full_user_response.json")).unwrap();
    let address = user.mailing_address.into_value().expect("an address");
    assert!(address.post_office_box.is_null());
    assert!(address.type_.value().is_some());
    let student = user.student.into_value().expect("a student");
    assert!(student.additional_properties.contains_key("@odata.type"));

    let update = UpdateEducationUser::me()
        .mailing_address(address)
        .student(student);
    let sent = body(&update);
    assert_eq!(
        sent["mailingAddress"],
        json!({"city": "Redmond", "countryOrRegion": "United States", "postalCode": "98052", "state": "WA", "street": "1 Microsoft Way"})
    );
    assert!(sent["student"].get("@odata.type").is_none());
    assert_eq!(sent["student"]["studentNumber"], json!("2231"));
    update
        .build()
        .expect("the values read from a response are valid");
}

#[test]
fn business_phones_hold_at_most_one_number() {
    UpdateEducationUser::me()
        .business_phones(["+1 425 555 0109"])
        .build()
        .unwrap();
    UpdateEducationUser::me()
        .business_phones(Vec::<String>::new())
        .build()
        .unwrap();
    let two = errors(UpdateEducationUser::me().business_phones(["1", "2"]));
    assert_eq!(found(&two), violation("/businessPhones", "too_many_items"));
}

#[test]
fn usage_location_is_a_real_country_code() {
    for code in ["US", "DE", "GB", "JP", "AX"] {
        UpdateEducationUser::me()
            .usage_location(code)
            .build()
            .unwrap_or_else(|e| panic!("{code}: {e}"));
    }
    for code in ["XX", "UK", "us", "USA", "", "U"] {
        let rejected = errors(UpdateEducationUser::me().usage_location(code));
        assert_eq!(
            found(&rejected),
            violation("/usageLocation", "invalid_country_code"),
            "{code}"
        );
    }
}

#[test]
fn preferred_language_is_a_bcp_47_language_tag_in_any_case() {
    let accepted = [
        "en",
        "en-US",
        "de-DE",
        "pt-BR",
        "es-419",
        "zh-Hant-TW",
        "EN",
        "en-us",
        "sr-Latn",
    ];
    for tag in accepted {
        UpdateEducationUser::me()
            .preferred_language(tag)
            .build()
            .unwrap_or_else(|e| panic!("{tag}: {e}"));
    }
    for tag in [
        "english",
        "en_US",
        "e",
        "en-",
        "-US",
        "en--US",
        "en-US-u",
        "zh-Hant-Hant-TW-a",
        "é",
    ] {
        let rejected = errors(UpdateEducationUser::me().preferred_language(tag));
        assert_eq!(
            found(&rejected),
            violation("/preferredLanguage", "invalid_language_tag"),
            "{tag}"
        );
    }
}

#[test]
fn user_principal_name_has_the_alias_at_domain_form() {
    UpdateEducationUser::me()
        .user_principal_name("rogelio@contoso.edu")
        .build()
        .unwrap();
    for upn in [
        "rogelio",
        "@contoso.edu",
        "rogelio@",
        "a@b@c",
        "ro gelio@contoso.edu",
    ] {
        let rejected = errors(UpdateEducationUser::me().user_principal_name(upn));
        assert_eq!(
            found(&rejected),
            violation("/userPrincipalName", "pattern_mismatch"),
            "{upn}"
        );
    }
}

#[test]
fn emails_are_valid_addresses() {
    let contact = |email: &str| {
        let mut related_contact = RelatedContact::default();
        related_contact.display_name = Field::Value("Father Time".into());
        related_contact.email_address = Field::Value(email.into());
        related_contact.relationship = Field::Value(ContactRelationship::Guardian);
        related_contact
    };
    for email in [
        "father@time.com",
        "mother@nature.co.uk",
        "a.b+c@example.org",
    ] {
        contact(email)
            .validate(ApiVersion::Beta)
            .unwrap_or_else(|e| panic!("{email}: {e}"));
    }
    for email in [
        "father",
        "father@",
        "@time.com",
        "Father <father@time.com>",
        "fa ther@time.com",
    ] {
        let rejected = contact(email).validate(ApiVersion::Beta).unwrap_err();
        assert_eq!(
            found(&rejected),
            violation("/emailAddress", "invalid_email"),
            "{email}"
        );
    }
}

#[test]
fn password_policies_hold_only_known_flags() {
    UpdateEducationUser::me()
        .password_policies([
            PasswordPolicy::DisablePasswordExpiration,
            PasswordPolicy::DisableStrongPassword,
        ])
        .build()
        .unwrap();
    let unknown =
        errors(UpdateEducationUser::me().password_policies([PasswordPolicy::from("None")]));
    assert_eq!(
        found(&unknown),
        violation("/passwordPolicies", "unknown_member")
    );
}

#[test]
fn unknown_future_value_and_unknown_members_are_never_sent() {
    let sentinel =
        errors(UpdateEducationUser::me().primary_role(EducationUserRole::UnknownFutureValue));
    assert_eq!(
        found(&sentinel),
        violation("/primaryRole", "sentinel_member")
    );
    let unknown =
        errors(UpdateEducationUser::me().primary_role(EducationUserRole::from("principal")));
    assert_eq!(found(&unknown), violation("/primaryRole", "unknown_member"));
}

#[test]
fn members_and_properties_the_version_lacks_are_rejected() {
    let faculty = UpdateEducationUser::me().primary_role(EducationUserRole::Faculty);
    faculty
        .clone()
        .build_for(ApiVersion::Beta, Cloud::Global)
        .expect("faculty exists in beta");
    let rejected = faculty
        .build_for(ApiVersion::V1_0, Cloud::Global)
        .unwrap_err();
    assert_eq!(
        found(&rejected),
        violation("/primaryRole", "member_not_in_version")
    );

    let mut contact = RelatedContact::default();
    contact.id = Field::Value("c1".into());
    contact.display_name = Field::Value("Father Time".into());
    contact.email_address = Field::Value("father@time.com".into());
    contact.relationship = Field::Value(ContactRelationship::Guardian);
    contact
        .validate(ApiVersion::Beta)
        .expect("relatedContact.id exists in beta");
    let rejected = contact.validate(ApiVersion::V1_0).unwrap_err();
    assert_eq!(
        found(&rejected),
        violation("/id", "property_not_in_version")
    );
}

#[test]
fn nested_values_are_checked_at_their_pointers() {
    let mut student = EducationStudent::default();
    student.birth_date = Field::Value("2001-01-01T00:00:00Z".into());
    let rejected = errors(UpdateEducationUser::me().student(student));
    assert_eq!(
        found(&rejected),
        violation("/student/birthDate", "invalid_date")
    );

    let mut feb_30 = EducationStudent::default();
    feb_30.birth_date = Field::Value("2001-02-30".into());
    assert_eq!(
        found(&errors(UpdateEducationUser::me().student(feb_30))),
        violation("/student/birthDate", "invalid_date")
    );
}

#[test]
fn several_violations_are_reported_together() {
    let rejected = errors(
        UpdateEducationUser::users("")
            .business_phones(["1", "2"])
            .usage_location("XX")
            .preferred_language("english")
            .primary_role(EducationUserRole::UnknownFutureValue)
            .student({
                let mut education_student = EducationStudent::default();
                education_student.birth_date = Field::Value("yesterday".into());
                education_student
            }),
    );
    assert_eq!(
        found(&rejected),
        [
            ("".to_string(), "invalid_target"),
            ("/businessPhones".to_string(), "too_many_items"),
            ("/preferredLanguage".to_string(), "invalid_language_tag"),
            ("/primaryRole".to_string(), "sentinel_member"),
            ("/student/birthDate".to_string(), "invalid_date"),
            ("/usageLocation".to_string(), "invalid_country_code"),
        ]
    );
    let text = rejected.to_string();
    assert!(
        text.starts_with("the request is invalid (6 violations)"),
        "{text}"
    );
    assert!(
        text.contains("/usageLocation: must be an ISO 3166-1 alpha-2 country code"),
        "{text}"
    );
    assert!(
        rejected
            .find("/businessPhones", ViolationCode::TooManyItems)
            .is_some()
    );
}

#[test]
fn secrets_never_appear_in_debug_output_or_errors() {
    let password = "xWwvJ]6NMw+bWH-d";
    let update = UpdateEducationUser::me()
        .password_profile({
            let mut password_profile = PasswordProfile::default();
            password_profile.password = Field::Value(Sensitive::new(password.to_string()));
            password_profile.force_change_password_next_sign_in = Field::Value(true);
            password_profile
        })
        .usage_location("XX");
    assert!(!format!("{update:?}").contains(password));
    let rejected = update.clone().build().unwrap_err();
    assert!(!format!("{rejected} {rejected:?}").contains(password));
    // It is sent, of course.
    assert_eq!(
        body(&update)["passwordProfile"]["password"],
        json!(password)
    );
}

#[test]
fn a_model_as_the_service_returns_it_validates_without_create_only_properties() {
    // Graph never returns `passwordProfile`, which is required only when creating a user.
    let user: EducationUser = from_json(r#"{"id": "13020", "department": "Maths"}"#).unwrap();
    user.validate(ApiVersion::V1_0)
        .expect("a returned user is valid");
    let mut contact = RelatedContact::default();
    contact.relationship = Field::Value(ContactRelationship::Guardian);
    contact
        .validate(ApiVersion::Beta)
        .expect("displayName is required only when creating");
}
