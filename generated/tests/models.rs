//! Reading real responses into the generated models and writing them back.

use graph_education::models::{
    ContactRelationship, EducationExternalSource, EducationGender, EducationUser,
    EducationUserRole, PasswordPolicy, PasswordProfile, PhysicalAddress, PhysicalAddressType,
    RelatedContact,
};
use graph_education::{
    Date, DateTimeOffset, Field, Flags, Guid, Sensitive, from_json, from_json_str,
};
use serde_json::{Value, json};

const SEED_UPDATE_RESPONSE: &str = include_str!("data/seed_update_response.json");
const SEED_RELATED_CONTACTS_RESPONSE: &str =
    include_str!("data/seed_related_contacts_response.json");
const FULL_USER_RESPONSE: &str = include_str!("data/full_user_response.json");

fn text(value: &str) -> Field<String> {
    Field::Value(value.to_string())
}

/// serialize(parse(json)) equals json, compared as JSON values.
fn assert_round_trip(json: &str) -> EducationUser {
    let user: EducationUser = from_json(json).expect("the response parses");
    let written = serde_json::to_value(&user).expect("the model serializes");
    let original: Value = serde_json::from_str(json).expect("the test data is JSON");
    assert_eq!(written, original);
    let from_text: EducationUser = from_json_str(json).expect("the response parses as text");
    assert_eq!(from_text, user);
    user
}

#[test]
fn the_update_seed_response_parses_and_round_trips() {
    let user = assert_round_trip(SEED_UPDATE_RESPONSE);
    assert_eq!(user.id, text("13020"));
    assert_eq!(user.display_name, text("Rogelio Cazares"));
    assert_eq!(user.middle_name, text("Fernando"));
    assert_eq!(user.mail, text("rogelioC@contoso.com"));
    assert_eq!(
        user.external_source,
        Field::Value(EducationExternalSource::Sis)
    );
    // The seed's placeholder is no member: kept, not a parse failure.
    assert_eq!(
        user.primary_role,
        Field::Value(EducationUserRole::Unrecognized("string".into()))
    );
    let created_by = user.created_by.value().expect("createdBy is present");
    let creator = created_by.user.value().expect("createdBy.user is present");
    assert_eq!(creator.display_name, text("Susana Rocha"));
    assert_eq!(creator.id, text("14012"));
    let address = user
        .mailing_address
        .value()
        .expect("mailingAddress is present");
    assert_eq!(address.city, text("Los Angeles"));
    assert_eq!(address.type_, Field::Absent);
    let student = user.student.value().expect("student is present");
    assert_eq!(student.external_id, text("13005"));
    // The seed writes a date-time where Graph defines a date; it is kept as written.
    assert_eq!(
        student.birth_date,
        Field::Value(Date::new("2001-01-01T00:00:00Z"))
    );
    // `primaryRole` is not a property of educationStudent: kept as an unknown property.
    assert_eq!(
        student.additional_properties.get("primaryRole"),
        Some(json!("student"))
    );
    assert!(user.assigned_licenses.is_absent());
}

#[test]
fn the_related_contacts_seed_response_parses_with_both_contacts() {
    let user = assert_round_trip(SEED_RELATED_CONTACTS_RESPONSE);
    let contacts = user
        .related_contacts
        .value()
        .expect("relatedContacts is present");
    let names: Vec<_> = contacts.iter().map(|c| c.display_name.clone()).collect();
    assert_eq!(names, [text("Father Time"), text("Mother Nature")]);
    assert_eq!(
        contacts[0].relationship,
        Field::Value(ContactRelationship::Guardian)
    );
    assert_eq!(
        contacts[1].relationship,
        Field::Value(ContactRelationship::Parent)
    );
    assert_eq!(contacts[1].email_address, text("mother@nature.co.uk"));
    assert_eq!(contacts[0].access_consent, Field::Value(true));
}

