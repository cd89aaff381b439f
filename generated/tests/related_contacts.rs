//! The relatedContacts update: a whole-collection replace, in a request of its own (beta).

use graph_education::models::{ContactRelationship, EducationUser, RelatedContact};
use graph_education::operations::UpdateRelatedContacts;
use graph_education::requests::{ApiVersion, Cloud, Operation};
use graph_education::{Field, ValidationErrors};
use serde_json::{Value, json};

fn contact(
    name: &str,
    email: &str,
    phone: &str,
    relationship: ContactRelationship,
) -> RelatedContact {
    let mut contact = RelatedContact::default();
    contact.display_name = Field::Value(name.into());
    contact.email_address = Field::Value(email.into());
    contact.mobile_phone = Field::Value(phone.into());
    contact.relationship = Field::Value(relationship);
    contact.access_consent = Field::Value(true);
    contact
}

fn seed_contacts() -> Vec<RelatedContact> {
    vec![
        contact(
            "Father Time",
            "father@time.com",
            "4251231234",
            ContactRelationship::Guardian,
        ),
        contact(
            "Mother Nature",
            "mother@nature.co.uk",
            "3251231234",
            ContactRelationship::Parent,
        ),
    ]
}

fn found(errors: &ValidationErrors) -> Vec<(String, &'static str)> {
    errors
        .violations()
        .iter()
        .map(|v| (v.pointer.clone(), v.code.as_str()))
        .collect()
}

fn rejected(contacts: Vec<RelatedContact>) -> Vec<(String, &'static str)> {
    found(
        &UpdateRelatedContacts::users("13020", contacts)
            .build()
            .expect_err("rejected"),
    )
}

#[test]
fn the_seed_example_request_and_response() {
    let request =
        UpdateRelatedContacts::users("4b712dc5-2dc5-4b71-c52d-714bc52d714b", seed_contacts())
            .build()
            .expect("the seed's contacts are valid");
    assert_eq!(request.method(), http::Method::PATCH);
    assert_eq!(
        request.uri(),
        "https://graph.microsoft.com/beta/education/users/4b712dc5-2dc5-4b71-c52d-714bc52d714b"
    );
    assert_eq!(
        request.headers()[http::header::CONTENT_TYPE],
        "application/json"
    );
    let seed: Value = serde_json::from_str(
        r#"{
          "relatedContacts": [
            {
              "displayName": "Father Time",
              "emailAddress": "father@time.com",
              "mobilePhone": "4251231234",
              "relationship": "guardian",
              "accessConsent": true
            },
            {
              "displayName": "Mother Nature",
              "emailAddress": "mother@nature.co.uk",
              "mobilePhone": "3251231234",
              "relationship": "parent",
              "accessConsent": true
            }
          ]
        }"#,
    )
    .unwrap();
    assert_eq!(
        serde_json::from_slice::<Value>(request.body()).unwrap(),
        seed
    );

    assert_eq!(UpdateRelatedContacts::SUCCESS, 200);
    let user: EducationUser = UpdateRelatedContacts::parse_response(include_bytes!(
        "data/seed_related_contacts_response.json"
    ))
    .unwrap();
    let contacts = user.related_contacts.into_value().expect("contacts");
    assert_eq!(contacts, seed_contacts());
}

#[test]
fn beta_only() {
    assert_eq!(UpdateRelatedContacts::VERSIONS, [ApiVersion::Beta]);
    let v1 = UpdateRelatedContacts::users("13020", seed_contacts())
        .build_for(ApiVersion::V1_0, Cloud::Global);
    let errors = v1.expect_err("v1.0 has no relatedContacts update");
    assert_eq!(found(&errors), [(String::new(), "unsupported_version")]);
    assert!(
        errors
            .to_string()
            .contains("does not exist in API version v1.0"),
        "{errors}"
    );
}

#[test]
fn the_four_national_clouds() {
    let expected = [
        (
            Cloud::Global,
            "https://graph.microsoft.com/beta/education/users/13020",
        ),
        (
            Cloud::UsGovL4,
            "https://graph.microsoft.us/beta/education/users/13020",
        ),
        (
            Cloud::UsGovL5Dod,
            "https://dod-graph.microsoft.us/beta/education/users/13020",
        ),
        (
            Cloud::China,
            "https://microsoftgraph.chinacloudapi.cn/beta/education/users/13020",
        ),
    ];
    for (cloud, url) in expected {
        let request = UpdateRelatedContacts::users("13020", seed_contacts())
            .build_for(ApiVersion::Beta, cloud)
            .unwrap();
        assert_eq!(request.uri(), url);
    }
}

#[test]
fn an_empty_list_removes_every_contact() {
    let request = UpdateRelatedContacts::users("13020", [])
        .build()
        .expect("an empty list is allowed");
    assert_eq!(request.body().as_slice(), br#"{"relatedContacts":[]}"#);
}

#[test]
fn the_target_id_must_not_be_empty() {
    assert_eq!(
        found(&UpdateRelatedContacts::users("", []).build().unwrap_err()),
        [(String::new(), "invalid_target")]
    );
}

#[test]
fn display_name_must_be_present_and_non_empty() {
    let mut contacts = seed_contacts();
    contacts[0].display_name = Field::Absent;
    contacts[1].display_name = Field::Value(String::new());
    assert_eq!(
        rejected(contacts),
        [
            ("/relatedContacts/0/displayName".to_string(), "required"),
            ("/relatedContacts/1/displayName".to_string(), "too_short"),
        ]
    );
}

#[test]
fn email_address_must_be_present_and_valid() {
    let mut contacts = seed_contacts();
    contacts[0].email_address = Field::Null;
    contacts[1].email_address = Field::Value("mother-at-nature".into());
    assert_eq!(
        rejected(contacts),
        [
            (
                "/relatedContacts/0/emailAddress".to_string(),
                "null_not_allowed"
            ),
            (
                "/relatedContacts/1/emailAddress".to_string(),
                "invalid_email"
            ),
        ]
    );
    let mut missing = seed_contacts();
    missing[1].email_address = Field::Absent;
    assert_eq!(
        rejected(missing),
        [("/relatedContacts/1/emailAddress".to_string(), "required")]
    );
}

#[test]
fn relationship_must_be_a_known_member() {
    let mut contacts = seed_contacts();
    contacts[0].relationship = Field::Value(ContactRelationship::UnknownFutureValue);
    contacts[1].relationship = Field::Value(ContactRelationship::from("stepParent"));
    assert_eq!(
        rejected(contacts),
        [
            (
                "/relatedContacts/0/relationship".to_string(),
                "sentinel_member"
            ),
            (
                "/relatedContacts/1/relationship".to_string(),
                "unknown_member"
            ),
        ]
    );
    let mut missing = seed_contacts();
    missing[0].relationship = Field::Absent;
    assert_eq!(
        rejected(missing),
        [("/relatedContacts/0/relationship".to_string(), "required")]
    );
}

#[test]
fn mobile_phone_if_present_is_a_phone_number() {
    for phone in ["4251231234", "+1 (425) 123-1234", "+49 30 1234567"] {
        let mut contacts = seed_contacts();
        contacts[0].mobile_phone = Field::Value(phone.into());
        UpdateRelatedContacts::users("13020", contacts)
            .build()
            .unwrap_or_else(|e| panic!("{phone}: {e}"));
    }
    let mut absent = seed_contacts();
    absent[0].mobile_phone = Field::Absent;
    absent[1].mobile_phone = Field::Null;
    UpdateRelatedContacts::users("13020", absent)
        .build()
        .expect("mobilePhone is optional");
    for phone in [
        "call me",
        "425-123-ABCD",
        "425.123.1234",
        "",
        "++1 425",
        "1+425",
        "+",
    ] {
        let mut contacts = seed_contacts();
        contacts[1].mobile_phone = Field::Value(phone.into());
        assert_eq!(
            rejected(contacts),
            [(
                "/relatedContacts/1/mobilePhone".to_string(),
                "invalid_phone_number"
            )],
            "{phone}"
        );
    }
}

#[test]
fn unknown_fields_of_a_contact_are_never_sent() {
    let mut contacts = seed_contacts();
    contacts[0]
        .additional_properties
        .insert("@odata.type", "#microsoft.graph.relatedContact")
        .unwrap();
    let update = UpdateRelatedContacts::users("13020", contacts);
    assert_eq!(update.items()[0].additional_properties.len(), 0);
    let body: Value = serde_json::from_slice(&update.to_json()).unwrap();
    assert!(body["relatedContacts"][0].get("@odata.type").is_none());
}

#[test]
fn the_beta_contact_id_is_sent_in_beta() {
    let mut contacts = seed_contacts();
    contacts[0].id = Field::Value("c1".into());
    let request = UpdateRelatedContacts::users("13020", contacts)
        .build()
        .expect("id exists in beta");
    let body: Value = serde_json::from_slice(request.body()).unwrap();
    assert_eq!(body["relatedContacts"][0]["id"], json!("c1"));
}