#[test]
fn a_full_response_with_annotations_unknowns_and_nulls_round_trips() {
    let user = assert_round_trip(FULL_USER_RESPONSE);

    assert_eq!(
        user.additional_properties.get("@odata.context"),
        Some(json!(
            "https://graph.microsoft.com/beta/$metadata#education/users/$entity"
        ))
    );
    assert_eq!(
        user.additional_properties.get("onPremisesSyncEnabled"),
        Some(json!(true))
    );
    assert_eq!(user.additional_properties.len(), 6);

    assert_eq!(user.department, Field::Null);
    assert_eq!(user.middle_name, Field::Null);
    assert_eq!(user.password_profile, Field::Null);
    assert_eq!(user.account_enabled, Field::Value(true));
    assert_eq!(user.primary_role, Field::Value(EducationUserRole::Faculty));
    assert_eq!(
        user.external_source,
        Field::Value(EducationExternalSource::Lms)
    );
    assert_eq!(
        user.business_phones,
        Field::Value(vec!["+1 425 555 0109".to_string()])
    );
    assert_eq!(
        user.refresh_tokens_valid_from_date_time,
        Field::Value(DateTimeOffset::new("2025-01-31T08:00:00Z"))
    );

    let license = &user.assigned_licenses.value().expect("licenses")[0];
    assert_eq!(
        license.sku_id,
        Field::Value(Guid::new("314c4481-f395-4525-be8b-2ec4bb1e9d91"))
    );
    assert_eq!(license.disabled_plans.value().map(Vec::len), Some(1));
    let plan = &user.assigned_plans.value().expect("plans")[0];
    assert_eq!(
        plan.assigned_date_time.value().map(DateTimeOffset::as_str),
        Some("2024-08-10T18:13:49.1234567Z")
    );

    let policies = user.password_policies.value().expect("passwordPolicies");
    assert_eq!(
        policies.members(),
        [
            PasswordPolicy::DisablePasswordExpiration,
            PasswordPolicy::DisableStrongPassword
        ]
    );

    let address = user.mailing_address.value().expect("mailingAddress");
    assert_eq!(address.type_, Field::Value(PhysicalAddressType::Home));
    assert_eq!(address.post_office_box, Field::Null);

    let created_by = user.created_by.value().expect("createdBy");
    assert_eq!(created_by.application, Field::Null);
    let creator = created_by.user.value().expect("createdBy.user");
    assert_eq!(
        creator.additional_properties.get("userIdentityType"),
        Some(json!("aadUser"))
    );

    let contact = &user.related_contacts.value().expect("relatedContacts")[0];
    assert_eq!(contact.id, text("c1"));
    assert_eq!(contact.mobile_phone, Field::Null);
    assert_eq!(
        contact.relationship,
        Field::Value(ContactRelationship::Unrecognized("stepParent".into()))
    );

    let student = user.student.value().expect("student");
    assert_eq!(student.gender, Field::Value(EducationGender::Female));
    assert_eq!(
        student.birth_date.value().map(Date::as_str),
        Some("2009-04-17")
    );
    assert_eq!(
        student.additional_properties.get("@odata.type"),
        Some(json!("#microsoft.graph.educationStudent"))
    );
}

#[test]
fn to_json_writes_the_bytes_serde_json_writes() {
    for json in [
        SEED_UPDATE_RESPONSE,
        SEED_RELATED_CONTACTS_RESPONSE,
        FULL_USER_RESPONSE,
    ] {
        let user: EducationUser = from_json(json).expect("the response parses");
        let expected = serde_json::to_vec(&user).expect("the model serializes");
        assert_eq!(
            String::from_utf8_lossy(&user.to_json()),
            String::from_utf8_lossy(&expected)
        );
    }
}

#[test]
fn absent_null_and_value_serialize_differently() {
    let mut user = EducationUser::default();
    assert_eq!(serde_json::to_value(&user).unwrap(), json!({}));
    user.department = Field::Null;
    user.surname = text("Cazares");
    user.business_phones = Field::Value(vec![]);
    assert_eq!(
        serde_json::to_value(&user).unwrap(),
        json!({"department": null, "surname": "Cazares", "businessPhones": []})
    );
}

#[test]
fn unknown_enum_members_are_written_back_exactly() {
    let role: EducationUserRole = serde_json::from_str(r#""principal""#).unwrap();
    assert_eq!(role, EducationUserRole::Unrecognized("principal".into()));
    assert_eq!(serde_json::to_string(&role).unwrap(), r#""principal""#);
    assert_eq!(
        EducationUserRole::from("teacher"),
        EducationUserRole::Teacher
    );
    assert_eq!(
        EducationUserRole::UnknownFutureValue.as_str(),
        "unknownFutureValue"
    );
    assert_eq!(EducationUserRole::KNOWN.len(), 5);
}

#[test]
fn password_policies_read_and_write_as_one_string() {
    let policies: Flags<PasswordPolicy> =
        serde_json::from_str(r#""DisablePasswordExpiration, DisableStrongPassword""#).unwrap();
    assert!(policies.contains(&PasswordPolicy::DisableStrongPassword));
    assert!(policies.contains(&PasswordPolicy::DisablePasswordExpiration));
    assert_eq!(
        serde_json::to_string(&policies).unwrap(),
        r#""DisablePasswordExpiration, DisableStrongPassword""#
    );

    let built: Flags<PasswordPolicy> = [PasswordPolicy::DisableStrongPassword]
        .into_iter()
        .collect();
    assert_eq!(built.to_string(), "DisableStrongPassword");

    let with_unknown: Flags<PasswordPolicy> =
        serde_json::from_str(r#""None,DisableStrongPassword""#).unwrap();
    assert_eq!(
        with_unknown.members(),
        [
            PasswordPolicy::Unrecognized("None".into()),
            PasswordPolicy::DisableStrongPassword
        ]
    );
    let empty: Flags<PasswordPolicy> = serde_json::from_str(r#""""#).unwrap();
    assert!(empty.is_empty());
    assert_eq!(serde_json::to_string(&empty).unwrap(), r#""""#);
}

#[test]
fn passwords_are_redacted_in_debug_output() {
    let profile: PasswordProfile =
        from_json(r#"{"password": "xWwvJ]6NMw+bWH-d", "forceChangePasswordNextSignIn": true}"#)
            .unwrap();
    assert_eq!(
        profile
            .password
            .value()
            .map(Sensitive::expose)
            .map(String::as_str),
        Some("xWwvJ]6NMw+bWH-d")
    );
    let debug = format!("{profile:?} {:#?}", profile);
    assert!(!debug.contains("xWwvJ"), "{debug}");
    assert!(debug.contains("<redacted>"));
    assert!(debug.contains("force_change_password_next_sign_in: Value(true)"));
    // The password is still sent as it is.
    assert_eq!(
        serde_json::to_value(&profile).unwrap()["password"],
        json!("xWwvJ]6NMw+bWH-d")
    );
}

#[test]
fn a_wrongly_typed_secret_is_not_quoted_in_the_error() {
    let error = from_json::<PasswordProfile>(r#"{"password": 81726354}"#).unwrap_err();
    assert_eq!(error.pointer(), "/password");
    assert!(!error.to_string().contains("81726354"), "{error}");
}

#[test]
fn a_wrongly_typed_value_names_its_json_pointer() {
    let cases = [
        (r#"{"student": {"birthDate": 2001}}"#, "/student/birthDate"),
        (
            r#"{"businessPhones": "+1 425 555 0109"}"#,
            "/businessPhones",
        ),
        (r#"{"businessPhones": ["ok", 7]}"#, "/businessPhones/1"),
        (
            r#"{"relatedContacts": [{"emailAddress": "a@b.c"}, {"emailAddress": false}]}"#,
            "/relatedContacts/1/emailAddress",
        ),
        (
            r#"{"createdBy": {"user": {"id": []}}}"#,
            "/createdBy/user/id",
        ),
        (r#"{"accountEnabled": "yes"}"#, "/accountEnabled"),
        (r#"{"passwordPolicies": 3}"#, "/passwordPolicies"),
        (r#"{"primaryRole": 1}"#, "/primaryRole"),
    ];
    for (json, pointer) in cases {
        let error = from_json::<EducationUser>(json).unwrap_err();
        assert_eq!(error.pointer(), pointer, "{json}");
        assert!(error.to_string().contains(pointer), "{error}");
        assert_eq!(error.line(), 1);
        let error = from_json_str::<EducationUser>(json).unwrap_err();
        assert_eq!(error.pointer(), pointer, "{json}");
    }
}

#[test]
fn a_nested_model_is_read_whole_each_time_its_key_comes() {
    // Models are read in place; a key given twice still means its last value, not a merge.
    let twice = r#"{"mailingAddress": {"city": "Oslo", "street": "Storgata 1"},
        "mailingAddress": {"city": "Bergen"}, "student": {"grade": "9"}, "student": null}"#;
    for user in [
        from_json::<EducationUser>(twice).expect("parses"),
        from_json_str::<EducationUser>(twice).expect("parses"),
    ] {
        let Field::Value(address) = &user.mailing_address else {
            panic!("the address is read: {:?}", user.mailing_address);
        };
        assert_eq!(address.city, text("Bergen"));
        assert!(address.street.is_absent());
        assert!(user.student.is_null());
    }
    let error = from_json::<EducationUser>(r#"{"mailingAddress": "Oslo"}"#).unwrap_err();
    assert_eq!(error.pointer(), "/mailingAddress");
}

#[test]
fn bytes_that_are_not_utf8_are_an_error_at_their_property() {
    let mut json = br#"{"id": "1", "department": "Math"#.to_vec();
    json.extend_from_slice(&[0xff, 0xfe]);
    json.extend_from_slice(br#""}"#);
    let error = from_json::<EducationUser>(&json).unwrap_err();
    assert_eq!(error.pointer(), "/department");
    assert!(error.to_string().contains("unicode"), "{error}");
    // The same document as valid UTF-8 reads.
    let user: EducationUser = from_json(r#"{"id": "1", "department": "Mathé"}"#).unwrap();
    assert_eq!(user.department, text("Mathé"));
}

#[test]
fn a_document_that_is_not_an_object_is_rejected_at_the_top() {
    let error = from_json::<EducationUser>("[1]").unwrap_err();
    assert_eq!(error.pointer(), "");
    let error = from_json::<EducationUser>(r#"{"id": "1"} trailing"#).unwrap_err();
    assert_eq!(error.pointer(), "");
    assert!(error.to_string().contains("trailing"), "{error}");
}

#[test]
fn a_related_contact_keeps_the_beta_id_and_unknown_fields() {
    let contact: RelatedContact =
        from_json(r#"{"id": "x", "displayName": "A", "relationship": "aide", "nickname": "Al"}"#)
            .unwrap();
    assert_eq!(contact.id, text("x"));
    assert_eq!(
        contact.relationship,
        Field::Value(ContactRelationship::Aide)
    );
    assert_eq!(
        contact.additional_properties.get("nickname"),
        Some(json!("Al"))
    );
}

/// A writer that fails once, at its second write: inside the first property's entry.
#[derive(Default)]
struct FailsOnce {
    writes: usize,
    written: Vec<u8>,
}

impl std::io::Write for FailsOnce {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writes += 1;
        if self.writes == 2 {
            return Err(std::io::Error::other("disk full"));
        }
        self.written.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn an_error_while_writing_a_property_is_returned_not_dropped() {
    let user: EducationUser = from_json(SEED_UPDATE_RESPONSE).expect("the response parses");
    let mut writer = FailsOnce::default();
    let error =
        serde_json::to_writer(&mut writer, &user).expect_err("the failed write is reported");
    assert!(error.is_io(), "{error}");
    // Nothing after the failed entry was written.
    assert_eq!(writer.written, b"{");
}

#[test]
fn an_error_while_writing_an_unknown_property_is_returned_not_dropped() {
    let address: PhysicalAddress =
        from_json(r#"{"addedLater": "x", "alsoLater": 2}"#).expect("parses");
    let mut writer = FailsOnce::default();
    let error =
        serde_json::to_writer(&mut writer, &address).expect_err("the failed write is reported");
    assert!(error.is_io(), "{error}");
    assert_eq!(writer.written, b"{");
}

#[test]
fn debug_output_names_every_field_as_a_derive_would() {
    let profile: PasswordProfile = from_json(
        r#"{"password": "xWwvJ]6NMw+bWH-d", "forceChangePasswordNextSignIn": true, "x": 1}"#,
    )
    .unwrap();
    assert_eq!(
        format!("{profile:?}"),
        "PasswordProfile { force_change_password_next_sign_in: Value(true), \
         force_change_password_next_sign_in_with_mfa: Absent, password: Value(<redacted>), \
         additional_properties: {\"x\": 1} }"
    );
}
